"""``check``, ``status``, ``timeline`` and ``lists``: the questions a compliance officer asks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from listguard.cli.context import (
    FormatOption,
    KnownAtOption,
    OnOption,
    emit,
    parse_activity,
    parse_instants,
    registry,
    resolve_one,
)
from listguard.model import Activity, Verdict
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
    from listguard.api.check import Checker
    from listguard.api.funds import look_through

    act = parse_activity(activity)
    when, known = parse_instants(on, known_at)
    checker = Checker(registry())
    answer = checker.check(query, act, when, known)
    if holdings is not None:
        answer = look_through(checker, answer, holdings)
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
    from listguard.api.check import Checker, QueryKind

    when, known = parse_instants(on, known_at)
    checker = Checker(registry())
    resolution = registry().resolve(query)
    if resolution.entity is not None:
        data = answers.status_answer(checker.status(resolution.entity.id, when, known))
        emit(format, data, answers.status_rows, answers.render_status)
        return
    first = checker.check(query, Activity.BUY, when, known)
    if first.verdict in (Verdict.REVIEW, Verdict.UNKNOWN) and (
            first.candidates or first.kind is not QueryKind.NAME):
        emit(format, first.as_dict(), answers.check_rows, answers.render_check)
        raise typer.Exit(first.exit_code)
    checks = {act: checker.check(query, act, when, known).as_dict() for act in Activity}
    data = answers.unlisted_status_answer(query, when, known, checks)
    emit(format, data, answers.status_rows, answers.render_status)


@app.command()
def timeline(
    query: Annotated[str, typer.Argument(help="Company name, ticker or ISIN")],
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """The dated history of QUERY's listings, with citations."""
    entity = resolve_one(query).entity
    assert entity is not None
    answer = answers.timeline_answer(entity.id, entity.name, registry().events(entity.id))
    emit(format, answer, answers.timeline_rows, answers.render_timeline)


@app.command("lists")
def lists_(format: FormatOption = OutputFormat.TABLE) -> None:
    """The lists, with entity counts, the span their data covers, and versions."""
    from listguard.api.lists import lists_summary

    emit(format, lists_summary(registry()), _list_rows, _render_lists)


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
