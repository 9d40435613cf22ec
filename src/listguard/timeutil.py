"""Instants in New York time: parsing what users type, and the legal clock arithmetic.

US restriction orders count in New York time: EO 13959 bans start at 9:30 a.m. eastern time,
EO 14032 bans at 12:01 a.m. eastern time. Every instant in listguard is timezone-aware.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from listguard.errors import ListguardError

NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")

NOON = time(12, 0)
"""A date typed alone means 12:00 New York time on that day."""


class BadWhen(ListguardError, ValueError):
    """A WHEN the user typed that cannot be read."""


def at_ny(day: date, clock: time = time(0, 0)) -> datetime:
    """The New York wall-clock instant ``clock`` on ``day`` (EST or EDT as the day has it)."""
    return datetime.combine(day, clock, tzinfo=NEW_YORK)


def ny_date(instant: datetime) -> date:
    """The calendar day in New York at ``instant``."""
    return instant.astimezone(NEW_YORK).date()


def now() -> datetime:
    return datetime.now(tz=NEW_YORK)


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_when(text: str, *, what: str = "WHEN") -> datetime:
    """Read a date (noon New York) or an ISO datetime.

    A datetime without an offset is read as New York wall time. ``now`` and ``today`` are
    accepted. Raises ``BadWhen`` with a message naming ``what`` on anything else.
    """
    raw = text.strip()
    if not raw:
        raise BadWhen(f"{what} is empty; give a date like 2021-03-16 or 2021-03-16T09:30-04:00")
    low = raw.lower()
    if low == "now":
        return now()
    if low == "today":
        return at_ny(now().date(), NOON)
    try:
        if _DATE_RE.match(raw):
            return at_ny(date.fromisoformat(raw), NOON)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadWhen(
            f"{what} {raw!r} is not a date (YYYY-MM-DD) or ISO datetime "
            "(YYYY-MM-DDTHH:MM[:SS][+HH:MM])"
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=NEW_YORK)
    return parsed


Instant = datetime | date | str
"""What callers may give for an instant: a datetime (naive = New York wall time; a
``pandas.Timestamp`` is one), a date (noon New York, as on the command line) or text read by
:func:`parse_when`."""


def as_instant(value: Instant, *, what: str = "WHEN") -> datetime:
    """An aware instant from any :data:`Instant`; ``BadWhen`` naming ``what`` otherwise."""
    if isinstance(value, str):
        return parse_when(value, what=what)
    if isinstance(value, datetime):
        instant: datetime = value
        to_py = getattr(value, "to_pydatetime", None)  # a pandas Timestamp
        if callable(to_py):
            if value != value:  # NaT is a datetime too, equal to nothing
                raise BadWhen(f"{what} is NaT (no date); give a date")
            instant = to_py()
        return instant if instant.tzinfo is not None else instant.replace(tzinfo=NEW_YORK)
    if isinstance(value, date):
        return at_ny(value, NOON)
    raise BadWhen(f"{what} {value!r} is not a date, datetime or text like 2021-03-16")


def parse_effective(text: str) -> datetime:
    """Read an effective instant from curated data: a date means 00:00 New York that day."""
    raw = text.strip()
    if _DATE_RE.match(raw):
        return at_ny(date.fromisoformat(raw))
    parsed = datetime.fromisoformat(raw)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=NEW_YORK)
    return parsed


def fmt(instant: datetime | None) -> str:
    """A short human form in New York time, e.g. ``2021-03-15 09:30 EDT``."""
    if instant is None:
        return "—"
    local = instant.astimezone(NEW_YORK)
    if local.time() == time(0, 0):
        return local.strftime("%Y-%m-%d 00:00 %Z")
    return local.strftime("%Y-%m-%d %H:%M %Z")
