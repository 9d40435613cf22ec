"""Who is calling: ``Authorization: Bearer <key>``, the key's role, and its rate limit.

401 without a key or with an unknown or revoked one; 403 when the key's role is below what
the route needs (viewer < analyst < admin); 429 with ``Retry-After`` when the key has used its
requests for the minute (``LISTGUARD_RATE_LIMIT``). Keys are compared by their SHA-256 and
never logged.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from listguard import settings
from listguard.api.core import Listguard
from listguard.registry import keys
from listguard.registry.keys import ApiKey, Role
from listguard.service.errors import ServiceError
from listguard.service.state import ServiceState

KEY_CACHE_SECONDS = 5.0
"""How long a looked-up key is trusted before the database is asked again (a revoked key
stops working within this)."""


@dataclass(frozen=True)
class Caller:
    """The key a request came with; ``core`` answers as that key, on the thread that asks
    (a database connection belongs to one thread: an ``async`` route runs its work through
    ``run_in_threadpool`` and asks for ``core`` there)."""

    key: ApiKey
    state: ServiceState

    @property
    def core(self) -> Listguard:
        return self.state.core(self.key.id)


class RateLimiter:
    """A token bucket per key: ``per_minute`` requests, refilled evenly over the minute."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = max(1, per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key_id: str) -> float:
        """0 when the request may go ahead; else the seconds until it may."""
        rate = self.per_minute / 60.0
        with self._lock:
            now = time.monotonic()
            tokens, last = self._buckets.get(key_id, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key_id] = (tokens, now)
            return (1.0 - tokens) / rate


class Authenticator:
    """Looks keys up (briefly cached by digest) and applies the rate limit."""

    def __init__(self, state: ServiceState, per_minute: int | None = None) -> None:
        self.state = state
        self.limiter = RateLimiter(per_minute or settings.rate_limit())
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}
        self._lock = threading.Lock()

    def key(self, secret: str) -> ApiKey | None:
        digest = keys.digest(secret)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(digest)
        if cached and now - cached[0] < KEY_CACHE_SECONDS:
            return cached[1]
        core = self.state.core("service")
        found = keys.find(core.registry.store, secret)
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[digest] = (now, found)
        return found

    def caller(self, request: Request, needed: Role) -> Caller:
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ServiceError(401, "an API key is needed: Authorization: Bearer <key>",
                               headers={"WWW-Authenticate": "Bearer"})
        key = self.key(secret.strip())
        if key is None:
            raise ServiceError(401, "unknown or revoked API key",
                               headers={"WWW-Authenticate": "Bearer"})
        if not key.role.allows(needed):
            raise ServiceError(403, f"this needs the {needed.value} role; the key "
                               f"{key.id} is {key.role.value}")
        wait = self.limiter.take(key.id)
        if wait:
            raise ServiceError(429, f"rate limit of {self.limiter.per_minute} requests a "
                               "minute reached", headers={"Retry-After": str(math.ceil(wait))})
        return Caller(key, self.state)


def require(role: Role) -> Callable[[Request], Caller]:
    """A FastAPI dependency: the caller, who must hold at least ``role``."""

    def dependency(request: Request) -> Caller:
        auth: Authenticator = request.app.state.auth
        return auth.caller(request, role)

    return dependency


Viewer = Annotated[Caller, Depends(require(Role.VIEWER))]
"""A route parameter: the caller, holding at least the viewer role."""
Analyst = Annotated[Caller, Depends(require(Role.ANALYST))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]
