"""The audit trail in the core: what each answer rested on, recording it, checking it.

Storage and the hash chain are :mod:`listguard.registry.audit`. Here: the *basis* of an
answer - the newest version of each imported list (id and content hash), the curated data's
hash, listguard's version and the matching engine's fingerprint and thresholds - so that an
examiner can tell exactly what the registry knew; the export (JSON lines or spreadsheet-safe
CSV); and ``replay``, which asks a recorded check again as known at its time and says whether
today's answer differs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from listguard.registry import CURATED_HASH, Registry
from listguard.registry import audit as store_audit
from listguard.reports.csvout import write_csv

EXPORT_FORMATS = ("jsonl", "csv")


@lru_cache(maxsize=1)
def engine() -> dict[str, Any]:
    """listguard's version, the matching code's fingerprint and the decision thresholds."""
    from listguard.matching import thresholds
    from listguard.matching.cache import code_fingerprint

    return {"listguard": version("listguard"), "matching": code_fingerprint()[:16],
            "match_threshold": thresholds.MATCH_THRESHOLD,
            "review_threshold": thresholds.REVIEW_THRESHOLD}


def basis(reg: Registry) -> dict[str, Any]:
    """What an answer rests on (see the module doc)."""
    newest = {row["list_id"]: {"version": row["id"], "sha256": row["content_hash"],
                               "published": row["published"]}
              for row in reg.store.newest_version_rows()}
    return {"lists": newest, "curated": reg.store.get_meta(CURATED_HASH), "engine": engine()}


def record(reg: Registry, actor: str, action: str, request: Any, answer: Any
           ) -> store_audit.Record:
    return store_audit.append(reg.store, actor, action, request, basis(reg), answer)


def verify(reg: Registry) -> store_audit.Verdict:
    return store_audit.verify(reg.store)


def export(reg: Registry, fmt: str, *, since: datetime | None = None,
           until: datetime | None = None) -> str:
    """The records from ``since`` to before ``until`` as JSON lines or CSV (its text cells
    made spreadsheet-safe)."""
    rows = list(store_audit.records(reg.store, since=_utc(since), until=_utc(until)))
    if fmt == "jsonl":
        return "".join(store_audit.canonical(r.as_dict()) + "\n" for r in rows)
    out = io.StringIO()
    write_csv(({**r.as_dict(), "request": store_audit.canonical(r.request),
                "basis": store_audit.canonical(r.basis),
                "answer": store_audit.canonical(r.answer)} for r in rows), out,
              fieldnames=list(store_audit.FIELDS))
    return out.getvalue()


def _utc(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat(timespec="microseconds") if when else None


@dataclass(frozen=True)
class Replay:
    """A recorded check asked again: as the registry knew it then, and as it knows now."""

    record: store_audit.Record
    then: dict[str, Any]
    now: dict[str, Any]

    @property
    def differs(self) -> bool:
        return self.then.get("verdict") != self.now.get("verdict")

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.record.seq, "recorded": self.record.answer.get("verdict"),
                "replayed_as_known_then": self.then.get("verdict"),
                "today": self.now.get("verdict"), "differs_today": self.differs,
                "same_as_recorded": self.then.get("verdict") == self.record.answer.get(
                    "verdict")}


def replay(reg: Registry, seq: int,
           ask: Callable[[dict[str, Any], datetime | None], dict[str, Any]]) -> Replay:
    """Ask the check recorded as ``seq`` again, as known at its time and as known now.
    ``ask(request, known_at)`` answers a check request as JSON."""
    from listguard.errors import UsageError

    found = next(store_audit.records(reg.store, seq=seq), None)
    if found is None:
        raise UsageError(f"there is no audit record {seq}")
    if found.action != "check" or not isinstance(found.request, dict):
        raise UsageError(f"audit record {seq} is a {found.action!r}; only checks replay")
    at = datetime.fromisoformat(found.at)
    return Replay(found, ask(found.request, at), ask(found.request, None))
