"""What every command shares: the core over the registry ``--db`` names (opened once), the
consoles, the options and the one way an answer is printed (``--format``).

Values (an activity, the instants) are read by the core itself
(:func:`listguard.api.core.parse_activity`, :func:`listguard.api.core.instants`), so the
command line, the Python API and the HTTP service read them one way.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.console import Console

from listguard.api.core import Listguard
from listguard.registry import Registry
from listguard.reports.console import make_console
from listguard.reports.csvout import OutputFormat, write_csv

console = make_console()
err = make_console(stderr=True)


@dataclass
class Context:
    """The core over the registry chosen with ``--db`` (or ``$LISTGUARD_DB``); it opens the
    registry on first use."""

    db: str | None = None
    _core: Listguard | None = None

    def core(self) -> Listguard:
        if self._core is None:
            self._core = Listguard.open(self.db)
        return self._core

    def reset(self, db: str | None = None) -> None:
        """Forget the open registry (a new ``--db``, or between tests)."""
        self.db, self._core = db, None


CONTEXT = Context()


def core() -> Listguard:
    """The core over the registry this run's ``--db`` names."""
    return CONTEXT.core()


def registry() -> Registry:
    """The registry this run's ``--db`` names."""
    return CONTEXT.core().registry


DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="LISTGUARD_DB", help="Registry database: a SQLite file path or a "
                 "postgresql:// URL. "
                 "Default: ~/.local/share/listguard/registry.sqlite"),
]
OnOption = Annotated[str, typer.Option("--on", help="The instant asked about: a date (noon "
                                       "New York) or ISO datetime; default now.")]
KnownAtOption = Annotated[
    str | None,
    typer.Option("--known-at", help="Answer as the registry would have known then."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table, json or csv")]


def emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit(fmt: OutputFormat, data: Any, rows: Callable[[Any], Iterable[Mapping[str, object]]],
         render: Callable[[Console, Any], None], fieldnames: list[str] | None = None) -> None:
    """An answer as JSON, CSV rows (``fieldnames``: the header even when there is no row) or
    the terminal rendering."""
    if fmt is OutputFormat.JSON:
        emit_json(data)
    elif fmt is OutputFormat.CSV:
        write_csv(rows(data), fieldnames=fieldnames)
    else:
        render(console, data)
