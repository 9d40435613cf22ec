"""FollowTheMoney (FtM) entity JSON lines: read into ListEntries, and export.

FtM is the entity format of OpenSanctions, nomenklatura and Aleph: one JSON object per line,
``{"id", "schema", "properties": {name: [values]}, ...}``; OpenSanctions exports add
``caption``, ``datasets``, ``referents``, ``first_seen`` ... Designations are separate
``Sanction`` entities pointing at their subject through ``entity``; ownership is an
``Ownership`` entity (``owner`` -> ``asset``).

:func:`read` turns each party (``Company``, ``Organization``, ``LegalEntity``, ``PublicBody``,
``Person``, ``Vessel``, ``Airplane``) into a ListEntry, with the programs and dates of the
Sanctions that point at it. :func:`write_ftm` goes the other way, from listguard's model
(or plain dicts of the same fields) to FtM JSON lines. Neither needs the ``followthemoney``
package; the tests use it, when installed, to validate what :func:`write_ftm` writes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from listguard.model import (
    Entity,
    Event,
    EventKind,
    Identifier,
    IdScheme,
    Link,
    ListEntry,
    ListInfo,
    Name,
    NameKind,
)
from listguard.normalize import country_code
from listguard.sources._ids import clean_isin, clean_lei, clean_ticker, clean_uscc
from listguard.sources._io import (
    PathArg,
    RowCount,
    check_json_fields,
    read_text,
    text_lines,
)
from listguard.sources.errors import SourceError
from listguard.sources.ofac.remarks import parse_birth

#: FtM party schemata read, and the ListEntry.entity_kind each becomes.
PARTY_SCHEMATA: dict[str, str] = {
    "Company": "company",
    "Organization": "company",
    "LegalEntity": "company",
    "PublicBody": "company",
    "Person": "person",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
#: OpenSanctions dataset names that are one of listguard's lists.
DATASET_LIST_IDS: dict[str, str] = {
    "us_ofac_sdn": "ofac-sdn",
    "us_ofac_cons": "ofac-cons",
    "us_dod_chinese_milcorps": "dod-1260h",
    "us_bis_denied": "bis-denied",
    "us_trade_csl": "csl",
}

_ALIAS_PROPS = (
    ("alias", NameKind.ALIAS),
    ("weakAlias", NameKind.ALIAS),
    ("previousName", NameKind.FORMER),
    ("abbreviation", NameKind.ACRONYM),
)
_ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


# -- reading ----------------------------------------------------------------------------------


def _values(props: Mapping[str, Any], name: str) -> list[str]:
    """A property's non-blank values, stripped (FtM properties are lists; one value is too)."""
    raw = props.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def _day(text: str) -> date | None:
    """The day an FtM date starts with (``2021-06-03``, ``2021-06-03T...``); None if partial."""
    if not _ISO_DAY_RE.match(text):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _load_lines(file: Path) -> list[tuple[int, dict[str, Any]]]:
    """Every non-blank line as ``(line number, entity)``; SourceError for a file of none."""
    text = read_text(file, encodings=("utf-8",))
    out: list[tuple[int, dict[str, Any]]] = []
    count = RowCount(file)
    for number, line in text_lines(file, text):
        if line.strip():
            count.add(number)
            out.append((number, _entity(file, number, line)))
    if not out:
        raise SourceError(file, "no entities (only blank lines)")
    return out


def _entity(file: Path, number: int, line: str) -> dict[str, Any]:
    """One line as an FtM entity dict, or SourceError naming the line (and field)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SourceError(
            file, f"bad JSON ({exc.msg} at column {exc.colno}; file truncated?)", line=number
        ) from None
    except RecursionError:
        raise SourceError(file, "JSON nested too deeply (not FtM JSON)", line=number) from None
    if not isinstance(obj, dict):
        raise SourceError(file, "a line is not a JSON object (not FtM JSON lines)", line=number)
    for key in ("id", "schema"):
        if not isinstance(obj.get(key), str) or not obj[key]:
            raise SourceError(file, f"entity without {key!r}", line=number, field=key)
    if not isinstance(obj.get("properties", {}), dict):
        raise SourceError(file, "'properties' is not an object", line=number, field="properties")
    check_json_fields(file, obj, number, len(line))
    return obj


def _default_list_id(obj: Mapping[str, Any]) -> str:
    """The list of an entity's first dataset (see :data:`DATASET_LIST_IDS`), or ``ftm``."""
    datasets = obj.get("datasets") or []
    if isinstance(datasets, list) and datasets:
        first = str(datasets[0])
        return DATASET_LIST_IDS.get(first, first)
    return "ftm"


