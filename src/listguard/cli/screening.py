"""``listguard screen FILE`` and ``listguard search NAME``.

Wired into the main command by ``register(app, registry)`` (``registry`` opens the registry
``--db`` names; tests pass a fake). Bad input prints one line naming the file
(and line or column) and exits with code 2; nothing else is printed as a traceback.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from listguard.cli.context import console, err, parse_instants
from listguard.cli.context import registry as default_registry
from listguard.errors import ListguardError
from listguard.reports.csvout import OutputFormat, write_csv
from listguard.screening.errors import ScreeningInputError

if TYPE_CHECKING:
    from rich.progress import Progress

    from listguard.registry import Registry

EXIT_BAD_INPUT = 2
PROGRESS_FROM_ROWS = 2000



def _fail(message: str) -> typer.Exit:
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


NameColumn = Annotated[str | None, typer.Option(
    "--name-column", help="Column with the names (default: detected).")]
TickerColumn = Annotated[str | None, typer.Option("--ticker-column")]
IsinColumn = Annotated[str | None, typer.Option("--isin-column")]
On = Annotated[str | None, typer.Option(
    "--on", help="Instant screened: a date (noon New York) or ISO datetime; default now.")]
KnownAt = Annotated[str | None, typer.Option(
    "--known-at", help="Use only what was published by then.")]
Out = Annotated[Path | None, typer.Option(
    "--out", help="Output file (.csv, .xlsx, .parquet); default FILE.screened.EXT")]
Report = Annotated[Path | None, typer.Option(
    "--report", help="HTML report; default next to the output file.")]
Jobs = Annotated[int, typer.Option("--jobs", help="Worker processes.")]
LookThrough = Annotated[Path | None, typer.Option(
    "--look-through", help="Folder of fund holdings files named after each fund's ISIN, "
    "ticker or name (ISIN.csv, TICKER.xlsx, fund-name.csv): fund rows get the buy verdict of "
    "their holdings (OFAC FAQ 861); a fund without one is unknown.")]
Sheet = Annotated[str | None, typer.Option(
    "--sheet", help="The sheet of an .xlsx workbook to screen: its name, or its 0-based "
    "index; needed when the workbook has several.")]


@dataclass(frozen=True, slots=True)
class ScreenRequest:
    """What ``listguard screen`` was asked."""

    file: Path
    name_column: str | None
    ticker_column: str | None
    isin_column: str | None
    on: str | None
    known_at: str | None
    out: Path | None
    report: Path | None
    jobs: int
    look_through: Path | None
    sheet: str | None


def register(app: typer.Typer, registry: Callable[[], Registry] | None = None) -> None:
    """Add ``screen`` and ``search`` to ``app``. ``registry`` opens the registry to use."""
    open_registry = registry or default_registry

    @app.command("screen")
    def screen_cmd(
        file: Annotated[Path, typer.Argument(help="CSV, XLSX or Parquet file to screen.")],
        name_column: NameColumn = None, ticker_column: TickerColumn = None,
        isin_column: IsinColumn = None, on: On = None, known_at: KnownAt = None,
        out: Out = None, report: Report = None, jobs: Jobs = 2,
        look_through_dir: LookThrough = None, sheet: Sheet = None,
    ) -> None:
        """Screen every row of a file; write the rows with their decisions and an HTML report."""
        try:
            run_screen(open_registry, ScreenRequest(
                file, name_column, ticker_column, isin_column, on, known_at, out, report, jobs,
                look_through_dir, sheet))
        except ListguardError as exc:  # one line and exit 2 even outside listguard's main()
            raise _fail(str(exc)) from None

    @app.command("search")
    def search_cmd(
        name: Annotated[str, typer.Argument(help="A name, as it came to you.")],
        limit: Annotated[int, typer.Option("--limit", help="How many candidates.")] = 5,
        ticker: Annotated[str | None, typer.Option("--ticker")] = None,
        isin: Annotated[str | None, typer.Option("--isin")] = None,
        country: Annotated[str | None, typer.Option("--country")] = None,
        on: On = None, known_at: KnownAt = None,
        fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
    ) -> None:
        """Show the closest listed parties for a name, with scores and explanations."""
        try:
            run_search(open_registry, name, max(1, limit), ticker, isin, country,
                       *parse_instants(on, known_at), fmt)
        except ListguardError as exc:
            raise _fail(str(exc)) from None


def run_screen(open_registry: Callable[[], Registry], req: ScreenRequest) -> None:
    """Screen the file, write the rows and the HTML report, print the summary."""
    from listguard.screening import adapter
    from listguard.screening.api import summarize
    from listguard.screening.report import write_html

    when, known = parse_instants(req.on, req.known_at)
    target = req.out or req.file.with_name(
        f"{req.file.stem}.screened{req.file.suffix or '.csv'}")
    html_path = req.report or target.with_suffix(".html")
    started = time.perf_counter()
    reg = open_registry()
    try:
        result, shown = _screen_file(reg, req, when, known, target)
    except ScreeningInputError as exc:
        raise _fail(str(exc).replace("data:", f"{req.file}:", 1)) from None
    seconds = time.perf_counter() - started
    gaps = adapter.coverage_gaps(reg, when, known)
    meta = {"input": str(req.file), "rows": f"{len(result):,}", "on": when.isoformat(),
            "known at": known.isoformat() if known else "everything published",
            "output": str(target), "took": f"{seconds:.1f}s",
            "coverage gaps": "; ".join(gaps) or "none"}
    write_html(result, html_path, meta)
    label = shown.name or shown.isin or shown.ticker
    _print_summary(result, summarize(result), target, html_path, seconds, label)
    from listguard.reports.answers import render_gaps

    render_gaps(console, gaps)
    _print_funds(result, label)


def _screen_file(reg: Registry, req: ScreenRequest, when: Any, known: Any,
                 target: Path) -> tuple[Any, Any]:
    """Read, screen (and look through fund rows), write: the result and its columns."""
    from listguard.screening.adapter import matcher_from_registry, registry_annotator
    from listguard.screening.api import screen
    from listguard.screening.io import detect_columns, read_table, write_table

    frame = read_table(req.file, sheet=req.sheet)
    shown = detect_columns(frame, name=req.name_column, ticker=req.ticker_column,
                           isin=req.isin_column, path=str(req.file))
    with _progress(len(frame)) as advance:
        result = screen(frame, on=when, known_at=known, name_column=req.name_column,
                        ticker_column=req.ticker_column, isin_column=req.isin_column,
                        matcher=matcher_from_registry(reg), annotator=registry_annotator(reg),
                        processes=max(1, req.jobs), progress=advance)
    if req.look_through is not None:
        _look_through(result, frame, shown, req.look_through, reg, when, known)
    write_table(result, target)
    return result, shown


def _print_funds(result: Any, label: str | None) -> None:
    if "look_through" not in result.columns:
        return
    funds = result[result["look_through"] != ""]
    console.print(f"Funds answered from their holdings (--look-through): {len(funds)}",
                  markup=False)
    for _, row in funds.iterrows():
        console.print(f"  {row[label] if label else ''}: {row['look_through']}",
                      markup=False, highlight=False, soft_wrap=True)


def run_search(open_registry: Callable[[], Registry], name: str, limit: int,
               ticker: str | None, isin: str | None, country: str | None, when: Any,
               known: Any, fmt: OutputFormat) -> None:
    """The closest listed parties to ``name``, with their lists and buy verdict."""
    from listguard.screening.adapter import matcher_from_registry, registry_annotator
    from listguard.screening.api import prepare_name

    text, note = prepare_name(name)
    if text is None and not (ticker or isin):
        raise _fail(f"nothing to search: {note}")
    reg = open_registry()
    hits = matcher_from_registry(reg).match(text, ticker=ticker, isin=isin, country=country,
                                            limit=limit)
    status = registry_annotator(reg)([h.entity_id for h in hits], when, known)
    rows = [_hit_row(h, status.get(h.entity_id)) for h in hits]
    if fmt is OutputFormat.JSON:
        console.print_json(json.dumps({"query": name, "on": when.isoformat(), "hits": rows}))
    elif fmt is OutputFormat.CSV:
        write_csv({k: v for k, v in r.items() if k != "features"} for r in rows)
    elif not hits:
        console.print(f"No listed name is close to {name!r}.", markup=False)
    else:
        _print_hits(name, when, hits, rows)


def _hit_row(hit: Any, st: Any) -> dict[str, Any]:
    row: dict[str, Any] = hit.as_dict()
    row["entity_name"] = st.name if st else ""
    row["lists"] = list(st.lists) if st else []
    row["buy"] = st.buy if st else ""
    return row


def _print_hits(name: str, when: Any, hits: list[Any], rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Closest listed parties to {name!r} on {when:%Y-%m-%d %H:%M %Z}")
    for column in ("#", "decision", "score", "listed party", "matched name", "lists", "buy"):
        table.add_column(column, overflow="fold")
    for i, (h, r) in enumerate(zip(hits, rows, strict=True), 1):
        table.add_row(str(i), h.decision.value, f"{h.score:.2f}",
                      escape(f"{r['entity_name'] or h.entity_id} ({h.entity_id})"),
                      escape(h.matched_name), escape(", ".join(r["lists"])) or "-", r["buy"])
    console.print(table)
    for i, h in enumerate(hits, 1):
        console.print(f"{i}. {h.explain()}", markup=False, highlight=False)


def _look_through(result: Any, frame: Any, cols: Any, folder: Path, reg: Registry,
                  when: Any, known: Any) -> None:
    """Answer the fund rows of ``result`` from their holdings files (in place): ``buy``
    becomes the fund's verdict and ``look_through`` says why."""
    from listguard.api.check import Checker, QueryKind, classify
    from listguard.api.funds import screen_look_through

    if not folder.is_dir():
        raise ScreeningInputError(f"{folder}: --look-through needs a folder of holdings files")

    def cell(column: str | None, i: int) -> str:
        return str(frame[column].iloc[i]).strip() if column else ""

    keys = [[cell(cols.isin, i), cell(cols.ticker, i), cell(cols.name, i)]
            for i in range(len(frame))]
    funds = [bool(k[2]) and classify(k[2]) is QueryKind.FUND for k in keys]
    verdicts, why = screen_look_through(keys, funds, folder, Checker(reg), when, known)
    buy = "buy" if "buy" in result.columns and "screen_buy" not in result.columns else \
        "screen_buy"
    result[buy] = [v or old for v, old in zip(verdicts, result[buy], strict=True)]
    result["look_through"] = why


