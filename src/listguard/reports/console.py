"""The terminal consoles every command prints through.

At a terminal, rich wraps tables to the window. Piped or redirected (``| less``, ``> file``),
nothing is wrapped: a table is as wide as its content, so ids and dates stay whole and a line
can be read by another program.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

PIPED_WIDTH = 100_000
"""The width given to a console whose stream is not a terminal: in effect, no wrapping."""


def make_console(*, stderr: bool = False) -> Console:
    """A console on standard output (or error) that never wraps when it is not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=PIPED_WIDTH, soft_wrap=True)


PROGRESS_FROM_ROWS = 2000
"""Inputs smaller than this are screened without a progress bar (it would only flicker)."""


@contextmanager
def progress_bar(total: int, *, what: str = "screening",
                 minimum: int = PROGRESS_FROM_ROWS) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error for ``total`` rows: the context's value is called
    with each chunk's row count. None (no bar) for small inputs or when standard error is not
    a terminal."""
    if total < minimum or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(what), BarColumn(),
                   TextColumn("{task.completed:,}/{task.total:,} rows"), TimeRemainingColumn(),
                   console=make_console(stderr=True), transient=True)
    task = bar.add_task(what, total=total)
    with bar:
        yield lambda n: bar.advance(task, n)