_Dated = list[tuple[EventKind, date, str]]

#: Identifier properties read, with the scheme each gives and its cleaner.
_ID_PROPS: tuple[tuple[str, IdScheme, Callable[[str], str | None]], ...] = (
    ("isinCode", IdScheme.ISIN, clean_isin),
    ("ticker", IdScheme.TICKER, clean_ticker),
    ("leiCode", IdScheme.LEI, clean_lei),
    ("uscCode", IdScheme.USCC, clean_uscc),
)
#: Properties that may name a party's country, most telling first.
_COUNTRY_PROPS = ("country", "jurisdiction", "mainCountry", "nationality", "citizenship")


@dataclass(frozen=True, slots=True)
class _Graph:
    """A file's entities by id, with the Sanctions and the owners pointing at each."""

    by_id: dict[str, dict[str, Any]]
    sanctions: dict[str, list[dict[str, Any]]]
    owners: dict[str, list[str]]


def _graph(records: list[tuple[int, dict[str, Any]]]) -> _Graph:
    """Index the entities by id, the Sanctions by target and the owners by asset."""
    sanctions: dict[str, list[dict[str, Any]]] = {}
    owners: dict[str, list[str]] = {}
    for _, obj in records:
        props = obj.get("properties") or {}
        if obj["schema"] == "Sanction":
            for target in _values(props, "entity"):
                sanctions.setdefault(target, []).append(obj)
        elif obj["schema"] == "Ownership":
            for asset in _values(props, "asset"):
                owners.setdefault(asset, []).extend(_values(props, "owner"))
    return _Graph({obj["id"]: obj for _, obj in records}, sanctions, owners)


def read(path: PathArg, *, list_id: str | None = None) -> list[ListEntry]:
    """One ListEntry per party entity (Company, Organization, LegalEntity, PublicBody, Person,
    Vessel, Airplane) in an FtM JSON-lines file.

    ``list_id`` defaults to the entity's first ``datasets`` value (mapped through
    :data:`DATASET_LIST_IDS`, e.g. ``us_ofac_sdn`` -> ``ofac-sdn``), or ``ftm``. Programs and
    dates come from the ``Sanction`` entities pointing at the party: ``listingDate`` (or,
    without one, ``startDate``) is a LISTED event; other sanction dates and the party's
    ``createdAt`` are NOTEs. Owners named by ``Ownership`` entities become ``linked_to``.
    """
    file = Path(path)
    records = _load_lines(file)
    graph = _graph(records)
    entries: list[ListEntry] = []
    for line, obj in records:
        kind = PARTY_SCHEMATA.get(obj["schema"])
        if kind is not None:
            entries.append(_party_entry(file, line, obj, kind, graph, list_id))
    return entries


def _party_entry(
    file: Path, line: int, obj: dict[str, Any], kind: str, graph: _Graph, list_id: str | None
) -> ListEntry:
    """One party entity as a ListEntry, with its Sanctions' programs and dates and its owners."""
    props = obj.get("properties") or {}
    names = _values(props, "name")
    primary = _primary_name(file, line, obj, names)
    aliases = _aliases(props, names, primary)
    programs, events = _sanction_facts(graph.sanctions.get(obj["id"], ()))
    _add_new(programs, _values(props, "programId"))
    events.extend(_created_events(props))
    return ListEntry(
        list_id=list_id or _default_list_id(obj),
        entry_id=obj["id"],
        name=primary,
        entity_kind=kind,
        aliases=tuple(dict.fromkeys(a for a in aliases if a[0] != primary)),
        identifiers=tuple(dict.fromkeys(_identifiers(props))),
        programs=tuple(programs),
        country=_country(props),
        linked_to=tuple(_owner_labels(graph, obj["id"])),
        events=tuple(sorted(set(events), key=lambda e: (e[1], e[2]))),
        remarks="; ".join(_values(props, "notes")),
        source_line=line,
        birth_dates=tuple(dict.fromkeys(
            b for b in map(parse_birth, _values(props, "birthDate")) if b)),
    )


