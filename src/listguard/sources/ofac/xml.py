"""OFAC XML: classic ``SDN.XML`` / ``CONS.XML``, and ``SDN_ADVANCED.XML`` / ``CONS_ADVANCED.XML``.

Both are streamed (the advanced SDN file is over 100 MB) through defusedxml's parser, which
refuses any DTD, entity declaration or external reference, so "billion laughs" and XXE files
raise :class:`~listguard.sources.errors.SourceError` before anything is expanded or fetched.
OFAC's files never carry a DTD.

Classic format (namespace ``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/
exports/XML``, formerly ``http://tempuri.org/sdnList.xsd``)::

    <sdnList>
      <publshInformation><Publish_Date>12/19/2025</Publish_Date>...</publshInformation>
      <sdnEntry>
        <uid/> <firstName/> <lastName/> <title/> <sdnType/> <remarks/>
        <programList><program/>...</programList>
        <idList><id><uid/><idType/><idNumber/><idCountry/></id>...</idList>
        <akaList><aka><uid/><type/><category/><lastName/><firstName/></aka>...</akaList>
        <addressList><address><uid/>...<country/></address>...</addressList>
        <nationalityList/> <citizenshipList/> <dateOfBirthList/> <placeOfBirthList/>
        <vesselInfo><vesselFlag/>...</vesselInfo>
      </sdnEntry>
    </sdnList>

``idList`` holds what the CSV prints into remarks (ISIN, Equity Ticker, Listing Date (CMIC) ...,
with the same labels), so both go through the same builder and give the same ListEntry.

Advanced format (namespace ``.../exports/ADVANCED_XML``) is relational: ``ReferenceValueSets``
(every coded value), ``Locations``, ``IDRegDocuments`` (keyed by identity), ``DistinctParties``
(profiles, names as name parts, typed ``Feature``\\s), ``ProfileRelationships`` (the CSV's
"Linked To") and ``SanctionsEntries`` (list and programs per profile). Parties are reduced to
compact records while streaming and built into ListEntries at the end, once every reference
can be resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement
from xml.parsers.expat import ErrorString, ExpatError
from xml.parsers.expat import errors as expat_errors

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from listguard.limits import Limits, field_message, too_big
from listguard.model import ListEntry, NameKind
from listguard.sources._io import PathArg, RowCount, check_file, limits_for
from listguard.sources.errors import SourceError
from listguard.sources.ofac import programs as lists
from listguard.sources.ofac._build import EntryBuilder, alias_kind
from listguard.sources.ofac.remarks import (
    CITIZEN,
    LINKED_TO,
    NATIONALITY,
    canonical_label,
    parse_date,
)

CLASSIC_ROOT = "sdnList"
ADVANCED_ROOT = "Sanctions"

_CHUNK = 1 << 20
XML_ERROR_NO_ELEMENTS = expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS]
XML_ERROR_UNCLOSED_TOKEN = expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN]


class _Stop(Exception):
    """Raised by a handler to end parsing early (publication_date)."""


class _RecordBuilder:
    """Expat's element callbacks: each record element is built as a small tree and handed on.

    Only what lies inside a record (a top-level occurrence of a tag in ``records``) is kept;
    the root element is checked, and a ``stop_on`` tag outside a record ends parsing.
    """

    __slots__ = (
        "_chars",
        "_counted",
        "_expat",
        "_handler",
        "_limits",
        "_line",
        "_locals",
        "_path",
        "_records",
        "_roots",
        "_stop_on",
        "_texts",
        "root",
        "stack",
    )

    def __init__(
        self,
        path: Path,
        expat: Any,
        limits: Limits,
        records: frozenset[str],
        handler: Callable[[str, int, Element], None],
        roots: tuple[str, ...],
        stop_on: frozenset[str],
    ) -> None:
        self._path = path
        self._expat = expat
        self._limits = limits
        self._records = records
        self._handler = handler
        self._roots = roots
        self._stop_on = stop_on
        self._counted = RowCount(path)
        self._locals: dict[str, str] = {}
        self._texts: list[str] = []
        self._line = 0
        self._chars = 0
        self.stack: list[Element] = []
        self.root = ""

    def start(self, name: str, attrs: list[str]) -> None:
        """An element opens: it joins the record being built, starts one, or is the root."""
        local = self._locals.get(name)
        if local is None:
            local = self._locals[name] = name.rpartition("}")[2]
        if attrs and (longest := max(map(len, attrs))) > self._limits.max_field_chars:
            raise self._too_long(local, longest)
        self._chars = 0
        stack = self.stack
        if stack:
            self._texts.clear()
            if attrs:
                attrib = dict(zip(attrs[::2], attrs[1::2], strict=True))
                stack.append(SubElement(stack[-1], local, attrib))
            else:
                stack.append(SubElement(stack[-1], local))
        elif local in self._records:
            self._line = self._expat.CurrentLineNumber
            self._texts.clear()
            stack.append(Element(local, dict(zip(attrs[::2], attrs[1::2], strict=True))))
        elif not self.root:
            self._open_root(local)
        elif local in self._stop_on:
            raise _Stop

    def _open_root(self, local: str) -> None:
        """Note the root element; SourceError when it is none of the roots wanted."""
        self.root = local
        if local not in self._roots:
            wanted = " or ".join(f"<{r}>" for r in self._roots)
            raise SourceError(
                self._path,
                f"root element <{local}> is not {wanted} (not this OFAC XML format)",
                line=self._expat.CurrentLineNumber,
            )

    def end(self, name: str) -> None:
        """An element closes: its text is kept, and a finished record goes to the handler."""
        if not self.stack:
            return
        elem = self.stack.pop()
        if self._texts:
            elem.text = "".join(self._texts)
            self._texts.clear()
        self._chars = 0
        if not self.stack:
            self._counted.add(self._line)
            self._handler(elem.tag, self._line, elem)

    def data(self, text: str) -> None:
        """Text inside a record is kept, up to the field limit."""
        if self.stack:
            self._texts.append(text)
            self._chars += len(text)
            if self._chars > self._limits.max_field_chars:
                raise self._too_long(self.stack[-1].tag, self._chars)

    def _too_long(self, tag: str, length: int) -> SourceError:
        """The SourceError for an element's text or attribute past the field limit."""
        message = field_message(length, self._limits)
        return SourceError(self._path, message, line=self._expat.CurrentLineNumber, field=tag)


