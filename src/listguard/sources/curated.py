"""The curated lists shipped with the package (``listguard/data/*.csv``).

Read → validated records. Every row is checked as it is read; a bad row raises a
:class:`SourceError` naming the file, line and field, so a broken edit never reaches the registry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TypeVar

from listguard.model import (
    Entity,
    Event,
    EventKind,
    Identifier,
    IdScheme,
    Link,
    ListInfo,
    Name,
    NameKind,
)
from listguard.sources._io import RowCount, csv_records, read_bytes
from listguard.sources.errors import SourceError
from listguard.timeutil import ny_date, parse_effective

FILES = ("lists.csv", "coverage.csv", "entities.csv", "names.csv", "identifiers.csv", "links.csv",
         "events.csv")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CuratedCoverage:
    """How far the curated data of one list goes (``coverage.csv``)."""

    list_id: str
    complete: bool
    """``complete``: every entry of the list with its dated events; else a ``selection``."""
    reviewed_to: date | None
    """The day the curated data was last checked against the list (None: its newest event)."""
    confirmed: bool
    source: str
    note: str


@dataclass
class CuratedData:
    lists: list[ListInfo] = field(default_factory=list)
    coverage: list[CuratedCoverage] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def data_dir() -> Path:
    return Path(str(resources.files("listguard") / "data"))


def content_hash(folder: Path | None = None) -> str:
    """A hash of the curated files: the registry rebuilds its curated part when it changes."""
    folder = folder or data_dir()
    digest = hashlib.sha256()
    for name in FILES:
        path = folder / name
        digest.update(name.encode())
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a curated CSV as dicts; a file left out has none, but a file present must
    have rows (one with a header only is a broken edit) and stay within listguard.limits."""
    if not path.exists():
        return
    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    records = csv_records(text, path)
    header = next(records, (1, []))[1]
    missing = [col for col in required if col not in header]
    if missing:
        raise SourceError(path, f"missing column(s): {', '.join(missing)}", line=1)
    count = RowCount(path)
    for line, values in records:
        if len(values) != len(header):
            raise SourceError(path, "wrong number of fields", line=line)
        count.add(line)
        yield line, {k: v.strip() for k, v in zip(header, values, strict=True)}
    if not count.rows:
        raise SourceError(path, "no rows (the file holds only a header)")