def _primary_name(file: Path, line: int, obj: Mapping[str, Any], names: list[str]) -> str:
    """The caption when it is one of the names, else the first name; SourceError for none."""
    caption = str(obj.get("caption") or "").strip()
    primary = caption if caption in names else (names[0] if names else caption)
    if not primary:
        raise SourceError(
            file, f"{obj['schema']} {obj['id']} has no name", line=line, field="name"
        )
    return primary


def _aliases(
    props: Mapping[str, Any], names: list[str], primary: str
) -> list[tuple[str, NameKind]]:
    """The other names (aliases), then the alias, previous-name and abbreviation properties."""
    aliases = [(other, NameKind.ALIAS) for other in names if other != primary]
    for prop, name_kind in _ALIAS_PROPS:
        aliases.extend((v, name_kind) for v in _values(props, prop))
    return aliases


def _identifiers(props: Mapping[str, Any]) -> list[tuple[IdScheme, str]]:
    """The valid ISINs, tickers, LEIs and USCCs (also those given as registration numbers)."""
    identifiers: list[tuple[IdScheme, str]] = []
    for prop, scheme, clean in _ID_PROPS:
        for value in _values(props, prop):
            found = clean(value)
            if found:
                identifiers.append((scheme, found))
    for value in _values(props, "registrationNumber"):
        # A Chinese Unified Social Credit Code is 18 characters; other registration
        # numbers have no IdScheme of their own.
        if len(value.replace(" ", "")) == 18 and (uscc := clean_uscc(value)):
            identifiers.append((IdScheme.USCC, uscc))
    return identifiers


def _country(props: Mapping[str, Any]) -> str:
    """The first value of the country properties that is a country, as its code ('' if none)."""
    for prop in _COUNTRY_PROPS:
        for value in _values(props, prop):
            country = country_code(value)
            if country:
                return country
    return ""


def _sanction_facts(sanctions: Iterable[Mapping[str, Any]]) -> tuple[list[str], _Dated]:
    """The programs (in order, once each) and the dated events of a party's Sanctions."""
    programs: list[str] = []
    events: _Dated = []
    for sanction in sanctions:
        sprops = sanction.get("properties") or {}
        _add_new(programs, _values(sprops, "programId") or _values(sprops, "program"))
        events.extend(_sanction_events(sanction, sprops))
    return programs, events


def _add_new(items: list[str], values: Iterable[str]) -> None:
    """Append each of ``values`` not yet in ``items``."""
    for value in values:
        if value not in items:
            items.append(value)


def _sanction_events(sanction: Mapping[str, Any], sprops: Mapping[str, Any]) -> _Dated:
    """A Sanction's dates: ``listingDate`` (else ``startDate``) LISTED, the others NOTEs."""
    source = ", ".join(sanction.get("datasets") or []) or "FtM"
    listed = [d for v in _values(sprops, "listingDate") if (d := _day(v))]
    started = [d for v in _values(sprops, "startDate") if (d := _day(v))]
    events: _Dated = [(EventKind.LISTED, day, f"{source}: Sanction listingDate") for day in listed]
    start_kind = EventKind.NOTE if listed else EventKind.LISTED
    events.extend((start_kind, day, f"{source}: Sanction startDate") for day in started)
    for value in _values(sprops, "endDate"):
        if (ended := _day(value)) is not None:
            events.append((EventKind.NOTE, ended, f"{source}: Sanction endDate"))
    return events


def _created_events(props: Mapping[str, Any]) -> _Dated:
    """The party's ``createdAt`` days, as NOTEs."""
    return [
        (EventKind.NOTE, created, "FtM: createdAt")
        for value in _values(props, "createdAt")
        if (created := _day(value)) is not None
    ]


def _owner_labels(graph: _Graph, entity_id: str) -> list[str]:
    """The caption (else first name) of each owner of ``entity_id`` in the file, once each."""
    linked: list[str] = []
    for owner_id in graph.owners.get(entity_id, ()):
        owner = graph.by_id.get(owner_id)
        if owner is not None:
            owner_names = _values(owner.get("properties") or {}, "name")
            label = str(owner.get("caption") or "") or (owner_names[0] if owner_names else "")
            if label and label not in linked:
                linked.append(label)
    return linked


def publication_date(path: PathArg) -> date | None:
    """FtM files state no publication date."""
    return None


# -- writing ----------------------------------------------------------------------------------

