"""Proposed events from news and official notices, and what reviewers decided about them.

A proposal is a dated event (entity, list, kind, effective, published) that an article or a
notice asserts and the registry did not hold (``listguard.news``). It waits, ``proposed``,
until a reviewer accepts or rejects it. Accepting writes the event into ``events`` - the table
the rules read - with ``proposal`` naming it, so it counts exactly as a curated event would;
it is ``confirmed`` only when the proposal carries an official citation (Federal Register,
OFAC, DoD, court docket), and otherwise every verdict resting on it says UNCONFIRMED.
Rejecting changes nothing but the proposal's status. Table: migration ``0005_news``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from listguard.model import Event, EventKind
from listguard.registry.store import SQLStore
from listguard.timeutil import at_ny

NEWS_NOTE = "news-sourced"
"""What the note of an event from a news report starts with."""


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Proposal:
    """One proposed event and what became of it."""

    id: str
    created: str
    actor: str
    status: ProposalStatus
    entity_id: str
    list_id: str
    kind: EventKind
    effective: date
    published: date
    precision: str
    """``day``, ``month`` or ``year``: how exactly the source dates the event (a month or a
    year is entered as its first day)."""
    citation: str
    official: bool
    source: str
    evidence: str
    claim: dict[str, Any] = field(default_factory=dict)
    decided: str | None = None
    decided_by: str | None = None
    comment: str = ""

    def event(self) -> Event:
        """The event an acceptance writes: unconfirmed unless the citation is official."""
        how = "official notice" if self.official else NEWS_NOTE
        note = (f"{how}; proposal {self.id}"
                + ("" if self.precision == "day" else f"; dated to the {self.precision}")
                + f"; evidence: {self.evidence[:300]}")
        return Event(entity_id=self.entity_id, list_id=self.list_id, kind=self.kind,
                     effective=at_ny(self.effective), published=self.published,
                     citation=self.citation, confirmed=self.official, note=note)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status.value, "created": self.created,
                "actor": self.actor, "entity_id": self.entity_id, "list": self.list_id,
                "kind": self.kind.value, "effective": self.effective.isoformat(),
                "published": self.published.isoformat(), "precision": self.precision,
                "citation": self.citation, "official": self.official, "source": self.source,
                "evidence": self.evidence, "decided": self.decided,
                "decided_by": self.decided_by, "comment": self.comment}


_COLS = ("id, created, actor, status, entity_id, list_id, kind, effective, published, "
         "precision, citation, official, source, evidence, claim, decided, decided_by, comment")


def _row(r: Sequence[Any]) -> Proposal:
    return Proposal(id=r[0], created=r[1], actor=r[2], status=ProposalStatus(r[3]),
                    entity_id=r[4], list_id=r[5], kind=EventKind(r[6]),
                    effective=date.fromisoformat(r[7]), published=date.fromisoformat(r[8]),
                    precision=r[9], citation=r[10], official=bool(r[11]), source=r[12],
                    evidence=r[13], claim=json.loads(r[14] or "{}"), decided=r[15],
                    decided_by=r[16], comment=r[17] or "")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def propose(store: SQLStore, *, entity_id: str, list_id: str, kind: EventKind,
            effective: date, published: date, precision: str, citation: str, official: bool,
            source: str, evidence: str, claim: dict[str, Any], actor: str
            ) -> tuple[Proposal, bool]:
    """Keep a proposal; the one already waiting for the same event when there is one.
    Returns it and whether it is new."""
    with store.transaction(write=True):
        same = store.fetch(
            f"SELECT {_COLS} FROM news_proposals WHERE entity_id = ? AND list_id = ? AND "
            "kind = ? AND effective = ? AND status != ?",
            (entity_id, list_id, kind.value, effective.isoformat(),
             ProposalStatus.REJECTED.value))
        if same:
            return _row(same[0]), False
        pid = "P-" + secrets.token_hex(4)
        store.execute(
            f"INSERT INTO news_proposals ({_COLS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, _now(), actor, ProposalStatus.PROPOSED.value, entity_id, list_id,
             kind.value, effective.isoformat(), published.isoformat(), precision, citation,
             int(official), source, evidence, json.dumps(claim, default=str), None, None, ""))
    found = get(store, pid)
    assert found is not None
    return found, True


def get(store: SQLStore, pid: str) -> Proposal | None:
    rows = store.fetch(f"SELECT {_COLS} FROM news_proposals WHERE id = ?", (pid,))
    return _row(rows[0]) if rows else None


def listing(store: SQLStore, status: ProposalStatus | None = None) -> list[Proposal]:
    """Proposals, oldest first (of one status, or all)."""
    if status is None:
        rows = store.fetch(f"SELECT {_COLS} FROM news_proposals ORDER BY created, id")
    else:
        rows = store.fetch(f"SELECT {_COLS} FROM news_proposals WHERE status = ? "
                           "ORDER BY created, id", (status.value,))
    return [_row(r) for r in rows]


def decide(store: SQLStore, pid: str, status: ProposalStatus, actor: str, comment: str,
           citation: str | None = None) -> Proposal:
    """Accept (writing the event) or reject a waiting proposal. ``citation``, on accepting,
    attaches an official source: the event is then confirmed. KeyError for an unknown id,
    ValueError for one already decided."""
    with store.transaction(write=True):
        found = get(store, pid)
        if found is None:
            raise KeyError(pid)
        if found.status is not ProposalStatus.PROPOSED:
            raise ValueError(f"proposal {pid} was already {found.status.value} "
                             f"by {found.decided_by} on {(found.decided or '')[:16]}")
        if citation:
            found = _with_citation(found, citation)
        store.execute("UPDATE news_proposals SET status = ?, decided = ?, decided_by = ?, "
                      "comment = ?, citation = ?, official = ? WHERE id = ?",
                      (status.value, _now(), actor, comment, found.citation,
                       int(found.official), pid))
        if status is ProposalStatus.ACCEPTED:
            _insert_event(store, found)
    decided = get(store, pid)
    assert decided is not None
    return decided


def _with_citation(found: Proposal, citation: str) -> Proposal:
    return Proposal(**{**found.__dict__, "citation": citation.strip(), "official": True})


def _insert_event(store: SQLStore, proposal: Proposal) -> None:
    e = proposal.event()
    store.execute(
        "INSERT INTO events (entity_id, list_id, kind, effective, published, citation, "
        "confirmed, listed_name, list_entry_id, note, seq, version_id, first_seen, seen_after, "
        "proposal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (e.entity_id, e.list_id, e.kind.value, e.effective.isoformat(), e.published.isoformat(),
         e.citation, int(e.confirmed), "", "", e.note, 0, None, 0, None, proposal.id))


def attach_citation(store: SQLStore, pid: str, citation: str) -> Proposal:
    """Attach an official source to an accepted proposal: its event becomes confirmed."""
    with store.transaction(write=True):
        found = get(store, pid)
        if found is None:
            raise KeyError(pid)
        if found.status is not ProposalStatus.ACCEPTED:
            raise ValueError(f"proposal {pid} is {found.status.value}; only an accepted one "
                             "takes a citation")
        store.execute("UPDATE news_proposals SET citation = ?, official = 1 WHERE id = ?",
                      (citation.strip(), pid))
        store.execute("UPDATE events SET citation = ?, confirmed = 1 WHERE proposal = ?",
                      (citation.strip(), pid))
    attached = get(store, pid)
    assert attached is not None
    return attached
