"""The timeline chart's geometry: one lane per list, bars for the spans a listing was in
force (or enjoined), a marker for each dated event. Drawn as inline SVG by the template.

A whole-list event (``superseded``, a list-wide ``removed``) ends an entity's open span on
that list and is drawn only when it does; a ``note`` is a small marker that changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from listguard.model import Event, EventKind, cite

WIDTH = 1000
LABEL = 170
"""The lane labels' column, in SVG units."""
LANE = 46
TOP = 28

STARTS = {EventKind.LISTED: "in_force", EventKind.REDESIGNATED: "in_force",
          EventKind.INJUNCTION_LIFTED: "in_force", EventKind.ENJOINED: "enjoined"}
ENDS = {EventKind.REMOVED, EventKind.VACATED, EventKind.SUPERSEDED}


@dataclass
class Bar:
    state: str
    start: date
    end: date | None
    x: float = 0.0
    w: float = 0.0


@dataclass
class Marker:
    kind: str
    day: date
    citation: str
    note: str
    x: float = 0.0


@dataclass
class Lane:
    list_id: str
    y: float = 0.0
    bars: list[Bar] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)


@dataclass
class Chart:
    lanes: list[Lane]
    ticks: list[tuple[float, str]]
    width: int
    height: int
    start: date
    end: date
    today_x: float | None = None
    """Where today is on the axis, when it is on it."""


def lanes_of(events: list[Event]) -> list[Lane]:
    """Each list's bars and markers from the entity's events, in order of first event."""
    lanes: dict[str, Lane] = {}
    for event in sorted(events, key=lambda e: (e.effective, e.seq)):
        lane = lanes.get(event.list_id)
        whole = event.entity_id == ""
        if lane is None:
            if whole:
                continue  # a list-wide event before the entity was ever on the list
            lane = lanes[event.list_id] = Lane(event.list_id)
        day = event.effective.date()
        open_bar = lane.bars[-1] if lane.bars and lane.bars[-1].end is None else None
        if whole and open_bar is None:
            continue  # it changes nothing for this entity
        if event.kind in STARTS or event.kind in ENDS:
            if open_bar is not None:
                open_bar.end = day
            if event.kind in STARTS:
                lane.bars.append(Bar(STARTS[event.kind], day, None))
        lane.markers.append(Marker(event.kind.value, day, cite(event.citation,
                                                               event.confirmed),
                                   event.note or ""))
    return list(lanes.values())


def chart(events: list[Event], today: date) -> Chart:
    """The chart, its axis from a little before the first event to a little after the last
    (to today while a span is still open)."""
    lanes = lanes_of(events)
    days = [m.day for lane in lanes for m in lane.markers] or [today]
    first, last = min(days), max(days)
    if any(b.end is None for lane in lanes for b in lane.bars):
        last = max(last, today)
    pad = timedelta(days=max(7, (last - first).days // 20))
    start, end = first - pad, last + pad
    span = max(1, (end - start).days)

    def x(day: date) -> float:
        return round(LABEL + (WIDTH - LABEL - 10) * (day - start).days / span, 1)

    for i, lane in enumerate(lanes):
        lane.y = TOP + i * LANE
        for bar in lane.bars:
            bar.x = x(bar.start)
            bar.w = max(2.0, round(x(bar.end or end) - bar.x, 1))
        for marker in lane.markers:
            marker.x = x(marker.day)
    return Chart(lanes, _ticks(start, end, x), WIDTH, TOP + len(lanes) * LANE + 24,
                 start, end, x(today) if start <= today <= end else None)


def _ticks(start: date, end: date, x: object) -> list[tuple[float, str]]:
    """Month ticks for a span under two years, else year ticks."""
    assert callable(x)
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 8 else 3 if months <= 24 else 12
    out: list[tuple[float, str]] = []
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start and (step < 12 or day.month == 1) and (day.month - 1) % step == 0 \
                and x(day) < WIDTH - 30:  # a label at the right edge would be cut
            out.append((x(day), day.strftime("%b %Y" if step < 12 else "%Y")))
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out
