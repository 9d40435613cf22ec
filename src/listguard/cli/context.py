"""What every command shares: the registry ``--db`` names (opened once), the consoles, the
options, and reading the values every command reads (an action, the instants, a format).

One place, so no command re-solves opening the registry or parsing an instant.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console

from listguard.errors import ListguardError
from listguard.model import Activity
from listguard.registry import Registry, Resolution
from listguard.reports.console import make_console
from listguard.reports.csvout import OutputFormat, write_csv
from listguard.timeutil import now, parse_when

console = make_console()
err = make_console(stderr=True)


class UserError(ListguardError):
    """A bad command-line value: one line, exit 2."""


@dataclass
class Context:
    """The registry chosen with ``--db`` (or ``$LISTGUARD_DB``), opened on first use."""

    db: str | None = None
    _registry: Registry | None = None
    _opened: str | None = None

    def registry(self) -> Registry:
        if self._registry is None or self._opened != str(self.db):
            self._registry = Registry.open(self.db)
            self._opened = str(self.db)
        return self._registry

    def reset(self, db: str | None = None) -> None:
        """Forget the open registry (a new ``--db``, or between tests)."""
        self.db, self._registry, self._opened = db, None, None


CONTEXT = Context()


def registry() -> Registry:
    """The registry this run's ``--db`` names."""
    return CONTEXT.registry()


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
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table, json or csv")]


def parse_activity(value: str) -> Activity:
    try:
        return Activity(value.strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in Activity)
        raise UserError(f"unknown activity {value!r}; choose one of: {choices}") from None


def parse_instants(on: str | None, known_at: str | None) -> tuple[datetime, datetime | None]:
    """``--on`` (default now) and ``--known-at`` (default: everything known)."""
    when = parse_when(on, what="--on") if on else now()
    known = parse_when(known_at, what="--known-at") if known_at else None
    return when, known


def resolve_one(query: str) -> Resolution:
    """The one entity ``query`` names exactly, or a one-line error saying why not."""
    resolution = registry().resolve(query)
    if resolution.entity is None:
        if resolution.candidates:
            ids = ", ".join(e.id for e in resolution.candidates)
            raise AmbiguousQuery(f"{query!r} names {len(resolution.candidates)} listed "
                                 f"entities ({ids}); be more specific")
        raise UserError(f"no listed entity matches {query!r}")
    return resolution


class AmbiguousQuery(UserError):
    """A query that names several entities where one is needed: exit 3."""

    exit_code = 3


def emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit(fmt: OutputFormat, data: Any, rows: Callable[[Any], Iterable[Mapping[str, object]]],
         render: Callable[[Console, Any], None]) -> None:
    """An answer as JSON, CSV rows or the terminal rendering."""
    if fmt is OutputFormat.JSON:
        emit_json(data)
    elif fmt is OutputFormat.CSV:
        write_csv(rows(data))
    else:
        render(console, data)
