"""The alerts outbox: at-least-once delivery of watch alerts to a webhook.

``watch.record_alerts`` writes each new alert here in the same transaction that moves the
watch's snapshot forward, so an alert is either in the outbox or still to be computed. An alert
stays *pending* (``delivered`` NULL) until a webhook answers 2xx for a POST that carried it (or
until it was shown at the terminal, for runs without a webhook). Every alert has an idempotency
``key`` (hex sha256); the same change is never queued twice, and a receiver drops duplicates by
that key — a POST whose 2xx answer was lost is sent again.

One POST carries a batch of pending alerts (oldest first, up to ``Policy.batch``) in the shape
``listguard alerts --format json`` prints: ``[{"watch", "checked", "alerts": [{..., "key"}]}]``.

The ``outbox`` table is made by the registry's migrations (``0002_watching.sql``).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from listguard import settings
from listguard.errors import ListguardError
from listguard.registry.store import SQLStore
from listguard.timeutil import now

SECRET_ENV = "LISTGUARD_WEBHOOK_SECRET"
SIGNATURE_HEADER = "X-Listguard-Signature"
KEY_HEADER = "X-Listguard-Idempotency-Key"
EXIT_PENDING = 5
"""``listguard alerts --webhook`` exit code when a delivery failed and alerts stay pending."""

TERMINAL = "terminal"
WEBHOOK = "webhook"


class BadWebhookURL(ListguardError, ValueError):
    """A webhook URL listguard will not POST to."""


@dataclass(frozen=True)
class Policy:
    """How hard one run tries: per-request timeout, tries per batch, backoff base (seconds)."""

    timeout: float = 10.0
    tries: int = 3
    backoff: float = 0.5
    secret: str | None = None
    batch: int = 500


@dataclass(frozen=True)
class Pending:
    """One queued alert."""

    key: str
    watch: str
    checked: str
    alert: dict[str, Any]
    queued: str
    attempts: int
    last_attempt: str | None
    last_error: str | None


@dataclass
class Outcome:
    delivered: int = 0
    pending: int = 0


# --- the table ---------------------------------------------------------------------------------


def alert_key(watch: str, change: str, list_id: str, holding: str, *instants: str) -> str:
    """The idempotency key: sha256 of watch, change, list, holding and the instants behind it."""
    parts = [watch, change, list_id, holding, *instants]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def enqueue(store: SQLStore, watch: str, checked: datetime, alerts: Iterable[dict[str, Any]],
            *, channel: str | None) -> list[dict[str, Any]]:
    """Queue the alerts whose key is new (inside the caller's transaction); returns them.

    ``channel`` ``"terminal"`` records them as delivered now; None leaves them pending.
    """
    stamp = now().isoformat()
    new: list[dict[str, Any]] = []
    seen: set[str] = set()
    for alert in alerts:
        if alert["key"] in seen or _queued(store, alert["key"]):
            continue
        seen.add(alert["key"])
        store.execute(
            "INSERT INTO outbox (key, watch, checked, seq, alert, queued, channel, delivered) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (alert["key"], watch, checked.isoformat(), len(new),
             json.dumps(alert, ensure_ascii=False), stamp, channel, stamp if channel else None),
        )
        new.append(alert)
    return new


def _queued(store: SQLStore, key: str) -> bool:
    return bool(store.fetch("SELECT 1 FROM outbox WHERE key = ?", (key,)))


def pending(store: SQLStore) -> list[Pending]:
    """Undelivered alerts, oldest first."""
    rows = store.fetch(
        "SELECT key, watch, checked, alert, queued, attempts, last_attempt, last_error "
        "FROM outbox WHERE delivered IS NULL ORDER BY queued, seq, key"
    )
    return [Pending(r[0], r[1], r[2], json.loads(r[3]), r[4], int(r[5]), r[6], r[7])
            for r in rows]


def payload(rows: Sequence[Pending]) -> list[dict[str, Any]]:
    """Alerts grouped by watch and check, in the shape ``alerts --format json`` prints."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault((row.watch, row.checked),
                                  {"watch": row.watch, "checked": row.checked, "alerts": []})
        group["alerts"].append(row.alert)
    return list(groups.values())


def pending_json(rows: Sequence[Pending]) -> list[dict[str, Any]]:
    """``alerts --pending --format json``: each alert with its watch and delivery state."""
    return [{"watch": r.watch, "checked": r.checked, **r.alert, "queued": r.queued,
             "attempts": r.attempts, "last_attempt": r.last_attempt, "last_error": r.last_error}
            for r in rows]


def _record(store: SQLStore, keys: Sequence[str], error: str | None) -> None:
    """One attempt at delivering ``keys``: delivered on success, else the error kept."""
    stamp = now().isoformat()
    delivered = None if error else stamp
    channel = None if error else WEBHOOK
    with store.transaction():
        store.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt = ?, "
            "last_error = COALESCE(?, last_error), delivered = ?, channel = ? "
            "WHERE key = ? AND delivered IS NULL",
            ((stamp, error, delivered, channel, key) for key in keys),
        )