def _stream(
    path: Path,
    records: frozenset[str],
    handler: Callable[[str, int, Element], None],
    roots: tuple[str, ...],
    stop_on: frozenset[str] = frozenset(),
) -> None:
    """Parse ``path`` safely, calling ``handler(tag, line, element)`` for each finished
    record element (a top-level occurrence of a tag in ``records``); nothing else is kept.

    The expat parser is defusedxml's, with its handlers that refuse DTDs, entity declarations
    and external references. Element events go straight from expat to the small
    :class:`_RecordBuilder` rather than through ElementTree's Python-level target (about 1.5x
    faster). Namespaces are dropped from tag names. The root element must be one of
    ``roots``; meeting a ``stop_on`` tag outside a record ends parsing quietly.

    Held to :mod:`listguard.limits`: the file's size (from ``stat``, before it is opened),
    the text and attributes of each element (the field limit) and the number of records (the
    row limit). XML is not line-based, so no line limit applies.
    """
    check_file(path)
    limits = limits_for(path)
    defused: Any = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat: Any = defused.parser
    builder = _RecordBuilder(path, expat, limits, records, handler, roots, stop_on)
    expat.StartElementHandler = builder.start
    expat.EndElementHandler = builder.end
    expat.CharacterDataHandler = builder.data
    try:
        _feed(path, expat, limits)
    except _Stop:
        return
    except SourceError:
        raise
    except (DefusedXmlException, ExpatError, OSError) as exc:
        raise _parse_error(path, exc, expat.CurrentLineNumber) from None
    if not builder.root and not builder.stack:
        raise SourceError(path, "no XML element found (empty file?)", line=1)


