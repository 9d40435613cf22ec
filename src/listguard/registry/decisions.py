"""Reviewer decisions: what a person decided about an input against a listed party.

A decision is kept with the *input key* (SHA-256 of the input as screened: the name and the
attributes used - country, kind, date of birth, identifiers), the listed party's entity id, and
a *snapshot* of that party's data as the registry held it (its names, identifiers, country,
kind, dates of birth and dated list events). The same input against the same party later is
resolved by the newest decision while the party's snapshot is unchanged; once a later list
version changes the party, the decision no longer holds and the hit re-opens, with the
differences named (:func:`changes`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from listguard.model import Entity
from listguard.registry import Registry
from listguard.registry.store import SQLStore


class Outcome(StrEnum):
    """What a reviewer decided about a hit."""

    CLEARED = "cleared"
    """A false positive: the input is not the listed party."""
    CONFIRMED = "confirmed"
    """The input is the listed party."""
    ESCALATED = "escalated"
    """Passed up for someone else to decide."""


@dataclass(frozen=True)
class Decision:
    id: str
    input_key: str
    entity_id: str
    decision: Outcome
    comment: str
    actor: str
    at: str
    fingerprint: str
    snapshot: dict[str, Any]
    input: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "entity_id": self.entity_id, "decision": self.decision.value,
                "comment": self.comment, "actor": self.actor, "at": self.at,
                "input": self.input, "fingerprint": self.fingerprint}



def input_key(fields: dict[str, Any]) -> str:
    """The key of an input: its fields (empty ones dropped), canonical JSON, SHA-256. The
    name counts case, spacing and punctuation aside."""
    kept = {k: " ".join(str(v).split()).casefold() for k, v in fields.items()
            if v not in (None, "", ())}
    text = json.dumps(kept, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(reg: Registry, entity_id: str) -> dict[str, Any]:
    """What the registry holds about a listed party, in a stable order: its names,
    identifiers, dated list events, and what the newest version of each list prints about it
    (programs, country, remarks ... of its entries)."""
    entity = reg.entity(entity_id)
    return {
        "name": entity.name, "kind": entity.kind, "country": entity.country,
        "born": entity.born, **_person(entity),
        "names": sorted({n.name for n in reg.names(entity_id)}),
        "identifiers": sorted({f"{i.scheme.value}:{i.value}" for i in reg.identifiers(entity_id)}),
        "events": sorted({f"{e.list_id}:{e.kind.value}:{e.effective.isoformat()}"
                          for e in reg.events(entity_id)}),
        "entries": _printed(reg.store, entity_id),
    }


def _person(entity: Entity) -> dict[str, str]:
    """A person's countries, places of birth and gender, where the list gives them (absent
    otherwise, so a snapshot taken before they were recorded still compares equal)."""
    facts = {"countries": entity.countries, "birth_places": entity.birth_places,
             "gender": entity.gender}
    return {k: v for k, v in facts.items() if v}


def _printed(store: SQLStore, entity_id: str) -> list[str]:
    """Each field of the entity's entries in the newest version of each list, one string per
    value (``ofac-ssi#17248 programs: UKRAINE-EO13662``)."""
    rows = store.fetch(
        "SELECT e.list_id, e.entry_id, e.data FROM entries e WHERE e.entity_id = ? AND "
        "e.version_id IN (SELECT MAX(v.id) FROM versions v GROUP BY v.list_id)", (entity_id,))
    out: set[str] = set()
    for list_id, entry_id, data in rows:
        for field, value in sorted(json.loads(data).items()):
            values = value if isinstance(value, list) else [value]
            out.update(f"{list_id}#{entry_id} {field}: {v}" for v in values if v not in ("", None))
    return sorted(out)


def fingerprint(snap: dict[str, Any]) -> str:
    text = json.dumps(snap, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(reg: Registry, fields: dict[str, Any], entity_id: str, outcome: Outcome,
           comment: str, actor: str) -> Decision:
    """Keep a decision about ``fields`` (the input) against ``entity_id``."""
    snap = snapshot(reg, entity_id)
    found = Decision("dec_" + secrets.token_hex(8), input_key(fields), entity_id, outcome,
                     comment, actor, datetime.now(UTC).isoformat(timespec="microseconds"),
                     fingerprint(snap), snap, fields)
    with reg.store.transaction(write=True):
        reg.store.execute(
            "INSERT INTO decisions (id, input_key, entity_id, decision, comment, actor, at, "
            "fingerprint, snapshot, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (found.id, found.input_key, entity_id, outcome.value, comment, actor, found.at,
             found.fingerprint, json.dumps(snap, ensure_ascii=False),
             json.dumps(fields, ensure_ascii=False)))
    return found


def latest(store: SQLStore, key: str, entity_id: str) -> Decision | None:
    """The newest decision about this input against this party, if any."""
    rows = store.fetch(
        "SELECT id, input_key, entity_id, decision, comment, actor, at, fingerprint, "
        "snapshot, input FROM decisions WHERE input_key = ? AND entity_id = ? "
        "ORDER BY at DESC, id DESC LIMIT 1", (key, entity_id))
    if not rows:
        return None
    r = rows[0]
    return Decision(str(r[0]), str(r[1]), str(r[2]), Outcome(str(r[3])), str(r[4]), str(r[5]),
                    str(r[6]), str(r[7]), json.loads(r[8]), json.loads(r[9]))


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two snapshots, in words (``names +X``, ``events -Y``)."""
    out: list[str] = []
    for field in sorted(old.keys() | new.keys()):
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        if isinstance(before, list) and isinstance(after, list):
            added = sorted(set(after) - set(before))
            removed = sorted(set(before) - set(after))
            out += [f"{field} +{x}" for x in added] + [f"{field} -{x}" for x in removed]
        else:
            out.append(f"{field}: {before!r} -> {after!r}")
    return out
