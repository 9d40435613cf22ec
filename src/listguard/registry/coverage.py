"""How far the registry's data goes, list by list: the :class:`~listguard.model.Coverage`
every answer carries.

Two kinds of data make a list's coverage:

- the curated history shipped in ``listguard/data`` — ``coverage.csv`` says, per list, whether
  it holds the *whole* list with real dates (``complete``) or a ``selection``, and the day it
  was last reviewed;
- imported versions of official files: each holds the whole list on its date (unless the file
  is a part of it, such as a search result: then it is a selection), but a file that states no
  per-entry dates only tells when an entry was *first seen*.

A version counts from its own date, and (with ``known_at``) only once that date has come.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from listguard.model import Coverage, DatedBy, ListInfo
from listguard.registry.store import SQLStore
from listguard.timeutil import ny_date


def version_day(row: dict[str, Any]) -> date:
    """The day a stored version speaks for: its stated publication date, else its import day."""
    if row["published"]:
        return date.fromisoformat(row["published"])
    return ny_date(datetime.fromisoformat(row["imported"]))


def version_dated_by(row: dict[str, Any]) -> DatedBy:
    if row.get("dated_by"):
        return DatedBy(row["dated_by"])
    return DatedBy.FILE if row["published"] else DatedBy.IMPORT_TIME


def list_coverage(
    store: SQLStore, lists: list[ListInfo], known_at: datetime | None = None
) -> dict[str, Coverage]:
    """The coverage of every list, as known at ``known_at`` (None: everything)."""
    curated = store.curated_coverage()
    spans = store.curated_spans()
    counts = store.list_counts()
    closed = store.closed_lists()
    cutoff = ny_date(known_at) if known_at else None
    versions: dict[str, list[dict[str, Any]]] = {}
    for row in store.version_rows():
        if cutoff is None or version_day(row) <= cutoff:
            versions.setdefault(row["list_id"], []).append(row)
    out = {}
    for lst in lists:
        declared = curated.get(lst.id)
        span = spans.get(lst.id)
        days = [version_day(v) for v in versions.get(lst.id, [])]
        whole_days = [version_day(v) for v in versions.get(lst.id, []) if v.get("whole", 1)]
        curated_from = date.fromisoformat(span[0]) if span else None
        curated_to = max((d for d in (declared and declared.reviewed_to,
                                       date.fromisoformat(span[1]) if span else None) if d),
                         default=None)
        complete = bool(declared and declared.complete and span)
        newest_version = max(days, default=None)
        starts = [d for d in (curated_from, min(days, default=None)) if d]
        ends = [d for d in (curated_to, newest_version) if d]
        if newest_version and (curated_to is None or newest_version >= curated_to):
            newest_row = max(versions[lst.id], key=version_day)
            dated_by: DatedBy | None = version_dated_by(newest_row)
        else:
            dated_by = DatedBy.CURATED if span else None
        note = declared.note if declared else ""
        if declared and not declared.confirmed:
            note = f"UNCONFIRMED: {note}" if note else "UNCONFIRMED"
        out[lst.id] = Coverage(
            list_id=lst.id, name=lst.name, start=min(starts, default=None),
            end=max(ends, default=None), complete=complete,
            whole_from=curated_from if complete else min(whole_days, default=None),
            entities=counts.get(lst.id, (0, None))[0], dated_by=dated_by, note=note,
            closed=date.fromisoformat(closed[lst.id]) if lst.id in closed else None,
        )
    return out
