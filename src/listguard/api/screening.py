"""Screening in the core: a file's rows (``screen_file``) and one name (``search``).

The matching and the per-row decision live in :mod:`listguard.screening`; this module reads
the file, screens it at the asked instant, answers fund rows from their holdings (OFAC FAQ
861, ``look_through``), writes the rows and the HTML report, and says what the coverage
leaves open.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from listguard.api.check import Checker, QueryKind, classify
from listguard.api.results import SearchAnswer, SearchHit
from listguard.errors import UsageError
from listguard.matching.matcher import Matcher
from listguard.registry import Registry
from listguard.screening import adapter
from listguard.screening.api import prepare_name, screen, summarize
from listguard.screening.errors import ScreeningInputError
from listguard.screening.io import Columns, detect_columns, read_table, write_table
from listguard.screening.report import write_html


@dataclass(frozen=True, slots=True)
class ScreenFileRequest:
    """A file to screen, and how."""

    file: Path
    on: datetime
    known_at: datetime | None = None
    name_column: str | None = None
    ticker_column: str | None = None
    isin_column: str | None = None
    out: Path | None = None
    """Where the screened rows go; default ``FILE.screened.EXT``."""
    report: Path | None = None
    """The HTML report; default beside ``out``."""
    jobs: int = 2
    look_through: Path | None = None
    """A folder of fund holdings files (``ISIN.csv``, ``TICKER.xlsx``, ``fund-name.csv``)."""
    sheet: str | None = None
    country_column: str | None = None
    type_column: str | None = None
    kind: str | None = None
    """What every row is (company, person, vessel, aircraft, any) where no type column says."""
    dob_column: str | None = None
    id_column: str | None = None
    lei_column: str | None = None
    decisions: bool = False
    """Resolve flagged rows with the reviewers' earlier decisions (``review_status``)."""
    birth_place_column: str | None = None
    gender_column: str | None = None
    passport_column: str | None = None
    national_id_column: str | None = None

    @property
    def target(self) -> Path:
        return self.out or self.file.with_name(
            f"{self.file.stem}.screened{self.file.suffix or '.csv'}")

    @property
    def html(self) -> Path:
        return self.report or self.target.with_suffix(".html")


@dataclass
class ScreenFileResult:
    """The screened rows (the input's columns, then the decision columns) and what was
    written."""

    request: ScreenFileRequest
    rows: pd.DataFrame
    columns: Columns
    seconds: float
    gaps: list[str]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str | None:
        """The input column that best names a row (name, else ISIN, else ticker)."""
        return self.columns.name or self.columns.isin or self.columns.ticker


Progress = Callable[[int], AbstractContextManager[Callable[[int], None] | None]]
"""``progress(total_rows)``: a context whose value is called with each chunk's row count (or
None: no progress shown)."""


def screen_file(reg: Registry, checker: Checker, req: ScreenFileRequest,
                progress: Progress | None = None) -> ScreenFileResult:
    """Read, screen (and look through fund rows), write the rows and the report."""
    started = time.perf_counter()
    frame = read_table(req.file, sheet=req.sheet)
    cols = detect_columns(frame, name=req.name_column, ticker=req.ticker_column,
                          isin=req.isin_column, lei=req.lei_column, country=req.country_column,
                          kind=req.type_column, dob=req.dob_column, identifier=req.id_column,
                          birth_place=req.birth_place_column, gender=req.gender_column,
                          passport=req.passport_column, national_id=req.national_id_column,
                          path=str(req.file))
    try:
        with (progress or _silent)(len(frame)) as advance:
            rows = screen(frame, on=req.on, known_at=req.known_at,
                          name_column=cols.name, ticker_column=cols.ticker,
                          isin_column=cols.isin, lei_column=cols.lei,
                          country_column=cols.country, type_column=cols.kind,
                          dob_column=cols.dob, id_column=cols.identifier, kind=req.kind,
                          birth_place_column=cols.birth_place, gender_column=cols.gender,
                          passport_column=cols.passport, national_id_column=cols.national_id,
                          matcher=checker.matcher, annotator=adapter.registry_annotator(reg),
                          processes=max(1, req.jobs), progress=advance)
    except ScreeningInputError as exc:
        raise ScreeningInputError(str(exc).replace("data:", f"{req.file}:", 1)) from None
    if req.look_through is not None:
        _look_through(rows, frame, cols, req.look_through, checker, req.on, req.known_at)
    if req.decisions:
        from listguard.api.decisions import resolve

        rows = resolve(reg, rows, {"name": cols.name, "country": cols.country,
                                   "type": cols.kind, "dob": cols.dob, "ticker": cols.ticker,
                                   "isin": cols.isin, "lei": cols.lei, "id": cols.identifier,
                                   "birth_place": cols.birth_place, "gender": cols.gender,
                                   "passport": cols.passport,
                                   "national_id": cols.national_id})
    write_table(rows, req.target)
    result = ScreenFileResult(req, rows, cols, time.perf_counter() - started,
                              adapter.coverage_gaps(reg, req.on, req.known_at), summarize(rows))
    write_html(rows, req.html, _report_meta(result))
    return result


@contextmanager
def _silent(total: int) -> Iterator[None]:
    yield None


def _report_meta(result: ScreenFileResult) -> dict[str, str]:
    req = result.request
    return {"input": str(req.file), "rows": f"{len(result.rows):,}", "on": req.on.isoformat(),
            "known at": req.known_at.isoformat() if req.known_at else "everything published",
            "output": str(req.target), "took": f"{result.seconds:.1f}s",
            "coverage gaps": "; ".join(result.gaps) or "none"}


def _look_through(result: pd.DataFrame, frame: pd.DataFrame, cols: Columns, folder: Path,
                  checker: Checker, when: datetime, known: datetime | None) -> None:
    """Answer the fund rows of ``result`` from their holdings files (in place): ``buy``
    becomes the fund's verdict and ``look_through`` says why."""
    from listguard.api.funds import screen_look_through

    if not folder.is_dir():
        raise ScreeningInputError(f"{folder}: --look-through needs a folder of holdings files")

    def cell(column: str | None, i: int) -> str:
        return str(frame[column].iloc[i]).strip() if column else ""

    keys = [[cell(cols.isin, i), cell(cols.ticker, i), cell(cols.name, i)]
            for i in range(len(frame))]
    funds = [bool(k[2]) and classify(k[2]) is QueryKind.FUND for k in keys]
    verdicts, why = screen_look_through(keys, funds, folder, checker, when, known)
    buy = "buy" if "buy" in result.columns and "screen_buy" not in result.columns else \
        "screen_buy"
    result[buy] = [v or old for v, old in zip(verdicts, result[buy], strict=True)]
    result["look_through"] = why


def search(reg: Registry, matcher: Matcher, name: str, *, limit: int, ticker: str | None,
           isin: str | None, country: str | None, on: datetime,
           known_at: datetime | None) -> SearchAnswer:
    """The closest listed parties to ``name``, with their lists and buy verdict at ``on``."""
    text, note = prepare_name(name)
    if text is None and not (ticker or isin):
        raise UsageError(f"nothing to search: {note}")
    hits = matcher.match(text, ticker=ticker, isin=isin, country=country, limit=limit)
    status = adapter.registry_annotator(reg)([h.entity_id for h in hits], on, known_at)
    return SearchAnswer(name, on, [SearchHit(h, status.get(h.entity_id)) for h in hits])
