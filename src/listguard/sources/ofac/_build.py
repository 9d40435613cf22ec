"""One builder for every OFAC format, so CSV, classic XML and advanced XML agree.

Readers feed an :class:`EntryBuilder` the same kinds of things whatever the format: the
primary name and type, aliases (strong ones from ``alt.csv`` / the XML alias lists, weak ones
from remarks or ``LowQuality`` aliases), :data:`~.remarks.Fact` triples, address countries,
and the vessel flag. :meth:`EntryBuilder.build` then orders everything canonically (by kind,
then in source order) so two formats of the same publication give equal ListEntries, apart
from ``remarks`` (the free text as that format prints it) and ``source_line``.
"""

from __future__ import annotations

from datetime import date

from listguard.model import EventKind, IdScheme, ListEntry, NameKind
from listguard.normalize import country_code
from listguard.sources._ids import (
    clean_document,
    clean_isin,
    clean_lei,
    clean_ticker,
    clean_uscc,
)
from listguard.sources.ofac.remarks import (
    CITIZEN,
    LINKED_TO,
    NATIONALITY,
    parse_birth,
    parse_date,
    parse_remarks,
)

#: The listing-date label whose date is the NS-CMIC determination date (a LISTED event).
CMIC_LISTING_LABEL = "Listing Date (CMIC)"
_DATED_PREFIXES = ("Listing Date", "Effective Date", "Purchase/Sales For Divestment Date")