def _feed(path: Path, expat: Any, limits: Limits) -> None:
    """Give the file to ``expat`` a chunk at a time, within the file-size limit."""
    fh: IO[bytes]
    with path.open("rb") as fh:
        read = 0
        while chunk := fh.read(_CHUNK):
            read += len(chunk)
            if read > limits.max_file_bytes:
                raise SourceError(path, too_big(read, limits, "the file grew to over"))
            expat.Parse(chunk, False)
        expat.Parse(b"", True)


def _parse_error(
    path: Path, exc: DefusedXmlException | ExpatError | OSError, line: int
) -> SourceError:
    """The SourceError for a refused, malformed, missing or unreadable file."""
    if isinstance(exc, DefusedXmlException):
        return SourceError(
            path,
            f"refused a DTD, entity declaration or external reference ({exc}); "
            "OFAC XML has none (hostile or not an OFAC file)",
            line=line,
        )
    if isinstance(exc, ExpatError):
        reason = ErrorString(exc.code) or str(exc)
        if exc.code in (XML_ERROR_NO_ELEMENTS, XML_ERROR_UNCLOSED_TOKEN):
            reason += " (file truncated?)"
        return SourceError(path, f"bad XML: {reason} (column {exc.offset})", line=exc.lineno)
    if isinstance(exc, FileNotFoundError):
        return SourceError(path, "file not found")
    return SourceError(path, f"cannot read: {exc.strerror or exc}")


def _text(elem: Element, path: str) -> str:
    """The stripped text of the first element at ``path`` ('' if none)."""
    found = elem.find(path)
    if found is None or found.text is None:
        return ""
    return found.text.strip()


def _int(text: str | None, default: int = 0) -> int:
    """``text`` as a whole number, or ``default``."""
    return int(text) if text and text.strip().isdigit() else default


# -- classic ----------------------------------------------------------------------------------


def _person_name(last: str, first: str) -> str:
    """``last, first``, or whichever of the two is given."""
    if last and first:
        return f"{last}, {first}"
    return last or first


def _classic_entry(path: Path, line: int, elem: Element, consolidated: bool) -> ListEntry:
    """One ``sdnEntry`` as a ListEntry; ``consolidated`` takes its list from its programs."""
    uid = _text(elem, "uid")
    if not uid.isdigit():
        raise SourceError(path, f"sdnEntry uid {uid!r} is not a number", line=line, field="uid")
    name = _person_name(_text(elem, "lastName"), _text(elem, "firstName"))
    if not name:
        raise SourceError(path, "sdnEntry without a name", line=line, field="lastName")
    programs = [p.text.strip() for p in elem.iterfind("programList/program") if p.text]
    remarks = _text(elem, "remarks")
    builder = EntryBuilder(uid, name, _text(elem, "sdnType"), programs, line=line, remarks=remarks)
    _add_classic_aliases(builder, elem)
    _add_classic_facts(builder, elem)
    builder.vessel_flag = _text(elem, "vesselInfo/vesselFlag")
    builder.add_remarks(remarks)
    list_id = lists.cons_list_id(programs) if consolidated else lists.SDN
    return builder.build(list_id)


def _add_classic_aliases(builder: EntryBuilder, elem: Element) -> None:
    """The entry's aka names, in uid order (the weak ones as weak aliases)."""
    akas = sorted(elem.iterfind("akaList/aka"), key=lambda a: _int(a.findtext("uid"), 1 << 62))
    for aka in akas:
        builder.add_alias(
            _person_name(_text(aka, "lastName"), _text(aka, "firstName")),
            alias_kind(_text(aka, "type") or "a.k.a."),
            weak=_text(aka, "category").lower() == "weak",
        )


