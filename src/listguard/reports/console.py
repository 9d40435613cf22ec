"""The terminal consoles every command prints through.

At a terminal, rich wraps tables to the window. Piped or redirected (``| less``, ``> file``),
nothing is wrapped: a table is as wide as its content, so ids and dates stay whole and a line
can be read by another program.
"""

from __future__ import annotations

import sys

from rich.console import Console

PIPED_WIDTH = 100_000
"""The width given to a console whose stream is not a terminal: in effect, no wrapping."""


def make_console(*, stderr: bool = False) -> Console:
    """A console on standard output (or error) that never wraps when it is not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=PIPED_WIDTH, soft_wrap=True)
