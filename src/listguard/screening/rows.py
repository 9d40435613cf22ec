"""Screening a chunk of input rows, in whichever process runs the matching.

No pandas here: with several processes, each worker imports only this module and the matcher,
takes raw cells (name, ticker, ISIN, LEI, country, kind, date of birth, identifiers), reads
them (:mod:`.attributes`), and hands back columns of plain values -
a decision, a score, the entity, the listed name met and a one-line explanation per row - so
little crosses back to the parent and nothing there is an object per hit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from listguard.matching.matcher import Matcher, Query
from listguard.matching.types import Decision
from listguard.screening.attributes import (
    read_country,
    read_dob,
    read_gender,
    read_kind,
    read_place,
)

NOT_SCREENED = "not_screened"
MAX_INPUT_CHARS = 300
"""Names longer than this are cut (and the row says so)."""

Cells = tuple[object, object, object, object, object, object, object, object, object, object]
"""One input row's (name, ticker, isin, lei, country, kind, dob, identifiers, birth place,
gender) cells; the identifiers already read (:func:`.attributes.read_identifier`: a tuple of
(scheme, value))."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
_USABLE = re.compile(r"[^\W_]", re.UNICODE)
_NO_MATCH = Decision.NO_MATCH.value


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
    if "  " in cleaned or cleaned != cleaned.strip() or "\t" in cleaned or "\n" in cleaned:
        cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_INPUT_CHARS:
        cleaned = cleaned[:MAX_INPUT_CHARS]
        note = f"name cut to its first {MAX_INPUT_CHARS} characters"
    if not _USABLE.search(cleaned):
        return None, "no letters or digits in the name"
    return cleaned, note


def _cell(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def prepare(cells: Cells) -> tuple[Query | None, str]:
    """The query for one row (None: nothing to screen) and a note about its input."""
    name, ticker, isin, lei, country, kind, dob, extra, place, gender = cells
    text, note = prepare_name(name)
    ids = [_cell(v) for v in (ticker, isin, lei)]
    extra_ids = extra if isinstance(extra, tuple) else ()
    if text is None and not any(ids) and not extra_ids:
        return None, f"{note}: nothing to screen"
    return Query(text, ids[0], ids[1], ids[2], read_country(country), read_kind(kind),
                 extra_ids, read_dob(dob), read_place(place), read_gender(gender)), note


@dataclass(slots=True)
class ResultColumns:
    """Screening results for consecutive rows, one list per output column."""

    decision: list[str] = field(default_factory=list)
    score: list[float] = field(default_factory=list)
    entity_id: list[str] = field(default_factory=list)
    matched_name: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)

    def extend(self, other: ResultColumns) -> None:
        self.decision.extend(other.decision)
        self.score.extend(other.score)
        self.entity_id.extend(other.entity_id)
        self.matched_name.extend(other.matched_name)
        self.explanation.extend(other.explanation)

    def __len__(self) -> int:
        return len(self.decision)


def screen_chunk(matcher: Matcher, rows: Sequence[Cells]) -> list[ResultColumns]:
    """Screen rows; the best hit of each, as one :class:`ResultColumns` (in a list, the shape
    :meth:`Matcher.map_chunks` collects)."""
    prepared = [prepare(cells) for cells in rows]
    queries = [q for q, _ in prepared if q is not None]
    hits = iter(matcher.match_many(queries, limit=1))
    out = ResultColumns()
    for query, note in prepared:
        if query is None:
            out.decision.append(NOT_SCREENED)
            out.score.append(0.0)
            out.entity_id.append("")
            out.matched_name.append("")
            out.explanation.append(note)
            continue
        found = next(hits)
        hit = found[0] if found else None
        if hit is None or hit.decision == Decision.NO_MATCH:
            why = f"closest: {hit.explain()}" if hit is not None else "no listed name is close"
            out.decision.append(_NO_MATCH)
            out.score.append(hit.score if hit else 0.0)
            out.entity_id.append("")
            out.matched_name.append("")
            out.explanation.append(f"{note}; {why}" if note else why)
            continue
        out.decision.append(hit.decision.value)
        out.score.append(hit.score)
        out.entity_id.append(hit.entity_id)
        out.matched_name.append(hit.matched_name)
        out.explanation.append(hit.explain() + (f" ({note})" if note else ""))
    return [out]
