"""How much listguard will read from one file: the limits every reader enforces, in one place.

Every file listguard reads — OFAC, CSL and FollowTheMoney list files, the curated CSVs,
screening and fund holdings tables, watched portfolios — may come from anywhere, so each reader
checks it against these limits *before* it spends memory on it: the size from ``stat`` (a
device such as ``/dev/zero``, a FIFO or a folder is refused without reading a byte), then the
length of each line and field and the number of rows as it goes. A file past a limit is
refused with one line naming the file (and line or field), never cut short or read in part.

Each limit can be changed for one run through its environment variable (a positive whole
number; ``_`` separators allowed, e.g. ``LISTGUARD_MAX_ROWS=50_000_000``):

==============================  ===========  ==================================================
variable                        default      protects
==============================  ===========  ==================================================
``LISTGUARD_MAX_FILE_BYTES``    512 MiB      memory: the largest file read (the full OFAC SDN
                                             advanced XML is ~100 MB; 5x headroom)
``LISTGUARD_MAX_ROWS``          20,000,000   memory and time: rows (entries, holdings, names)
                                             in one file (the SDN list has ~15,000 entries; a
                                             large customer file a few million)
``LISTGUARD_MAX_LINE_CHARS``    1 MiB        one physical line (a CSV record, an FtM JSON
                                             line; the longest in the shared real files is
                                             12 K); a longer one is junk or binary data
``LISTGUARD_MAX_FIELD_CHARS``   64 KiB       one field, JSON string or XML text or attribute
                                             (OFAC cuts remarks at 1,000 characters, Excel a
                                             cell at 32,767); a 1 MB field is refused
==============================  ===========  ==================================================

The checks raise :class:`LimitError`; each reader turns it into its own one-line error
(``SourceError`` for list files, ``ScreeningInputError`` for screening tables), which the
command line prints before exiting with code 2.
"""

from __future__ import annotations

import csv
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from listguard.errors import ListguardError

KiB = 1024
MiB = 1024 * KiB

ENV = {
    "max_file_bytes": "LISTGUARD_MAX_FILE_BYTES",
    "max_rows": "LISTGUARD_MAX_ROWS",
    "max_line_chars": "LISTGUARD_MAX_LINE_CHARS",
    "max_field_chars": "LISTGUARD_MAX_FIELD_CHARS",
}
"""The environment variable that overrides each limit."""


class LimitError(ListguardError, ValueError):
    """A file that is not a readable regular file, or that exceeds a limit.

    ``message`` says what and which limit; ``line`` and ``field`` say where, when known.
    Readers re-raise it as their own error type, naming the file.
    """

    def __init__(self, message: str, *, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force; :func:`current` reads them (with overrides) from the environment."""

    max_file_bytes: int = 512 * MiB
    """Largest file read, in bytes (and largest decoded content of a packed XLSX or Parquet
    file). Protects memory: a reader holds at most a few times this."""
    max_rows: int = 20_000_000
    """Most rows (records, entities, holdings) in one file. Protects memory and run time."""
    max_line_chars: int = 1 * MiB
    """Longest physical line, in characters. Protects the line-at-a-time readers' memory and
    refuses binary data or a file that lost its line ends."""
    max_field_chars: int = 64 * KiB
    """Longest field (CSV cell, JSON string, XML text or attribute), in characters. No real
    name, identifier or remark comes close; a longer one is junk or an attack."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults with any ``LISTGUARD_MAX_*`` override; a bad value is a LimitError."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for item in fields(cls):
            text = env.get(ENV[item.name], "").strip()
            if text:
                values[item.name] = _positive(ENV[item.name], text)
        return cls(**values)


def _positive(name: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise LimitError(f"{name} must be a positive whole number, not {text!r}")
    return value


def current() -> Limits:
    """The limits in force now (read from the environment each time, so tests can lower them)."""
    return Limits.from_env()


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_file(path: Path, limits: Limits) -> int:
    """The size of ``path``, a non-empty regular file within the size limit; else LimitError.

    Decided by ``stat`` alone, before the file is opened: a folder, a device (``/dev/zero``),
    a FIFO (which would block) or a socket is refused without reading a byte.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LimitError("file not found") from None
    except OSError as exc:
        raise LimitError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LimitError("is a folder, expected a file")
    if not stat.S_ISREG(info.st_mode):
        raise LimitError(f"is {_kind(info.st_mode)}, not a regular file")
    if info.st_size == 0:
        raise LimitError("the file is empty (0 bytes)")
    if info.st_size > limits.max_file_bytes:
        raise LimitError(too_big(info.st_size, limits))
    return info.st_size


def too_big(size: int, limits: Limits, what: str = "the file is") -> str:
    """The message for ``size`` bytes, past the size limit."""
    return (f"{what} {size:,} bytes, over the {limits.max_file_bytes:,}-byte limit "
            f"({ENV['max_file_bytes']})")


def read_file(path: Path, limits: Limits) -> bytes:
    """The bytes of ``path`` after :func:`check_file`: never more than ``stat`` said it held
    (a file that grows while it is read is refused, not read in part)."""
    size = check_file(path, limits)
    try:
        with path.open("rb") as fh:
            data = fh.read(size + 1)
    except OSError as exc:
        raise LimitError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > size:
        raise LimitError("the file grew while it was read (still being written?)")
    return data


def bounded_lines(lines: Iterable[str], limits: Limits) -> Iterator[str]:
    """``lines`` as they are, refusing one longer than the line limit (its end not counted)."""
    limit = limits.max_line_chars
    for number, line in enumerate(lines, 1):
        if len(line) > limit and (length := len(line.rstrip("\r\n"))) > limit:
            raise LimitError(f"a line of {length:,} characters, over the {limit:,}-character "
                             f"limit ({ENV['max_line_chars']})", line=number)
        yield line


def check_fields(row: Sequence[str], names: Sequence[str], line: int | None,
                 limits: Limits) -> None:
    """Refuse a row with a value longer than the field limit, naming its column."""
    limit = limits.max_field_chars
    if not row or max(map(len, row)) <= limit:
        return
    index = next(i for i, value in enumerate(row) if len(value) > limit)
    name = names[index] if index < len(names) and names[index] else f"column {index + 1}"
    raise LimitError(field_message(len(row[index]), limits), line=line, field=name)


def field_message(length: int | None, limits: Limits) -> str:
    """The message for a value of ``length`` characters (None: not known), past the limit."""
    size = f"a value of {length:,} characters" if length is not None else "a value"
    return (f"{size}, over the {limits.max_field_chars:,}-character limit "
            f"({ENV['max_field_chars']})")


def check_rows(count: int, limits: Limits, line: int | None = None) -> None:
    """Refuse a file once it has more than the row limit's rows."""
    if count > limits.max_rows:
        raise LimitError(f"more than {limits.max_rows:,} rows ({ENV['max_rows']})", line=line)


def allow_csv_fields(limits: Limits) -> None:
    """Raise the csv module's own field cap (131,072 characters) to at least the line and
    field limits, so that it is listguard's limit, with its message, that refuses a field.
    A quoted field spanning lines past that is refused by the csv module: see
    :func:`csv_error`."""
    wanted = min(max(limits.max_field_chars, limits.max_line_chars), sys.maxsize)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def csv_error(exc: csv.Error, limits: Limits) -> LimitError | None:
    """The csv module's "field larger than field limit" as a LimitError; None for others."""
    if "field larger than field limit" in str(exc):
        return LimitError(field_message(None, limits))
    return None