def _add_classic_facts(builder: EntryBuilder, elem: Element) -> None:
    """The entry's ids, nationalities, citizenships and address countries, as facts."""
    for ident in elem.iterfind("idList/id"):
        builder.add_fact(
            canonical_label(_text(ident, "idType")),
            _text(ident, "idNumber"),
            _text(ident, "idCountry"),
        )
    for nat in elem.iterfind("nationalityList/nationality"):
        builder.add_fact(NATIONALITY, _text(nat, "country"))
    for cit in elem.iterfind("citizenshipList/citizenship"):
        builder.add_fact(CITIZEN, _text(cit, "country"))
    for born in elem.iterfind("dateOfBirthList/dateOfBirthItem"):
        builder.add_fact("DOB", _text(born, "dateOfBirth"))
    for place in elem.iterfind("placeOfBirthList/placeOfBirthItem"):
        builder.add_fact("POB", _text(place, "placeOfBirth"))
    for address in elem.iterfind("addressList/address"):
        builder.add_address(_text(address, "country"), _int(address.findtext("uid")))


def _guess_consolidated(path: Path) -> bool:
    """Whether the file name says it is the consolidated file (contains "cons")."""
    return "cons" in path.name.lower()


def read_classic(path: PathArg, *, consolidated: bool | None = None) -> list[ListEntry]:
    """Read ``SDN.XML`` or ``CONS.XML``. ``consolidated`` (default: the file name contains
    "cons") maps programs to the non-SDN lists; otherwise every entry is ``ofac-sdn``."""
    file = Path(path)
    cons = _guess_consolidated(file) if consolidated is None else consolidated
    entries: list[ListEntry] = []

    def handle(tag: str, line: int, elem: Element) -> None:
        if tag == "sdnEntry":
            entries.append(_classic_entry(file, line, elem, cons))

    _stream(file, frozenset({"sdnEntry"}), handle, (CLASSIC_ROOT,))
    return _some(file, entries, "sdnEntry")


def _some(path: Path, entries: list[ListEntry], what: str) -> list[ListEntry]:
    """``entries``, or SourceError for a file with none (an empty list is never imported)."""
    if not entries:
        raise SourceError(path, f"no entries (no {what} in the file)")
    return entries


# -- advanced ---------------------------------------------------------------------------------

_REF_SUFFIX = "Values"


@dataclass(slots=True)
class _Party:
    """A DistinctParty as streamed: ids and references, resolved once the file is read."""

    profile_id: str
    line: int
    subtype_id: str
    identity_id: str
    comment: str
    groups: dict[str, str] = field(default_factory=dict)  # NamePartGroup ID -> NamePartType ID
    # (AliasTypeID, primary, low quality, [documented name: [(group id, script id, text)]])
    aliases: list[tuple[str, bool, bool, list[list[tuple[str, str, str]]]]] = field(
        default_factory=list
    )
    # (FeatureTypeID, kind, value): kind "text", "ref" (DetailReference id), "date", "location"
    features: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Advanced:
    """Everything kept from an advanced file, by kind of record."""

    refs: dict[str, dict[str, tuple[str, dict[str, str]]]] = field(default_factory=dict)
    # Location ID -> [(LocPartTypeID, value)]
    location_parts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    location_countries: dict[str, str] = field(default_factory=dict)  # loc ID -> Country ID
    docs: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    parties: list[_Party] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)
    sanctions: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    issued: date | None = None

    def ref(self, kind: str, ref_id: str | None) -> str:
        """The text of the coded value ``ref_id`` of ``kind`` ('' if unknown)."""
        if not ref_id:
            return ""
        found = self.refs.get(kind, {}).get(ref_id)
        return found[0] if found else ""

    def ref_attr(self, kind: str, ref_id: str | None, attr: str) -> str:
        """An attribute of the coded value ``ref_id`` of ``kind`` ('' if unknown)."""
        if not ref_id:
            return ""
        found = self.refs.get(kind, {}).get(ref_id)
        return found[1].get(attr, "") if found else ""

    def country(self, country_id: str | None) -> str:
        """A country's name, else its ISO code ('' if unknown)."""
        return self.ref("Country", country_id) or self.ref_attr("Country", country_id, "ISO2")