_KINDS = {
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_ALIAS_KINDS = {
    "a.k.a.": NameKind.ALIAS,
    "aka": NameKind.ALIAS,
    "f.k.a.": NameKind.FORMER,
    "fka": NameKind.FORMER,
    "n.k.a.": NameKind.ALIAS,
    "nka": NameKind.ALIAS,
}
_NATIONALITY_LABELS = {
    NATIONALITY: 0,
    "Nationality Country": 0,
    CITIZEN: 1,
    "Citizenship Country": 1,
    "Nationality of Registration": 2,
    "Registration Country": 3,
}
_DOCUMENT_LABELS = {
    "Passport": IdScheme.PASSPORT,
    "National ID No.": IdScheme.NATIONAL_ID,
    "Personal ID Card": IdScheme.NATIONAL_ID,
    "Identification Number": IdScheme.NATIONAL_ID,
    "Kenyan ID No.": IdScheme.NATIONAL_ID,
    "Cedula No.": IdScheme.NATIONAL_ID,
    "C.U.R.P.": IdScheme.NATIONAL_ID,
}
"""A person's identity documents, by OFAC's label."""
_GENDERS = {"male": "male", "female": "female", "m": "male", "f": "female"}
_ID_COUNTRY_LABELS = frozenset(
    {
        "Unified Social Credit Code (USCC)",
        "Legal Entity Number",
        "Registration Number",
        "Registration ID",
        "Business Registration Number",
        "Tax ID No.",
    }
)


def entity_kind(sdn_type: str) -> str:
    """OFAC ``sdn_type`` -> ``person``, ``vessel``, ``aircraft`` or ``company``."""
    return _KINDS.get(sdn_type.strip().lower(), "company")


def alias_kind(alias_type: str) -> NameKind:
    """``aka`` / ``a.k.a.`` / ``A.K.A.`` -> ALIAS, ``fka`` -> FORMER, ``nka`` -> ALIAS."""
    return _ALIAS_KINDS.get(alias_type.strip().lower(), NameKind.ALIAS)


class EntryBuilder:
    """Collects one OFAC entry's parts; :meth:`build` makes the ListEntry."""

    __slots__ = (
        "_addresses",
        "_birth_places",
        "_births",
        "_events",
        "_gender",
        "_id_countries",
        "_ids",
        "_issuers",
        "_linked",
        "_nationality",
        "_other_script",
        "_strong",
        "_weak",
        "ent_num",
        "kind",
        "line",
        "name",
        "ofac_ent",
        "programs",
        "remarks",
        "vessel_flag",
    )

    def __init__(
        self,
        ent_num: str,
        name: str,
        sdn_type: str,
        programs: list[str],
        *,
        line: int = 0,
        remarks: str = "",
        ofac_ent: bool = True,
    ) -> None:
        self.ent_num = ent_num
        self.ofac_ent = ofac_ent
        self.name = name
        self.kind = entity_kind(sdn_type)
        self.programs = programs
        self.line = line
        self.remarks = remarks
        self.vessel_flag = ""
        self._strong: list[tuple[str, NameKind]] = []
        self._weak: list[tuple[str, NameKind]] = []
        self._issuers: list[tuple[str, NameKind]] = []
        self._other_script: list[tuple[str, NameKind]] = []
        self._ids: dict[IdScheme, list[str]] = {}
        self._linked: list[str] = []
        self._events: list[tuple[EventKind, date, str]] = []
        self._nationality: list[tuple[int, str]] = []
        self._births: list[str] = []
        self._birth_places: list[str] = []
        self._gender = ""
        self._id_countries: list[str] = []
        self._addresses: list[tuple[int, str]] = []

    # -- feeding ------------------------------------------------------------------------------

    def add_alias(self, name: str, kind: NameKind, *, weak: bool = False) -> None:
        """A name: other-script (Chinese, as listed), weak (low quality) or strong."""
        name = name.strip()
        if not name:
            return
        if kind is NameKind.CHINESE or kind is NameKind.LISTED:
            self._other_script.append((name, kind))
        elif weak:
            self._weak.append((name, kind))
        else:
            self._strong.append((name, kind))

    def add_address(self, country: str, order: int = 0) -> None:
        """A country from one address (``add.csv`` / ``<address>`` / a Location feature)."""
        if country.strip():
            self._addresses.append((order, country.strip()))

    def add_remarks(self, text: str) -> None:
        """Every labelled fact in a remarks string (see :func:`.remarks.parse_remarks`)."""
        for fact in parse_remarks(text):
            self.add_fact(*fact)

    def add_fact(self, label: str, value: str, country: str = "") -> None:
        """One labelled fact (see :mod:`.remarks`). Labels the builder does not use are ignored."""
        value = value.strip()
        if not value:
            return
        if label in _ALIAS_KINDS:
            self._weak.append((value, _ALIAS_KINDS[label]))
        elif label in _DOCUMENT_LABELS:
            if not value.lower().startswith("booklet"):  # a passport booklet's own number
                self._add_id(_DOCUMENT_LABELS[label], clean_document(value))
        elif label in ("POB", "Place of Birth"):
            if value not in self._birth_places:
                self._birth_places.append(value)
        elif label == "Gender":
            self._gender = _GENDERS.get(value.lower(), self._gender)
        elif label == "Issuer Name":
            self._issuers.append((value, NameKind.ISSUER))
        elif label == LINKED_TO:
            self._linked.append(value)
        elif label == "ISIN":
            self._add_id(IdScheme.ISIN, clean_isin(value))
        elif label == "Equity Ticker":
            self._add_id(IdScheme.TICKER, clean_ticker(value))
        elif label == "DOB":
            born = parse_birth(value)
            if born and born not in self._births:
                self._births.append(born)
        elif label in _NATIONALITY_LABELS:
            self._nationality.append((_NATIONALITY_LABELS[label], value))
        elif label.startswith(_DATED_PREFIXES):
            self._add_date(label, value)
        if label in _ID_COUNTRY_LABELS:
            if label == "Legal Entity Number":
                self._add_id(IdScheme.LEI, clean_lei(value))
            elif label == "Unified Social Credit Code (USCC)":
                self._add_id(IdScheme.USCC, clean_uscc(value))
            if country.strip():
                self._id_countries.append(country.strip())

    def add_date(self, label: str, day: date) -> None:
        """A dated OFAC fact: the CMIC listing date is LISTED, any other date a NOTE."""
        kind = EventKind.LISTED if label == CMIC_LISTING_LABEL else EventKind.NOTE
        self._events.append((kind, day, f"OFAC: {label}"))

    def add_event(self, kind: EventKind, day: date, note: str) -> None:
        """A dated event as it stands."""
        self._events.append((kind, day, note))

    def _add_date(self, label: str, value: str) -> None:
        """A dated fact whose value is a full date (partial dates are ignored)."""
        day = parse_date(value)
        if day is not None:
            self.add_date(label, day)

    def _add_id(self, scheme: IdScheme, value: str | None) -> None:
        """An identifier that passed its cleaner (None is ignored)."""
        if value:
            self._ids.setdefault(scheme, []).append(value)

    # -- result -------------------------------------------------------------------------------

    def country(self) -> str:
        """Nationality, citizenship, registration, vessel flag, address, issuing country."""
        candidates = [name for _, name in sorted(self._nationality, key=lambda p: p[0])]
        if self.vessel_flag:
            candidates.append(self.vessel_flag)
        candidates.extend(name for _, name in sorted(self._addresses, key=lambda p: p[0]))
        candidates.extend(self._id_countries)
        for name in candidates:
            code = country_code(name)
            if code:
                return code
        return ""

    def countries(self) -> tuple[str, ...]:
        """Every country the entry names for the party, as ISO codes, once each:
        nationalities and citizenships, registration, vessel flag, then addresses."""
        names = [name for _, name in sorted(self._nationality, key=lambda p: p[0])]
        names += [self.vessel_flag] if self.vessel_flag else []
        names += [name for _, name in sorted(self._addresses, key=lambda p: p[0])]
        return tuple(dict.fromkeys(c for c in map(country_code, names) if c))

    def _aliases(self) -> list[tuple[str, NameKind]]:
        """Strong, weak (as :attr:`NameKind.WEAK`), issuer and other-script names, once each,
        without the name itself. A name OFAC gives both as strong and as weak is strong."""
        strong = {name for name, _ in self._strong} | {self.name}
        weak = [(name, NameKind.WEAK) for name, _ in self._weak if name not in strong]
        seen: set[tuple[str, NameKind]] = {(self.name, NameKind.ALIAS)}
        aliases: list[tuple[str, NameKind]] = []
        for pair in (*self._strong, *weak, *self._issuers, *self._other_script):
            if pair not in seen:
                seen.add(pair)
                aliases.append(pair)
        return aliases

    def _identifiers(self) -> list[tuple[IdScheme, str]]:
        """The OFAC entry number (when it is one), then ISINs, tickers, LEIs and USCCs."""
        identifiers: list[tuple[IdScheme, str]] = []
        if self.ofac_ent and self.ent_num:
            identifiers.append((IdScheme.OFAC_ENT, self.ent_num))
        for scheme in (IdScheme.ISIN, IdScheme.TICKER, IdScheme.LEI, IdScheme.USCC,
                       IdScheme.PASSPORT, IdScheme.NATIONAL_ID):
            for value in self._ids.get(scheme, ()):
                if (scheme, value) not in identifiers:
                    identifiers.append((scheme, value))
        return identifiers

    def build(self, list_id: str, *, entry_id: str | None = None) -> ListEntry:
        """The ListEntry on ``list_id``, everything in canonical order."""
        events = sorted(set(self._events), key=lambda e: (e[1], e[0] is not EventKind.LISTED, e[2]))
        return ListEntry(
            list_id=list_id,
            entry_id=self.ent_num if entry_id is None else entry_id,
            name=self.name,
            entity_kind=self.kind,
            aliases=tuple(self._aliases()),
            identifiers=tuple(self._identifiers()),
            programs=tuple(self.programs),
            country=self.country(),
            linked_to=tuple(dict.fromkeys(self._linked)),
            events=tuple(events),
            remarks=self.remarks,
            source_line=self.line,
            birth_dates=tuple(self._births),
            countries=self.countries(),
            birth_places=tuple(self._birth_places),
            gender=self._gender,
        )

