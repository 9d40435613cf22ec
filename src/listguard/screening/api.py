"""``listguard.screen``: screen a list of names or a table, point in time.

One output row per input row, in order: the input's own columns, then

``decision``
    ``match``, ``review``, ``no_match``, or ``not_screened`` (a row with nothing usable; the
    explanation says why);
``score``
    0-1, the best hit's score;
``entity_id``, ``entity_name``, ``matched_name``
    the listed party and the listed name (or identifier) the row met;
``lists``
    the lists that party is on at ``on`` as known at ``known_at`` (``;``-separated);
``buy``
    the verdict for buying its securities at that instant;
``explanation``
    one line: which name met which, and what each feature contributed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, overload

import pandas as pd

from listguard.matching.matcher import Matcher
from listguard.matching.types import Decision
from listguard.model import IdScheme
from listguard.reports.console import progress_bar
from listguard.screening.adapter import Annotator, Status
from listguard.screening.attributes import (
    KINDS,
    OFAC_HEADER,
    read_document,
    read_identifier,
    read_kind,
)
from listguard.screening.errors import ScreeningInputError
from listguard.screening.io import Columns, detect_columns
from listguard.screening.rows import (
    MAX_INPUT_CHARS,
    NOT_SCREENED,
    Cells,
    ResultColumns,
    prepare_name,
    screen_chunk,
)
from listguard.timeutil import Instant, as_instant, now

if TYPE_CHECKING:
    from listguard.registry import Registry

__all__ = ["MAX_INPUT_CHARS", "NOT_SCREENED", "OUTPUT_COLUMNS", "flagged_by_listing",
           "output_name", "prepare_name", "screen", "screen_rows", "summarize"]

OUTPUT_COLUMNS = ("decision", "score", "entity_id", "entity_name", "matched_name", "lists",
                  "buy", "explanation")
_FLAGGED = frozenset({Decision.MATCH.value, Decision.REVIEW.value})
ProgressFn = Callable[[int], None]


class _Rows(Sequence[Cells]):
    """The input's cells (:data:`.rows.Cells`), made a chunk at a time."""

    def __init__(self, columns: list[list[object] | None], length: int) -> None:
        self.columns = columns
        self.length = length

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Cells: ...
    @overload
    def __getitem__(self, index: slice) -> list[Cells]: ...

    def __getitem__(self, index: int | slice) -> Cells | list[Cells]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self.length)
        n = max(0, stop - start)
        parts = [c[start:stop] if c is not None else [None] * n for c in self.columns]
        return list(zip(*parts, strict=True))


def screen(
    data: Sequence[str] | pd.DataFrame,
    *,
    on: Instant | None = None,
    known_at: Instant | None = None,
    name_column: str | None = None,
    ticker_column: str | None = None,
    isin_column: str | None = None,
    lei_column: str | None = None,
    country_column: str | None = None,
    type_column: str | None = None,
    kind: str | None = None,
    dob_column: str | None = None,
    id_column: str | None = None,
    birth_place_column: str | None = None,
    gender_column: str | None = None,
    passport_column: str | None = None,
    national_id_column: str | None = None,
    matcher: Matcher | None = None,
    annotator: Annotator | None = None,
    registry: Registry | None = None,
    processes: int = 1,
    progress: bool | ProgressFn | None = None,
) -> pd.DataFrame:
    """Screen names (a list) or rows (a DataFrame) against the listed parties.

    ``on`` is the instant asked about (default now) and ``known_at`` what the registry knew
    then (default: everything): a datetime (naive = New York wall time), a
    ``pandas.Timestamp``, a date (noon New York) or text read like the command line's
    ``--on``. Without a ``matcher`` and ``annotator`` the default registry is opened (or
    ``registry`` used). Columns are detected from their headers unless named. ``kind``
    (``company``, ``person``, ``vessel``, ``aircraft``, ``any``) says what every row is where
    no type column says otherwise. The result keeps the DataFrame's index. ``progress``:
    None shows a bar on a terminal for large inputs, False never, a callable is called with
    each chunk's row count. See the module doc for the output columns.
    """
    when = as_instant(on, what="on") if on is not None else now()
    known = as_instant(known_at, what="known_at") if known_at is not None else None
    whole_kind = _whole_kind(kind)
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
        cols = detect_columns(frame, name=name_column, ticker=ticker_column, isin=isin_column,
                              lei=lei_column, country=country_column, kind=type_column,
                              dob=dob_column, identifier=id_column,
                              birth_place=birth_place_column, gender=gender_column,
                              passport=passport_column, national_id=national_id_column,
                              path="data")
    else:
        frame = pd.DataFrame({"name": list(data)})
        cols = Columns(name="name")
    matcher, annotator = _defaults(matcher, annotator, registry)
    with _progress(progress, len(frame)) as advance:
        return screen_rows(frame, cols, kind=whole_kind, matcher=matcher, annotator=annotator,
                           on=when, known_at=known, processes=processes, progress=advance)