def _ymd(elem: Element | None) -> date | None:
    """The date of an element with Year, Month and Day children; None if partial or bad."""
    if elem is None:
        return None
    year, month, day = elem.findtext("Year"), elem.findtext("Month"), elem.findtext("Day")
    if not (year and month and day):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _period_start(period: Element) -> date | None:
    """The first full date a DatePeriod gives for its start."""
    start = period.find("Start")
    if start is None:
        return _ymd(period.find("From"))
    return _ymd(start.find("From")) or _ymd(start.find("To"))


def _period_end(period: Element) -> date | None:
    """The last full date a DatePeriod gives for its end (its start when it has no end)."""
    end = period.find("End")
    if end is None:
        return _period_start(period)
    return _ymd(end.find("To")) or _ymd(end.find("From"))


def birth_of_period(first: date, last: date) -> str:
    """A date of birth as a period states it: one day, a whole month (``1977-06``), a whole
    year (``1945``) or a span of years (``1958/1961``)."""
    if first == last:
        return first.isoformat()
    whole_month = first.day == 1 and (last + timedelta(days=1)).day == 1
    if first.year == last.year and first.month == last.month and whole_month:
        return first.isoformat()[:7]
    if first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12,
                                                                                     31):
        return str(first.year)
    return f"{first.year}/{last.year}"


def _read_party(elem: Element, line: int) -> _Party:
    """A DistinctParty reduced to its profile, its names' parts and its features."""
    profile = elem.find("Profile")
    if profile is None:
        raise ValueError("DistinctParty without a Profile")
    identity = profile.find("Identity")
    party = _Party(
        profile_id=profile.get("ID", elem.get("FixedRef", "")),
        line=line,
        subtype_id=profile.get("PartySubTypeID", ""),
        identity_id=identity.get("ID", "") if identity is not None else "",
        comment=(elem.findtext("Comment") or profile.findtext("Comment") or "").strip(),
    )
    if identity is not None:
        _read_names(identity, party)
    for feature in profile.iterfind("Feature"):
        _read_feature(feature, party.features)
    return party


def _read_names(identity: Element, party: _Party) -> None:
    """The identity's name-part groups, and each alias with its documented names."""
    for group in identity.iterfind("NamePartGroups/MasterNamePartGroup/NamePartGroup"):
        party.groups[group.get("ID", "")] = group.get("NamePartTypeID", "")
    for alias in identity.iterfind("Alias"):
        party.aliases.append(
            (
                alias.get("AliasTypeID", ""),
                alias.get("Primary", "").lower() == "true",
                alias.get("LowQuality", "").lower() == "true",
                [_name_parts(doc_name) for doc_name in alias.iterfind("DocumentedName")],
            )
        )


def _name_parts(doc_name: Element) -> list[tuple[str, str, str]]:
    """A documented name's non-empty parts, as (name-part group id, script id, text)."""
    parts = [
        (v.get("NamePartGroupID", ""), v.get("ScriptID", ""), (v.text or "").strip())
        for v in doc_name.iterfind("DocumentedNamePart/NamePartValue")
    ]
    return [p for p in parts if p[2]]


def _read_feature(feature: Element, out: list[tuple[str, str, str]]) -> None:
    """Each version of a feature as (type id, kind, value): location, date, ref or text."""
    type_id = feature.get("FeatureTypeID", "")
    for version in feature.iterfind("FeatureVersion"):
        loc = version.find("VersionLocation")
        if loc is not None:
            out.append((type_id, "location", loc.get("LocationID", "")))
        period = version.find("DatePeriod")
        if period is not None:
            day, last = _period_start(period), _period_end(period)
            if day is not None:
                out.append((type_id, "date", day.isoformat()))
            if day is not None and last is not None:
                out.append((type_id, "period", birth_of_period(day, last)))
        detail = version.find("VersionDetail")
        if detail is not None:
            ref_id = detail.get("DetailReferenceID")
            if ref_id:
                out.append((type_id, "ref", ref_id))
            elif detail.text and detail.text.strip():
                out.append((type_id, "text", detail.text.strip()))


