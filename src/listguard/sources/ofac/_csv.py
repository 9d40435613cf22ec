"""OFAC's four-file CSV layout, shared by the SDN and the consolidated (non-SDN) sets.

Both sets have the same four headerless files (OFAC's "legacy" CSV format):

=================  =================================================================
primary            ent_num, name, type, program, title, call_sign, vess_type, tonnage,
(sdn.csv /         grt, vess_flag, vess_owner, remarks
cons_prim.csv)
alt / cons_alt     ent_num, alt_num, alt_type, alt_name, alt_remarks
add / cons_add     ent_num, add_num, address, city_state_zip, country, add_remarks
*_comments         ent_num, remarks_extended (remarks past 1,000 characters, continued)
=================  =================================================================

Nulls are ``-0-`` (usually followed by a space). Files end with a DOS end-of-file byte
(0x1A). A remarks value is cut at exactly 1,000 characters, mid-word, and continues in the
comments file; the pieces are joined as they are, before any parsing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from listguard.model import ListEntry
from listguard.sources._io import csv_rows, read_text
from listguard.sources.errors import SourceError
from listguard.sources.ofac._build import EntryBuilder, alias_kind
from listguard.sources.ofac.remarks import split_programs

PRIMARY_COLUMNS = (
    "ent_num",
    "sdn_name",
    "sdn_type",
    "program",
    "title",
    "call_sign",
    "vess_type",
    "tonnage",
    "grt",
    "vess_flag",
    "vess_owner",
    "remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_zip", "country", "add_remarks")
COMMENTS_COLUMNS = ("ent_num", "remarks_extended")

PathArg = str | PathLike[str]


@dataclass(frozen=True, slots=True)
class FileNames:
    """The file names of one set (matched case-insensitively in a folder)."""

    primary: str
    alt: str
    add: str
    comments: str


@dataclass(frozen=True, slots=True)
class FileSet:
    primary: Path
    alt: Path | None = None
    add: Path | None = None
    comments: Path | None = None


def _find(folder: Path, name: str) -> Path | None:
    wanted = name.lower()
    for child in folder.iterdir():
        if child.name.lower() == wanted and child.is_file():
            return child
    return None


def resolve(
    path: PathArg,
    names: FileNames,
    alt: PathArg | None = None,
    add: PathArg | None = None,
    comments: PathArg | None = None,
) -> FileSet:
    """A folder (its files found by name) or the primary file plus the companions given."""
    base = Path(path)
    if base.is_dir():
        primary = _find(base, names.primary)
        if primary is None:
            raise SourceError(base, f"no {names.primary} in this folder")
        return FileSet(
            primary,
            Path(alt) if alt is not None else _find(base, names.alt),
            Path(add) if add is not None else _find(base, names.add),
            Path(comments) if comments is not None else _find(base, names.comments),
        )
    return FileSet(
        base,
        Path(alt) if alt is not None else None,
        Path(add) if add is not None else None,
        Path(comments) if comments is not None else None,
    )


def _null(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _is_header(row: list[str]) -> bool:
    return row[0].strip().lower().replace(" ", "_") == "ent_num"


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    text = read_text(path, eof_mark=True)
    rows = list(csv_rows(text, path, columns, skip_header=_is_header))
    for line, row in rows:
        if not row[0].strip().isdigit():
            raise SourceError(
                path, f"ent_num {row[0].strip()!r} is not a number", line=line, field="ent_num"
            )
    return rows


def _number(path: Path, line: int, field: str, value: str) -> int:
    text = value.strip()
    if not text.isdigit():
        raise SourceError(path, f"{text!r} is not a number", line=line, field=field)
    return int(text)


def read_set(files: FileSet, list_for: Callable[[list[str]], str]) -> list[ListEntry]:
    """Read one OFAC CSV set into ListEntries, one per primary row, in file order."""
    alts: dict[str, list[tuple[int, str, str]]] = {}
    if files.alt is not None:
        for line, row in _rows(files.alt, ALT_COLUMNS):
            name = _null(row[3])
            if name:
                number = _number(files.alt, line, "alt_num", row[1])
                alts.setdefault(row[0].strip(), []).append((number, _null(row[2]), name))
    adds: dict[str, list[tuple[int, str]]] = {}
    if files.add is not None:
        for line, row in _rows(files.add, ADD_COLUMNS):
            country = _null(row[4])
            if country:
                number = _number(files.add, line, "add_num", row[1])
                adds.setdefault(row[0].strip(), []).append((number, country))
    comments: dict[str, list[str]] = {}
    if files.comments is not None:
        for _, row in _rows(files.comments, COMMENTS_COLUMNS):
            comments.setdefault(row[0].strip(), []).append(row[1])

    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    path = files.primary
    for line, row in _rows(path, PRIMARY_COLUMNS):
        ent = row[0].strip()
        if ent in seen:
            raise SourceError(
                path,
                f"ent_num {ent} repeated (first on line {seen[ent]})",
                line=line,
                field="ent_num",
            )
        seen[ent] = line
        name = _null(row[1])
        if not name:
            raise SourceError(path, "empty name", line=line, field="sdn_name")
        raw = row[11]
        if raw.strip() == "-0-":
            raw = ""
        extra = comments.get(ent)
        if extra:
            # The remarks value was cut at 1,000 characters, mid-word: join the pieces as is.
            raw = raw + "".join(extra)
        remarks = raw.strip()
        programs = split_programs(row[3])
        builder = EntryBuilder(ent, name, _null(row[2]), programs, line=line, remarks=remarks)
        for _, alt_type, alt_name in sorted(alts.get(ent, ())):
            builder.add_alias(alt_name, alias_kind(alt_type))
        builder.vessel_flag = _null(row[9])
        for number, country in adds.get(ent, ()):
            builder.add_address(country, number)
        builder.add_remarks(remarks)
        entries.append(builder.build(list_for(programs)))
    return entries
