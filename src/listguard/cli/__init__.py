"""The ``listguard`` command line: thin rendering over the core (:mod:`listguard.api`).

===================  ======================================================================
module               commands
===================  ======================================================================
``context``          what every command shares: the registry ``--db`` names, the options,
                     reading an activity, instants and ``--format``
``answers``          ``check``, ``status``, ``timeline``, ``lists``
``updates``          ``update``, ``versions``, ``diff``, ``export``
``alerts``           ``watch``, ``alerts``
``screening``        ``screen``, ``search``
``impact``           ``impact`` (:mod:`.impact_run` runs the study: pandas, scipy and the
                     exchange calendars load only when it runs)
``service``          ``serve``, ``keys``, ``decide``, ``audit``
===================  ======================================================================

Exit codes: 0 answered (``allowed``, ``license_required``, ``prohibited``); 2 bad input (one
line on stderr, no traceback); 3 ``review``; 4 ``unknown``; 5 alerts left undelivered; 6 an
audit trail that does not verify; 1 a
fault of listguard's own (one line; the traceback goes to a log file it names).
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape

from listguard import settings
from listguard.cli import alerts, answers, impact, news, screening, service, updates
from listguard.cli.context import CONTEXT, DbOption, console, err, registry
from listguard.errors import EXIT_BAD_INPUT, ListguardError

EXIT_INTERNAL = 1

app = typer.Typer(
    name="listguard",
    help="Which US restriction lists is a company on, and what may a US person do — at any "
         "instant, as known at any time.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


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
    CONTEXT.reset(db)


def _register() -> None:
    for group in (answers.app, updates.app, alerts.app, service.app):
        app.registered_commands.extend(group.registered_commands)
    app.add_typer(service.keys_app, name="keys")
    app.add_typer(service.audit_app, name="audit")
    app.add_typer(news.app, name="news")
    screening.register(app)
    impact.register(app)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map every error to one line on stderr and an exit code (module doc)."""
    try:
        code = app(args=argv, standalone_mode=False)
    except ListguardError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 130
    except Exception as exc:
        usage = getattr(exc, "format_message", None)  # typer's (click's) usage errors
        if callable(usage):
            err.print(f"[red]error:[/] {escape(str(usage()))}", highlight=False,
                      soft_wrap=True)
            return EXIT_BAD_INPUT
        return _internal_error(exc)
    return code if isinstance(code, int) else 0


def _internal_error(exc: BaseException) -> int:
    """A fault of listguard's own: one line, and the traceback in a log file."""
    log = settings.error_log_path()
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


__all__ = ["CONTEXT", "app", "main", "registry"]
