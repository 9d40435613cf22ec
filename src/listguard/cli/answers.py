"""``check``, ``status``, ``timeline`` and ``lists``: the questions a compliance officer asks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from listguard.cli.context import FormatOption, KnownAtOption, OnOption, core, emit
from listguard.reports import answers
from listguard.reports.csvout import OutputFormat

app = typer.Typer()


@app.command()
def check(
    activity: Annotated[str, typer.Argument(
        help="buy, sell, hold, dod-contract, export or invest")],
    query: Annotated[str, typer.Argument(help="Company name, ticker (1810.HK) or ISIN")],
    on: OnOption = "",
    known_at: KnownAtOption = None,
    format: FormatOption = OutputFormat.TABLE,
    holdings: Annotated[Path | None, typer.Option(
        "--holdings", help="A fund's holdings (CSV/XLSX: name, ISIN, ticker, weight): answer "
        "for the fund from them (OFAC FAQ 861)")] = None,
) -> None:
    """May a US person do ACTIVITY with QUERY at --on? Verdict, reasons, citations, coverage.

    Exit code: 0 allowed, license_required or prohibited; 3 review; 4 unknown.
    """
    answer = core().check(query, activity, on, known_at, holdings=holdings)
    emit(format, answer.as_dict(), answers.check_rows, answers.render_check)
    raise typer.Exit(answer.exit_code)


@app.command()
def status(
    query: Annotated[str, typer.Argument(help="Company name, ticker or ISIN")],
    on: OnOption = "",
    known_at: KnownAtOption = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every list membership and its state at --on, every verdict, deadlines and coverage.

    Exit code: 0 shown; 3 review (the query names no one listed entity: candidates shown);
    4 unknown (an identifier that names nothing, or a fund).
    """
    answer = core().status(query, on, known_at)
    if answer.unresolved is not None:
        emit(format, answer.as_dict(), answers.check_rows, answers.render_check)
    else:
        emit(format, answer.as_dict(), answers.status_rows, answers.render_status)
    raise typer.Exit(answer.exit_code)


@app.command()
def timeline(
    query: Annotated[str, typer.Argument(help="Company name, ticker or ISIN")],
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """The dated history of QUERY's listings, with citations."""
    answer = core().timeline(query)
    emit(format, answer.as_dict(), answers.timeline_rows, answers.render_timeline)


@app.command("lists")
def lists_(format: FormatOption = OutputFormat.TABLE) -> None:
    """The lists, with entity counts, the span their data covers, and versions."""
    emit(format, [s.as_dict() for s in core().lists()], _list_rows, _render_lists)


def _list_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**{k: v for k, v in r.items() if k != "coverage"},
             **{f"coverage_{k}": v for k, v in r["coverage"].items()}} for r in rows]


def _render_lists(console: Console, rows: list[dict[str, Any]]) -> None:
    table = Table(title="Lists")
    for col in ("id", "ever listed", "listed now", "covers", "dated by", "version",
                "imported"):
        table.add_column(col, overflow="fold")
    for r in rows:
        cov = r["coverage"]
        span = (f"{cov['from']} → {cov['to']}" if cov["from"] else "no data")
        kind = ("complete" if cov["complete"] else
                f"whole list from {cov['whole_from']}" if cov["whole_from"] else
                "a selection" if cov["from"] else "")
        table.add_row(r["id"], str(r["entities"]), str(r["listed_now"]),
                      f"{span}{'; ' + kind if kind else ''}", cov["dated_by"] or "—",
                      str(r["version"] or "—"), (r["imported"] or "—")[:19])
    console.print(table)
    console.print("covers: the span the data speaks for; complete: every entry with its real "
                  "dates; an imported file tells only when an entry was first seen.",
                  style="dim")