_ID_BAD_RE = re.compile(r"[^0-9a-zA-Z.\-]+")
_KIND_SCHEMA = {
    "company": "Company",
    "person": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "organization": "Organization",
}
_IDENTIFIER_PROPS = {
    IdScheme.ISIN: "isinCode",
    IdScheme.LEI: "leiCode",
    IdScheme.USCC: "registrationNumber",
    IdScheme.TICKER: "ticker",
}
#: Properties every exported party schema accepts.
_PARTY_PROPS = frozenset({"name", "alias", "previousName", "country", "notes", "topics"})
#: Properties each exported schema accepts (the subset write_ftm uses).
_SCHEMA_PROPS = {
    "Company": _PARTY_PROPS | {"isinCode", "leiCode", "registrationNumber", "ticker"},
    "Organization": _PARTY_PROPS | {"leiCode", "registrationNumber"},
    "LegalEntity": _PARTY_PROPS | {"leiCode", "registrationNumber"},
    "Person": _PARTY_PROPS | {"leiCode"},
    "Vessel": _PARTY_PROPS | {"registrationNumber"},
    "Airplane": _PARTY_PROPS | {"registrationNumber"},
}
_END_KINDS = (EventKind.REMOVED, EventKind.VACATED, EventKind.SUPERSEDED)
_START_KINDS = (EventKind.LISTED, EventKind.REDESIGNATED)


def make_id(*parts: str) -> str:
    """An FtM-valid entity id (letters, digits, ``.`` and ``-``) from readable parts."""
    text = _ID_BAD_RE.sub("-", "-".join(p for p in parts if p)).strip("-.").lower()
    if not text or len(text) > 200:
        return "lg-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()
    return text


def _hashed_id(prefix: str, *parts: str) -> str:
    """``prefix`` and a short hash of ``parts``: the id of a Sanction or an Ownership."""
    return f"{prefix}-{hashlib.sha1(chr(31).join(parts).encode()).hexdigest()[:24]}"


#: Which model class a plain dict is, by the keys it carries: the first match wins.
_DICT_CLASSES: tuple[tuple[frozenset[str], type[Any]], ...] = (
    (frozenset({"subject_id", "object_id"}), Link),
    (frozenset({"entity_id", "scheme", "value"}), Identifier),
    (frozenset({"entity_id", "list_id", "kind", "effective"}), Event),
    (frozenset({"list_id", "entry_id", "name"}), ListEntry),
    (frozenset({"entity_id", "name"}), Name),
    (frozenset({"id", "name", "authority"}), ListInfo),
    (frozenset({"id", "name"}), Entity),
)


def _from_dict(data: Mapping[str, Any]) -> object:
    """A plain dict as the model dataclass whose fields it carries (or an FtM dict as is)."""
    keys = set(data)
    if {"schema", "properties", "id"} <= keys:
        return dict(data)
    cls = next((c for wanted, c in _DICT_CLASSES if wanted <= keys), None)
    if cls is None:
        raise ValueError(f"cannot tell what this dict is: keys {sorted(keys)}")
    allowed = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k in allowed}
    if cls is Identifier:
        values["scheme"] = IdScheme(values["scheme"])
    elif cls is Name and "kind" in values:
        values["kind"] = NameKind(values["kind"])
    elif cls is Event:
        _event_values(values)
    return cls(**values)


def _event_values(values: dict[str, Any]) -> None:
    """Turn a plain Event dict's kind, effective and published values into model types."""
    values["kind"] = EventKind(values["kind"])
    effective = values["effective"]
    if isinstance(effective, str):
        from listguard.timeutil import parse_effective

        values["effective"] = parse_effective(effective)
    published = values.get("published")
    if isinstance(published, str):
        values["published"] = date.fromisoformat(published)
    elif published is None:
        from listguard.timeutil import ny_date

        values["published"] = ny_date(values["effective"])


def _iso(value: date | datetime) -> str:
    """The ISO day of a date, or of a datetime in New York."""
    if isinstance(value, datetime):
        from listguard.timeutil import ny_date

        return ny_date(value).isoformat()
    return value.isoformat()


