"""Typed events and events from the registry."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from listguard.impact.events import (
    EventError,
    from_registry,
    parse_event_date,
    parse_event_names,
    registry_instant,
)
from listguard.model import Event, EventKind

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("text", "when", "label", "date_only"), [
    ("2021-05-11", datetime(2021, 5, 11, 9, 30, tzinfo=NY), "2021-05-11", True),
    ("2021-05-11=agreement to vacate", datetime(2021, 5, 11, 9, 30, tzinfo=NY),
     "agreement to vacate", True),
    ("2021-01-14T19:00-05:00", datetime(2021, 1, 15, 0, 0, tzinfo=ZoneInfo("UTC")),
     "2021-01-14T19:00-05:00", False),
    ("2021-01-14T19:00", datetime(2021, 1, 14, 19, 0, tzinfo=NY), "2021-01-14T19:00", False),
    ("2021-01-15T01:30Z=HK open", datetime(2021, 1, 15, 1, 30, tzinfo=ZoneInfo("UTC")),
     "HK open", False),
])
def test_parse_event_date(text: str, when: datetime, label: str, date_only: bool) -> None:
    spec = parse_event_date(text)
    assert spec.when == when
    assert spec.label == label
    assert spec.date_only is date_only


@pytest.mark.parametrize("text", ["", "=label", "2021-13-01", "yesterday", "2021-01-14T25:00"])
def test_bad_event_dates(text: str) -> None:
    with pytest.raises(EventError, match="--event-date"):
        parse_event_date(text)


def test_event_names() -> None:
    assert parse_event_names("listing, Enjoined,vacatur,listing") == [
        "listing", "injunction", "vacated"]
    with pytest.raises(EventError, match="unknown event 'ban'"):
        parse_event_names("listing,ban")
    with pytest.raises(EventError, match="empty"):
        parse_event_names(" , ")


def event(kind: EventKind, when: datetime, entity: str = "xiaomi", lst: str = "dod-1237",
          seq: int = 0) -> Event:
    return Event(entity, lst, kind, when, when.date(), f"{kind} citation", seq=seq)


def midnight(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=NY)


def test_registry_instant() -> None:
    assert registry_instant(event(EventKind.LISTED, midnight(2021, 1, 14))) == (
        datetime(2021, 1, 14, 9, 30, tzinfo=NY), True)
    exact = datetime(2021, 1, 14, 19, 5, tzinfo=NY)
    assert registry_instant(event(EventKind.LISTED, exact)) == (exact, False)


def test_from_registry() -> None:
    events = [
        event(EventKind.LISTED, midnight(2021, 1, 14)),
        event(EventKind.LISTED, midnight(2021, 1, 14), lst="ofac-ns-cmic"),
        event(EventKind.LISTED, midnight(2021, 6, 3), lst="ofac-ns-cmic"),  # a later listing
        event(EventKind.NOTE, midnight(2021, 5, 11)),
        event(EventKind.ENJOINED, midnight(2021, 3, 12)),
        event(EventKind.ENJOINED, midnight(2021, 3, 12), lst="ofac-ns-cmic"),  # same instant
        event(EventKind.VACATED, midnight(2021, 5, 25)),
        event(EventKind.LISTED, midnight(2020, 6, 12), entity=""),  # the whole list
        event(EventKind.LISTED, midnight(2020, 6, 12), entity="smic"),
    ]
    specs = from_registry(events, ["vacated", "listing", "injunction"], "xiaomi", "1810.HK")
    assert [(s.kind, s.when.date() if isinstance(s.when, datetime) else s.when)
            for s in specs] == [("listing", date(2021, 1, 14)), ("injunction", date(2021, 3, 12)),
                                ("vacated", date(2021, 5, 25))]
    assert all(s.date_only and s.security == "1810.HK" for s in specs)
    assert specs[0].source.startswith("dod-1237")
    notes = from_registry(events, ["note"], "xiaomi")
    assert [s.title for s in notes] == ["Note"]
