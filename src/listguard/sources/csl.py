"""trade.gov Consolidated Screening List (CSL), CSV and JSON.

The CSL merges eleven-odd US lists (Commerce, State, Treasury) into one file; the ``source``
column says which list a row is from. Two formats:

* CSV download (``consolidated.csv``): a header row, one row per party; list-valued columns
  (``alt_names``, ``programs``, ``addresses``, ``ids`` ...) joined with ``; ``; an ``ids`` item
  is ``type, number, country`` (older files: ``country, number, type``).
* JSON (``consolidated.json`` and the search API): ``{"results": [{...}, ...]}`` with the same
  field names, list-valued fields as arrays, ``addresses`` as objects (``address``, ``city``,
  ``state``, ``postal_code``, ``country``) and ``ids`` as objects (``type``, ``number``,
  ``country``, ``issue_date``, ``expiration_date``).

OFAC rows carry OFAC's own id types (ISIN, Equity Ticker, Listing Date (CMIC) ...), so they go
through the same builder as the OFAC files. ``start_date`` becomes a LISTED event whose note
names the source and the Federal Register notice; ``end_date`` (when a denial order ends) is
kept as a NOTE.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from listguard.model import EventKind, ListEntry, NameKind
from listguard.sources._io import (
    PathArg,
    check_json_fields,
    check_rows,
    csv_records,
    csv_rows,
    read_text,
)
from listguard.sources.errors import SourceError
from listguard.sources.ofac._build import EntryBuilder
from listguard.sources.ofac.remarks import canonical_label, parse_date, split_programs

#: CSL ``source`` -> list id, for the exact names trade.gov uses.
SOURCE_LIST_IDS: dict[str, str] = {
    "Entity List (EL) - Bureau of Industry and Security": "bis-entity-list",
    "Military End User (MEU) List - Bureau of Industry and Security": "bis-meu",
    "Unverified List (UVL) - Bureau of Industry and Security": "bis-unverified",
    "Denied Persons List (DPL) - Bureau of Industry and Security": "bis-denied",
    "ITAR Debarred (DTC) - State Department": "ddtc-debarred",
    "Nonproliferation Sanctions (ISN) - State Department": "isn-nonproliferation",
    "Specially Designated Nationals (SDN) - Treasury Department": "ofac-sdn",
    "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department": (
        "ofac-ns-cmic"
    ),
    "Sectoral Sanctions Identifications List (SSI) - Treasury Department": "ofac-ssi",
    "Foreign Sanctions Evaders (FSE) - Treasury Department": "ofac-fse",
    "Palestinian Legislative Council List (PLC) - Treasury Department": "ofac-ns-plc",
    "Capta List (CAP) - Treasury Department": "ofac-capta",
    "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department": "ofac-ns-mbs",
}
#: The code in parentheses in ``source`` -> list id (for spellings not in SOURCE_LIST_IDS).
SOURCE_CODE_LIST_IDS: dict[str, str] = {
    "EL": "bis-entity-list",
    "MEU": "bis-meu",
    "UVL": "bis-unverified",
    "DPL": "bis-denied",
    "DTC": "ddtc-debarred",
    "ISN": "isn-nonproliferation",
    "SDN": "ofac-sdn",
    "CMIC": "ofac-ns-cmic",
    "SSI": "ofac-ssi",
    "FSE": "ofac-fse",
    "PLC": "ofac-ns-plc",
    "NS-PLC": "ofac-ns-plc",
    "NS-PLC LIST": "ofac-ns-plc",
    "CAP": "ofac-capta",
    "CAPTA": "ofac-capta",
    "MBS": "ofac-ns-mbs",
    "NS-MBS": "ofac-ns-mbs",
    "NS-MBS LIST": "ofac-ns-mbs",
}
LIST_IDS = tuple(dict.fromkeys(SOURCE_LIST_IDS.values()))
WHOLE_LIST_IDS = tuple(lst for lst in LIST_IDS if not lst.startswith("ofac-"))
"""The lists a whole CSL file is complete for: the Commerce and State lists. Its Treasury
entries are a reformatted copy that lags OFAC's own files, so a CSL file is never a full SDN
(or NS-CMIC) version: import OFAC's files for those."""

COLUMNS = (
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
REQUIRED_COLUMNS = ("source", "name")

_CODE_RE = re.compile(r"\(([^()]+)\)[\w\s]*-\s")
_SUCCESSOR_RE = re.compile(
    r"[;,]?\s*and any successors?,? sub-units?,? or subsidiar(?:y|ies) thereof\.?\s*$", re.I
)
_COUNTRY_CODE_RE = re.compile(r"^[A-Z]{2}$")
# CSL id types that carry facts the OFAC builder uses.
_FACT_TYPES = frozenset(
    {
        "ISIN",
        "Equity Ticker",
        "Issuer Name",
        "Legal Entity Number",
        "Unified Social Credit Code (USCC)",
        "Registration Number",
        "Registration ID",
        "Business Registration Number",
        "Tax ID No.",
        "Nationality of Registration",
        "Registration Country",
        "Listing Date (CMIC)",
        "Effective Date (CMIC)",
        "Purchase/Sales For Divestment Date (CMIC)",
    }
)
_KINDS = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}