def _collect_party(data: _Advanced, elem: Element, line: int) -> None:
    """A DistinctParty, reduced (see :func:`_read_party`)."""
    data.parties.append(_read_party(elem, line))


def _collect_refs(data: _Advanced, elem: Element, line: int) -> None:
    """ReferenceValueSets: every coded value, by kind and id, with its attributes."""
    for group in elem:
        kind = group.tag[: -len(_REF_SUFFIX)] if group.tag.endswith(_REF_SUFFIX) else ""
        table = data.refs.setdefault(kind or group.tag, {})
        for item in group:
            table[item.get("ID", "")] = ((item.text or "").strip(), dict(item.attrib))


def _collect_location(data: _Advanced, elem: Element, line: int) -> None:
    """A Location: its country, and its parts that have a value."""
    loc_id = elem.get("ID", "")
    country = elem.find("LocationCountry")
    if country is not None:
        data.location_countries[loc_id] = country.get("CountryID", "")
    for part in elem.iterfind("LocationPart"):
        # A location with no country but a REGION part ("Region: Gaza" in the CSV).
        text = (part.findtext("LocationPartValue/Value") or "").strip()
        if text:
            data.location_parts.setdefault(loc_id, []).append(
                (part.get("LocPartTypeID", ""), text)
            )


def _collect_document(data: _Advanced, elem: Element, line: int) -> None:
    """An IDRegDocument: its type, number and issuing country, under its identity."""
    data.docs.setdefault(elem.get("IdentityID", ""), []).append(
        (
            elem.get("IDRegDocTypeID", ""),
            (elem.findtext("IDRegistrationNo") or "").strip(),
            elem.get("IssuedBy-CountryID", ""),
        )
    )


def _collect_relation(data: _Advanced, elem: Element, line: int) -> None:
    """A ProfileRelationship: the profile it is from and the one it is to."""
    data.relations.append((elem.get("From-ProfileID", ""), elem.get("To-ProfileID", "")))


def _collect_sanctions(data: _Advanced, elem: Element, line: int) -> None:
    """A SanctionsEntry: its list and its program codes, under its profile."""
    programs = [
        (m.findtext("Comment") or "").strip()
        for m in elem.iterfind("SanctionsMeasure")
        if data.ref("SanctionsType", m.get("SanctionsTypeID")) == "Program"
    ]
    data.sanctions.setdefault(elem.get("ProfileID", ""), []).append(
        (elem.get("ListID", ""), [p for p in programs if p])
    )


def _collect_issued(data: _Advanced, elem: Element, line: int) -> None:
    """DateOfIssue: the publication date."""
    data.issued = _ymd(elem)


#: What each advanced record element is filed as.
_COLLECTORS: dict[str, Callable[[_Advanced, Element, int], None]] = {
    "DateOfIssue": _collect_issued,
    "ReferenceValueSets": _collect_refs,
    "Location": _collect_location,
    "IDRegDocument": _collect_document,
    "DistinctParty": _collect_party,
    "ProfileRelationship": _collect_relation,
    "SanctionsEntry": _collect_sanctions,
}
_ADVANCED_RECORDS = frozenset(_COLLECTORS)


def _collect(data: _Advanced, path: Path) -> Callable[[str, int, Element], None]:
    """The stream handler that files each advanced record into ``data``."""

    def handle(tag: str, line: int, elem: Element) -> None:
        collector = _COLLECTORS.get(tag)
        if collector is None:
            return
        try:
            collector(data, elem, line)
        except ValueError as exc:
            raise SourceError(path, f"bad {tag}: {exc}", line=line) from None

    return handle


def _compose(data: _Advanced, party: _Party, parts: list[tuple[str, str, str]]) -> str:
    """A name from its parts: ``last names, the rest`` (as the CSV prints it)."""
    last: list[str] = []
    rest: list[str] = []
    for group_id, _script, text in parts:
        part_type = data.ref("NamePartType", party.groups.get(group_id))
        (last if part_type == "Last Name" else rest).append(text)
    if last:
        return f"{' '.join(last)}, {' '.join(rest)}" if rest else " ".join(last)
    return " ".join(rest)


