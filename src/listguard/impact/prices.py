"""Daily price files: loading (CSV, Parquet or a DataFrame) and data checks.

A price file needs a date column and a close column; volume, open, high and low are used by the
checks when present. Column names are matched without regard to case, spaces or underscores:

- date: ``date``, ``datetime``, ``timestamp``, ``time``, ``trade_date``, ``day``;
- close: ``adj close`` (preferred: it includes dividends), else ``close``, ``price``, ``last``;
- volume: ``volume`` or ``vol``.

Dates may be ISO (``2021-01-15``, ``2021-01-15 00:00:00+08:00``: the local date is kept, the
time and offset ignored), ``20210115`` or US ``01/15/21``. Rows may come in any order. Empty
cells and ``null``/``NaN``/``NA`` mean "no price" (Yahoo writes ``null`` rows on holidays):
such rows are dropped and reported. Yahoo's multi-index layout (header rows ``Price``,
``Ticker``, ``Date``) is recognised.

Data checks are reported, never silently fixed (see :func:`check_prices`). Rows with zero
volume are kept: Yahoo's Hong Kong half-day rows (O = H = L = C, volume 0) carry a close that
differs from the day before and looks genuine, so dropping them would cost two returns; they
are flagged as "broken half-day rows" so that a reader can judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from listguard import limits
from listguard.errors import ListguardError

NULL_TOKENS = frozenset({"", "null", "nan", "na", "n/a", "none", "-", "#n/a"})
DATE_COLUMNS = ("date", "datetime", "timestamp", "time", "tradedate", "day")
CLOSE_COLUMNS = ("adjclose", "close", "price", "last")
VOLUME_COLUMNS = ("volume", "vol")
JUMP = 0.5
"""|log return| above this is reported as a possible unadjusted split or bad print."""


class PriceFileError(ListguardError, ValueError):
    """A price file that cannot be read. ``str()`` names the file, line and field."""

    def __init__(self, source: str, message: str, *, line: int | None = None,
                 field: str | None = None) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source
        if self.source and self.source[0] != "<":
            where = Path(self.source).name or self.source
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class DataIssue:
    """Something in the data a reader should know about."""

    subject: str
    message: str
    dates: tuple[date, ...] = ()
    level: Literal["warning", "info"] = "warning"

    def __str__(self) -> str:
        text = f"{self.subject}: {self.message}"
        if self.dates:
            shown = ", ".join(d.isoformat() for d in self.dates[:6])
            more = len(self.dates) - 6
            text += f" ({shown}{f' and {more} more' if more > 0 else ''})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "level": self.level,
            "message": self.message,
            "dates": [d.isoformat() for d in self.dates],
        }


@dataclass(frozen=True)
class PriceSeries:
    """Daily prices of one security or index: a frame indexed by date, sorted, one row a day.

    Columns: ``close`` (always), ``volume``, ``open``, ``high``, ``low`` (when known).
    """

    name: str
    source: str
    frame: pd.DataFrame
    issues: tuple[DataIssue, ...] = field(default=())

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.frame.index)

    @property
    def close(self) -> pd.Series:
        return self.frame["close"]

    @property
    def label(self) -> str:
        return self.name or Path(self.source).stem


def _key(column: object) -> str:
    return re.sub(r"[\s_\-]+", "", str(column)).lower()


def _pick(columns: dict[str, str], wanted: tuple[str, ...]) -> str | None:
    return next((columns[w] for w in wanted if w in columns), None)


_ISO = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")
_YMD = re.compile(r"^\s*\d{8}(\.0)?\s*$")
_US = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*$")


def _parse_dates(raw: pd.Series, source: str, lines: np.ndarray, column: str) -> pd.DatetimeIndex:
    if pd.api.types.is_datetime64_any_dtype(raw):
        values = pd.DatetimeIndex(raw)
        if values.tz is not None:
            values = values.tz_localize(None)
        return values.normalize()
    text = raw.astype(str).str.strip()
    first = text.iloc[0] if len(text) else ""
    if _ISO.match(first):
        parsed = pd.to_datetime(text.str[:10], format="%Y-%m-%d", errors="coerce")
    elif _YMD.match(first):
        parsed = pd.to_datetime(text.str[:8], format="%Y%m%d", errors="coerce")
    elif _US.match(first):
        fmt = "%m/%d/%y" if len(first.split("/")[-1]) == 2 else "%m/%d/%Y"
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    else:
        raise PriceFileError(source, f"{first!r} is not a date (use YYYY-MM-DD)",
                             line=int(lines[0]) if len(lines) else None, field=column)
    bad = np.flatnonzero(pd.isna(parsed))
    if bad.size:
        i = int(bad[0])
        raise PriceFileError(source, f"{text.iloc[i]!r} is not a date in the file's format",
                             line=int(lines[i]), field=column)
    return pd.DatetimeIndex(parsed)


def _parse_numbers(raw: pd.Series, source: str, lines: np.ndarray, column: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(raw):
        return raw.to_numpy(dtype=float)
    text = raw.astype(str).str.strip().str.replace(",", "", regex=False)
    null = text.str.lower().isin(NULL_TOKENS) | raw.isna()
    values = pd.to_numeric(text.where(~null), errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(np.isnan(values) & ~null.to_numpy())
    if bad.size:
        i = int(bad[0])
        raise PriceFileError(source, f"{raw.iloc[i]!r} is not a number", line=int(lines[i]),
                             field=column)
    return values


def _read_file(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """The raw table (all text for CSV) and the file line of each row."""
    source = str(path)
    if not path.exists():
        raise PriceFileError(source, "no such file")
    try:  # a device, FIFO, folder or oversized file is refused before it is opened
        bounds = limits.current()
        limits.check_file(path, bounds)
    except limits.LimitError as exc:
        raise PriceFileError(source, exc.message) from None
    if path.suffix.lower() in (".parquet", ".pq"):
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many kinds
            raise PriceFileError(source, f"not a readable Parquet file ({exc})") from None
        if isinstance(frame.index, pd.DatetimeIndex):
            frame = frame.reset_index()
        return frame, np.arange(1, len(frame) + 1)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            head = [fh.readline(bounds.max_line_chars) for _ in range(3)]
    except UnicodeDecodeError:
        raise PriceFileError(source, "not a UTF-8 text file") from None
    except OSError as exc:
        raise PriceFileError(source, f"cannot be read ({exc.strerror or exc})") from None
    skip: list[int] = []
    if head[0].lower().startswith("price,") and head[1].lower().startswith("ticker,"):
        skip = [1, 2]  # yfinance download(): Price/Ticker/Date header rows
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=skip,
                            skipinitialspace=True, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise PriceFileError(source, f"not a readable CSV file ({exc})") from None
    if skip:
        frame = frame.rename(columns={frame.columns[0]: "date"})
    return frame, np.arange(len(frame)) + 2 + len(skip)


def load_prices(
    source: str | Path | pd.DataFrame | pd.Series,
    name: str = "",
    *,
    column: str | None = None,
) -> PriceSeries:
    """Read daily prices from a CSV or Parquet file, or take them from a DataFrame/Series.

    ``column`` names the price column when the automatic choice (adjusted close, else close)
    is not wanted. Raises :class:`PriceFileError` naming the file, line and field.
    """
    if isinstance(source, pd.Series):
        column = str(column or source.name or "close")
        source = pd.DataFrame({column: source.to_numpy()}, index=source.index)
    if isinstance(source, pd.DataFrame):
        frame = source
        if not _has_date_column(source):
            frame = source.rename_axis("date").reset_index()
        lines = np.arange(1, len(frame) + 1)
        label = "<DataFrame>"
    else:
        path = Path(source)
        frame, lines = _read_file(path)
        label = str(path)
        name = name or path.stem
    return _from_table(frame, lines, label, name, column)


def _has_date_column(frame: pd.DataFrame) -> bool:
    """Whether a frame has a date column (else its index holds the dates)."""
    return any(_key(c) in DATE_COLUMNS for c in frame.columns)


def _from_table(frame: pd.DataFrame, lines: np.ndarray, source: str, name: str,
                column: str | None) -> PriceSeries:
    """The PriceSeries of a raw table: dates and prices parsed, bad rows dropped (and said)."""
    columns = {_key(c): str(c) for c in frame.columns}
    frame = frame.rename(columns={c: str(c) for c in frame.columns})
    date_col, close_col = _price_columns(columns, source, column)
    if frame.empty:
        raise PriceFileError(source, "no rows")
    dates = _parse_dates(frame[date_col], source, lines, date_col)
    data: dict[str, np.ndarray] = {"close": _parse_numbers(frame[close_col], source, lines,
                                                           close_col)}
    extra = {"volume": _pick(columns, VOLUME_COLUMNS), "open": columns.get("open"),
             "high": columns.get("high"), "low": columns.get("low")}
    for key, col in extra.items():
        if col is not None and col != close_col:
            data[key] = _parse_numbers(frame[col], source, lines, col)
    table = pd.DataFrame(data, index=dates)
    table["line"] = lines
    subject = Path(source).name if source[0] != "<" else (name or source)
    table, issues = _drop_bad_prices(table, subject)
    _check_unique_dates(table, source, date_col)
    if table.empty:
        raise PriceFileError(source, "no rows with a price")
    table = table.drop(columns="line")
    table.index.name = "date"
    return PriceSeries(name=name, source=source, frame=table, issues=tuple(issues))


def _price_columns(columns: dict[str, str], source: str, column: str | None) -> tuple[str, str]:
    """The date column and the price column (``column`` if given, else the usual names)."""
    date_col = _pick(columns, DATE_COLUMNS)
    if date_col is None:
        raise PriceFileError(source, "no date column (looked for: date, datetime, timestamp, "
                             "trade_date)", line=1)
    if column is not None:
        close_col = columns.get(_key(column))
        if close_col is None:
            raise PriceFileError(source, f"no column {column!r}", line=1)
    else:
        close_col = _pick(columns, CLOSE_COLUMNS)
        if close_col is None:
            raise PriceFileError(source, "no close column (looked for: adj close, close, price)",
                                 line=1)
    return date_col, close_col


def _drop_bad_prices(table: pd.DataFrame, subject: str) -> tuple[pd.DataFrame, list[DataIssue]]:
    """The rows with a positive price, sorted by date, and issues naming the rows dropped."""
    issues: list[DataIssue] = []
    no_close = ~np.isfinite(table["close"].to_numpy())
    if no_close.any():
        issues.append(DataIssue(subject, f"{_n(int(no_close.sum()), 'row')} without a price "
                                "dropped", _dates(table.index[no_close]), "info"))
    nonpos = np.isfinite(table["close"].to_numpy()) & (table["close"].to_numpy() <= 0)
    if nonpos.any():
        issues.append(DataIssue(subject, f"{_n(int(nonpos.sum()), 'row')} with a price <= 0 "
                                "dropped", _dates(table.index[nonpos])))
    return table[~no_close & ~nonpos].sort_index(kind="stable"), issues


def _check_unique_dates(table: pd.DataFrame, source: str, date_col: str) -> None:
    """PriceFileError naming the two lines of the first date that appears twice."""
    dup = table.index.duplicated(keep=False)
    if dup.any():
        rows = table[dup]
        first = rows.index[0]
        both = rows.loc[rows.index == first, "line"].tolist()
        raise PriceFileError(source, f"date {first.date()} appears twice (lines {both[0]} and "
                             f"{both[1]})", line=int(both[1]), field=date_col)


def _n(count: int, noun: str) -> str:
    """``1 row``, ``3 rows``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _dates(index: pd.Index) -> tuple[date, ...]:
    """The days of a date index."""
    return tuple(pd.Timestamp(d).date() for d in index)