def screen_rows(frame: pd.DataFrame, cols: Columns, *, kind: str | None, matcher: Matcher,
                annotator: Annotator, on: datetime, known_at: datetime | None,
                processes: int = 1, progress: ProgressFn | None = None) -> pd.DataFrame:
    """``frame``'s rows screened, its columns already found (``kind`` as :func:`screen`'s):
    the one scoring path, which :func:`screen` runs on a whole table and the Spark engine
    (:mod:`listguard.spark`) on each batch of rows."""
    whole_kind = _whole_kind(kind)
    rows = _Rows([*(_column(frame, c) for c in (cols.name, cols.ticker, cols.isin, cols.lei,
                                                cols.country)),
                  _kinds(frame, cols.kind, whole_kind), _column(frame, cols.dob),
                  _identifiers(frame, cols), _column(frame, cols.birth_place),
                  _column(frame, cols.gender)], len(frame))
    result = ResultColumns()
    for part in matcher.map_chunks(rows, screen_chunk, processes=processes, progress=progress):
        result.extend(part)
    flagged = {e for d, e in zip(result.decision, result.entity_id, strict=True)
               if d in _FLAGGED}
    status = annotator(flagged, on, known_at) if flagged else {}
    return _assemble(frame, result, status)


def output_name(column: str, input_columns: Sequence[str]) -> str:
    """The name an output column (:data:`OUTPUT_COLUMNS`) takes beside the input's columns:
    its own, or ``screen_`` and its own when the input already has one of that name."""
    return column if column not in input_columns else f"screen_{column}"


def _progress(progress: bool | ProgressFn | None,
              total: int) -> AbstractContextManager[ProgressFn | None]:
    if callable(progress):
        return nullcontext(progress)
    if progress is False:
        return nullcontext(None)
    return progress_bar(total)


def _defaults(matcher: Matcher | None, annotator: Annotator | None,
              registry: Registry | None) -> tuple[Matcher, Annotator]:
    """The matcher and annotator given, else ones over ``registry`` (else the default)."""
    if matcher is not None and annotator is not None:
        return matcher, annotator
    from listguard.screening.adapter import matcher_from_registry, registry_annotator

    if registry is None:
        from listguard.registry import Registry

        registry = Registry.open()
    return (matcher or matcher_from_registry(registry),
            annotator or registry_annotator(registry))


def _whole_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    found = read_kind(kind)
    if found is None:
        raise ScreeningInputError(f"--type {kind!r}: use one of {', '.join(KINDS)}")
    return found


def _kinds(frame: pd.DataFrame, column: str | None, whole: str | None) -> list[object] | None:
    """Each row's kind: its type column's, else the whole file's (``--type``)."""
    if column is None:
        return None if whole is None else [whole] * len(frame)
    return [read_kind(v) or whole for v in frame[column]]


def _identifiers(frame: pd.DataFrame, cols: Columns) -> list[object] | None:
    """Each row's other identifiers with their schemes, read in this process (the id
    column's header says whether a bare number is an OFAC entry number), with its passport
    and national ID numbers."""
    found: list[tuple[tuple[IdScheme, str], ...]] | None = None
    if cols.identifier is not None:
        ofac = bool(OFAC_HEADER.search(str(cols.identifier)))
        found = [read_identifier(v, ofac=ofac) for v in frame[cols.identifier]]
    for column, scheme in ((cols.passport, IdScheme.PASSPORT),
                           (cols.national_id, IdScheme.NATIONAL_ID)):
        if column is not None:
            docs = [read_document(v, scheme) for v in frame[column]]
            found = docs if found is None else [a + b for a, b in zip(found, docs, strict=True)]
    return list(found) if found is not None else None


def _column(frame: pd.DataFrame, column: str | None) -> list[object] | None:
    return None if column is None else list(frame[column])


def _assemble(frame: pd.DataFrame, result: ResultColumns, status: dict[str, Status]
              ) -> pd.DataFrame:
    n = len(result)
    names: list[str] = [""] * n
    lists: list[str] = [""] * n
    buy: list[str] = [""] * n
    explanation = result.explanation
    for i, (decision, entity_id) in enumerate(zip(result.decision, result.entity_id,
                                                  strict=True)):
        if decision not in _FLAGGED:
            continue
        st = status.get(entity_id, Status(entity_id, (), ""))
        names[i], lists[i], buy[i] = st.name, ";".join(st.lists), st.buy
        if not st.lists:
            explanation[i] += " The party is on no list at the screening instant."
    values: dict[str, list[str] | list[float]] = {
        "decision": result.decision, "score": result.score, "entity_id": result.entity_id,
        "entity_name": names, "matched_name": result.matched_name, "lists": lists, "buy": buy,
        "explanation": explanation}
    out = frame.reset_index(drop=True)
    for c in OUTPUT_COLUMNS:
        out[output_name(c, list(frame.columns))] = values[c]
    out.index = frame.index  # the caller's row labels (a customer id index) come back
    return out


def flagged_by_listing(result: pd.DataFrame) -> dict[str, int]:
    """Flagged rows (``match`` or ``review``) split by what the rules say at the screening
    instant: ``on_a_list`` (the party is on a list then: the row needs a decision) and
    ``on_no_list`` (the name is a listed party's, but the party is on no list then)."""
    prefix = "" if "decision" in result.columns else "screen_"
    flagged = result[prefix + "decision"].isin(list(_FLAGGED))
    listed = result[prefix + "lists"].astype(str) != ""
    return {"on_a_list": int((flagged & listed).sum()),
            "on_no_list": int((flagged & ~listed).sum())}


def summarize(result: pd.DataFrame) -> dict[str, int]:
    """Rows per decision (``not_screened`` included)."""
    column = "decision" if "decision" in result.columns else "screen_decision"
    counts = result[column].value_counts().to_dict()
    order = (Decision.MATCH.value, Decision.REVIEW.value, Decision.NO_MATCH.value,
             NOT_SCREENED)
    return {k: int(counts.get(k, 0)) for k in order}
