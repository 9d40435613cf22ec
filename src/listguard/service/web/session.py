"""Web sessions: a key typed once at the login page becomes a signed session cookie.

The cookie (``lg_session``) holds the key's *id*, an expiry and a random nonce, signed with
HMAC-SHA256 under a secret kept in the registry (``meta``), so every worker process of
``listguard serve --workers N`` reads the same cookie. The key itself is never stored in the
cookie. Each request looks the key up by id (cached for a few seconds, as the API does), so a
revoked key ends its sessions. The cookie is ``HttpOnly``, ``SameSite=Strict`` and ``Secure``
when the request came over HTTPS.

Every POST carries a CSRF token (a form field ``csrf`` or the header ``X-CSRF-Token``): the
HMAC of the session's nonce. The login form, before any session, is protected the same way
by a short-lived ``lg_login`` cookie (double submit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import Response

from listguard.registry import keys
from listguard.registry.keys import ApiKey, Role
from listguard.service.auth import Caller
from listguard.service.state import ServiceState

COOKIE = "lg_session"
LOGIN_COOKIE = "lg_login"
SESSION_SECONDS = 8 * 3600
"""A session lasts a working day; then the key is asked for again."""
KEY_CACHE_SECONDS = 5.0
SECRET_META = "web_session_secret"


class NotLoggedIn(Exception):
    """No valid session: the page sends the browser to the login page."""


class Forbidden(Exception):
    """The session's key holds a role below what the page needs."""

    def __init__(self, needed: Role, key: ApiKey) -> None:
        super().__init__(f"this page needs the {needed.value} role; you are signed in as "
                         f"{key.name} ({key.role.value})")


class BadCsrf(Exception):
    """A POST without the session's CSRF token."""


@dataclass(frozen=True)
class Session:
    """A signed-in browser: its key, the caller it asks the core as, its CSRF token."""

    key: ApiKey
    caller: Caller
    csrf: str

    def can(self, role: Role) -> bool:
        return self.key.role.allows(role)


class Sessions:
    """Signs and reads session cookies; looks keys up by id."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self._secret: bytes | None = None
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}
        self._lock = threading.Lock()

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            store = self.state.core("web").registry.store
            with store.transaction(write=True):
                value = store.get_meta(SECRET_META)
                if value is None:
                    value = secrets.token_hex(32)
                    store.set_meta(SECRET_META, value)
            self._secret = bytes.fromhex(value)
        return self._secret

    def sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def csrf_for(self, nonce: str) -> str:
        return self.sign("csrf:" + nonce)

    # --- the cookie ---------------------------------------------------------------------------

    def issue(self, response: Response, request: Request, key: ApiKey) -> None:
        payload = json.dumps({"k": key.id, "e": int(time.time()) + SESSION_SECONDS,
                              "n": secrets.token_hex(16)}, separators=(",", ":"))
        body = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
        response.set_cookie(COOKIE, f"{body}.{self.sign(body)}", max_age=SESSION_SECONDS,
                            httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")

    def read(self, request: Request) -> Session:
        """The request's session; NotLoggedIn when there is none, it expired, was forged,
        or its key was revoked."""
        raw = request.cookies.get(COOKIE, "")
        body, _, signature = raw.partition(".")
        if not body or not hmac.compare_digest(signature, self.sign(body)):
            raise NotLoggedIn
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            key_id, expires, nonce = str(data["k"]), int(data["e"]), str(data["n"])
        except (ValueError, KeyError, TypeError):
            raise NotLoggedIn from None
        key = self.key(key_id)
        if expires < time.time() or key is None:
            raise NotLoggedIn
        return Session(key, Caller(key, self.state), self.csrf_for(nonce))

    def key(self, key_id: str) -> ApiKey | None:
        """The live key with this id (cached for :data:`KEY_CACHE_SECONDS`)."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key_id)
        if cached and now - cached[0] < KEY_CACHE_SECONDS:
            return cached[1]
        store = self.state.core("web").registry.store
        found = next((k for k in keys.all_keys(store) if k.id == key_id and not k.revoked),
                     None)
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key_id] = (now, found)
        return found

    # --- the login form's own token -------------------------------------------------------------

    def login_form(self, request: Request) -> tuple[str, str]:
        """The login form's nonce (from the ``lg_login`` cookie, or new) and its token."""
        nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_hex(16)
        return nonce, self.sign("login:" + nonce)

    @staticmethod
    def set_login_cookie(response: Response, request: Request, nonce: str) -> None:
        response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, httponly=True,
                            samesite="strict", path="/login",
                            secure=request.url.scheme == "https")

    def check_login_token(self, request: Request, token: str) -> None:
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        if not nonce or not hmac.compare_digest(token, self.sign("login:" + nonce)):
            raise BadCsrf


def check_csrf(session: Session, given: str | None) -> None:
    """BadCsrf unless ``given`` is the session's token."""
    if not given or not hmac.compare_digest(given, session.csrf):
        raise BadCsrf