def check_prices(
    prices: PriceSeries,
    sessions: pd.DatetimeIndex,
    early_closes: pd.DatetimeIndex | None = None,
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> list[DataIssue]:
    """Report missing sessions, rows on non-trading days, zero-volume rows, broken half-day
    rows and suspicious jumps, within ``span`` (default: the file's own range)."""
    frame = prices.frame
    subject = prices.label if prices.source[0] == "<" else Path(prices.source).name
    lo = max(frame.index[0], span[0]) if span else frame.index[0]
    hi = min(frame.index[-1], span[1]) if span else frame.index[-1]
    rows = frame.loc[(frame.index >= lo) & (frame.index <= hi)]
    cal = sessions[(sessions >= lo) & (sessions <= hi)]
    issues = [i for i in prices.issues if not i.dates or any(lo.date() <= d <= hi.date()
                                                             for d in i.dates)]
    missing = cal.difference(rows.index)
    if len(missing):
        issues.append(DataIssue(subject, f"{_n(len(missing), 'trading day')} with no price: "
                                "that day's return and the next day's are missing",
                                _dates(missing)))
    off = rows.index.difference(cal)
    if len(off):
        issues.append(DataIssue(subject, f"{_n(len(off), 'row')} on days the exchange was "
                                "closed, ignored", _dates(off)))
    if "volume" in rows:
        issues += _volume_issues(subject, rows, early_closes)
    issues += _jump_issues(subject, rows.loc[rows.index.isin(cal), "close"])
    return issues


def _volume_issues(subject: str, rows: pd.DataFrame,
                   early_closes: pd.DatetimeIndex | None) -> list[DataIssue]:
    """Rows with zero volume: broken half-days (open = high = low = close) and the others."""
    issues: list[DataIssue] = []
    zero = rows[(rows["volume"] == 0)]
    flat = pd.Series(False, index=zero.index)
    if {"open", "high", "low"} <= set(rows.columns):
        flat = (zero["open"] == zero["close"]) & (zero["high"] == zero["close"]) & (
            zero["low"] == zero["close"])
    half = flat & zero.index.isin(early_closes if early_closes is not None else [])
    if half.any():
        count = _n(int(half.sum()), "broken half-day row")
        issues.append(DataIssue(subject, f"{count} (open = high = low = close, volume 0 on "
                                "an early-close day); the close is kept",
                                _dates(zero.index[half])))
    other = zero.index[~half.to_numpy()]
    if len(other):
        issues.append(DataIssue(subject, f"{_n(len(other), 'row')} with zero volume (no "
                                "trading?); kept", _dates(other)))
    return issues


def _jump_issues(subject: str, on_cal: pd.Series) -> list[DataIssue]:
    """Daily moves beyond :data:`JUMP` in log terms (an unadjusted split, a bad print)."""
    jumps = np.asarray(np.abs(np.log(on_cal / on_cal.shift(1))) > JUMP)
    if not jumps.any():
        return []
    return [DataIssue(subject, f"{_n(int(jumps.sum()), 'daily move')} beyond "
                      f"+{np.expm1(JUMP):.0%}/{np.expm1(-JUMP):.0%}: check for an "
                      "unadjusted split or a bad print",
                      _dates(on_cal.index[jumps]), "info")]
