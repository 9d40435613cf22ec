"""Reading and writing screening files (CSV, XLSX, Parquet) and finding their columns.

Every problem with a file is a :class:`ScreeningInputError` whose message is one line naming
the file (and line or column when there is one), so the command line can print it as is.

**Reading is bounded** (:mod:`listguard.limits`): a folder, a device such as ``/dev/zero`` or
a FIFO is refused from ``stat`` before it is opened, as is a file over the size limit or an
empty one; then a CSV's lines, fields and rows are checked in one streaming pass before pandas
parses it, a workbook's unpacked size, rows and cells in one streaming pass over its sheet,
and a Parquet file's rows and unpacked size from its metadata and its text (read as
dictionaries, so a repeated value is measured before it is copied out) before it becomes a
frame. A file with a header and no rows is refused. A workbook with several sheets needs
``sheet`` (``--sheet``).

**Writing is spreadsheet-safe** (the OWASP rule against CSV injection): in the CSV, TSV and
XLSX files written here, a text cell (or header) that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is written with a leading ``'``, so a spreadsheet shows it as text
instead of running it as a formula (``=CMD|'/C calc'!A0`` becomes ``'=CMD|'/C calc'!A0``;
in XLSX it is a string cell, never a formula). Plain numbers (``-0.5``, ``-12``, ``+1``,
``1e-5``) are left as they are. The frame in memory and Parquet output keep every value as
it was read.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import zipfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd

from listguard import limits as _limits
from listguard.limits import (
    LimitError,
    Limits,
    allow_csv_fields,
    bounded_lines,
    check_fields,
    check_file,
    check_rows,
    csv_error,
    field_message,
    read_file,
    too_big,
)
from listguard.reports.csvout import FORMULA_START, PLAIN_NUMBER, neutralize
from listguard.screening.errors import ScreeningInputError

__all__ = [
    "BIRTH_PLACE_HEADERS",
    "COUNTRY_HEADERS",
    "DOB_HEADERS",
    "FORMATS",
    "GENDER_HEADERS",
    "ID_HEADERS",
    "ISIN_HEADERS",
    "LEI_HEADERS",
    "NAME_HEADERS",
    "NATIONAL_ID_HEADERS",
    "PASSPORT_HEADERS",
    "TICKER_HEADERS",
    "TYPE_HEADERS",
    "Columns",
    "ScreeningInputError",
    "detect_columns",
    "for_spreadsheet",
    "read_table",
    "write_table",
]

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".parquet": "parquet",
           ".pq": "parquet"}

# Header spellings for each role, best first. Compared after lowercasing and squeezing
# spaces, dashes and underscores.
NAME_HEADERS = ("name", "company", "company name", "companyname", "issuer", "issuer name",
                "entity", "entity name", "legal name", "counterparty", "counterparty name",
                "customer", "customer name", "security name", "security", "holding",
                "holding name", "description", "full name", "party")
TICKER_HEADERS = ("ticker", "symbol", "ticker symbol", "bbg ticker", "bloomberg ticker",
                  "equity ticker")
ISIN_HEADERS = ("isin", "isin code", "isin number")
LEI_HEADERS = ("lei", "lei code")
COUNTRY_HEADERS = ("country", "country code", "domicile", "country of domicile",
                   "nationality", "jurisdiction", "country of incorporation",
                   "incorporation country", "iso country", "citizenship", "citizen of",
                   "country of residence", "residence country", "residence")
TYPE_HEADERS = ("type", "entity type", "party type", "customer type", "kind", "schema",
                "counterparty type", "legal type")
DOB_HEADERS = ("dob", "date of birth", "birth date", "birthdate", "born", "birthday")
ID_HEADERS = ("identifier", "id number", "registration number", "registration no",
              "company number", "company registration number", "uscc",
              "unified social credit code", "ofac id", "ofac uid", "sdn uid", "ofac ent num",
              "ent num", "tax id")
"""Not a bare ``id``: a file's own keys (customer_id) are no identifiers of a listed party."""
BIRTH_PLACE_HEADERS = ("place of birth", "birth place", "birthplace", "pob", "born in",
                       "city of birth", "country of birth")
GENDER_HEADERS = ("gender", "sex")
PASSPORT_HEADERS = ("passport", "passport number", "passport no", "passport id")
NATIONAL_ID_HEADERS = ("national id", "national id number", "national id no", "id card",
                       "identity card", "identity card number", "id card number", "cedula",
                       "personal id", "personal number", "national identity number")


