"""The lists: which entities each holds at an instant, and a summary with coverage."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from listguard.api.results import ListSummary
from listguard.model import Event
from listguard.registry import Registry
from listguard.rules.base import replay
from listguard.timeutil import now


def listed_on(reg: Registry, list_id: str, on: datetime) -> set[str]:
    """The entities on ``list_id`` at ``on`` (whole-list events included)."""
    return _listed(reg.store.list_events(list_id), on)


def _listed(events: list[Event], on: datetime) -> set[str]:
    by_entity: dict[str, list[Event]] = defaultdict(list)
    whole: list[Event] = []
    for event in events:
        (by_entity[event.entity_id] if event.entity_id else whole).append(event)
    return {
        entity_id for entity_id, mine in by_entity.items()
        if replay(sorted(mine + whole, key=lambda e: (e.effective, e.seq)), on).listed
    }


def current_counts(reg: Registry, on: datetime) -> dict[str, int]:
    """Per list with any event, how many entities are on it at ``on``."""
    counts = {}
    for lst in reg.lists():
        events = reg.store.list_events(lst.id)  # read once per list
        if events:
            counts[lst.id] = len(_listed(events, on))
    return counts


def lists_summary(reg: Registry, on: datetime | None = None) -> list[ListSummary]:
    """Every list: entities ever listed and listed at ``on`` (default now), the newest
    event's date, the newest imported version (None for curated-only lists) and the list's
    coverage (see :meth:`Registry.coverage`)."""
    counts = reg.store.list_counts()
    current = current_counts(reg, on or now())
    versions = reg.store.version_rows()
    coverage = reg.coverage()
    out = []
    for lst in reg.lists():
        n, newest = counts.get(lst.id, (0, None))
        mine = [v for v in versions if v["list_id"] == lst.id]
        latest = mine[-1] if mine else None
        out.append(ListSummary(
            id=lst.id, name=lst.name, authority=lst.authority, regime=lst.regime, entities=n,
            listed_now=current.get(lst.id, 0), data_to=newest,
            version=latest["id"] if latest else ("curated" if n else None),
            published=latest["published"] if latest else newest,
            imported=latest["imported"] if latest else None, coverage=coverage[lst.id]))
    return out
