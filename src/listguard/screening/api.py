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

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from listguard.matching.matcher import Matcher, Query
from listguard.matching.types import Decision, Hit
from listguard.screening.adapter import Annotator, Status
from listguard.screening.io import Columns, detect_columns

if TYPE_CHECKING:
    from listguard.registry import Registry

OUTPUT_COLUMNS = ("decision", "score", "entity_id", "entity_name", "matched_name", "lists",
                  "buy", "explanation")
NOT_SCREENED = "not_screened"
MAX_INPUT_CHARS = 300
"""Names longer than this are cut (and the row says so)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
_USABLE = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Prepared:
    query: Query | None
    note: str
    """Why the row is not screened, or what was done to its input."""


def prepare_name(value: object) -> tuple[str | None, str]:
    """A screenable name from a cell, and a note about what was wrong with it."""
    if value is None or (isinstance(value, float) and value != value):
        return None, "empty name"
    text = str(value)
    if not text.strip():
        return None, "empty name"
    note = ""
    cleaned = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    if cleaned != text:
        note = "control or undecodable characters removed"
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_INPUT_CHARS:
        cleaned = cleaned[:MAX_INPUT_CHARS]
        note = f"name cut to its first {MAX_INPUT_CHARS} characters"
    if not _USABLE.search(cleaned):
        return None, "no letters or digits in the name"
    return cleaned, note


def _prepare(name: object, ticker: object, isin: object, lei: object,
             country: object) -> Prepared:
    text, note = prepare_name(name)
    ids = [str(v).strip() if v is not None else "" for v in (ticker, isin, lei)]
    if text is None and not any(ids):
        return Prepared(None, f"{note}: nothing to screen")
    return Prepared(Query(text, ids[0] or None, ids[1] or None, ids[2] or None,
                          str(country).strip() if country else None), note)


ProgressFn = Callable[[int], None]


def screen(
    data: Sequence[str] | pd.DataFrame,
    *,
    on: datetime | str | None = None,
    known_at: datetime | str | None = None,
    name_column: str | None = None,
    ticker_column: str | None = None,
    isin_column: str | None = None,
    lei_column: str | None = None,
    country_column: str | None = None,
    matcher: Matcher | None = None,
    annotator: Annotator | None = None,
    registry: Registry | None = None,
    processes: int = 1,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Screen names (a list) or rows (a DataFrame) against the listed parties.

    ``on`` is the instant asked about (default now) and ``known_at`` what the registry knew
    then (default: everything); strings are read like the command line's ``--on``. Without a
    ``matcher`` and ``annotator`` the default registry is opened (or ``registry`` used).
    Columns are detected from their headers unless named. See the module doc for the output.
    """
    from listguard.timeutil import now, parse_when

    when = parse_when(on, what="on") if isinstance(on, str) else (on or now())
    known = parse_when(known_at, what="known_at") if isinstance(known_at, str) else known_at
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
        cols = detect_columns(frame, name=name_column, ticker=ticker_column, isin=isin_column,
                              lei=lei_column, country=country_column, path="data")
    else:
        frame = pd.DataFrame({"name": list(data)})
        cols = Columns(name="name")
    if matcher is None or annotator is None:
        from listguard.screening.adapter import matcher_from_registry, registry_annotator

        if registry is None:
            from listguard.registry import Registry

            registry = Registry.open()
        matcher = matcher or matcher_from_registry(registry)
        annotator = annotator or registry_annotator(registry)
    prepared = [_prepare(*row) for row in zip(*(_column(frame, c) for c in (
        cols.name, cols.ticker, cols.isin, cols.lei, cols.country)), strict=True)]
    screenable = [(i, p.query) for i, p in enumerate(prepared) if p.query is not None]
    hits = matcher.match_many([q for _, q in screenable], limit=1, processes=processes,
                              progress=progress)
    best: dict[int, Hit] = {i: h[0] for (i, _), h in zip(screenable, hits, strict=True) if h}
    flagged = {h.entity_id for h in best.values() if h.decision != Decision.NO_MATCH}
    status = annotator(flagged, when, known) if flagged else {}
    return _assemble(frame, prepared, best, status)


def _column(frame: pd.DataFrame, column: str | None) -> list[object]:
    if column is None:
        return [None] * len(frame)
    return list(frame[column])


def _assemble(frame: pd.DataFrame, prepared: list[Prepared], best: dict[int, Hit],
              status: dict[str, Status]) -> pd.DataFrame:
    rows: dict[str, list[object]] = {c: [] for c in OUTPUT_COLUMNS}
    for i, prep in enumerate(prepared):
        hit = best.get(i)
        if prep.query is None:
            values: tuple[object, ...] = (NOT_SCREENED, 0.0, "", "", "", "", "", prep.note)
        elif hit is None or hit.decision == Decision.NO_MATCH:
            why = "no listed name is close"
            if hit is not None:
                why = f"closest: {hit.explain()}"
            if prep.note:
                why = f"{prep.note}; {why}"
            values = (Decision.NO_MATCH.value, hit.score if hit else 0.0, "", "", "", "", "",
                      why)
        else:
            st = status.get(hit.entity_id, Status(hit.entity_id, (), ""))
            why = hit.explain() + (f"; {prep.note}" if prep.note else "")
            values = (hit.decision.value, hit.score, hit.entity_id, st.name, hit.matched_name,
                      ";".join(st.lists), st.buy, why)
        for column, value in zip(OUTPUT_COLUMNS, values, strict=True):
            rows[column].append(value)
    out = frame.reset_index(drop=True)
    added = pd.DataFrame(
        {(c if c not in frame.columns else f"screen_{c}"): rows[c] for c in OUTPUT_COLUMNS})
    return pd.concat([out, added], axis=1)


def summarize(result: pd.DataFrame) -> dict[str, int]:
    """Rows per decision (``not_screened`` included)."""
    column = "decision" if "decision" in result.columns else "screen_decision"
    counts = result[column].value_counts().to_dict()
    order = (Decision.MATCH.value, Decision.REVIEW.value, Decision.NO_MATCH.value,
             NOT_SCREENED)
    return {k: int(counts.get(k, 0)) for k in order}
