"""The core's typed answers: what ``check`` returns, serialized to the documented JSON
(README, "The JSON contract")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from listguard.model import Activity, Coverage, Entity, Reason, Verdict, most_severe
from listguard.registry import Resolution
from listguard.rules import EntityStatus

EXIT_CODES = {Verdict.ALLOWED: 0, Verdict.LICENSE_REQUIRED: 0, Verdict.PROHIBITED: 0,
              Verdict.REVIEW: 3, Verdict.UNKNOWN: 4}
"""The command line's exit code for each verdict."""

class QueryKind(StrEnum):
    """What a query looks like, before the registry is asked."""

    NAME = "name"
    ISIN = "isin"
    LEI = "lei"
    TICKER = "ticker"
    FUND = "fund"


FUND_CITATION = ("OFAC FAQ 861 (Dec 28, 2020; revised June 3, 2021); OFAC FAQ 860 (ETFs, index "
                 "and mutual funds are covered securities)")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A listed entity a query may mean, with its verdict for the activity asked about."""

    entity: Entity
    score: float
    matched_name: str
    explanation: str
    verdict: Verdict
    lists: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"entity": {"id": self.entity.id, "name": self.entity.name},
                "score": round(self.score, 4), "matched_name": self.matched_name,
                "verdict": self.verdict.value, "lists": list(self.lists),
                "explanation": self.explanation}


@dataclass
class CheckAnswer:
    """The answer to one ``check``: see the README's JSON contract."""

    query: str
    activity: Activity
    on: datetime
    known_at: datetime | None
    verdict: Verdict
    message: str
    kind: QueryKind
    resolution: Resolution
    status: EntityStatus | None = None
    reasons: list[Reason] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    also_matches: list[Candidate] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    look_through: LookThrough | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    @property
    def confirmed(self) -> bool:
        """False when the verdict rests on a fact the data marks as unconfirmed."""
        return all(r.confirmed for r in self.reasons if r.verdict is self.verdict)

    def as_dict(self) -> dict[str, Any]:
        status = self.status
        return {
            "query": self.query,
            "query_kind": self.kind.value,
            "activity": self.activity.value,
            "as_of": self.on.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "verdict": self.verdict.value,
            "confirmed": self.confirmed,
            "entity": ({"id": status.entity.id, "name": status.entity.name}
                       if status else None),
            "matched_by": self.resolution.matched_by or None,
            "lists": status.lists_in_force if status else [],
            "reasons": [r.as_dict() for r in self.reasons],
            "candidates": [c.as_dict() for c in self.candidates],
            "also_matches": [c.as_dict() for c in self.also_matches],
            "deadlines": [d.as_dict() for d in status.deadlines] if status else [],
            "notes": status.notes if status else [],
            "coverage": [c.as_dict() for c in self.coverage.values()],
            "gaps": self.gaps,
            "look_through": self.look_through.as_dict() if self.look_through else None,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Holding:
    """One row of a holdings file and its answer."""

    line: int
    label: str
    weight: str
    answer: CheckAnswer

    def as_dict(self) -> dict[str, object]:
        entity = (self.answer.status.entity if self.answer.status else None)
        return {"line": self.line, "holding": self.label, "weight": self.weight or None,
                "verdict": self.answer.verdict.value,
                "entity": {"id": entity.id, "name": entity.name} if entity else None,
                "message": self.answer.message}


@dataclass
class LookThrough:
    """A fund answered from its holdings."""

    path: str
    holdings: list[Holding] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        return most_severe(h.answer.verdict for h in self.holdings)

    @property
    def decisive(self) -> list[Holding]:
        """The holdings whose verdict is the fund's (none when it is ``allowed``)."""
        verdict = self.verdict
        if verdict is Verdict.ALLOWED:
            return []
        return [h for h in self.holdings if h.answer.verdict is verdict]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for h in self.holdings:
            out[h.answer.verdict.value] = out.get(h.answer.verdict.value, 0) + 1
        return out

    def as_dict(self) -> dict[str, object]:
        return {"holdings_file": self.path, "holdings": len(self.holdings),
                "by_verdict": self.counts(),
                "decisive": [h.as_dict() for h in self.decisive],
                "citation": FUND_CITATION}


