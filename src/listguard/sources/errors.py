"""The one error every importer raises for a file it cannot read faithfully."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from listguard.errors import ListguardError


class SourceError(ListguardError):
    """An official file that cannot be imported as it stands.

    Raised for truncated files, a missing or extra column, bytes that are not text in the
    expected encoding, binary junk, and hostile or malformed XML. ``str()`` is one line that
    names the file, the line and the field where known::

        sdn.csv line 1203, field 'remarks': unterminated quoted field (file truncated?)

    Call it as ``SourceError(path, message, line=..., field=...)``; ``path`` may be None when
    no file is involved.
    """

    def __init__(
        self,
        path: str | PathLike[str] | None,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path: Path | None = Path(path) if path is not None else None
        self.message = message
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where: list[str] = []
        if self.path is not None:
            where.append(self.path.name or str(self.path))
        if self.line is not None:
            where.append(f"line {self.line}")
        head = " ".join(where)
        if self.field:
            head = f"{head}, field '{self.field}'" if head else f"field '{self.field}'"
        return f"{head}: {self.message}" if head else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keep the keyword-only details when pickled (multiprocessing, pytest-xdist).
        return (_rebuild, (self.path, self.message, self.line, self.field))


def _rebuild(path: Path | None, message: str, line: int | None, field: str | None) -> SourceError:
    return SourceError(path, message, line=line, field=field)
