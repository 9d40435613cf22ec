"""Reading official files as text, robustly but never silently wrong.

Shared by every importer: decoding with encoding detection, refusing binary junk, and a CSV
row iterator that knows line numbers and column names so errors can point at the fault. Files
are held to :mod:`listguard.limits` (size checked by ``stat`` before a byte is read; line,
field and row counts as they are read); a file past a limit raises SourceError.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from os import PathLike
from pathlib import Path

from listguard import limits as _limits
from listguard.limits import LimitError, Limits
from listguard.sources.errors import SourceError

#: Encodings tried in order when none is given. OFAC's files were cp1252 (Windows "ANSI") for
#: years and are UTF-8 today; every file in the shared snapshots is plain ASCII. UTF-8 is tried
#: first because it almost never decodes non-UTF-8 text by accident; cp1252 (strict, so its
#: five undefined bytes fail) catches the older files. latin-1 is never guessed: it decodes any
#: byte string and would turn garbage into text.
PathArg = str | PathLike[str]
"""A file a reader is given: a path or its text."""

DEFAULT_ENCODINGS = ("utf-8", "cp1252")

# C0 controls other than TAB, LF, CR and SUB (0x1A, the DOS end-of-file mark OFAC appends), and
# DEL. Real list files never contain them; binary data is full of them.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_EOF_MARK = "\x1a"


def line_at(text: str | bytes, index: int) -> int:
    """The 1-based line number of character (or byte) ``index``."""
    newline: str | bytes = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, index) + 1  # type: ignore[arg-type]


def limit_error(path: Path | None, exc: LimitError) -> SourceError:
    """A :class:`~listguard.limits.LimitError` as the SourceError naming ``path``."""
    return SourceError(path, exc.message, line=exc.line, field=exc.field)


def limits_for(path: Path | None) -> Limits:
    """The limits in force (a bad ``LISTGUARD_MAX_*`` value is a SourceError)."""
    try:
        return _limits.current()
    except LimitError as exc:
        raise limit_error(path, exc) from None


def check_file(path: Path) -> int:
    """The size of ``path`` if it is a non-empty regular file within the size limit; checked
    by ``stat`` before it is opened (a folder, device or FIFO raises SourceError)."""
    try:
        return _limits.check_file(path, limits_for(path))
    except LimitError as exc:
        raise limit_error(path, exc) from None


def read_bytes(path: Path) -> bytes:
    """The whole file, after :func:`check_file` (never more than the size limit)."""
    try:
        return _limits.read_file(path, limits_for(path))
    except LimitError as exc:
        raise limit_error(path, exc) from None


def decode(
    data: bytes,
    path: Path,
    *,
    encodings: Sequence[str] = DEFAULT_ENCODINGS,
    eof_mark: bool = False,
) -> str:
    """Decode a whole text file, or raise SourceError naming the line of the first bad byte.

    A UTF-8 or UTF-16 byte-order mark decides the encoding. Otherwise each of ``encodings`` is
    tried strictly in turn. NUL bytes and other control characters mean the file is binary
    (or not what it claims) and are refused. With ``eof_mark`` a trailing DOS end-of-file
    character (0x1A) and anything after it that is only separators are dropped, as OFAC's CSV
    files end that way; data after the mark is an error.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encodings, data = ("utf-8",), data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        pos = data.index(b"\x00")
        raise SourceError(
            path,
            f"binary data (NUL byte at offset {pos}), not a text file",
            line=line_at(data, pos),
        )
    text: str | None = None
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    if text is None:
        assert first_error is not None
        pos = first_error.start
        raise SourceError(
            path,
            f"not text in {' or '.join(encodings)}: byte 0x{data[pos]:02x} at offset {pos} "
            "cannot be decoded (wrong encoding or binary file)",
            line=line_at(data, pos),
        )
    if eof_mark:
        cut = text.find(_EOF_MARK)
        if cut >= 0:
            if text[cut:].strip(_EOF_MARK + ", \t\r\n"):
                raise SourceError(
                    path, "data after the end-of-file mark (0x1A)", line=line_at(text, cut)
                )
            text = text[:cut]
    bad = _CONTROL_RE.search(text)
    if bad:
        raise SourceError(
            path,
            f"control character U+{ord(bad.group()):04X} in text (binary or corrupt file)",
            line=line_at(text, bad.start()),
        )
    return text


def read_text(
    path: Path, *, encodings: Sequence[str] = DEFAULT_ENCODINGS, eof_mark: bool = False
) -> str:
    return decode(read_bytes(path), path, encodings=encodings, eof_mark=eof_mark)


