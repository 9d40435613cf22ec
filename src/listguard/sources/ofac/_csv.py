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

Each row is read as the NamedTuple of its file (:class:`PrimaryRow`, :class:`AltRow`,
:class:`AddRow`, :class:`CommentsRow`), so columns are used by name. Nulls are ``-0-``
(usually followed by a space). Files end with a DOS end-of-file byte (0x1A). A remarks
value is cut at exactly 1,000 characters, mid-word, and continues in the comments file; the
pieces are joined as they are, before any parsing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from listguard.model import ListEntry
from listguard.sources._io import PathArg, csv_rows, read_text
from listguard.sources.errors import SourceError
from listguard.sources.ofac._build import EntryBuilder, alias_kind
from listguard.sources.ofac.remarks import split_programs


class PrimaryRow(NamedTuple):
    """One row of ``sdn.csv`` / ``cons_prim.csv``: an entry."""

    ent_num: str
    sdn_name: str
    sdn_type: str
    program: str
    title: str
    call_sign: str
    vess_type: str
    tonnage: str
    grt: str
    vess_flag: str
    vess_owner: str
    remarks: str


class AltRow(NamedTuple):
    """One row of ``alt.csv`` / ``cons_alt.csv``: an alias."""

    ent_num: str
    alt_num: str
    alt_type: str
    alt_name: str
    alt_remarks: str


class AddRow(NamedTuple):
    """One row of ``add.csv`` / ``cons_add.csv``: an address."""

    ent_num: str
    add_num: str
    address: str
    city_state_zip: str
    country: str
    add_remarks: str


class CommentsRow(NamedTuple):
    """One row of ``sdn_comments.csv`` / ``cons_comments.csv``: remarks continued."""

    ent_num: str
    remarks_extended: str


#: Every file's first column is ``ent_num`` (the header test reads it from the raw row).
_ENT_NUM = PrimaryRow._fields.index("ent_num")

_Row = TypeVar("_Row", PrimaryRow, AltRow, AddRow, CommentsRow)



@dataclass(frozen=True, slots=True)
class FileNames:
    """The file names of one set (matched case-insensitively in a folder)."""

    primary: str
    alt: str
    add: str
    comments: str


@dataclass(frozen=True, slots=True)
class FileSet:
    """The files of one set to read: the primary file and the companions found or given."""

    primary: Path
    alt: Path | None = None
    add: Path | None = None
    comments: Path | None = None


def _find(folder: Path, name: str) -> Path | None:
    """The file in ``folder`` called ``name``, whatever its case; None if there is none."""
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
    """A value stripped, with OFAC's null ``-0-`` as ''."""
    value = value.strip()
    return "" if value == "-0-" else value


def _is_header(row: list[str]) -> bool:
    """Whether a first row is a header (its ent_num column reads ``ent_num``)."""
    return row[_ENT_NUM].strip().lower().replace(" ", "_") == "ent_num"


def _rows(path: Path, row_type: type[_Row]) -> list[tuple[int, _Row]]:
    """Every row of one file as ``(line, row)``; SourceError for an ent_num that is no number."""
    text = read_text(path, eof_mark=True)
    rows = [
        (line, row_type._make(row))
        for line, row in csv_rows(text, path, row_type._fields, skip_header=_is_header)
    ]
    for line, named in rows:
        if not named.ent_num.strip().isdigit():
            raise SourceError(
                path, f"ent_num {named.ent_num.strip()!r} is not a number", line=line,
                field="ent_num",
            )
    return rows


def _number(path: Path, line: int, field: str, value: str) -> int:
    """A whole-number column (``alt_num``, ``add_num``); SourceError naming it otherwise."""
    text = value.strip()
    if not text.isdigit():
        raise SourceError(path, f"{text!r} is not a number", line=line, field=field)
    return int(text)