class _Out:
    """The FtM entities being written, by id."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = {}

    def add(self, entity_id: str, schema: str, **props: Iterable[str] | str) -> dict[str, Any]:
        """The entity ``entity_id`` (made if new), with ``props`` added to it."""
        obj = self.entities.get(entity_id)
        if obj is None:
            obj = {"id": entity_id, "schema": schema, "properties": {}}
            self.entities[entity_id] = obj
        for prop, raw in props.items():
            self.put(obj, prop, raw)
        return obj

    @staticmethod
    def put(obj: dict[str, Any], prop: str, raw: Iterable[str] | str) -> None:
        """Add the new non-blank values to a property the entity's schema accepts."""
        allowed = _SCHEMA_PROPS.get(obj["schema"])
        if allowed is not None and prop not in allowed:
            return
        values = [raw] if isinstance(raw, str) else list(raw)
        bucket: list[str] = obj["properties"].setdefault(prop, [])
        for value in values:
            text = str(value).strip()
            if text and text not in bucket:
                bucket.append(text)
        if not bucket:
            del obj["properties"][prop]

    def party(
        self,
        ent_id: str,
        kind: str,
        name: str,
        country: str,
        notes: str,
        aliases: Iterable[tuple[str, NameKind]],
        ids: Iterable[tuple[IdScheme, str]],
    ) -> dict[str, Any]:
        """A party (schema by ``kind``) with its country, notes, aliases and identifiers."""
        obj = self.add(ent_id, _KIND_SCHEMA.get(kind, "LegalEntity"), name=name)
        code = country_code(country) if country else ""
        if code:
            self.put(obj, "country", code.lower())
        if notes:
            self.put(obj, "notes", notes)
        for alias, name_kind in aliases:
            if alias == name:
                continue
            self.put(obj, "previousName" if name_kind is NameKind.FORMER else "alias", alias)
        for scheme, value in ids:
            prop = _IDENTIFIER_PROPS.get(scheme)
            if prop:
                self.put(obj, prop, value)
        return obj

    def sanction(
        self,
        sanction_id: str,
        ent_ref: str,
        list_id: str,
        info: ListInfo | None,
        program: list[str],
        **props: Iterable[str],
    ) -> None:
        """A Sanction on ``ent_ref`` under ``list_id``, with the list's authority and URL."""
        self.add(
            sanction_id,
            "Sanction",
            entity=[ent_ref],
            program=program,
            programId=[list_id],
            authority=[info.authority] if info else [],
            sourceUrl=[info.url] if info and info.url else [],
            **props,
            country=["us"],
        )

    def dump(self, fh: TextIO) -> int:
        """Write every entity as a JSON line, sorted by id; returns how many."""
        count = 0
        for ent_id in sorted(self.entities):
            obj = self.entities[ent_id]
            fh.write(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=_json_default))
            fh.write("\n")
            count += 1
        return count


