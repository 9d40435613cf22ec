"""The domain model: entities, their names and identifiers, lists, and dated legal events.

Everything the registry stores and the rules read is one of these plain, frozen dataclasses.
Instants are always timezone-aware; a date-only fact is turned into an instant by the code
that reads it (see ``listguard.timeutil``), never by guessing later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from listguard.timeutil import at_ny, ny_date


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
    """The answer for one activity, by severity: ``prohibited`` > ``license_required`` >
    ``unknown`` > ``review`` > ``allowed``. Combining answers keeps the most severe, so an
    unknown on one list never hides a prohibition on another."""

    ALLOWED = "allowed"
    REVIEW = "review"
    """The query names no listed entity exactly but resembles one or more, or is ambiguous in
    a way that changes the answer: a person must choose among the candidates."""
    UNKNOWN = "unknown"
    """The answer depends on list data the registry does not hold for that instant."""
    LICENSE_REQUIRED = "license_required"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Verdict.ALLOWED: 0, Verdict.REVIEW: 1, Verdict.UNKNOWN: 2,
             Verdict.LICENSE_REQUIRED: 3, Verdict.PROHIBITED: 4}


def most_severe(verdicts: Iterable[Verdict]) -> Verdict:
    """The most severe of ``verdicts`` (``allowed`` for none)."""
    return max(verdicts, key=lambda v: v.severity, default=Verdict.ALLOWED)


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
    WEAK = "weak"
    """A weak alias: OFAC's "low quality" a.k.a. (a nickname, a broad or generic name), which
    OFAC says is not to be relied on alone to identify a party."""


class IdScheme(StrEnum):
    ISIN = "isin"
    TICKER = "ticker"
    LEI = "lei"
    USCC = "uscc"
    OFAC_ENT = "ofac_ent"
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    """A national identity number (National ID No., Cedula No., C.U.R.P., Personal ID ...)."""


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
    born: str = ""
    """A person's dates of birth as the list prints them, read (``YYYY-MM-DD``, ``YYYY-MM``,
    ``YYYY``, or a range ``YYYY/YYYY``), ``;``-separated; empty when none is known."""
    countries: str = ""
    """Every country the list ties the party to (ISO codes, ``;``-separated): a person's
    nationalities and citizenships, then the countries of its addresses."""
    birth_places: str = ""
    """A person's places of birth as the list prints them, ``;``-separated."""
    gender: str = ""
    """``male`` or ``female`` where the list states it."""


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
    first_seen: bool = False
    """A listing dated by the first imported version that held the entry, because the source
    states no date: the real listing may be earlier (see ``seen_after``)."""
    seen_after: date | None = None
    """For a first-seen listing: the date of the last version *without* the entry. Between it
    and ``effective`` the listing state is unknown; None means the entry was in the first
    version imported, so every earlier instant is unknown."""

    def uncertain_at(self, on: datetime) -> bool:
        """True when ``on`` falls where a first-seen listing may already have applied."""
        if not self.first_seen or on >= self.effective:
            return False
        return self.seen_after is None or on >= at_ny(self.seen_after)

    def known_by(self, known_at: datetime | None) -> bool:
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
    birth_dates: tuple[str, ...] = ()
    """A person's dates of birth (see :attr:`Entity.born` for the forms)."""
    countries: tuple[str, ...] = ()
    """Every country the entry ties the party to (see :attr:`Entity.countries`)."""
    birth_places: tuple[str, ...] = ()
    gender: str = ""


@dataclass(slots=True)
class Reason:
    """Why a verdict is what it is: the rule that applied and its legal source."""

    list_id: str
    basis: str
    """The law applied, as people name it ("EO 13959", "OFAC SDN blocking"); the list's
    ``ListInfo.regime`` is the key of the rules module that applies it."""
    rule: str
    verdict: Verdict
    start: datetime | None = None
    end: datetime | None = None
    citation: str = ""
    """The legal source, plain: the UNCONFIRMED mark comes from ``confirmed`` only."""
    confirmed: bool = True
    conditions: str = ""

    @property
    def cited(self) -> str:
        """The citation as shown: with `` [UNCONFIRMED]`` exactly when not confirmed."""
        return cite(self.citation, self.confirmed)

    def as_dict(self) -> dict[str, object]:
        return {
            "list": self.list_id or None,
            "basis": self.basis,
            "rule": self.rule,
            "verdict": self.verdict.value,
            "from": self.start.isoformat() if self.start else None,
            "until": self.end.isoformat() if self.end else None,
            "citation": self.cited,
            "confirmed": self.confirmed,
            "conditions": self.conditions or None,
        }


