"""The domain model: entities, their names and identifiers, lists, and dated legal events.

Everything the registry stores and the rules read is one of these plain, frozen dataclasses.
Instants are always timezone-aware; a date-only fact is turned into an instant by the code
that reads it (see ``listguard.timeutil``), never by guessing later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Activity(StrEnum):
    """What a US person may want to do with a company or its securities."""

    BUY = "buy"
    SELL = "sell"
    HOLD = "hold"
    DOD_CONTRACT = "dod-contract"
    EXPORT = "export"
    INVEST = "invest"
    """A non-public investment (equity, joint venture, LP stake): the outbound rules."""


class Verdict(StrEnum):
    """The answer for one activity. Ordered from least to most restrictive."""

    ALLOWED = "allowed"
    LICENSE_REQUIRED = "license_required"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Verdict.ALLOWED: 0, Verdict.LICENSE_REQUIRED: 1, Verdict.PROHIBITED: 2}


class EventKind(StrEnum):
    """What happened to an entity's listing (or, with no entity, to a whole list)."""

    LISTED = "listed"
    """Designated or added to the list; the determination date starts any statutory clock."""
    REDESIGNATED = "redesignated"
    """Listed again under a corrected name; the clock restarts from this date."""
    REMOVED = "removed"
    """Taken off the list by the listing authority."""
    ENJOINED = "enjoined"
    """A court's preliminary injunction suspends the listing's effects."""
    INJUNCTION_LIFTED = "injunction_lifted"
    """The injunction ends; the listing bites again."""
    VACATED = "vacated"
    """A court vacated the designation: from this instant it is void."""
    SUPERSEDED = "superseded"
    """The legal regime behind the list was replaced; the listing has no further effect."""
    NOTE = "note"
    """A dated fact worth showing in a timeline (a complaint filed, an FAQ, an exchange
    delisting) that changes no verdict."""


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    FORMER = "former"
    LISTED = "listed"
    """The name exactly as a list printed it, when it differs from the primary name."""
    ACRONYM = "acronym"
    ISSUER = "issuer"
    CHINESE = "chinese"


class IdScheme(StrEnum):
    ISIN = "isin"
    TICKER = "ticker"
    LEI = "lei"
    USCC = "uscc"
    OFAC_ENT = "ofac_ent"


@dataclass(frozen=True, slots=True)
class Name:
    entity_id: str
    name: str
    kind: NameKind = NameKind.ALIAS
    lang: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Identifier:
    entity_id: str
    scheme: IdScheme
    value: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """An ownership link: ``subject`` is ``relation`` of ``object`` (e.g. subsidiary_of)."""

    subject_id: str
    relation: str
    object_id: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str = "company"
    country: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One restriction list as the registry knows it."""

    id: str
    name: str
    authority: str
    regime: str
    """The rules module that gives the list its legal effect (see ``listguard.rules``)."""
    url: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """A dated legal event. ``entity_id`` empty means the event applies to the whole list."""

    entity_id: str
    list_id: str
    kind: EventKind
    effective: datetime
    """When it took legal effect (timezone-aware)."""
    published: date
    """The day it became public: ``--known-at`` counts an event only from this day."""
    citation: str
    confirmed: bool = True
    listed_name: str = ""
    list_entry_id: str = ""
    note: str = ""
    seq: int = 0
    """Order among events with the same instant (a removal before a same-day relisting)."""
    version_id: int | None = None
    """The imported list version that produced the event (None for curated data)."""

    def known_by(self, known_at: datetime | None) -> bool:
        from listguard.timeutil import ny_date

        return known_at is None or self.published <= ny_date(known_at)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of an official list file, as a source importer reads it (before merging).

    Importers in ``listguard.sources`` yield these; the registry merges them into entities.
    """

    list_id: str
    entry_id: str
    name: str
    entity_kind: str = "company"
    aliases: tuple[tuple[str, NameKind], ...] = ()
    identifiers: tuple[tuple[IdScheme, str], ...] = ()
    programs: tuple[str, ...] = ()
    country: str = ""
    linked_to: tuple[str, ...] = ()
    events: tuple[tuple[EventKind, date, str], ...] = ()
    """Dated events the source itself states: (kind, date, note)."""
    remarks: str = ""
    source_line: int = 0


@dataclass(slots=True)
class Reason:
    """Why a verdict is what it is: the rule that applied and its legal source."""

    list_id: str
    regime: str
    rule: str
    verdict: Verdict
    start: datetime | None = None
    end: datetime | None = None
    citation: str = ""
    confirmed: bool = True
    conditions: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "list": self.list_id,
            "regime": self.regime,
            "rule": self.rule,
            "verdict": self.verdict.value,
            "from": self.start.isoformat() if self.start else None,
            "until": self.end.isoformat() if self.end else None,
            "citation": self.citation,
            "confirmed": self.confirmed,
            "conditions": self.conditions or None,
        }


@dataclass(slots=True)
class Deadline:
    when: datetime
    what: str
    list_id: str
    citation: str

    def as_dict(self) -> dict[str, object]:
        return {
            "when": self.when.isoformat(),
            "what": self.what,
            "list": self.list_id,
            "citation": self.citation,
        }


class MembershipState(StrEnum):
    PENDING = "pending"
    """Listed, but its prohibitions have not started."""
    IN_FORCE = "in force"
    ENJOINED = "enjoined"
    REMOVED = "removed"
    VACATED = "vacated"
    SUPERSEDED = "superseded"
    NOT_YET_LISTED = "not yet listed"


@dataclass(slots=True)
class Assessment:
    """What one list membership means at one instant."""

    list_id: str
    regime: str
    state: MembershipState
    listed_name: str
    list_entry_id: str
    since: datetime | None
    reasons: dict[Activity, Reason] = field(default_factory=dict)
    deadlines: list[Deadline] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    confirmed: bool = True
