"""The core's typed results beside ``check``'s (:mod:`.answers`): what ``status``,
``timeline``, ``lists``, ``search``, ``update``, ``versions``, ``diff``, ``watch`` and
``alerts`` return. Each serializes with ``as_dict()`` (or ``rows()``) to the JSON the README
documents; the command line renders that JSON, and so will the HTTP service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from listguard.api.answers import CheckAnswer
from listguard.matching.types import Hit
from listguard.model import Activity, Coverage, Entity, Event, cite
from listguard.registry.versions import ImportResult
from listguard.rules import EntityStatus
from listguard.screening.adapter import Status


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _entity(entity: Entity) -> dict[str, str]:
    return {"id": entity.id, "name": entity.name}


@dataclass(frozen=True)
class StatusAnswer:
    """Every list membership and its state at an instant, every activity's verdict.

    For a query naming one listed entity, ``status`` holds the rules' answer. For a query
    naming none, ``checks`` holds each activity's ``check`` answer (all ``allowed`` or
    ``unknown``). For a query the core cannot answer as one entity (several candidates, an
    identifier naming nothing, a fund), ``unresolved`` is that ``check`` answer instead.
    """

    query: str
    on: datetime
    known_at: datetime | None
    status: EntityStatus | None = None
    checks: dict[Activity, CheckAnswer] = field(default_factory=dict)
    unresolved: CheckAnswer | None = None

    @property
    def exit_code(self) -> int:
        return self.unresolved.exit_code if self.unresolved else 0

    def as_dict(self) -> dict[str, Any]:
        if self.unresolved is not None:
            return self.unresolved.as_dict()
        if self.status is not None:
            return _status_dict(self.status)
        first = next(iter(self.checks.values())).as_dict()
        return {
            "entity": None, "query": self.query, "as_of": self.on.isoformat(),
            "known_at": _iso(self.known_at), "memberships": [],
            "verdicts": {act.value: {"verdict": c.verdict.value, "confirmed": c.confirmed,
                                     "reasons": [r.as_dict() for r in c.reasons],
                                     "gaps": c.gaps}
                         for act, c in self.checks.items()},
            "deadlines": [], "notes": [], "coverage": first["coverage"],
        }


def _status_dict(status: EntityStatus) -> dict[str, Any]:
    return {
        "entity": _entity(status.entity),
        "as_of": status.on.isoformat(),
        "known_at": _iso(status.known_at),
        "memberships": [
            {"list": a.list_id, "basis": a.basis, "state": a.state.value,
             "listed_name": a.listed_name, "list_entry_id": a.list_entry_id or None,
             "since": _iso(a.since), "confirmed": a.confirmed, "notes": a.notes}
            for a in status.assessments
        ],
        "verdicts": {
            act.value: {"verdict": status.verdicts[act].value,
                        "confirmed": status.confirmed(act),
                        "reasons": [r.as_dict() for r in status.reasons[act]],
                        "gaps": status.gaps(act)}
            for act in Activity
        },
        "deadlines": [d.as_dict() for d in status.deadlines],
        "notes": status.notes,
        "coverage": [c.as_dict() for c in status.coverage.values()],
    }


@dataclass(frozen=True)
class TimelineAnswer:
    """The dated history of one entity's listings, each event with its citation."""

    entity: Entity
    events: list[Event]

    def as_dict(self) -> dict[str, Any]:
        return {"entity": _entity(self.entity), "events": [
            {"date": e.effective.isoformat(), "published": e.published.isoformat(),
             "list": e.list_id, "event": e.kind.value, "listed_name": e.listed_name or None,
             "citation": cite(e.citation, e.confirmed), "confirmed": e.confirmed,
             "note": e.note or None, "first_seen": e.first_seen,
             "whole_list": e.entity_id == ""}
            for e in self.events]}


@dataclass(frozen=True)
class ListSummary:
    """One list: entities ever listed and listed now, its newest version, its coverage."""

    id: str
    name: str
    authority: str
    regime: str
    entities: int
    listed_now: int
    data_to: str | None
    version: int | str | None
    """The newest imported version's id; ``"curated"`` for shipped data only; None: no data."""
    published: str | None
    imported: str | None
    coverage: Coverage

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "authority": self.authority,
                "regime": self.regime, "entities": self.entities,
                "listed_now": self.listed_now, "data_to": self.data_to,
                "version": self.version, "published": self.published,
                "imported": self.imported, "coverage": self.coverage.as_dict()}


@dataclass(frozen=True)
class SearchHit:
    """A listed party close to a searched name, with its lists and buy verdict then."""

    hit: Hit
    status: Status | None

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = self.hit.as_dict()
        row["entity_name"] = self.status.name if self.status else ""
        row["lists"] = list(self.status.lists) if self.status else []
        row["buy"] = self.status.buy if self.status else ""
        return row


@dataclass(frozen=True)
class SearchAnswer:
    """The closest listed parties to one name, best first."""

    query: str
    on: datetime
    hits: list[SearchHit]

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "on": self.on.isoformat(),
                "hits": [h.as_dict() for h in self.hits]}


@dataclass(frozen=True)
class UpdateAnswer:
    """What one ``update`` imported: a row per list per source."""

    imports: list[ImportResult]

    def rows(self) -> list[dict[str, Any]]:
        return [{"source": r.source, "list": li.list_id, "version": li.version_id,
                 "entries": li.entries, "added": li.added, "removed": li.removed,
                 "unchanged": li.unchanged, "new_entities": li.new_entities,
                 "merged": li.merged, "note": li.note}
                for r in self.imports for li in r.lists]


@dataclass(frozen=True)
class VersionInfo:
    """One imported version of a list file."""

    id: int
    list_id: str
    content_hash: str
    published: str | None
    imported: str
    source: str
    entries: int
    dated_by: str | None
    whole: bool | int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class EntryBrief:
    """A list entry as a diff names it."""

    entry_id: str
    name: str
    entity_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "name": self.name, "entity_id": self.entity_id}


@dataclass(frozen=True)
class EntryChange:
    """An entry present in both versions whose printed fields changed."""

    entry: EntryBrief
    changes: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {**self.entry.as_dict(), "changes": self.changes}


@dataclass(frozen=True)
class DiffAnswer:
    """Entries added, removed and changed between two versions of one list."""

    list_id: str
    from_version: int
    to_version: int
    added: list[EntryBrief]
    removed: list[EntryBrief]
    changed: list[EntryChange]

    def as_dict(self) -> dict[str, Any]:
        return {"list": self.list_id, "from": self.from_version, "to": self.to_version,
                "added": [e.as_dict() for e in self.added],
                "removed": [e.as_dict() for e in self.removed],
                "changed": [e.as_dict() for e in self.changed]}


@dataclass(frozen=True)
class WatchSaved:
    """A portfolio saved to watch."""

    watch: str
    holdings: int

    def as_dict(self) -> dict[str, Any]:
        return {"watch": self.watch, "holdings": self.holdings}


@dataclass(frozen=True)
class WatchAlerts:
    """One watched portfolio's alerts from one ``alerts`` run (each a JSON object with
    ``holding``, ``entity_id``, ``change``, ``list``, ``key`` and, for a deadline, ``when``
    and ``what``)."""

    watch: str
    checked: str
    alerts: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"watch": self.watch, "checked": self.checked, "alerts": self.alerts}