@dataclass(frozen=True, slots=True)
class Columns:
    name: str | None
    ticker: str | None = None
    isin: str | None = None
    lei: str | None = None
    country: str | None = None
    kind: str | None = None
    """Company, person, vessel ... (``--type-column``)."""
    dob: str | None = None
    identifier: str | None = None
    """Any other identifier, its scheme read from each value (``--id-column``)."""
    birth_place: str | None = None
    gender: str | None = None
    passport: str | None = None
    national_id: str | None = None


def _squeeze(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(header).strip().lower())


def read_table(path: Path, sheet: str | int | None = None) -> pd.DataFrame:
    """The file's rows, every cell as text (empty cells as ``""``).

    ``sheet`` picks a workbook's sheet (a name, or a 0-based index; a digit string is an index
    unless a sheet has that name); a workbook of several sheets needs one. The file is held
    to :mod:`listguard.limits` (see the module doc); a file without rows is refused.
    """
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ScreeningInputError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
            "use .csv, .xlsx or .parquet")
    if sheet is not None and kind != "xlsx":
        raise ScreeningInputError(f"{path}: --sheet is for .xlsx workbooks, not {kind} files")
    try:
        frame = _read(path, kind, sheet, _limits.current())
    except ScreeningInputError:
        raise
    except LimitError as exc:
        unit = "line" if kind in ("csv", "tsv") else "row"
        raise ScreeningInputError(_where(path, exc, unit) + exc.message) from None
    except Exception as exc:  # pandas and its engines raise many kinds
        detail = " ".join(str(exc).split())[:200]
        raise ScreeningInputError(f"{path}: cannot read as {kind}: {detail}") from None
    if frame.columns.empty:
        raise ScreeningInputError(f"{path}: the file has no columns")
    if frame.empty:
        raise ScreeningInputError(f"{path}: no rows (the file holds only a header)")
    frame.columns = [str(c) for c in frame.columns]
    return frame.astype(object).where(frame.notna(), "").astype(str)


def _where(path: Path, exc: LimitError, unit: str) -> str:
    place = [f"{unit} {exc.line}"] if exc.line is not None else []
    place += [f"column {exc.field!r}"] if exc.field else []
    return f"{path}: {', '.join(place)}{': ' if place else ''}"


def _read(path: Path, kind: str, sheet: str | int | None, limits: Limits) -> pd.DataFrame:
    """Read a file of ``kind`` within ``limits`` (a device, FIFO or folder is refused by
    ``stat`` before it is opened)."""
    check_file(path, limits)
    if kind in ("csv", "tsv"):
        return _read_csv(path, "\t" if kind == "tsv" else None, limits)
    if kind == "xlsx":
        return _read_xlsx(path, sheet, limits)
    return _read_parquet(path, limits)


DELIMITERS = (",", ";", "\t", "|")
"""Field separators a CSV file may use; the header line decides (a comma when it has none:
a file of one column of names, spaces and all)."""


def _delimiter(text: str) -> str:
    end = text.find("\n")
    header = text[: end if end >= 0 else len(text)].lstrip("\ufeff")
    return max(DELIMITERS, key=lambda d: (header.count(d), d == ","))


def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        raise ScreeningInputError(f"{path}: the file is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScreeningInputError(f"{path}: binary content, not a CSV file")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScreeningInputError(  # pragma: no cover - cp1252 decodes almost anything
        f"{path}: not UTF-8, UTF-16 or Windows-1252 text")