UNCONFIRMED_MARK = " [UNCONFIRMED]"


def cite(citation: str, confirmed: bool) -> str:
    """A citation with the UNCONFIRMED mark when (and only when) ``confirmed`` is False."""
    plain = citation.removesuffix(UNCONFIRMED_MARK)
    return plain if confirmed else plain + UNCONFIRMED_MARK


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
    UNKNOWN = "unknown"
    """The data first saw the entry later; whether it was already listed then is unknown."""


@dataclass(slots=True)
class Assessment:
    """What one list membership means at one instant."""

    list_id: str
    basis: str
    """The law the list's membership is read under, as people name it."""
    state: MembershipState
    listed_name: str
    list_entry_id: str
    since: datetime | None
    reasons: dict[Activity, Reason] = field(default_factory=dict)
    deadlines: list[Deadline] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    confirmed: bool = True


class DatedBy(StrEnum):
    """Where the date of a list's data comes from."""

    CURATED = "curated"
    """The shipped, sourced history (``listguard/data``)."""
    FILE = "file"
    """The file's own publication date (XML ``Publish_Date``, CSL or FtM metadata)."""
    PUBLISHED_OPTION = "--published"
    """The date the importer was given."""
    IMPORT_TIME = "import time"
    """Nothing stated one: the day the file was imported (the data may be older)."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the registry's data can say about one list, and for which span.

    An answer may rest on a list's data only inside its coverage: an entity absent from the
    data is absent from the list only where ``absence_known``; outside, the answer is
    ``unknown`` (see :mod:`listguard.rules.failsafe`).
    """

    list_id: str
    name: str
    start: date | None
    """The earliest day the data speaks for: a curated history's first event, else the first
    imported version's date. None: the registry holds no data for the list."""
    end: date | None
    """The latest day the data speaks for: the newest version's date, or the day the curated
    data was last reviewed against the list."""
    complete: bool
    """True for a curated history of the whole list, each entry with the dates its events
    took effect (before ``start`` the list had no entries). False for first-seen dates (a file
    states no per-entry dates) or a selection of entries."""
    whole_from: date | None
    """From this day the data holds every entry of the list; None: never (a selection, or no
    data)."""
    entities: int
    """Entities the data has ever seen on the list."""
    dated_by: DatedBy | None
    """How ``end`` was dated; None with no data."""
    note: str = ""
    closed: date | None = None
    """The day the list itself ended (superseded or wholly removed), if it did: the data
    needs no update after it."""

    @property
    def has_data(self) -> bool:
        return self.start is not None

    def absence_known(self, on: datetime) -> bool:
        """Whether an entity missing from the data was missing from the list at ``on``."""
        if self.complete:
            return True
        return self.whole_from is not None and ny_date(on) >= self.whole_from

    def gap(self, on: datetime) -> str | None:
        """The coverage gap at ``on``, in words; None when the data covers ``on``."""
        if not self.has_data:
            return f"{self.list_id}: no data (never imported)"
        if not self.complete and self.whole_from is None:
            return (f"{self.list_id}: the data is a selection of {self.entities} entities, "
                    f"not the whole list" + (f" ({self.note})" if self.note else ""))
        if not self.absence_known(on):
            dated = (" (dated by import time: the file states no date; give --published)"
                     if self.dated_by is DatedBy.IMPORT_TIME else "")
            return (f"{self.list_id}: the data starts {self.whole_from}{dated}; imported files "
                    "tell only when an entry was first seen, so earlier instants are not "
                    "covered")
        day = ny_date(on)
        if self.end is not None and day > self.end and not (self.closed and day >= self.closed):
            return f"{self.list_id}: data ends {self.end} (dated by {self.dated_by})"
        return None

    def as_dict(self) -> dict[str, object]:
        return {
            "list": self.list_id,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "complete": self.complete,
            "whole_from": self.whole_from.isoformat() if self.whole_from else None,
            "entities": self.entities,
            "dated_by": self.dated_by.value if self.dated_by else None,
            "closed": self.closed.isoformat() if self.closed else None,
            "note": self.note or None,
        }
