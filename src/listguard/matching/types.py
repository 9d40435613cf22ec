"""The matcher's result contract: a :class:`Hit` with its score, decision and explanation.

A hit is plain data. Every number that went into its score is in ``features`` as a
:class:`Contribution` (what was measured, how much it weighs, what it means), so a reviewer, a
report or an audit log can show *why* without re-running anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What a list says about a party beside its names, for the person features."""

    countries: tuple[str, ...] = ()
    """Every country the list ties the party to (ISO codes): nationalities, citizenships,
    addresses."""
    birth_places: tuple[str, ...] = ()
    """Places of birth as the list prints them (``Baghdad, Iraq``)."""
    gender: str = ""
    """``male``, ``female`` or empty."""


class Decision(StrEnum):
    """What a screener should do with a hit. Ordered from strongest to weakest."""

    MATCH = "match"
    """The input is the listed party: treat it as listed."""
    REVIEW = "review"
    """Plausibly the listed party: a person should look."""
    NO_MATCH = "no_match"
    """Not the listed party (or nothing close enough to say)."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """One feature's part in a score.

    ``value`` is what the feature measured (0-1, or negative for a penalty), ``weight`` how
    much it counts; the score is built from ``value * weight`` as :mod:`.features` documents.
    """

    name: str
    value: float
    weight: float
    description: str
    cap: float | None = None
    """For a limit: the most the score may be once it fired."""
    qualifier: bool = False
    """A qualifier (a penalty, a limit, or a small support such as a date of birth that
    agrees) rather than a main feature that measures the names' likeness."""

    @property
    def points(self) -> float:
        return self.value * self.weight

    @property
    def label(self) -> str:
        """``+0.92``-style points, or ``at most 0.80`` for a limit."""
        if self.cap is not None:
            return f"at most {self.cap:.2f}"
        return f"{self.points:+.2f}" if self.points < 0 else f"{self.points:.2f}"

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "feature": self.name,
            "value": round(self.value, 4),
            "weight": self.weight,
            "description": self.description,
        }
        if self.cap is not None:
            out["cap"] = self.cap
        return out


@dataclass(frozen=True, slots=True)
class Hit:
    """One listed entity that a query may be."""

    entity_id: str
    score: float
    decision: Decision
    matched_name: str
    """The listed name (or identifier) that the query met, as the list prints it."""
    query_form: str
    """The form of the query that met it: normalized tokens, transliterated if needed."""
    features: tuple[Contribution, ...] = field(default=())
    query: str = ""
    """The query as given."""

    @property
    def evidence(self) -> float:
        """How alike the names (or identifiers) are: the best main feature's points, before
        the qualifiers and limits that weigh what else is known (one word, a country, a kind).
        What a fail-safe question ("might this be a listed party?") looks at."""
        return max((c.points for c in self.features if c.points > 0 and not c.qualifier),
                   default=0.0)

    def explain(self) -> str:
        """One readable line: the decision, who met whom, then each feature with the points
        it added and what it saw.

        ``match 1.00: 'Xiaomi Corp' ~ 'Xiaomi Corporation'. name_match 1.00: words met:
        xiaomi (weight covered: query 100%, listed name 100%).``
        """
        head = (f"{self.decision.value} {self.score:.2f}: "
                f"{self.query or self.query_form!r} ~ {self.matched_name!r}")
        parts = []
        for c in self.features:
            parts.append(f"{c.name} {c.label}: {c.description}" if c.description
                         else f"{c.name} {c.label}")
        return ". ".join([head, *parts]) + "."

    def as_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity_id,
            "score": round(self.score, 4),
            "decision": self.decision.value,
            "matched_name": self.matched_name,
            "query": self.query,
            "query_form": self.query_form,
            "features": [c.as_dict() for c in self.features],
            "explanation": self.explain(),
        }