def _script_kind(data: _Advanced, parts: list[tuple[str, str, str]]) -> NameKind | None:
    """None for Latin script (or unknown); CHINESE for Han; ALIAS for any other script."""
    script = data.ref("Script", parts[0][1]).lower() if parts else ""
    if not script or "latin" in script:
        return None
    if "chinese" in script or "han" in script:
        return NameKind.CHINESE
    return NameKind.ALIAS


_LOCATION_FACTS = frozenset(
    {
        "Nationality Country",
        "Citizenship Country",
        "Nationality of Registration",
        "Registration Country",
    }
)


def _location_country(data: _Advanced, loc_id: str) -> str:
    """A location's country, else ``Region: ...`` from its REGION part ('' if neither)."""
    country = data.country(data.location_countries.get(loc_id))
    if country:
        return country
    for part_type, value in data.location_parts.get(loc_id, ()):
        if data.ref("LocPartType", part_type).upper() == "REGION":
            return f"Region: {value}"
    return ""


def _party_names(data: _Advanced, party: _Party) -> str:
    """The party's primary Latin-script name, else its first documented name."""
    for alias_type, primary, _low, names in party.aliases:
        if primary and data.ref("AliasType", alias_type) == "Name":
            for parts in names:
                if _script_kind(data, parts) is None:
                    return _compose(data, party, parts)
    for _type, _primary, _low, names in party.aliases:
        for parts in names:
            return _compose(data, party, parts)
    return ""


def _build_advanced(path: Path, data: _Advanced) -> list[ListEntry]:
    """A ListEntry per sanctioned party, every reference resolved."""
    primary_names = {p.profile_id: _party_names(data, p) for p in data.parties}
    linked = _linked_names(data, primary_names)
    entries: list[ListEntry] = []
    for party in data.parties:
        sanctions = data.sanctions.get(party.profile_id)
        if not sanctions:
            continue  # referenced (e.g. a link target) but not listed in this file
        name = primary_names[party.profile_id]
        if not name:
            raise SourceError(path, "DistinctParty without a name", line=party.line)
        links = linked.get(party.profile_id, [])
        entries.append(_advanced_entry(data, party, name, sanctions, links))
    return entries


def _linked_names(data: _Advanced, primary_names: dict[str, str]) -> dict[str, list[str]]:
    """Per profile, the names of the profiles it is related to."""
    linked: dict[str, list[str]] = {}
    for source, target in data.relations:
        name = primary_names.get(target)
        if name:
            linked.setdefault(source, []).append(name)
    return linked


def _party_type(data: _Advanced, party: _Party) -> str:
    """The party's subtype, or its type when the subtype is missing or ``Unknown``."""
    subtype = data.ref("PartySubType", party.subtype_id)
    if not subtype or subtype == "Unknown":
        subtype = data.ref(
            "PartyType", data.ref_attr("PartySubType", party.subtype_id, "PartyTypeID")
        )
    return subtype


def _advanced_entry(
    data: _Advanced,
    party: _Party,
    name: str,
    sanctions: list[tuple[str, list[str]]],
    linked: list[str],
) -> ListEntry:
    """One sanctioned party as a ListEntry: its list, programs, aliases and facts."""
    subtype = _party_type(data, party)
    programs: list[str] = []
    list_names: list[str] = []
    for list_ref, codes in sanctions:
        list_names.append(data.ref("List", list_ref))
        programs.extend(c for c in codes if c not in programs)
    builder = EntryBuilder(
        party.profile_id, name, subtype, programs, line=party.line, remarks=party.comment
    )
    _add_party_aliases(builder, data, party, name)
    _add_party_features(builder, data, party)
    for type_id, number, country_id in data.docs.get(party.identity_id, ()):
        builder.add_fact(
            canonical_label(data.ref("IDRegDocType", type_id)), number, data.country(country_id)
        )
    for target_name in linked:
        builder.add_fact(LINKED_TO, target_name)
    return builder.build(_advanced_list_id(list_names, programs))