# --- URLs, bodies, signatures ------------------------------------------------------------------


def check_url(url: str) -> str:
    """The URL if listguard may POST to it: http or https, a host, no spaces or controls."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise BadWebhookURL(f"webhook URL {url!r} refused: only http:// and https:// are "
                            "accepted")
    try:
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        raise BadWebhookURL(f"webhook URL {url!r} refused: bad port") from None
    if not parts.hostname or any(c.isspace() or ord(c) < 32 for c in url.strip()):
        raise BadWebhookURL(f"webhook URL {url!r} refused: it needs a host and no spaces")
    return url.strip()


def where(url: str) -> str:
    """The URL without user, path or query (which may hold tokens), for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def encode(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def signature(body: bytes, secret: str) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def env_secret() -> str | None:
    return settings.webhook_secret()


def batch_key(keys: Sequence[str]) -> str:
    """A batch's idempotency key: sha256 of its alerts' keys, one per line, in order."""
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def headers(body: bytes, keys: Sequence[str], secret: str | None) -> dict[str, str]:
    out = {"Content-Type": "application/json; charset=utf-8", KEY_HEADER: batch_key(keys),
           "User-Agent": "listguard-alerts"}
    if secret:
        out[SIGNATURE_HEADER] = signature(body, secret)
    return out


# --- delivery ----------------------------------------------------------------------------------


def _opener() -> urllib.request.OpenerDirector:
    """http and https only, and no redirects (urllib would re-send a POST as a bodiless GET)."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


@dataclass(frozen=True)
class Failure:
    reason: str
    retry: bool


def post(url: str, body: bytes, head: dict[str, str], timeout: float) -> Failure | None:
    """POST once; None if the answer was 2xx, else why not."""
    request = urllib.request.Request(check_url(url), data=body, method="POST", headers=head)
    try:
        with _opener().open(request, timeout=timeout) as response:
            status = int(response.status)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()
        return describe(exc, timeout)
    if 200 <= status < 300:
        return None
    return Failure(f"HTTP {status}", True)


def describe(exc: BaseException, timeout: float) -> Failure:
    """One line for a failed POST, and whether trying again within this run may help."""
    if isinstance(exc, urllib.error.HTTPError):  # a redirect or a 4xx repeats: no retry
        permanent = 300 <= exc.code < 500 and exc.code not in (408, 425, 429)
        reason = " ".join(f"HTTP {exc.code} {exc.reason}".split())
        if 300 <= exc.code < 400:
            reason += " (redirects are not followed)"
        return Failure(reason, not permanent)
    cause: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return Failure(" ".join(_cause(cause, timeout).split()), True)


def _cause(cause: object, timeout: float) -> str:
    if isinstance(cause, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return f"DNS lookup failed ({cause.strerror})"
    if isinstance(cause, http.client.RemoteDisconnected):
        return "connection closed without a response"
    if isinstance(cause, ConnectionError):
        return f"connection failed ({cause.strerror or type(cause).__name__})"
    if isinstance(cause, ssl.SSLError):
        return f"TLS error ({cause.reason or cause})"
    return f"{type(cause).__name__}: {cause}" if isinstance(cause, BaseException) else str(cause)


Report = Callable[[str], None]


def deliver(store: SQLStore, url: str, rows: Sequence[Pending], policy: Policy, report: Report,
            sleep: Callable[[float], None] = time.sleep) -> Outcome:
    """POST ``rows`` in batches, oldest first; stop at the first batch that fails."""
    outcome = Outcome(pending=len(rows))
    for start in range(0, len(rows), max(policy.batch, 1)):
        batch = rows[start:start + max(policy.batch, 1)]
        if not _send(store, url, [r.key for r in batch], payload(batch), policy, report, sleep):
            break
        outcome.delivered += len(batch)
        outcome.pending -= len(batch)
    return outcome


def _send(store: SQLStore, url: str, keys: Sequence[str], body: object, policy: Policy,
          report: Report, sleep: Callable[[float], None]) -> bool:
    """One batch: up to ``policy.tries`` POSTs, backing off 1, 2, 4 … times ``backoff``."""
    data = encode(body)
    head = headers(data, keys, policy.secret)
    for attempt in range(1, policy.tries + 1):
        failure = post(url, data, head, policy.timeout)
        _record(store, keys, failure.reason if failure else None)
        if failure is None:
            return True
        report(f"webhook {where(url)}: attempt {attempt}/{policy.tries} failed: "
               f"{failure.reason}; {len(keys)} alert(s) stay pending")
        if not failure.retry or attempt == policy.tries:
            return False
        sleep(policy.backoff * 2 ** (attempt - 1))
    return False
