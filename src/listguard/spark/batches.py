"""The function Spark runs on each partition's batches of rows (``mapInPandas``).

Each batch is screened by :func:`listguard.screening.api.screen_rows`, the function the
local engine runs on a whole table: the same cells read the same way, the same matcher, the
same decisions, scores and explanations. What is Spark's own:

* a row the CSV reader could not parse (``_corrupt_record``: too many or too few fields, an
  unclosed quote) is not screened: its decision is ``not_screened`` and ``_error`` quotes the
  line;
* a batch whose screening raises is screened again row by row, and only a row that raises on
  its own is ``not_screened`` with ``_error`` naming the error - one bad row never costs a
  run of a hundred million rows, and is never dropped;
* for CSV output, text cells a spreadsheet would run as formulas get a leading ``'``, as the
  local engine's CSV writer does (:func:`listguard.screening.io.for_spreadsheet`).

``_error`` is empty for every other row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from listguard.screening.api import NOT_SCREENED, OUTPUT_COLUMNS, output_name, screen_rows
from listguard.screening.io import Columns, for_spreadsheet
from listguard.spark.index import ScreeningIndex, load

ROW_ID = "_row_id"
"""The row-id column added when the input names none (``monotonically_increasing_id``):
unique, increasing in the order Spark reads the input (a file's own order for one file), the
same on a task's retry."""
ERROR = "_error"
"""Why a row was not screened: a malformed input line, or an error screening it."""
CORRUPT = "_corrupt_record"
"""Where Spark's CSV reader puts a line it could not parse (``columnNameOfCorruptRecord``)."""
QUOTED = 200
"""Characters of a malformed line quoted in ``_error``."""


class BroadcastBytes(Protocol):
    """What :class:`ScreenBatches` needs of a Spark broadcast: its value."""

    @property
    def value(self) -> bytes: ...


@dataclass(frozen=True)
class ScreenBatches:
    """``mapInPandas``'s function: batches of input rows in, the same rows screened out."""

    index: BroadcastBytes
    """The pickled :class:`~listguard.spark.index.ScreeningIndex`, broadcast."""
    key: str
    """Its SHA-256."""
    columns: Columns
    kind: str | None
    output: Sequence[str]
    """The output columns, in order (the schema's names)."""
    corrupt: bool = False
    """The input has a ``_corrupt_record`` column (CSV read permissively)."""
    spreadsheet_safe: bool = False
    """Quote formula-like text cells (CSV output)."""

    def __call__(self, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        index = load(self.key, self.index.value)
        for batch in batches:
            yield self.screen(index, batch)

    def screen(self, index: ScreeningIndex, batch: pd.DataFrame) -> pd.DataFrame:
        """One batch screened: every row once, in order, with the output columns."""
        bad = pd.Series(False, index=batch.index)
        lines = None
        if self.corrupt:
            lines = batch.pop(CORRUPT)
            bad = lines.notna()
        parts = []
        good = batch[~bad]
        if len(good):
            parts.append(self._screened(index, good))
        if bad.any() and lines is not None:
            parts.append(_unscreened(batch[bad], self.input_names(batch), [
                f"malformed input line: {str(line)[:QUOTED]!r}" for line in lines[bad]]))
        out = pd.concat(parts).sort_index() if len(parts) > 1 else parts[0] if parts else \
            _unscreened(batch, self.input_names(batch), [])
        out = out.reset_index(drop=True)
        if self.spreadsheet_safe:
            names = list(out.columns)
            out = for_spreadsheet(out)
            out.columns = names
        return out[list(self.output)]

    def input_names(self, batch: pd.DataFrame) -> list[str]:
        return [str(c) for c in batch.columns]

    def _screened(self, index: ScreeningIndex, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` screened whole; if that raises, row by row, a failing row reported."""
        try:
            out = screen_rows(frame, self.columns, kind=self.kind, matcher=index.matcher,
                              annotator=index.annotate, on=index.on, known_at=index.known_at)
        except Exception as exc:
            if len(frame) == 1:
                return _unscreened(frame, self.input_names(frame), [
                    f"screening failed: {type(exc).__name__}: {exc}"[:500]])
            return pd.concat([self._screened(index, frame.iloc[i : i + 1])
                              for i in range(len(frame))])
        out[output_name(ERROR, self.input_names(frame))] = ""
        return out


def _unscreened(frame: pd.DataFrame, names: list[str], why: list[str]) -> pd.DataFrame:
    """``frame``'s rows as ``not_screened``, each with its reason (``explanation`` and
    ``_error``)."""
    out = frame.copy()
    for c in OUTPUT_COLUMNS:
        out[output_name(c, names)] = why if c == "explanation" else ""
    out[output_name("decision", names)] = NOT_SCREENED
    out[output_name("score", names)] = 0.0
    out[output_name(ERROR, names)] = why
    return out


def output_columns(input_names: Sequence[str]) -> list[str]:
    """The output's columns: the input's (``_corrupt_record`` dropped), then the decision
    columns (:data:`~listguard.screening.api.OUTPUT_COLUMNS`), then ``_error``."""
    names = [c for c in input_names if c != CORRUPT]
    return [*names, *(output_name(c, names) for c in OUTPUT_COLUMNS),
            output_name(ERROR, names)]