def _add_party_aliases(builder: EntryBuilder, data: _Advanced, party: _Party, name: str) -> None:
    """Every documented name but the primary one: other scripts by script, the rest by type."""
    for alias_type, primary, low, names in party.aliases:
        type_text = data.ref("AliasType", alias_type)
        for parts in names:
            text = _compose(data, party, parts)
            script = _script_kind(data, parts)
            if script is not None:
                builder.add_alias(text, script)
            elif not (primary and type_text == "Name" and text == name):
                builder.add_alias(text, alias_kind(type_text), weak=low)


def _add_party_features(builder: EntryBuilder, data: _Advanced, party: _Party) -> None:
    """The party's features: location countries and addresses, the vessel flag, other facts."""
    for type_id, kind, value in party.features:
        label = canonical_label(data.ref("FeatureType", type_id))
        if kind == "location":
            country = _location_country(data, value)
            if label == "Place of Birth":
                parts = [text for _, text in data.location_parts.get(value, ())]
                builder.add_fact("POB", ", ".join([*parts, country] if country else parts))
            elif label in _LOCATION_FACTS:
                builder.add_fact(label, country)
            elif label == "Location":
                builder.add_address(country, _int(value))
            continue
        if kind == "period":
            if label == "Birthdate":
                builder.add_fact("DOB", value)
            continue
        text = data.ref("DetailReference", value) if kind == "ref" else value
        if label == "Vessel Flag":
            builder.vessel_flag = text
        else:
            builder.add_fact(label, text)


def _advanced_list_id(list_names: list[str], programs: list[str]) -> str:
    """The one specific list named; else SDN if named; else the list of the programs."""
    specific = {lists.list_id_for_list_name(n) for n in list_names} - {None}
    if len(specific) == 1:
        return str(next(iter(specific)))
    if lists.SDN in specific:
        return lists.SDN
    return lists.cons_list_id(programs)


def read_advanced(path: PathArg) -> list[ListEntry]:
    """Read ``SDN_ADVANCED.XML`` or ``CONS_ADVANCED.XML``; the list comes from each entry's
    ``SanctionsEntry`` list (``Non-SDN CMIC List`` -> ``ofac-ns-cmic``), falling back to its
    programs when an entry is on several non-SDN lists."""
    file = Path(path)
    data = _Advanced()
    _stream(file, _ADVANCED_RECORDS, _collect(data, file), (ADVANCED_ROOT,))
    return _some(file, _build_advanced(file, data), "sanctioned DistinctParty")


# -- both -------------------------------------------------------------------------------------

_ROOT_RE = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")


def sniff_root(head: bytes) -> str:
    """The root element name in the first bytes of an XML file ('' if none seen)."""
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.DOTALL)
    match = _ROOT_RE.search(text)
    return match.group(2).decode("ascii") if match else ""


def read(path: PathArg, *, consolidated: bool | None = None) -> list[ListEntry]:
    """Read any OFAC XML file, classic or advanced (told apart by the root element)."""
    file = Path(path)
    check_file(file)
    try:
        with file.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SourceError(file, f"cannot read: {exc.strerror or exc}") from None
    if sniff_root(head) == ADVANCED_ROOT:
        return read_advanced(file)
    return read_classic(file, consolidated=consolidated)


def publication_date(path: PathArg) -> date | None:
    """``Publish_Date`` (classic) or ``DateOfIssue`` (advanced); None if the file has none.

    Stops reading at the first entry, so it is cheap even on the largest files.
    """
    file = Path(path)
    found: list[date | None] = []

    def handle(tag: str, line: int, elem: Element) -> None:
        if tag == "publshInformation":
            found.append(parse_date(_text(elem, "Publish_Date")))
        else:
            found.append(_ymd(elem))
        raise _Stop

    _stream(
        file,
        frozenset({"publshInformation", "DateOfIssue"}),
        handle,
        (CLASSIC_ROOT, ADVANCED_ROOT),
        stop_on=frozenset({"sdnEntry", "ReferenceValueSets", "DistinctParties"}),
    )
    return found[0] if found else None
