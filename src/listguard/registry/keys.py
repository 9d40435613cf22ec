"""API keys: who may call the service, and in which role.

A key is shown once, when it is made (``lg_`` + 32 random bytes, URL-safe), and stored only
as its SHA-256: a stolen database yields no key. Keys carry a role - ``viewer`` reads,
``analyst`` also screens and records decisions, ``admin`` also imports lists and manages keys
- and a public id (``key_...``) that the audit trail names instead of the key.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from listguard.registry.store import SQLStore

PREFIX = "lg_"


class Role(StrEnum):
    """What a key may do; each role may do what the ones before it may."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    role: Role
    created: str
    revoked: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"id": self.id, "name": self.name, "role": self.role.value,
                "created": self.created, "revoked": self.revoked}


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()



def create(store: SQLStore, name: str, role: Role) -> tuple[ApiKey, str]:
    """A new key: its record and the key itself (shown once, never stored)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey("key_" + secrets.token_hex(6), name, role,
                 datetime.now(UTC).isoformat(timespec="seconds"))
    with store.transaction(write=True):
        store.execute("INSERT INTO api_keys (id, name, role, digest, created) "
                      "VALUES (?, ?, ?, ?, ?)",
                      (key.id, key.name, key.role.value, digest(secret), key.created))
    return key, secret


def find(store: SQLStore, secret: str) -> ApiKey | None:
    """The live key ``secret`` is, or None (unknown or revoked)."""
    rows = store.fetch("SELECT id, name, role, created, revoked FROM api_keys "
                       "WHERE digest = ? AND revoked IS NULL", (digest(secret),))
    return _key(rows[0]) if rows else None


def all_keys(store: SQLStore) -> list[ApiKey]:
    rows = store.fetch("SELECT id, name, role, created, revoked FROM api_keys "
                       "ORDER BY created, id")
    return [_key(r) for r in rows]


def revoke(store: SQLStore, key_id: str) -> bool:
    """Revoke a key by its id; False if there is no such live key."""
    with store.transaction(write=True):
        live = store.fetch("SELECT 1 FROM api_keys WHERE id = ? AND revoked IS NULL",
                           (key_id,))
        if live:
            store.execute("UPDATE api_keys SET revoked = ? WHERE id = ?",
                          (datetime.now(UTC).isoformat(timespec="seconds"), key_id))
    return bool(live)


def _key(row: tuple[object, ...]) -> ApiKey:
    kid, name, role, created, revoked = row
    return ApiKey(str(kid), str(name), Role(str(role)), str(created),
                  str(revoked) if revoked else None)