class _progress:
    """A rich progress bar for large files; a no-op for small ones."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[int], None] | None:
        if self.total < PROGRESS_FROM_ROWS:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("screening"), BarColumn(),
                            TextColumn("{task.completed:,}/{task.total:,} rows"),
                            TimeRemainingColumn(), console=err, transient=True)
        self.bar.start()
        task = self.bar.add_task("screen", total=self.total)
        bar = self.bar
        return lambda n: bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


SHOWN_ROWS = 20
"""Rows printed at the terminal, each with its reason: every row of a small file; the first
flagged ones of a large file (all rows are in the output file and the HTML report)."""


def _print_summary(result: Any, counts: dict[str, int], target: Path, html_path: Path,
                   seconds: float, label: str | None) -> None:
    """The counts, then each shown row: what it was, the decision, the listed party, its
    lists and buy verdict at ``--on``, and one line saying why."""
    from rich.markup import escape

    total = len(result)
    console.print(
        f"Screened {total:,} rows in {seconds:.1f}s: {counts['match']:,} match, "
        f"{counts['review']:,} review, {counts['no_match']:,} no match, "
        f"{counts['not_screened']:,} not screened.", markup=False)
    prefix = "" if "decision" in result.columns else "screen_"
    decision = result[prefix + "decision"]
    if total <= SHOWN_ROWS:
        rows, title = result, "Every row, and why"
    else:
        rows = result[decision.isin(["match", "review"])].head(SHOWN_ROWS)
        title = f"The first {len(rows):,} flagged rows, and why"
    colour = {"match": "bold red", "review": "yellow", "no_match": "green"}
    if len(rows):
        console.print(f"\n[bold]{title}[/bold] (row numbers count data rows from 1)")
    for position, (_, row) in zip(range(len(result)), rows.iterrows(), strict=False):
        number = int(result.index.get_loc(row.name)) + 1 if total > SHOWN_ROWS else position + 1
        given = str(row[label]) if label and label in row.index else ""
        verdict = str(row[prefix + "decision"])
        line = f"{number:>4}  {escape(given)} -> [{colour.get(verdict, 'dim')}]" \
               f"{verdict.replace('_', ' ')}[/]"
        if verdict in ("match", "review"):
            lists = str(row[prefix + "lists"]).replace(";", ", ")
            line += (f" {float(row[prefix + 'score']):.2f}: "
                     f"{escape(str(row[prefix + 'entity_name']))}; "
                     f"{'on ' + escape(lists) if lists else 'on no list then'}; "
                     f"buy {row[prefix + 'buy']}")
        console.print(line, highlight=False, soft_wrap=True)
        console.print(f"      why: {row[prefix + 'explanation']}", markup=False,
                      highlight=False, soft_wrap=True)
    flagged = counts["match"] + counts["review"]
    if total > SHOWN_ROWS and flagged > len(rows):
        console.print(f"... and {flagged - len(rows):,} more flagged rows.", markup=False)
    if flagged:
        console.print("The legal basis of a verdict: listguard status NAME --on WHEN",
                      markup=False)
    console.print(f"\nOutput: {target}\nReport: {html_path}", markup=False)