def source_code(source: str) -> str:
    """``Entity List (EL) - Bureau ...`` -> ``EL``; '' when there is no code."""
    match = _CODE_RE.search(source)
    return match.group(1).strip() if match else ""


def list_id_for_source(source: str) -> str:
    """The list id of a CSL ``source`` value; ``csl-<code>`` for a source not known here."""
    text = " ".join(source.split())
    if text in SOURCE_LIST_IDS:
        return SOURCE_LIST_IDS[text]
    code = source_code(text)
    found = SOURCE_CODE_LIST_IDS.get(code.upper())
    if found:
        return found
    slug = re.sub(r"[^a-z0-9]+", "-", (code or text).lower()).strip("-")
    return f"csl-{slug or 'unknown'}"


def clean_name(name: str) -> str:
    """Drop ISN's "; and any successor, sub-unit, or subsidiary thereof" and stray spaces."""
    return " ".join(_SUCCESSOR_RE.sub("", name).split())


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _alias(text: str) -> str:
    text = text.strip()
    if text.lower().startswith("and "):
        text = text[4:].strip()
    return text


def _csv_id(item: str) -> tuple[str, str, str] | None:
    """``Passport, 836238033, KP`` / ``US, 80-0890696, Tax ID No.`` -> (type, number, country)."""
    parts = [p.strip() for p in item.split(",")]
    for index, part in enumerate(parts):
        label = canonical_label(part)
        if label in _FACT_TYPES:
            rest = parts[:index] + parts[index + 1 :]
            country = ""
            if rest and _COUNTRY_CODE_RE.match(rest[-1]) and len(rest) > 1:
                country = rest.pop()
            elif rest and _COUNTRY_CODE_RE.match(rest[0]) and len(rest) > 1:
                country = rest.pop(0)
            return label, ", ".join(rest), country
    return None


def _add_births(builder: EntryBuilder, births: object) -> None:
    """The ``dates_of_birth`` cell: ``;``-separated in the CSV, a list in the JSON."""
    items = births.split(";") if isinstance(births, str) else births or []
    for born in items if isinstance(items, list) else []:
        builder.add_fact("DOB", str(born))


def _stable_id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _entry(
    row: Mapping[str, Any],
    line: int,
    path: Path,
    addresses: Iterable[str],
    ids: Iterable[tuple[str, str, str]],
    names: list[str],
    countries: list[str],
    fingerprint: str,
) -> ListEntry:
    source = str(row.get("source") or "").strip()
    if not source:
        raise SourceError(path, "empty source", line=line, field="source")
    name = clean_name(str(row.get("name") or ""))
    if not name:
        raise SourceError(path, "empty name", line=line, field="name")
    list_id = list_id_for_source(source)
    ent_num = str(row.get("entity_number") or "").strip()
    raw_programs = row.get("programs") or []
    programs = (
        split_programs(raw_programs)
        if isinstance(raw_programs, str)
        else [str(p).strip() for p in raw_programs if str(p).strip()]
    )
    row_id = str(row.get("_id") or row.get("id") or "").strip()
    # Rows with no id (older CSV files, BIS lists) get a hash of what identifies the row; the
    # CSL repeats a party once per address, so the addresses are part of it.
    entry_id = ent_num or row_id or _stable_id(source, name, fingerprint)
    kind = _KINDS.get(str(row.get("type") or "").strip().lower(), "")
    remarks = str(row.get("remarks") or "").strip()
    builder = EntryBuilder(
        ent_num,
        name,
        kind,
        programs,
        line=line,
        remarks=remarks,
        ofac_ent=bool(ent_num) and list_id.startswith("ofac-"),
    )
    for alias in names:
        if alias:
            builder.add_alias(alias, NameKind.ALIAS)
    for country in countries:
        builder.add_fact("nationality", country)
    builder.vessel_flag = str(row.get("vessel_flag") or "").strip()
    for order, country in enumerate(addresses):
        builder.add_address(country, order)
    for label, number, country in ids:
        builder.add_fact(label, number, country)
    builder.add_remarks(remarks)
    _add_births(builder, row.get("dates_of_birth"))
    _add_dates(builder, row, source_code(source) or list_id)
    return builder.build(list_id, entry_id=entry_id)


def _add_dates(builder: EntryBuilder, row: Mapping[str, Any], code: str) -> None:
    """The row's start date (a listing, with its Federal Register notice) and end date."""
    notice = str(row.get("federal_register_notice") or "").strip()
    start = parse_date(str(row.get("start_date") or ""))
    if start is not None:
        note = f"CSL {code}: start_date" + (f"; {notice}" if notice else "")
        builder.add_event(EventKind.LISTED, start, note)
    end = parse_date(str(row.get("end_date") or ""))
    if end is not None:
        builder.add_event(EventKind.NOTE, end, f"CSL {code}: end_date (restriction ends)")