def _read_csv(path: Path, sep: str | None, limits: Limits) -> pd.DataFrame:
    text = _decode(path, read_file(path, limits))
    sep = sep or _delimiter(text)
    _scan_csv(text, sep, limits)
    try:
        return pd.read_csv(StringIO(text), sep=sep, engine="python", dtype=str,
                           keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" line {line.group(1)}" if line else ""
        raise ScreeningInputError(
            f"{path}:{where} malformed CSV: {' '.join(str(exc).split())[:160]}") from None


def _scan_csv(text: str, sep: str, limits: Limits) -> None:
    """Check every line, field and the row count before pandas parses the text (LimitError).
    Malformed CSV is left to pandas, whose message names the line."""
    allow_csv_fields(limits)
    reader = csv.reader(bounded_lines(StringIO(text, newline=""), limits), delimiter=sep,
                        skipinitialspace=True)
    header: list[str] = []
    rows = prev = 0
    try:
        for row in reader:
            line, prev = prev + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # pandas skips blank lines
            check_fields(row, header, line, limits)
            if header:
                rows += 1
                check_rows(rows, limits, line)
            else:
                header = row
    except csv.Error as exc:
        too_long = csv_error(exc, limits)
        if too_long is not None:
            raise LimitError(too_long.message, line=prev + 1) from None


def _read_xlsx(path: Path, sheet: str | int | None, limits: Limits) -> pd.DataFrame:
    """The chosen sheet, after a streaming pass that checks the workbook's unpacked size, the
    sheet's rows and the length of each cell."""
    from openpyxl import load_workbook

    _check_unpacked(path, limits)
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        name = _sheet_name(path, list(book.sheetnames), sheet)
        _scan_sheet(book[name], limits)
    finally:
        book.close()
    return pd.read_excel(path, sheet_name=name, dtype=str, keep_default_na=False)


def _check_unpacked(path: Path, limits: Limits) -> None:
    """Refuse a workbook (a zip) that unpacks to more than the size limit: a zip bomb."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > limits.max_file_bytes:
        raise LimitError(too_big(unpacked, limits, "the workbook unpacks to"))


def _sheet_name(path: Path, names: list[str], sheet: str | int | None) -> str:
    """The sheet ``sheet`` names: a name, else a 0-based index; the only one when None."""
    listed = ", ".join(names)
    if sheet is None:
        if len(names) == 1:
            return names[0]
        raise ScreeningInputError(
            f"{path} has {len(names)} sheets ({listed}): choose one with --sheet")
    if isinstance(sheet, str) and sheet in names:
        return sheet
    if isinstance(sheet, int) or sheet.strip().isdigit():
        index = int(sheet)
        if 0 <= index < len(names):
            return names[index]
        raise ScreeningInputError(
            f"{path}: no sheet {index} (counting from 0); it has {len(names)}: {listed}")
    raise ScreeningInputError(f"{path}: no sheet named {sheet!r}; sheets are: {listed}")


def _scan_sheet(sheet: Any, limits: Limits) -> None:
    """Stream the sheet once: the row limit, the field limit (LimitError with the row)."""
    sheet.reset_dimensions()  # declared dimensions may lie; read what is there
    header: list[str] = []
    header_row = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = ["" if v is None else str(v) for v in values]
        check_fields(cells, header, number, limits)
        if header:
            check_rows(number - header_row, limits, number)
        elif any(cells):
            header, header_row = cells, number


def _read_parquet(path: Path, limits: Limits) -> pd.DataFrame:
    """The table, refused when its metadata says it has too many rows or unpacks past the
    size limit; text columns are read as dictionaries first, so their decoded size and
    longest value are checked before any repeated value is copied out."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    check_rows(meta.num_rows, limits)
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > limits.max_file_bytes:
        raise LimitError(too_big(unpacked, limits, "the file unpacks to"))
    schema = pq.read_schema(path)
    texts = [f.name for f in schema if _is_text(f.type)]
    table = pq.read_table(path, read_dictionary=texts or None)
    _check_text_columns(table, limits)
    frame: pd.DataFrame = table.to_pandas()
    return frame


def _is_text(kind: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _check_text_columns(table: Any, limits: Limits) -> None:
    """Refuse a value past the field limit, or text columns past the size limit in all."""
    import pyarrow as pa
    import pyarrow.compute as pc

    total = 0
    for name, column in zip(table.column_names, table.columns, strict=True):
        offset = 0
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type) and _is_text(chunk.type.value_type):
                lengths = pc.take(pc.utf8_length(chunk.dictionary), chunk.indices)
            elif _is_text(chunk.type):
                lengths = pc.utf8_length(chunk)
            else:
                break
            if (pc.max(lengths).as_py() or 0) > limits.max_field_chars:
                row = pc.index(pc.greater(lengths, limits.max_field_chars), True).as_py()
                longest = lengths[row].as_py()
                raise LimitError(field_message(longest, limits), line=offset + row + 1,
                                 field=name)
            total += pc.sum(lengths).as_py() or 0
            offset += len(chunk)
    if total > limits.max_file_bytes:
        raise LimitError(too_big(total, limits, "its text comes to"))


def _pick(frame: pd.DataFrame, headers: tuple[str, ...], explicit: str | None,
          role: str, path: str) -> str | None:
    columns = list(frame.columns)
    if explicit is not None:
        if explicit in columns:
            return explicit
        matches = [c for c in columns if _squeeze(c) == _squeeze(explicit)]
        if len(matches) == 1:
            return matches[0]
        raise ScreeningInputError(
            f"{path}: no column {explicit!r} for the {role}; columns are: "
            f"{', '.join(columns)}")
    for header in headers:
        found = [c for c in columns if _squeeze(c) == header]
        if len(found) > 1:
            raise ScreeningInputError(
                f"{path}: several columns could hold the {role} ({', '.join(found)}); "
                f"name one with --{role}-column")
        if found:
            return found[0]
    return None


def detect_columns(frame: pd.DataFrame, *, name: str | None = None,
                   ticker: str | None = None, isin: str | None = None,
                   lei: str | None = None, country: str | None = None,
                   kind: str | None = None, dob: str | None = None,
                   identifier: str | None = None, birth_place: str | None = None,
                   gender: str | None = None, passport: str | None = None,
                   national_id: str | None = None, path: str = "input") -> Columns:
    """The columns holding names, tickers, ISINs, LEIs, countries, kinds (company, person
    ...), dates and places of birth, genders, passport and national ID numbers and other
    identifiers.

    A header that is exactly one of the known spellings wins; otherwise, for the name, a
    single text column is taken. Several equally good candidates are an error listing them.
    """
    cols = Columns(
        name=_pick(frame, NAME_HEADERS, name, "name", path),
        ticker=_pick(frame, TICKER_HEADERS, ticker, "ticker", path),
        isin=_pick(frame, ISIN_HEADERS, isin, "isin", path),
        lei=_pick(frame, LEI_HEADERS, lei, "lei", path),
        country=_pick(frame, COUNTRY_HEADERS, country, "country", path),
        kind=_pick(frame, TYPE_HEADERS, kind, "type", path),
        dob=_pick(frame, DOB_HEADERS, dob, "dob", path),
        identifier=_pick(frame, ID_HEADERS, identifier, "id", path),
        birth_place=_pick(frame, BIRTH_PLACE_HEADERS, birth_place, "birth-place", path),
        gender=_pick(frame, GENDER_HEADERS, gender, "gender", path),
        passport=_pick(frame, PASSPORT_HEADERS, passport, "passport", path),
        national_id=_pick(frame, NATIONAL_ID_HEADERS, national_id, "national-id", path),
    )
    if cols.name is None:
        taken = {cols.ticker, cols.isin, cols.lei, cols.country, cols.kind, cols.dob,
                 cols.identifier, cols.birth_place, cols.gender, cols.passport,
                 cols.national_id}
        texty = [c for c in frame.columns if c not in taken and _mostly_words(frame[c])]
        if len(texty) == 1:
            cols = dataclasses.replace(cols, name=texty[0])
        elif len(texty) > 1:
            raise ScreeningInputError(
                f"{path}: cannot tell which column holds the names ({', '.join(texty)}); "
                "name it with --name-column")
        elif not (cols.ticker or cols.isin or cols.lei or cols.identifier):
            raise ScreeningInputError(
                f"{path}: no usable column (no name, ticker, ISIN or LEI); columns are: "
                f"{', '.join(map(str, frame.columns)) or '(none)'}")
    return cols


def _mostly_words(series: pd.Series) -> bool:
    sample = [str(v) for v in series.head(200) if str(v).strip()]
    if not sample:
        return False
    wordy = sum(1 for v in sample if re.search(r"[^\W\d_]{3,}", v))
    return wordy >= 0.8 * len(sample)


def for_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with the formula rule (:func:`listguard.reports.csvout.neutralize`)
    applied to its headers and every text cell (numbers, and ``frame`` itself, unchanged)."""
    out = frame.copy()
    out.columns = [neutralize(str(c)) for c in frame.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out.isetitem(i, _quote_formulas(column).array)
    return out


def _quote_formulas(column: pd.Series) -> pd.Series:
    try:
        starts = column.str.startswith(FORMULA_START, na=False)
    except AttributeError:  # no text in the column at all
        return column
    if not starts.any():
        return column
    risky = starts & ~column.str.fullmatch(PLAIN_NUMBER, na=False)
    return column.where(~risky, column.map(neutralize))


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV, TSV, XLSX or Parquet (by the suffix). CSV, TSV and XLSX cells
    that a spreadsheet would run as formulas are written as text (:func:`for_spreadsheet`);
    Parquet keeps every value as it is."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ScreeningInputError(
            f"{path}: unsupported output type {path.suffix or '(none)'!r}; "
            "use .csv, .xlsx or .parquet")
    try:
        if kind == "parquet":
            frame.to_parquet(path, index=False)
        elif kind == "xlsx":
            for_spreadsheet(frame).to_excel(path, index=False)
        else:
            for_spreadsheet(frame).to_csv(path, index=False, sep="\t" if kind == "tsv" else ",")
    except OSError as exc:
        raise ScreeningInputError(f"{path}: cannot write: {exc.strerror or exc}") from None
