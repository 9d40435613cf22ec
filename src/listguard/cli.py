"""The ``listguard`` command line. Thin: parse, call the library, print.

Exit codes: 0 answered (``allowed``, ``license_required``, ``prohibited``); 2 bad input (one
line, no traceback); 3 ``review`` (the query names no one listed entity exactly); 4
``unknown`` (the registry's data cannot answer).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from listguard.api.check import Checker, QueryKind
from listguard.api.funds import look_through
from listguard.model import Activity, Verdict
from listguard.registry import BadQuery, Registry, Resolution
from listguard.reports import answers
from listguard.screening.errors import ScreeningInputError
from listguard.sources.errors import SourceError
from listguard.timeutil import NEW_YORK, BadWhen, now, parse_when

EXIT_BAD_INPUT = 2
EXIT_AMBIGUOUS = 3

app = typer.Typer(
    name="listguard",
    help="Which US restriction lists is a company on, and what may a US person do — at any "
         "instant, as known at any time.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)


class UserError(Exception):
    """Bad input: printed as one line, exit code 2."""


class Ambiguous(Exception):
    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        super().__init__(resolution.query)


State: dict[str, Any] = {"db": None}

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="LISTGUARD_DB", help="Registry database (SQLite path or "
                 "postgresql:// URL). Default: ~/.local/share/listguard/registry.sqlite"),
]
OnOption = Annotated[str, typer.Option("--on", help="The instant asked about: a date (noon "
                                       "New York) or ISO datetime; default now.")]
KnownAtOption = Annotated[
    str | None,
    typer.Option("--known-at", help="Answer as the registry would have known then."),
]
FormatOption = Annotated[str, typer.Option("--format", help="table or json")]


@app.callback()
def _main(db: DbOption = None) -> None:
    State["db"] = db


def registry() -> Registry:
    """The registry named by ``--db`` (opened once per database per process)."""
    key = str(State["db"])
    if State.get("registry") is None or State.get("registry_db") != key:
        State["registry"] = Registry.open(State["db"])
        State["registry_db"] = key
    reg: Registry = State["registry"]
    return reg


def _format(value: str) -> str:
    if value not in ("table", "json"):
        raise UserError(f"--format must be table or json, not {value!r}")
    return value


def _action(value: str) -> Activity:
    try:
        return Activity(value.strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in Activity)
        raise UserError(f"unknown action {value!r}; choose one of: {choices}") from None


def _when(on: str, known_at: str | None) -> tuple[Any, Any]:
    when = parse_when(on, what="--on") if on else now()
    known = parse_when(known_at, what="--known-at") if known_at else None
    return when, known


def _resolve(query: str, *, allow_none: bool = True) -> Resolution:
    resolution = registry().resolve(query)
    if resolution.ambiguous:
        raise Ambiguous(resolution)
    if resolution.entity is None and not allow_none:
        raise UserError(f"no listed entity matches {query!r}")
    return resolution


def emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def check(
    action: Annotated[str, typer.Argument(help="buy, sell, hold, dod-contract, export or invest")],
    query: Annotated[str, typer.Argument(help="Company name, ticker (1810.HK) or ISIN")],
    on: OnOption = "",
    known_at: KnownAtOption = None,
    format: FormatOption = "table",
    holdings: Annotated[Path | None, typer.Option(
        "--holdings", help="A fund's holdings (CSV/XLSX: name, ISIN, ticker, weight): answer "
        "for the fund from them (OFAC FAQ 861)")] = None,
) -> None:
    """May a US person do ACTION with QUERY at --on? Verdict, reasons, citations, coverage.

    Exit code: 0 allowed, license_required or prohibited; 3 review; 4 unknown.
    """
    fmt_ = _format(format)
    activity = _action(action)
    when, known = _when(on, known_at)
    checker = Checker(registry())
    answer = checker.check(query, activity, when, known)
    if holdings is not None:
        answer = look_through(checker, answer, holdings)
    data = answer.as_dict()
    if fmt_ == "json":
        emit_json(data)
    else:
        answers.render_check(console, data)
    raise typer.Exit(answer.exit_code)


@app.command()
def status(
    query: Annotated[str, typer.Argument(help="Company name, ticker or ISIN")],
    on: OnOption = "",
    known_at: KnownAtOption = None,
    format: FormatOption = "table",
) -> None:
    """Every list membership and its state at --on, every verdict, deadlines and coverage.

    Exit code: 0 shown; 3 review (the query names no one listed entity: candidates shown);
    4 unknown (an identifier that names nothing, or a fund).
    """
    fmt_ = _format(format)
    when, known = _when(on, known_at)
    checker = Checker(registry())
    resolution = registry().resolve(query)
    if resolution.entity is not None:
        data = answers.status_answer(checker.status(resolution.entity.id, when, known))
        code = 0
    else:
        first = checker.check(query, Activity.BUY, when, known)
        if first.verdict in (Verdict.REVIEW, Verdict.UNKNOWN) and (
                first.candidates or first.kind is not QueryKind.NAME):
            data = first.as_dict()
            if fmt_ == "json":
                emit_json(data)
            else:
                answers.render_check(console, data)
            raise typer.Exit(first.exit_code)
        checks = {act: checker.check(query, act, when, known).as_dict() for act in Activity}
        data = answers.unlisted_status_answer(query, when, known, checks)
        code = 0
    if fmt_ == "json":
        emit_json(data)
    else:
        answers.render_status(console, data)
    raise typer.Exit(code)


@app.command()
def timeline(
    query: Annotated[str, typer.Argument(help="Company name, ticker or ISIN")],
    format: FormatOption = "table",
) -> None:
    """The dated history of QUERY's listings, with citations."""
    fmt_ = _format(format)
    resolution = _resolve(query, allow_none=False)
    entity = resolution.entity
    assert entity is not None
    answer = answers.timeline_answer(entity.id, entity.name, registry().events(entity.id))
    if fmt_ == "json":
        emit_json(answer)
    else:
        answers.render_timeline(console, answer)


@app.command("lists")
def lists_(format: FormatOption = "table") -> None:
    """The lists, with entity counts, the date their data runs to, and versions."""
    fmt_ = _format(format)
    rows = registry().lists_summary()
    if fmt_ == "json":
        emit_json(rows)
        return
    from rich.table import Table

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


def _register_optional() -> None:
    """Commands that live with their capability (impact, screening, sources)."""
    import importlib

    for module in ("listguard.impact.command", "listguard.screening.cli", "listguard.sources.cli"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        mod.register(app)


_register_optional()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map known errors to one-line messages and exit codes."""
    try:
        code = app(args=argv, standalone_mode=False)
    except (UserError, BadWhen, BadQuery, SourceError, ScreeningInputError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except Ambiguous as exc:
        err.print(f"[yellow]ambiguous:[/] {exc.resolution.query!r} matches "
                  f"{len(exc.resolution.candidates)} listed entities; be more specific:")
        for cand in exc.resolution.candidates:
            err.print(f"  {cand.id:32} {cand.name}")
        return EXIT_AMBIGUOUS
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        return 130
    except Exception as exc:
        usage = getattr(exc, "format_message", None)  # click's (or typer's own) usage errors
        if callable(usage):
            err.print(f"[red]error:[/] {usage()}", highlight=False)
            return EXIT_BAD_INPUT
        raise
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["NEW_YORK", "app", "main"]