@dataclass(slots=True)
class _Model:
    """The model objects given to :func:`write_ftm`, sorted by kind."""

    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[str, list[Name]] = field(default_factory=dict)
    idents: dict[str, list[Identifier]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    events: dict[tuple[str, str], list[Event]] = field(default_factory=dict)
    infos: dict[str, ListInfo] = field(default_factory=dict)
    list_entries: list[ListEntry] = field(default_factory=list)

    def add(self, obj: object) -> None:
        """File one model object under its kind; TypeError for anything else."""
        if isinstance(obj, Entity):
            self.entities[obj.id] = obj
        elif isinstance(obj, Name):
            self.names.setdefault(obj.entity_id, []).append(obj)
        elif isinstance(obj, Identifier):
            self.idents.setdefault(obj.entity_id, []).append(obj)
        elif isinstance(obj, Link):
            self.links.append(obj)
        elif isinstance(obj, Event):
            if obj.entity_id:
                self.events.setdefault((obj.entity_id, obj.list_id), []).append(obj)
        elif isinstance(obj, ListInfo):
            self.infos[obj.id] = obj
        elif isinstance(obj, ListEntry):
            self.list_entries.append(obj)
        else:
            raise TypeError(f"write_ftm cannot export {type(obj).__name__}")


def write_ftm(objects: Iterable[object], fh: TextIO) -> int:
    """Write FtM JSON lines for listguard model objects; returns the number of entities.

    Accepts :class:`~listguard.model.Entity`, ``Name``, ``Identifier``, ``Link``, ``Event``,
    ``ListInfo`` and ``ListEntry`` objects, plain dicts with the same fields, and ready FtM
    dicts (``id``/``schema``/``properties``, passed through). Produces:

    * a ``Company`` (``Person``/``Vessel``/``Airplane`` by kind) per entity, with ``name``,
      ``alias`` (aliases, issuer names, acronyms, Chinese names), ``previousName``,
      ``isinCode``, ``leiCode``, ``ticker``, ``registrationNumber`` (USCC) and ``country``;
    * a ``Sanction`` per entity and list: ``entity``, ``program``/``programId`` (the list),
      ``authority`` and ``sourceUrl`` (from the ListInfo when given), ``startDate`` (listing
      or redesignation), ``endDate`` (removal, vacatur, supersession), ``listingDate`` (the
      day the listing was published), ``summary`` (citations);
    * an ``Ownership`` per link (``owner`` = the parent, ``asset`` = the subsidiary).

    Output is sorted by id, so the same input always writes the same file.
    """
    model = _Model()
    out = _Out()
    for item in objects:
        obj = _from_dict(item) if isinstance(item, Mapping) else item
        if isinstance(obj, dict):
            out.entities[str(obj["id"])] = obj
        else:
            model.add(obj)
    _write_entities(out, model)
    _write_event_sanctions(out, model)
    for entry in model.list_entries:
        _write_list_entry(out, entry, model.infos.get(entry.list_id))
    _write_ownerships(out, model.links)
    return out.dump(fh)


def _write_entities(out: _Out, model: _Model) -> None:
    """A party per registry entity, with its names and identifiers."""
    for ent in model.entities.values():
        out.party(
            make_id(ent.id),
            ent.kind,
            ent.name,
            ent.country,
            ent.note,
            ((n.name, n.kind) for n in model.names.get(ent.id, ())),
            ((i.scheme, i.value) for i in model.idents.get(ent.id, ())),
        )


def _write_event_sanctions(out: _Out, model: _Model) -> None:
    """A Sanction per written entity and list, dated by the entity's events on that list."""
    for (entity_id, list_id), evs in model.events.items():
        ent_ref = make_id(entity_id)
        if ent_ref not in out.entities:
            continue
        authority_ids = (
            [i.value for i in model.idents.get(entity_id, ()) if i.scheme is IdScheme.OFAC_ENT]
            if list_id.startswith("ofac-")
            else []
        )
        info = model.infos.get(list_id)
        out.sanction(
            _hashed_id("lg-sanction", entity_id, list_id),
            ent_ref,
            list_id,
            info,
            [info.name if info else list_id],
            startDate=sorted(_iso(e.effective) for e in evs if e.kind in _START_KINDS),
            endDate=sorted(_iso(e.effective) for e in evs if e.kind in _END_KINDS),
            listingDate=sorted(e.published.isoformat() for e in evs if e.kind is EventKind.LISTED),
            summary=[e.citation for e in evs if e.citation],
            authorityId=authority_ids,
        )
        out.put(out.entities[ent_ref], "topics", "sanction")


def _write_list_entry(out: _Out, entry: ListEntry, info: ListInfo | None) -> None:
    """A party for one list entry, and its Sanction with the entry's programs and dates."""
    ent_ref = make_id(entry.list_id, entry.entry_id)
    party = out.party(
        ent_ref,
        entry.entity_kind,
        entry.name,
        entry.country,
        entry.remarks,
        entry.aliases,
        entry.identifiers,
    )
    out.put(party, "topics", "sanction")
    out.sanction(
        _hashed_id("lg-sanction", entry.list_id, entry.entry_id),
        ent_ref,
        entry.list_id,
        info,
        list(entry.programs) or [info.name if info else entry.list_id],
        startDate=sorted(d.isoformat() for k, d, _ in entry.events if k in _START_KINDS),
        endDate=sorted(d.isoformat() for k, d, _ in entry.events if k in _END_KINDS),
        summary=[note for k, _, note in entry.events if k is EventKind.NOTE and note],
        authorityId=[v for s, v in entry.identifiers if s is IdScheme.OFAC_ENT],
    )


def _write_ownerships(out: _Out, links: Iterable[Link]) -> None:
    """An Ownership per link: the parent (``object_id``) owns the subsidiary."""
    for link in links:
        owner, asset = make_id(link.object_id), make_id(link.subject_id)
        role = link.relation.replace("_", " ")
        out.add(
            _hashed_id("lg-ownership", link.subject_id, link.relation, link.object_id),
            "Ownership",
            owner=[owner],
            asset=[asset],
            role=[role],
            summary=[link.source] if link.source else [],
        )


def _json_default(value: object) -> object:
    """Enums as their values, dates as ISO text (for json.dumps)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
