"""Day 0 on each exchange's calendar."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from listguard.impact import calendars
from listguard.impact.calendars import CalendarError, day0, us_business_day

START, END = pd.Timestamp("2020-01-01"), pd.Timestamp("2021-12-31")

US_DATES = [
    # US date of a date-only event, exchange, day 0
    (date(2021, 1, 14), "XHKG", date(2021, 1, 15)),  # DoD listing of Xiaomi (Thursday)
    (date(2021, 3, 12), "XHKG", date(2021, 3, 15)),  # injunction, Friday -> Monday
    (date(2021, 5, 11), "XHKG", date(2021, 5, 12)),  # joint status report
    (date(2020, 11, 12), "XHKG", date(2020, 11, 13)),  # EO 13959
    (date(2021, 1, 14), "XNYS", date(2021, 1, 14)),  # on a US exchange: the same day
    (date(2021, 1, 16), "XNYS", date(2021, 1, 19)),  # Saturday, then MLK day
    (date(2020, 9, 30), "XSHG", date(2020, 10, 9)),  # mainland Golden Week
    (date(2020, 9, 30), "XHKG", date(2020, 10, 5)),  # HK: Oct 1-2 only, then the weekend
    (date(2020, 10, 12), "XHKG", date(2020, 10, 14)),  # typhoon closure on Oct 13
]


@pytest.mark.parametrize(("us_date", "exchange", "expected"), US_DATES)
def test_date_only_events(us_date: date, exchange: str, expected: date) -> None:
    got = day0(exchange, us_business_day(us_date), START, END)
    assert got is not None and got.date() == expected


INSTANTS = [
    # an exact instant, exchange, day 0: the first session opening at or after it
    ("2021-01-14T19:00-05:00", "XNYS", date(2021, 1, 15)),  # US evening: next US session
    ("2021-01-14T19:00-05:00", "XHKG", date(2021, 1, 15)),
    ("2021-01-14T21:00-05:00", "XHKG", date(2021, 1, 18)),  # after HK opened (09:30 HKT)
    ("2021-01-15T09:30+08:00", "XHKG", date(2021, 1, 15)),  # exactly the open
    ("2021-01-15T09:31+08:00", "XHKG", date(2021, 1, 18)),
    ("2021-01-14T09:29-05:00", "XNYS", date(2021, 1, 14)),
    ("2021-01-14T09:31-05:00", "XNYS", date(2021, 1, 15)),
    ("2021-01-14T14:00Z", "XSHG", date(2021, 1, 15)),
]


@pytest.mark.parametrize(("instant", "exchange", "expected"), INSTANTS)
def test_instants(instant: str, exchange: str, expected: date) -> None:
    when = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    got = day0(exchange, when, START, END)
    assert got is not None and got.date() == expected


def test_local_dates_are_day0_or_the_next_session() -> None:
    assert day0("XHKG", date(2021, 1, 15), START, END) == pd.Timestamp("2021-01-15")
    assert day0("XHKG", date(2021, 1, 16), START, END) == pd.Timestamp("2021-01-18")


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        day0("XHKG", datetime(2021, 1, 14, 19, 0), START, END)


@pytest.mark.parametrize(("code", "expected"), [
    ("HK", "XHKG"), ("xhkg", "XHKG"), ("SZ", "XSHG"), ("XSHE", "XSHG"), ("SS", "XSHG"),
    ("NYSE", "XNYS"), ("XNAS", "XNAS"),
])
def test_codes(code: str, expected: str) -> None:
    assert calendars.calendar_code(code) == expected


def test_unknown_code() -> None:
    with pytest.raises(CalendarError, match="unknown exchange 'MOON'"):
        calendars.calendar_code("MOON")


@pytest.mark.parametrize(("name", "expected"), [
    ("1810.HK", "XHKG"), ("georgelikechen__0981.HK.csv", "XHKG"), ("002415.SZ", "XSHG"),
    ("600519.SS", "XSHG"), ("1810 HK", "XHKG"), ("HSI", None), ("HKEX_note", None),
])
def test_guess_from_name(name: str, expected: str | None) -> None:
    assert calendars.guess_from_name(name) == expected


@pytest.mark.parametrize("code", calendars.GUESSES)
def test_infer_from_dates(code: str) -> None:
    days = calendars.sessions(code, pd.Timestamp("2020-06-01"), pd.Timestamp("2021-06-30"))
    assert calendars.infer_from_dates(days) == (code, 1.0)