def _aliases(path: Path) -> dict[str, list[tuple[int, str, str]]]:
    """Per ent_num, ``(alt_num, alt_type, alt_name)`` of each alias with a name."""
    alts: dict[str, list[tuple[int, str, str]]] = {}
    for line, row in _rows(path, AltRow):
        name = _null(row.alt_name)
        if name:
            number = _number(path, line, "alt_num", row.alt_num)
            alts.setdefault(row.ent_num.strip(), []).append((number, _null(row.alt_type), name))
    return alts


def _address_countries(path: Path) -> dict[str, list[tuple[int, str]]]:
    """Per ent_num, ``(add_num, country)`` of each address with a country."""
    adds: dict[str, list[tuple[int, str]]] = {}
    for line, row in _rows(path, AddRow):
        country = _null(row.country)
        if country:
            number = _number(path, line, "add_num", row.add_num)
            adds.setdefault(row.ent_num.strip(), []).append((number, country))
    return adds


def _continued_remarks(path: Path) -> dict[str, list[str]]:
    """Per ent_num, the pieces of remarks continued past 1,000 characters, in file order."""
    comments: dict[str, list[str]] = {}
    for _, row in _rows(path, CommentsRow):
        comments.setdefault(row.ent_num.strip(), []).append(row.remarks_extended)
    return comments


@dataclass(frozen=True, slots=True)
class _Companions:
    """What the alt, add and comments files hold for the primary rows, by ent_num."""

    alts: dict[str, list[tuple[int, str, str]]]
    adds: dict[str, list[tuple[int, str]]]
    comments: dict[str, list[str]]


def _companions(files: FileSet) -> _Companions:
    """Read the companion files of a set (alt, add, then comments); a missing one is empty."""
    return _Companions(
        _aliases(files.alt) if files.alt is not None else {},
        _address_countries(files.add) if files.add is not None else {},
        _continued_remarks(files.comments) if files.comments is not None else {},
    )


def read_set(files: FileSet, list_for: Callable[[list[str]], str]) -> list[ListEntry]:
    """Read one OFAC CSV set into ListEntries, one per primary row, in file order."""
    companions = _companions(files)
    path = files.primary
    seen: dict[str, int] = {}
    entries: list[ListEntry] = []
    for line, row in _rows(path, PrimaryRow):
        ent = row.ent_num.strip()
        if ent in seen:
            raise SourceError(
                path,
                f"ent_num {ent} repeated (first on line {seen[ent]})",
                line=line,
                field="ent_num",
            )
        seen[ent] = line
        entries.append(_entry(path, line, ent, row, companions, list_for))
    return entries


def _full_remarks(raw: str, continued: list[str] | None) -> str:
    """A row's remarks with their continuation joined on, stripped ('' for ``-0-``)."""
    if raw.strip() == "-0-":
        raw = ""
    if continued:
        # The remarks value was cut at 1,000 characters, mid-word: join the pieces as is.
        raw = raw + "".join(continued)
    return raw.strip()


def _entry(
    path: Path,
    line: int,
    ent: str,
    row: PrimaryRow,
    companions: _Companions,
    list_for: Callable[[list[str]], str],
) -> ListEntry:
    """One primary row, with its aliases, address countries and remarks, as a ListEntry."""
    name = _null(row.sdn_name)
    if not name:
        raise SourceError(path, "empty name", line=line, field="sdn_name")
    remarks = _full_remarks(row.remarks, companions.comments.get(ent))
    programs = split_programs(row.program)
    builder = EntryBuilder(ent, name, _null(row.sdn_type), programs, line=line, remarks=remarks)
    for _, alt_type, alt_name in sorted(companions.alts.get(ent, ())):
        builder.add_alias(alt_name, alias_kind(alt_type))
    builder.vessel_flag = _null(row.vess_flag)
    for number, country in companions.adds.get(ent, ()):
        builder.add_address(country, number)
    builder.add_remarks(remarks)
    return builder.build(list_for(programs))
