"""``listguard screen FILE`` and ``listguard search NAME``: rendering over the core
(:meth:`Listguard.screen_file`, :meth:`Listguard.search`).

Wired into the main command by ``register(app)`` (the core over the registry ``--db`` names;
tests may pass another). Bad input prints one line naming the file (and line or column) and
exits with code 2; nothing else is printed as a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from listguard.api.core import Listguard, instants
from listguard.cli.context import console, core, err
from listguard.errors import EXIT_BAD_INPUT, ListguardError
from listguard.reports.console import progress_bar
from listguard.reports.csvout import OutputFormat, write_csv

if TYPE_CHECKING:
    from listguard.api.results import SearchAnswer
    from listguard.api.screening import ScreenFileRequest, ScreenFileResult
    from listguard.spark.job import SparkRequest


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
Out = Annotated[str | None, typer.Option(
    "--out", help="Output file (.csv, .xlsx, .parquet); default FILE.screened.EXT. With "
    "--engine spark (needed): a folder to create, CSV when it ends .csv, else Parquet.")]


class Engine(StrEnum):
    LOCAL = "local"
    SPARK = "spark"


EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="local: this machine (--jobs processes). spark: Apache Spark (pip "
    "install 'listguard[spark]', Java 17+); FILE and --out may then be folders on any file "
    "system Spark reads, and OUT gets a _listguard.json manifest.")]
Master = Annotated[str | None, typer.Option(
    "--master", help="Spark master for --engine spark: local[N], spark://HOST:7077, yarn, "
    "k8s://... (default: spark-submit's, else local[*]).")]
Report = Annotated[Path | None, typer.Option(
    "--report", help="HTML report; default next to the output file.")]
Jobs = Annotated[int, typer.Option("--jobs", help="Worker processes.")]
LookThrough = Annotated[Path | None, typer.Option(
    "--look-through", help="Folder of fund holdings files named after each fund's ISIN, "
    "ticker or name (ISIN.csv, TICKER.xlsx, fund-name.csv): fund rows get the buy verdict of "
    "their holdings (OFAC FAQ 861); a fund without one is unknown.")]
CountryColumn = Annotated[str | None, typer.Option(
    "--country-column", help="Column with each row's country (default: detected): a country "
    "other than the listed party's lowers the score.")]
TypeColumn = Annotated[str | None, typer.Option(
    "--type-column", help="Column saying what each row is: company, person, vessel, "
    "aircraft (default: detected).")]
Kind = Annotated[str | None, typer.Option(
    "--type", help="What every row is: company, person, vessel, aircraft, or any (compare "
    "every kind). A company never matches a person or vessel unless any.")]
DobColumn = Annotated[str | None, typer.Option(
    "--dob-column", help="Column with each row's date of birth (default: detected).")]
IdColumn = Annotated[str | None, typer.Option(
    "--id-column", help="Column with other identifiers (LEI, ISIN, USCC, ticker with market; "
    "OFAC entry numbers when the header names OFAC); each value's scheme is detected.")]
LeiColumn = Annotated[str | None, typer.Option("--lei-column")]
BirthPlaceColumn = Annotated[str | None, typer.Option(
    "--birth-place-column", help="Column with each person's place of birth (default: "
    "detected: place of birth, pob ...).")]
GenderColumn = Annotated[str | None, typer.Option(
    "--gender-column", help="Column with each person's gender (default: detected).")]
PassportColumn = Annotated[str | None, typer.Option(
    "--passport-column", help="Column with each person's passport number (default: "
    "detected): one the list gives decides the match.")]
NationalIdColumn = Annotated[str | None, typer.Option(
    "--national-id-column", help="Column with each person's national ID number (default: "
    "detected: national id, id card, cedula ...).")]
Decisions = Annotated[bool, typer.Option(
    "--decisions", help="Resolve flagged rows with the reviewers' earlier decisions "
    "(`listguard decide`): review_status and review_note columns.")]
Sheet = Annotated[str | None, typer.Option(
    "--sheet", help="The sheet of an .xlsx workbook to screen: its name, or its 0-based "
    "index; needed when the workbook has several.")]


def register(app: typer.Typer, open_core: Callable[[], Listguard] | None = None) -> None:
    """Add ``screen`` and ``search`` to ``app``. ``open_core`` gives the core to use."""
    # Kept in one piece: typer reads each command's options from its signature, and the
    # commands close over ``get_core``.
    get_core = open_core or core

    @app.command("screen")
    def screen_cmd(
        ctx: typer.Context,
        file: Annotated[str, typer.Argument(
            help="CSV, XLSX or Parquet file to screen (--engine spark: a CSV or Parquet file "
            "or folder, local or hdfs://, s3a:// ...).")],
        name_column: NameColumn = None, ticker_column: TickerColumn = None,
        isin_column: IsinColumn = None, on: On = None, known_at: KnownAt = None,
        out: Out = None, report: Report = None, jobs: Jobs = 2,
        look_through_dir: LookThrough = None, sheet: Sheet = None,
        country_column: CountryColumn = None, type_column: TypeColumn = None,
        kind: Kind = None, dob_column: DobColumn = None, id_column: IdColumn = None,
        lei_column: LeiColumn = None, decisions: Decisions = False,
        engine: EngineOption = Engine.LOCAL, master: Master = None,
        birth_place_column: BirthPlaceColumn = None, gender_column: GenderColumn = None,
        passport_column: PassportColumn = None, national_id_column: NationalIdColumn = None,
    ) -> None:
        """Screen every row of a file; write the rows with their decisions and an HTML report.

        Exit code: 0 when no row is flagged against a party listed at --on; 3 when some row
        is (a person must review it); 2 bad input.
        """
        from listguard.api.screening import ScreenFileRequest

        try:
            when, known = instants(on, known_at)
            if engine is Engine.SPARK or master is not None:
                raise typer.Exit(_screen_on_spark(get_core, ctx.params, when, known))
            request = ScreenFileRequest(
                Path(file), when, known, name_column, ticker_column, isin_column,
                Path(out) if out is not None else None, report, jobs, look_through_dir,
                sheet, country_column, type_column, kind, dob_column, id_column, lei_column,
                decisions, birth_place_column=birth_place_column, gender_column=gender_column,
                passport_column=passport_column, national_id_column=national_id_column)
            code = run_screen(get_core(), request)
        except ListguardError as exc:  # one line and exit 2 even outside listguard's main()
            raise _fail(str(exc)) from None
        if code:
            raise typer.Exit(code)

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
            answer = get_core().search(name, limit=limit, ticker=ticker, isin=isin,
                                       country=country, on=on, known_at=known_at)
        except ListguardError as exc:
            raise _fail(str(exc)) from None
        _print_search(answer, fmt)


EXIT_LISTED = 3
"""Some row is flagged against a party on a list at ``--on``: a person must review it (the
code of a ``review`` answer)."""


def run_screen(lg: Listguard, req: ScreenFileRequest) -> int:
    """Screen the file (with a progress bar when it is large), print the summary; the exit
    code (:data:`EXIT_LISTED` when a flagged row's party is on a list at ``--on``)."""
    from listguard.reports.answers import render_gaps
    from listguard.screening.api import flagged_by_listing

    result = lg.screen_file(req, progress_bar)
    _print_summary(result)
    render_gaps(console, result.gaps)
    _print_funds(result.rows, result.label)
    return EXIT_LISTED if flagged_by_listing(result.rows)["on_a_list"] else 0


def _screen_on_spark(get_core: Callable[[], Listguard], params: dict[str, Any],
                     when: datetime, known: datetime | None) -> int:
    """``screen --engine spark`` from the command's parsed options (every ``*_column`` one
    passed on by name); what the Spark engine does not do is refused (exit 2)."""
    from listguard.spark.job import SparkRequest

    if params["engine"] is not Engine.SPARK:
        raise _fail("--master is for --engine spark")
    for option in ("look_through_dir", "decisions", "sheet", "report"):
        if params.get(option):
            flag = "--look-through" if option == "look_through_dir" else f"--{option}"
            raise _fail(f"{flag} is for --engine local")
    if not params["out"]:
        raise _fail("--engine spark needs --out: the folder to write (CSV when it ends "
                    ".csv, else Parquet)")
    columns = {k: v for k, v in params.items() if k.endswith("_column")}
    return run_spark_screen(get_core(), SparkRequest(
        params["file"], params["out"], when, known, params["master"], columns, params["kind"]))


def run_spark_screen(lg: Listguard, req: SparkRequest) -> int:
    """Screen on Spark, print the summary; the exit code: 1 when a row could not be screened
    for an error of listguard's own or the output does not hold each input row exactly once,
    else as :func:`run_screen`."""
    from listguard.reports.answers import render_gaps

    result = lg.screen_spark(req)
    manifest = result.manifest
    counts, flagged, rows = result.counts, manifest["flagged"], manifest["rows"]
    console.print(
        f"Screened {rows['output']:,} rows on Spark ({manifest['engine']['master']}) in "
        f"{manifest['seconds']:.1f}s: {counts['match']:,} match, {counts['review']:,} review, "
        f"{counts['no_match']:,} no match, {counts['not_screened']:,} not screened.",
        markup=False)
    if counts["match"] + counts["review"]:
        console.print(f"Of the flagged rows, {flagged['on_a_list']:,} name a party on a list "
                      f"at --on and {flagged['on_no_list']:,} a party on no list then.",
                      markup=False)
    errors = manifest["errors"]
    if errors["malformed"] or errors["failed"]:
        console.print(f"Not screened: {errors['malformed']:,} malformed input lines, "
                      f"{errors['failed']:,} rows that failed; _error says why.", markup=False)
    _print_spark_rows(result.flagged, result.columns.name, manifest["request"]["row_id"])
    render_gaps(console, manifest["coverage_gaps"])
    console.print(f"\nOutput: {req.out} (a folder of part files)\n"
                  f"Manifest: {req.out.rstrip('/')}/_listguard.json", markup=False)
    if not rows["one_per_input_row"]:
        err.print(f"error: the output holds {rows['output']:,} rows with "
                  f"{rows['distinct_row_ids']:,} distinct row ids for {rows['input']:,} input "
                  "rows", markup=False, highlight=False, soft_wrap=True)
        return 1
    if errors["failed"]:
        err.print(f"error: {errors['failed']:,} rows could not be screened (_error says why)",
                  markup=False, highlight=False, soft_wrap=True)
        return 1
    return EXIT_LISTED if flagged["on_a_list"] else 0


def _print_spark_rows(rows: list[dict[str, Any]], label: str | None, row_id: str) -> None:
    if not rows:
        return
    from rich.markup import escape

    prefix = "" if "decision" in rows[0] and "screen_decision" not in rows[0] else "screen_"
    console.print(f"\n[bold]The first {len(rows):,} flagged rows, and why[/bold] "
                  f"(by {row_id})")
    for row in rows:
        verdict = str(row[prefix + "decision"])
        lists = str(row[prefix + "lists"]).replace(";", ", ")
        given = str(row[label]) if label and label in row else ""
        console.print(f"{row[row_id]!s:>6}  {escape(given)} -> {verdict} "
                      f"{float(row[prefix + 'score']):.2f}: "
                      f"{escape(str(row[prefix + 'entity_name']))}; "
                      f"{'on ' + escape(lists) if lists else 'on no list then'}; "
                      f"buy {row[prefix + 'buy']}", highlight=False, soft_wrap=True)
        console.print(f"        why: {row[prefix + 'explanation']}", markup=False,
                      highlight=False, soft_wrap=True)


def _print_funds(result: Any, label: str | None) -> None:
    if "look_through" not in result.columns:
        return
    funds = result[result["look_through"] != ""]
    console.print(f"Funds answered from their holdings (--look-through): {len(funds)}",
                  markup=False)
    for _, row in funds.iterrows():
        console.print(f"  {row[label] if label else ''}: {row['look_through']}",
                      markup=False, highlight=False, soft_wrap=True)


def _print_search(answer: SearchAnswer, fmt: OutputFormat) -> None:
    rows = [h.as_dict() for h in answer.hits]
    if fmt is OutputFormat.JSON:
        console.print_json(json.dumps(answer.as_dict()))
    elif fmt is OutputFormat.CSV:
        write_csv({k: v for k, v in r.items() if k != "features"} for r in rows)
    elif not rows:
        console.print(f"No listed name is close to {answer.query!r}.", markup=False)
    else:
        _print_hits(answer, rows)


def _print_hits(answer: SearchAnswer, rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Closest listed parties to {answer.query!r} on "
                        f"{answer.on:%Y-%m-%d %H:%M %Z}")
    for column in ("#", "decision", "score", "listed party", "matched name", "lists", "buy"):
        table.add_column(column, overflow="fold")
    for i, (h, r) in enumerate(zip(answer.hits, rows, strict=True), 1):
        hit = h.hit
        table.add_row(str(i), hit.decision.value, f"{hit.score:.2f}",
                      escape(f"{r['entity_name'] or hit.entity_id} ({hit.entity_id})"),
                      escape(hit.matched_name), escape(", ".join(r["lists"])) or "-", r["buy"])
    console.print(table)
    for i, h in enumerate(answer.hits, 1):
        console.print(f"{i}. {h.hit.explain()}", markup=False, highlight=False)


SHOWN_ROWS = 20
"""Rows printed at the terminal, each with its reason: every row of a small file; the first
flagged ones of a large file (all rows are in the output file and the HTML report)."""


def _print_summary(screened: ScreenFileResult) -> None:
    """The counts, then each shown row: what it was, the decision, the listed party, its
    lists and buy verdict at ``--on``, and one line saying why."""
    from rich.markup import escape

    from listguard.screening.api import flagged_by_listing

    result, counts, label = screened.rows, screened.counts, screened.label
    seconds = screened.seconds
    total = len(result)
    console.print(
        f"Screened {total:,} rows in {seconds:.1f}s: {counts['match']:,} match, "
        f"{counts['review']:,} review, {counts['no_match']:,} no match, "
        f"{counts['not_screened']:,} not screened.", markup=False)
    split = flagged_by_listing(result)
    if counts["match"] + counts["review"]:
        console.print(f"Of the flagged rows, {split['on_a_list']:,} name a party on a list at "
                      f"--on and {split['on_no_list']:,} a party on no list then.",
                      markup=False)
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
        number = (cast(int, result.index.get_loc(row.name)) + 1 if total > SHOWN_ROWS
                  else position + 1)  # the index is a RangeIndex: get_loc gives an int
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
    console.print(f"\nOutput: {screened.request.target}\nReport: {screened.request.html}",
                  markup=False)
