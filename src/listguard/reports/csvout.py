"""Rows as CSV on standard output (``--format csv``), safe to open in a spreadsheet.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
read by a spreadsheet as a formula (CSV injection, OWASP): such a cell is written with a
leading ``'``. Numbers (``-0.5``) are left as they are. JSON output keeps every value intact.
:func:`neutralize` is the one rule for every CSV and XLSX listguard writes (screening output
uses it too: :func:`listguard.screening.io.for_spreadsheet`).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
"""A number as written (``-0.5``, ``-12``, ``+1``, ``1e-5``): left as it is. ``-inf``,
``-1_000`` or ``-1+2`` are not numbers here (a spreadsheet would evaluate them)."""


class OutputFormat(StrEnum):
    """What ``--format`` accepts: a terminal table, JSON, or CSV rows."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def neutralize(value: object) -> object:
    """``value``, with a leading ``'`` when a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) \
            and not re.fullmatch(PLAIN_NUMBER, value):
        return "'" + value
    return value


def write_csv(rows: Iterable[Mapping[str, object]], out: IO[str] | None = None,
              fieldnames: list[str] | None = None) -> None:
    """Write ``rows`` (dicts with the same keys) as CSV with a header line (``fieldnames``
    gives the header of a table with no rows)."""
    stream = out or sys.stdout
    writer: csv.DictWriter[str] | None = None
    if fieldnames:
        writer = csv.DictWriter(stream, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow({k: neutralize(_flat(v)) for k, v in row.items()})


def _flat(value: object) -> object:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else value
