"""The ``listguard`` command line. Thin: parse, call the library, print.

Exit codes: 0 answered (``allowed``, ``license_required``, ``prohibited``); 2 bad input (one
line, no traceback); 3 ``review`` (the query names no one listed entity exactly); 4
``unknown`` (the registry's data cannot answer).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from listguard import settings
from listguard.api.check import Checker, QueryKind
from listguard.api.funds import look_through
from listguard.errors import ListguardError
from listguard.model import Activity, Verdict
from listguard.registry import Registry, Resolution
from listguard.reports import answers
from listguard.reports.console import make_console
from listguard.reports.csvout import write_csv
from listguard.timeutil import NEW_YORK, now, parse_when

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
console = make_console()
err = make_console(stderr=True)


class UserError(ListguardError):
    """Bad input: printed as one line, exit code 2."""


class Ambiguous(Exception):
    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        super().__init__(resolution.query)


State: dict[str, Any] = {"db": None}

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="LISTGUARD_DB", help="Registry database: a SQLite file path. "
                 "Default: ~/.local/share/listguard/registry.sqlite"),
]
OnOption = Annotated[str, typer.Option("--on", help="The instant asked about: a date (noon "
                                       "New York) or ISO datetime; default now.")]
KnownAtOption = Annotated[
    str | None,
    typer.Option("--known-at", help="Answer as the registry would have known then."),
]
FormatOption = Annotated[str, typer.Option("--format", help="table, json or csv")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.print(f"listguard {version('listguard')}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def _main(
    db: DbOption = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
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
    if value not in ("table", "json", "csv"):
        raise UserError(f"--format must be table, json or csv, not {value!r}")
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


def _emit(fmt: str, data: dict[str, Any],
          rows: Callable[[dict[str, Any]], list[dict[str, Any]]],
          render: Callable[[Console, dict[str, Any]], None]) -> None:
    """An answer as JSON, CSV rows or the terminal rendering."""
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        write_csv(rows(data))
    else:
        render(console, data)


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
    _emit(fmt_, answer.as_dict(), answers.check_rows, answers.render_check)
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
            _emit(fmt_, first.as_dict(), answers.check_rows, answers.render_check)
            raise typer.Exit(first.exit_code)
        checks = {act: checker.check(query, act, when, known).as_dict() for act in Activity}
        data = answers.unlisted_status_answer(query, when, known, checks)
        code = 0
    _emit(fmt_, data, answers.status_rows, answers.render_status)
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
    _emit(fmt_, answer, answers.timeline_rows, answers.render_timeline)


@app.command("lists")
def lists_(format: FormatOption = "table") -> None:
    """The lists, with entity counts, the date their data runs to, and versions."""
    fmt_ = _format(format)
    rows = registry().lists_summary()
    if fmt_ == "json":
        emit_json(rows)
        return
    if fmt_ == "csv":
        write_csv({**{k: v for k, v in r.items() if k != "coverage"},
                   **{f"coverage_{k}": v for k, v in r["coverage"].items()}} for r in rows)
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
        if module == "listguard.screening.cli":
            mod.register(app, registry)  # the registry --db names, opened once
        else:
            mod.register(app)


_register_optional()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map every error to one line on stderr and an exit code: 2 for bad input,
    1 for a fault of listguard's own (its traceback goes to a log file, named)."""
    try:
        code = app(args=argv, standalone_mode=False)
    except ListguardError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except Ambiguous as exc:
        err.print(f"[yellow]ambiguous:[/] {exc.resolution.query!r} matches "
                  f"{len(exc.resolution.candidates)} listed entities; be more specific:")
        for cand in exc.resolution.candidates:
            err.print(f"  {cand.id:32} {cand.name}")
        return EXIT_AMBIGUOUS
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 130
    except Exception as exc:
        usage = getattr(exc, "format_message", None)  # click's (or typer's own) usage errors
        if callable(usage):
            err.print(f"[red]error:[/] {escape(str(usage()))}", highlight=False,
                      soft_wrap=True)
            return EXIT_BAD_INPUT
        return _internal_error(exc)
    return code if isinstance(code, int) else 0


EXIT_INTERNAL = 1


def _internal_error(exc: BaseException) -> int:
    """A fault of listguard's own: one line, and the traceback in a log file."""
    import traceback

    log = error_log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat()} listguard {' '.join(sys.argv[1:])}\n")
            fh.write("".join(traceback.format_exception(exc)))
        where = f"the traceback is in {log}"
    except OSError:
        where = "the traceback could not be written to a log file"
    err.print(f"[red]internal error:[/] {type(exc).__name__}: {escape(str(exc))[:300]} "
              f"({where}; please report it)", highlight=False, soft_wrap=True)
    return EXIT_INTERNAL


def error_log_path() -> Path:
    return settings.error_log_path()


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["NEW_YORK", "app", "main"]