def read_csv(path: PathArg) -> list[ListEntry]:
    """Read a CSL CSV file (header row required; ``source`` and ``name`` must be present)."""
    file = Path(path)
    return _read_csv_text(file, read_text(file))


def _read_csv_text(file: Path, text: str) -> list[ListEntry]:
    first = next(csv_records(text, file), None)
    header = [h.strip() for h in first[1]] if first else []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SourceError(
            file,
            f"missing column(s) {', '.join(missing)} (not a CSL CSV with a header row?)",
            line=1,
            field=missing[0],
        )
    entries: list[ListEntry] = []
    for line, row in csv_rows(text, file, header, skip_header=lambda _row: True):
        record = dict(zip(header, row, strict=True))
        addresses = [a.rsplit(",", 1)[-1].strip() for a in _split(record.get("addresses", ""))]
        ids = [found for item in _split(record.get("ids", "")) if (found := _csv_id(item))]
        names = [_alias(a) for a in _split(record.get("alt_names", ""))]
        countries = _split(record.get("nationalities", "")) + _split(record.get("citizenships", ""))
        fingerprint = "\x1f".join(
            record.get(c, "") for c in ("addresses", "federal_register_notice", "start_date")
        )
        entries.append(_entry(record, line, file, addresses, ids, names, countries, fingerprint))
    return entries


def _json_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return _split(value)
    return [value]


def read_json(path: PathArg) -> list[ListEntry]:
    """Read CSL JSON: ``{"results": [...]}`` (API / consolidated.json) or a bare array."""
    file = Path(path)
    return _read_json_text(file, read_text(file))


def _load_json(file: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            file, f"bad JSON: {exc.msg} (column {exc.colno}; file truncated?)", line=exc.lineno
        ) from None
    except RecursionError:
        raise SourceError(file, "JSON nested too deeply (not CSL JSON)") from None


def _read_json_text(file: Path, text: str) -> list[ListEntry]:
    doc = _load_json(file, text)
    results = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(results, list):
        raise SourceError(file, "no 'results' array (not CSL JSON)", field="results")
    if not results:
        raise SourceError(file, "no results (an empty list)", field="results")
    check_rows(file, len(results))
    entries: list[ListEntry] = []
    for index, row in enumerate(results, 1):
        if not isinstance(row, dict):
            raise SourceError(file, f"result {index} is not an object", field="results")
        check_json_fields(file, row, index, len(text))
        addresses: list[str] = []
        for address in _json_list(row.get("addresses")):
            if isinstance(address, dict):
                addresses.append(str(address.get("country") or ""))
            else:
                addresses.append(str(address).rsplit(",", 1)[-1])
        ids: list[tuple[str, str, str]] = []
        for ident in _json_list(row.get("ids")):
            if isinstance(ident, dict):
                label = canonical_label(str(ident.get("type") or ""))
                if label in _FACT_TYPES:
                    ids.append(
                        (label, str(ident.get("number") or ""), str(ident.get("country") or ""))
                    )
            elif (found := _csv_id(str(ident))) is not None:
                ids.append(found)
        names = [_alias(str(a)) for a in _json_list(row.get("alt_names"))]
        countries = [str(c) for c in _json_list(row.get("nationalities"))]
        countries += [str(c) for c in _json_list(row.get("citizenships"))]
        fingerprint = json.dumps(
            [row.get(c) for c in ("addresses", "federal_register_notice", "start_date")],
            sort_keys=True,
            default=str,
        )
        entries.append(_entry(row, index, file, addresses, ids, names, countries, fingerprint))
    return entries


_JSON_START_RE = re.compile("[\ufeff \t\r\n]*[{\\[]")


def _is_json(text: str) -> bool:
    return _JSON_START_RE.match(text) is not None


def read(path: PathArg) -> list[ListEntry]:
    """Read a CSL file, JSON or CSV (told apart by its first non-blank character)."""
    file = Path(path)
    text = read_text(file)
    return _read_json_text(file, text) if _is_json(text) else _read_csv_text(file, text)


def publication_date(path: PathArg) -> date | None:
    """The newest ``source_last_updated`` of a CSL JSON file's ``sources_used``; None for CSV
    (which states no date) or JSON without it."""
    file = Path(path)
    text = read_text(file)
    if not _is_json(text):
        return None
    doc = _load_json(file, text)
    if not isinstance(doc, dict):
        return None
    days = [
        parse_date(str(s.get("source_last_updated") or "")[:10])
        for s in doc.get("sources_used") or []
        if isinstance(s, dict)
    ]
    found = [d for d in days if d is not None]
    return max(found) if found else None