def check_rows(path: Path, count: int, line: int | None = None) -> None:
    """Refuse a file of ``count`` rows, past the row limit (SourceError at ``line``)."""
    try:
        _limits.check_rows(count, limits_for(path), line)
    except LimitError as exc:
        raise limit_error(path, exc) from None


class RowCount:
    """The rows read so far from one file, refused past the row limit (read once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.limit = limits_for(path).max_rows
        self.rows = 0

    def add(self, line: int | None = None) -> None:
        self.rows += 1
        if self.rows > self.limit:
            check_rows(self.path, self.rows, line)


def _csv_error(path: Path, exc: csv.Error, line: int, limits: Limits) -> SourceError:
    too_long = _limits.csv_error(exc, limits)
    if too_long is not None:
        return SourceError(path, too_long.message, line=line)
    msg = str(exc)
    if "unexpected end of data" in msg:
        msg = "unterminated quoted field at end of file (file truncated?)"
    return SourceError(path, f"bad CSV: {msg}", line=line)


def csv_records(
    text: str, path: Path, columns: Sequence[str] = ()
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, row)`` for each non-blank CSV record, header included.

    ``line`` is the line the record starts on. A line or field past :mod:`listguard.limits`,
    a record cut off inside quotes (a truncated file) or bad quoting raises SourceError naming
    the line (and the field: from ``columns``, else the first record's values, taken as the
    header). Counting rows against the row limit is the caller's (it knows the header).
    """
    limits = limits_for(path)
    _limits.allow_csv_fields(limits)
    reader = csv.reader(_limits.bounded_lines(io.StringIO(text, newline=""), limits),
                        strict=True)
    names: Sequence[str] = columns
    prev = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(path, exc, prev + 1, limits) from None
        except LimitError as exc:
            raise limit_error(path, exc) from None
        line, prev = prev + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        try:
            _limits.check_fields(row, names, line, limits)
        except LimitError as exc:
            raise limit_error(path, exc) from None
        names = names or row
        yield line, row


def csv_rows(
    text: str,
    path: Path,
    columns: Sequence[str],
    *,
    skip_header: Callable[[list[str]], bool] | None = None,
    allow_empty: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, row)`` for each non-blank record, each with exactly ``len(columns)``.

    ``line`` is the line the record starts on. A record cut off inside quotes (a truncated
    file), bad quoting, a wrong number of fields, or a line, field or row count past
    :mod:`listguard.limits` raises SourceError naming the line and, for a short row, the
    first missing column. ``skip_header`` may drop a header row. A file with no row (empty,
    or a header only) raises too, unless ``allow_empty``.
    """
    width = len(columns)
    first = True
    count = RowCount(path)
    for line, row in csv_records(text, path, columns):
        if first:
            first = False
            if skip_header is not None and skip_header(row):
                continue
        if len(row) != width:
            if len(row) < width:
                raise SourceError(
                    path,
                    f"row has {len(row)} of {width} columns (truncated row or missing column)",
                    line=line,
                    field=columns[len(row)],
                )
            raise SourceError(path, f"row has {len(row)} columns, expected {width}", line=line)
        count.add(line)
        yield line, row
    if not count.rows and not allow_empty:
        raise SourceError(path, "no rows (the file is empty or holds only a header)")




def check_json_fields(path: Path, value: object, line: int | None, size: int) -> None:
    """Refuse a JSON value holding a string (or key) past the field limit, naming the key it
    is under. ``size`` is the length of the JSON text it came from: when that is within the
    limit no string in it can pass it, and the walk is skipped."""
    limits = limits_for(path)
    if size <= limits.max_field_chars:
        return
    stack: list[tuple[str | None, object]] = [(None, value)]
    while stack:  # a loop, not recursion: the nesting depth is the file's to choose
        key, item = stack.pop()
        if isinstance(item, str) and len(item) > limits.max_field_chars:
            message = _limits.field_message(len(item), limits)
            raise SourceError(path, message, line=line, field=(key or "")[:60] or None)
        if isinstance(item, dict):
            stack.extend((str(k), k) for k in item)
            stack.extend((str(k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((key, v) for v in item)


def text_lines(path: Path, text: str) -> Iterator[tuple[int, str]]:
    """``(number, line)`` for each line of ``text`` (ends kept; split at ``\\n``, ``\\r`` and
    ``\\r\\n`` only), refusing a line past the line limit with a SourceError."""
    lines = _limits.bounded_lines(io.StringIO(text, newline=""), limits_for(path))
    try:
        yield from enumerate(lines, 1)
    except LimitError as exc:
        raise limit_error(path, exc) from None
