"""Exchange trading calendars and the choice of day 0.

Each security is studied on its own exchange's calendar, from the maintained
``exchange_calendars`` library: Hong Kong ``XHKG``, Shanghai ``XSHG``, Shenzhen (which the
library does not have separately; its holidays are Shanghai's) ``XSHG``, New York ``XNYS``,
Nasdaq ``XNAS``, and any other code the library knows.

**Day 0** is the first session that *opens at or after* the event's instant. An event known
to the minute (``2021-01-14T19:00-05:00``) is taken literally: a US evening announcement lands
on the next Hong Kong session.

**Date-only events.** A legal fact known only by its date (registry events whose ``effective``
is 00:00 New York, and ``--event-date 2021-01-14`` on the command line) means "some time
during that US day". Such an event is placed at **09:30 New York time** on that day, the start
of the US business day (see :func:`us_business_day`). Then:

- on a US exchange, day 0 is that day itself if it is a session (an announcement during the
  US day can move the US price that day);
- on Hong Kong, Shanghai or Shenzhen, whose session of the next date opens in the New York
  evening, day 0 is the first local session *after* the US date: the DoD listed Xiaomi on
  US 2021-01-14, so HK day 0 is 2021-01-15; the injunction came on Friday US 2021-03-12, so
  HK day 0 is Monday 2021-03-15. Any time during the US day gives this same HK session,
  which is why the rule is safe for date-only facts.

A plain :class:`datetime.date` given to the Python API is different: it *is* the local day 0
(the first session on or after that date), for users who already know the session.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import numpy as np
import pandas as pd

from listguard.errors import ListguardError

NEW_YORK = ZoneInfo("America/New_York")
US_OPEN = time(9, 30)

ALIASES: dict[str, str] = {
    "HK": "XHKG", "HKEX": "XHKG", "HKG": "XHKG",
    "SS": "XSHG", "SH": "XSHG", "SSE": "XSHG", "SHANGHAI": "XSHG",
    "SZ": "XSHG", "SZSE": "XSHG", "XSHE": "XSHG", "SHENZHEN": "XSHG", "CN": "XSHG",
    "NYSE": "XNYS", "US": "XNYS", "N": "XNYS", "NEWYORK": "XNYS",
    "NASDAQ": "XNAS", "O": "XNAS",
}
GUESSES = ("XHKG", "XSHG", "XNYS")
"""Calendars tried when a file's dates are all there is to go on."""

_SUFFIX = re.compile(r"[._ ](HK|SS|SH|SZ)(?![A-Za-z])", re.IGNORECASE)


@contextmanager
def _quiet() -> Iterator[None]:
    """exchange_calendars still calls pandas APIs that newer pandas deprecates; its
    deprecation warnings are not ours to show."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        yield


class CalendarError(ListguardError, ValueError):
    """An exchange code the calendar library does not know, or dates it cannot cover."""


def us_business_day(day: date) -> datetime:
    """The instant a date-only US event is taken to happen: 09:30 New York on that day."""
    return datetime.combine(day, US_OPEN, tzinfo=NEW_YORK)


def calendar_code(code: str) -> str:
    """The exchange_calendars code for ``code`` (``HK``, ``XHKG``, ``SZ``, ``NYSE``, ...)."""
    key = re.sub(r"[\s_\-]+", "", code).upper()
    name = ALIASES.get(key, key)
    if name not in xcals.get_calendar_names():
        known = ", ".join(sorted({*ALIASES.values(), *GUESSES}))
        raise CalendarError(f"unknown exchange {code!r}; use one of {known} (or any "
                            "exchange_calendars code)")
    return name


def guess_from_name(text: str) -> str | None:
    """The calendar a ticker-like name implies: ``1810.HK`` -> XHKG, ``002415.SZ`` -> XSHG."""
    found = _SUFFIX.search(text)
    return ALIASES[found.group(1).upper()] if found else None


_CACHE: dict[str, tuple[int, int, xcals.ExchangeCalendar]] = {}


def _build(code: str, first_year: int, last_year: int) -> xcals.ExchangeCalendar:
    lo, hi = pd.Timestamp(f"{first_year}-01-01"), pd.Timestamp(f"{last_year}-12-31")
    try:
        with _quiet():
            return xcals.get_calendar(code, start=lo, end=hi)
    except ValueError:
        pass  # outside the range the library supports for this exchange: clip to it
    with _quiet():
        default = xcals.get_calendar(code)
    lo = max(lo, pd.Timestamp(default.bound_min() or lo))
    hi = min(hi, pd.Timestamp(default.bound_max() or hi))
    try:
        with _quiet():
            return xcals.get_calendar(code, start=lo, end=hi)
    except ValueError as exc:
        raise CalendarError(f"{code} cannot cover {first_year}-{last_year}: {exc}") from None


def get_calendar(code: str, start: pd.Timestamp, end: pd.Timestamp) -> xcals.ExchangeCalendar:
    """A calendar covering at least ``start``..``end``; one per exchange is kept and widened
    when a later call needs more years."""
    name = calendar_code(code)
    first, last = start.year - 1, end.year + 1
    cached = _CACHE.get(name)
    if cached is not None and cached[0] <= first and cached[1] >= last:
        return cached[2]
    if cached is not None:
        first, last = min(first, cached[0]), max(last, cached[1])
    cal = _build(name, first, last)
    _CACHE[name] = (first, last, cal)
    return cal


def sessions(code: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    cal = get_calendar(code, start, end)
    with _quiet():
        return pd.DatetimeIndex(cal.sessions_in_range(max(start, cal.first_session),
                                                      min(end, cal.last_session)))


def early_closes(code: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    cal = get_calendar(code, start, end)
    closes = pd.DatetimeIndex(cal.early_closes)
    return closes[(closes >= start) & (closes <= end)]


def day0(code: str, when: datetime | date, start: pd.Timestamp,
         end: pd.Timestamp) -> pd.Timestamp | None:
    """Day 0 on ``code`` for an instant (first session opening at or after it) or a local date
    (first session on or after it). None when the calendar has no such session."""
    cal = get_calendar(code, start, end)
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise ValueError(f"event time {when.isoformat()} has no time zone")
        with _quiet():
            opens = cal.opens
        instant = pd.Timestamp(when).tz_convert("UTC")
        stamps = opens.to_numpy(dtype="datetime64[ns]")
        i = int(np.searchsorted(stamps, instant.tz_localize(None).to_datetime64(), side="left"))
        return pd.Timestamp(opens.index[i]) if i < len(opens) else None
    day = pd.Timestamp(when)
    if day > cal.last_session:
        return None
    if day < cal.first_session:
        return pd.Timestamp(cal.first_session)
    with _quiet():
        return pd.Timestamp(cal.date_to_session(day, direction="next"))


def infer_from_dates(dates: pd.DatetimeIndex) -> tuple[str, float]:
    """The calendar among :data:`GUESSES` whose sessions best match ``dates``, and how well
    (Jaccard overlap, 1.0 = same days)."""
    best, score = GUESSES[0], -1.0
    lo, hi = dates[0], dates[-1]
    days = set(dates)
    for code in GUESSES:
        cal = set(sessions(code, lo, hi))
        jac = len(days & cal) / len(days | cal) if days | cal else 0.0
        if jac > score:
            best, score = code, jac
    return best, score