def _parse(path: Path, line: int, fieldname: str, value: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(value)
    except ValueError as exc:
        raise SourceError(path, f"bad value {value!r}: {exc}", line=line, field=fieldname) from None


def _require(path: Path, line: int, row: dict[str, str], *cols: str) -> None:
    for col in cols:
        if not row[col]:
            raise SourceError(path, "empty", line=line, field=col)


def load(folder: Path | None = None) -> CuratedData:
    """Read and validate every curated file (lists first: the other files refer to them)."""
    folder = folder or data_dir()
    out = CuratedData()
    out.lists = _lists(folder / "lists.csv")
    list_ids = {lst.id for lst in out.lists}
    out.coverage = _coverage(folder / "coverage.csv", list_ids)
    out.entities = _entities(folder / "entities.csv")
    known = _Known({e.id for e in out.entities})
    out.names = _names(folder / "names.csv", known)
    out.identifiers = _identifiers(folder / "identifiers.csv", known)
    out.links = _links(folder / "links.csv", known)
    out.events = _events(folder / "events.csv", known, list_ids)
    return out


@dataclass(frozen=True, slots=True)
class _Known:
    """The entity ids of ``entities.csv``: another file may name only these."""

    ids: set[str]

    def __call__(self, path: Path, line: int, col: str, value: str) -> str:
        if value not in self.ids:
            raise SourceError(path, f"unknown entity {value!r}", line=line, field=col)
        return value


def _lists(path: Path) -> list[ListInfo]:
    out = []
    for line, row in _rows(path, ("id", "name", "authority", "regime", "url", "description")):
        _require(path, line, row, "id", "name", "regime")
        out.append(ListInfo(**row))
    return out


def _entities(path: Path) -> list[Entity]:
    out: list[Entity] = []
    seen: set[str] = set()
    for line, row in _rows(path, ("id", "name", "kind", "country", "note")):
        _require(path, line, row, "id", "name")
        if row["id"] in seen:
            raise SourceError(path, f"duplicate entity id {row['id']!r}", line=line, field="id")
        seen.add(row["id"])
        out.append(Entity(row["id"], row["name"], row["kind"] or "company", row["country"],
                          row["note"]))
    return out


def _names(path: Path, known: _Known) -> list[Name]:
    out = []
    for line, row in _rows(path, ("entity_id", "name", "kind", "lang", "source")):
        _require(path, line, row, "entity_id", "name", "kind")
        out.append(Name(known(path, line, "entity_id", row["entity_id"]), row["name"],
                        _parse(path, line, "kind", row["kind"], NameKind), row["lang"],
                        row["source"]))
    return out


def _identifiers(path: Path, known: _Known) -> list[Identifier]:
    out = []
    for line, row in _rows(path, ("entity_id", "scheme", "value", "source")):
        _require(path, line, row, "entity_id", "scheme", "value")
        out.append(Identifier(known(path, line, "entity_id", row["entity_id"]),
                              _parse(path, line, "scheme", row["scheme"], IdScheme),
                              row["value"], row["source"]))
    return out


def _links(path: Path, known: _Known) -> list[Link]:
    out = []
    for line, row in _rows(path, ("subject_id", "relation", "object_id", "source")):
        _require(path, line, row, "subject_id", "relation", "object_id")
        out.append(Link(known(path, line, "subject_id", row["subject_id"]), row["relation"],
                        known(path, line, "object_id", row["object_id"]), row["source"]))
    return out


EVENT_COLUMNS = ("entity_id", "list_id", "kind", "effective", "published", "list_entry_id",
                 "listed_name", "citation", "confirmed", "note")


def _events(path: Path, known: _Known, list_ids: set[str]) -> list[Event]:
    return [_event(path, line, row, seq, known, list_ids)
            for seq, (line, row) in enumerate(_rows(path, EVENT_COLUMNS))]


def _event(path: Path, line: int, row: dict[str, str], seq: int, known: _Known,
           list_ids: set[str]) -> Event:
    _require(path, line, row, "list_id", "kind", "effective", "citation")
    if row["entity_id"]:
        known(path, line, "entity_id", row["entity_id"])
    if row["list_id"] not in list_ids:
        raise SourceError(path, f"unknown list {row['list_id']!r}", line=line, field="list_id")
    effective = _parse(path, line, "effective", row["effective"], parse_effective)
    published = (_parse(path, line, "published", row["published"], date.fromisoformat)
                 if row["published"] else ny_date(effective))
    if row["confirmed"] not in ("yes", "no"):
        raise SourceError(path, "must be yes or no", line=line, field="confirmed")
    return Event(
        entity_id=row["entity_id"], list_id=row["list_id"],
        kind=_parse(path, line, "kind", row["kind"], EventKind),
        effective=effective, published=published, citation=row["citation"],
        confirmed=row["confirmed"] == "yes", listed_name=row["listed_name"],
        list_entry_id=row["list_entry_id"], note=row["note"], seq=seq,
    )


def _coverage(path: Path, list_ids: set[str]) -> list[CuratedCoverage]:
    out = []
    for line, row in _rows(path, ("list_id", "scope", "reviewed_to", "confirmed", "source",
                                  "note")):
        _require(path, line, row, "list_id", "scope", "confirmed", "source")
        if row["list_id"] not in list_ids:
            raise SourceError(path, f"unknown list {row['list_id']!r}", line=line,
                              field="list_id")
        if row["scope"] not in ("complete", "selection"):
            raise SourceError(path, "must be complete or selection", line=line, field="scope")
        if row["confirmed"] not in ("yes", "no"):
            raise SourceError(path, "must be yes or no", line=line, field="confirmed")
        reviewed = (_parse(path, line, "reviewed_to", row["reviewed_to"], date.fromisoformat)
                    if row["reviewed_to"] else None)
        out.append(CuratedCoverage(row["list_id"], row["scope"] == "complete", reviewed,
                                   row["confirmed"] == "yes", row["source"], row["note"]))
    return out
