"""Reading and writing screening files (CSV, XLSX, Parquet) and finding their columns.

Every problem with a file is a :class:`ScreeningInputError` whose message is one line naming
the file (and line or column when there is one), so the command line can print it as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from listguard.screening.errors import ScreeningInputError

__all__ = ["COUNTRY_HEADERS", "FORMATS", "ISIN_HEADERS", "LEI_HEADERS", "NAME_HEADERS",
           "TICKER_HEADERS", "Columns", "ScreeningInputError", "detect_columns", "read_table",
           "write_table"]

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
                   "nationality", "jurisdiction")


@dataclass(frozen=True, slots=True)
class Columns:
    name: str | None
    ticker: str | None = None
    isin: str | None = None
    lei: str | None = None
    country: str | None = None


def _squeeze(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(header).strip().lower())


def read_table(path: Path) -> pd.DataFrame:
    """The file's rows, every cell as text (empty cells as ``""``)."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ScreeningInputError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
            "use .csv, .xlsx or .parquet")
    if not path.exists():
        raise ScreeningInputError(f"{path}: no such file")
    try:
        if kind in ("csv", "tsv"):
            frame = _read_csv(path, "\t" if kind == "tsv" else None)
        elif kind == "xlsx":
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_parquet(path)
    except ScreeningInputError:
        raise
    except Exception as exc:  # pandas and its engines raise many kinds
        detail = " ".join(str(exc).split())[:200]
        raise ScreeningInputError(f"{path}: cannot read as {kind}: {detail}") from None
    if frame.columns.empty:
        raise ScreeningInputError(f"{path}: the file has no columns")
    frame.columns = [str(c) for c in frame.columns]
    return frame.astype(object).where(frame.notna(), "").astype(str)


DELIMITERS = (",", ";", "\t", "|")
"""Field separators a CSV file may use; the header line decides (a comma when it has none:
a file of one column of names, spaces and all)."""


def _delimiter(text: str) -> str:
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return max(DELIMITERS, key=lambda d: (header.count(d), d == ","))


def _read_csv(path: Path, sep: str | None) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise ScreeningInputError(f"{path}: the file is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScreeningInputError(f"{path}: binary content, not a CSV file")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ScreeningInputError(f"{path}: not UTF-8, UTF-16 or Windows-1252 text")
    from io import StringIO

    try:
        return pd.read_csv(StringIO(text), sep=sep or _delimiter(text), engine="python",
                           dtype=str,
                           keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" line {line.group(1)}" if line else ""
        raise ScreeningInputError(
            f"{path}:{where} malformed CSV: {' '.join(str(exc).split())[:160]}") from None


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
                   path: str = "input") -> Columns:
    """The columns holding names, tickers, ISINs, LEIs and countries.

    A header that is exactly one of the known spellings wins; otherwise, for the name, a
    single text column is taken. Several equally good candidates are an error listing them.
    """
    cols = Columns(
        name=_pick(frame, NAME_HEADERS, name, "name", path),
        ticker=_pick(frame, TICKER_HEADERS, ticker, "ticker", path),
        isin=_pick(frame, ISIN_HEADERS, isin, "isin", path),
        lei=_pick(frame, LEI_HEADERS, lei, "lei", path),
        country=_pick(frame, COUNTRY_HEADERS, country, "country", path),
    )
    if cols.name is None:
        taken = {cols.ticker, cols.isin, cols.lei, cols.country}
        texty = [c for c in frame.columns if c not in taken and _mostly_words(frame[c])]
        if len(texty) == 1:
            cols = Columns(texty[0], cols.ticker, cols.isin, cols.lei, cols.country)
        elif len(texty) > 1:
            raise ScreeningInputError(
                f"{path}: cannot tell which column holds the names ({', '.join(texty)}); "
                "name it with --name-column")
        elif not (cols.ticker or cols.isin or cols.lei):
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


def write_table(frame: pd.DataFrame, path: Path) -> None:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ScreeningInputError(
            f"{path}: unsupported output type {path.suffix or '(none)'!r}; "
            "use .csv, .xlsx or .parquet")
    try:
        if kind == "csv":
            frame.to_csv(path, index=False)
        elif kind == "tsv":
            frame.to_csv(path, index=False, sep="\t")
        elif kind == "xlsx":
            frame.to_excel(path, index=False)
        else:
            frame.to_parquet(path, index=False)
    except OSError as exc:
        raise ScreeningInputError(f"{path}: cannot write: {exc.strerror or exc}") from None
