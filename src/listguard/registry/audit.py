"""The audit trail: an append-only, hash-chained record of what was asked and answered.

Every record holds who asked (a key id, or ``cli:<user>``), when (UTC), what (the action and
the request), what it rested on (the newest version of each imported list, the curated data's
hash, the engine's version and configuration) and the answer (whole, or its SHA-256 for a
large one such as a screening's rows). Each record also holds the hash of the one before it
(``prev``) and its own ``hash``: SHA-256 over its canonical JSON, ``prev`` included. Editing a
record breaks its hash; deleting or reordering records breaks the chain of ``prev`` links or
the unbroken run of sequence numbers. :func:`verify` walks the chain and names the first
record that does not hold.

Records are written inside the registry's write lock (:meth:`SQLStore.transaction` with
``write=True``), so two writers never both chain onto the same record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from listguard.registry.store import SQLStore

GENESIS = "0" * 64
"""The ``prev`` of the first record."""
FIELDS = ("seq", "at", "actor", "action", "request", "basis", "answer", "prev", "hash")


@dataclass(frozen=True)
class Record:
    """One audit record; ``request``, ``basis`` and ``answer`` are JSON values."""

    seq: int
    at: str
    actor: str
    action: str
    request: Any
    basis: Any
    answer: Any
    prev: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}


def canonical(value: Any) -> str:
    """The one JSON text of a value that its hash is taken over."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def record_hash(seq: int, at: str, actor: str, action: str, request: Any, basis: Any,
                answer: Any, prev: str) -> str:
    body = canonical({"seq": seq, "at": at, "actor": actor, "action": action,
                      "request": request, "basis": basis, "answer": answer, "prev": prev})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()



def append(store: SQLStore, actor: str, action: str, request: Any, basis: Any,
           answer: Any) -> Record:
    """Add one record at the end of the chain (in a write transaction: joins the caller's)."""
    with store.transaction(write=True):
        last = store.fetch("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        seq, prev = (int(last[0][0]) + 1, str(last[0][1])) if last else (1, GENESIS)
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        digest = record_hash(seq, at, actor, action, request, basis, answer, prev)
        store.execute(
            "INSERT INTO audit (seq, at, actor, action, request, basis, answer, prev, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, actor, action, canonical(request), canonical(basis), canonical(answer),
             prev, digest))
    return Record(seq, at, actor, action, request, basis, answer, prev, digest)


def records(store: SQLStore, *, since: str | None = None, until: str | None = None,
            seq: int | None = None) -> Iterator[Record]:
    """Records in chain order, optionally those at or after ``since`` and before ``until``
    (ISO instants, compared as text in UTC), or the one numbered ``seq``."""
    sql = f"SELECT {', '.join(FIELDS)} FROM audit"
    where: list[str] = []
    params: list[Any] = []
    if seq is not None:
        where.append("seq = ?")
        params.append(seq)
    if since:
        where.append("at >= ?")
        params.append(since)
    if until:
        where.append("at < ?")
        params.append(until)
    if where:
        sql += " WHERE " + " AND ".join(where)
    for row in store.fetch(sql + " ORDER BY seq", params):
        yield _record(row)


def _record(row: Sequence[Any]) -> Record:
    seq, at, actor, action, request, basis, answer, prev, digest = row
    return Record(int(seq), str(at), str(actor), str(action), _loads(request), _loads(basis),
                  _loads(answer), str(prev), str(digest))


def _loads(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text  # an edited record may hold anything; verify will say so


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: ``ok``, how many records it checked, the first bad one."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "bad_seq": self.bad_seq,
                "reason": self.reason}


def verify(store: SQLStore) -> Verdict:
    """Walk the chain from the first record: each must hash to its ``hash``, link to the one
    before by ``prev``, and follow it by exactly one in ``seq``."""
    prev, expected, checked = GENESIS, 1, 0
    rows = store.fetch(f"SELECT {', '.join(FIELDS)} FROM audit ORDER BY seq")
    for row in rows:
        seq, at, actor, action, request, basis, answer, prev_stored, digest = row
        seq = int(seq)
        if seq != expected:
            reason = (f"record {expected} is missing (the next is {seq})" if seq > expected
                      else f"record {seq} is out of order")
            return Verdict(False, checked, expected if seq > expected else seq, reason)
        if prev_stored != prev:
            return Verdict(False, checked, seq, "its link to the record before does not "
                           "match (a record before it was changed, removed or reordered)")
        try:
            parsed = [json.loads(x) for x in (request, basis, answer)]
        except (TypeError, ValueError):
            return Verdict(False, checked, seq, "its content is not the JSON that was written")
        request_v, basis_v, answer_v = parsed
        if record_hash(seq, at, actor, action, request_v, basis_v, answer_v,
                       prev_stored) != digest:
            return Verdict(False, checked, seq, "its content does not match its hash (the "
                           "record was edited)")
        prev, expected, checked = digest, expected + 1, checked + 1
    return Verdict(True, checked)
