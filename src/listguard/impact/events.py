"""Events to study: typed dates and times, or legal events taken from the registry.

An :class:`EventSpec` carries either an instant (``datetime`` with a time zone: day 0 is the
first session opening at or after it) or a local date (``date``: day 0 is that session or the
next). Typed dates and registry events known only by date are US days, placed at 09:30 New
York (see :mod:`listguard.impact.calendars` for why).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from listguard.errors import ListguardError
from listguard.impact.calendars import NEW_YORK, us_business_day
from listguard.impact.event_names import EVENT_NAMES
from listguard.model import Event

"""Names accepted by ``--events``. ``listing`` is the first listing only; the others are
every event of their kind."""

ALIASES = {
    "listed": "listing", "list": "listing", "designation": "listing",
    "redesignated": "redesignation", "enjoined": "injunction",
    "injunction_lifted": "injunction-lifted", "vacatur": "vacated", "vacate": "vacated",
    "removed": "removal", "delisting": "removal", "notes": "note",
}

TITLES = {
    "listing": "Listed", "redesignation": "Redesignated", "injunction": "Injunction",
    "injunction-lifted": "Injunction lifted", "vacated": "Vacated", "removal": "Removed",
    "superseded": "Superseded", "note": "Note", "date": "Event",
}


class EventError(ListguardError, ValueError):
    """An event that cannot be read: its message is one line naming the bad value."""


@dataclass(frozen=True)
class EventSpec:
    """One event to study."""

    label: str
    when: datetime | date
    """Instant (tz-aware datetime) or local day-0 date."""
    kind: str = "date"
    """``listing``, ``injunction``, ... for registry events; ``date`` for typed ones."""
    security: str = ""
    """Which security it concerns, when a study has several (empty: the only one)."""
    source: str = ""
    """Where it came from: a citation, or the text typed."""
    date_only: bool = False
    """The event was known only by its (US) date; ``when`` is 09:30 New York that day."""

    @property
    def title(self) -> str:
        return self.label or TITLES.get(self.kind, self.kind)

    def describe_when(self) -> str:
        if isinstance(self.when, datetime):
            if self.date_only:
                return f"{self.when.date().isoformat()} (US date)"
            return self.when.isoformat(timespec="minutes")
        return f"{self.when.isoformat()} (local day 0)"


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_event_date(text: str) -> EventSpec:
    """Read ``WHEN[=LABEL]``: a US date (``2021-05-11``), or a time with an offset
    (``2021-01-14T19:30-05:00``); a time without offset is New York wall time."""
    raw, _, label = text.partition("=")
    raw, label = raw.strip(), label.strip()
    if not raw:
        raise EventError(f"--event-date {text!r} is empty; give a date like 2021-05-11")
    try:
        if _DATE.match(raw):
            day = date.fromisoformat(raw)
            return EventSpec(label or raw, us_business_day(day), source=text, date_only=True)
        instant = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise EventError(f"--event-date {raw!r} is not a date (YYYY-MM-DD) or an ISO time "
                         "(YYYY-MM-DDTHH:MM+HH:MM)") from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=NEW_YORK)
    return EventSpec(label or raw, instant, source=text)


def parse_event_names(text: str) -> list[str]:
    """``listing,injunction,vacated`` -> canonical names; an unknown name raises EventError."""
    names: list[str] = []
    for part in text.split(","):
        key = part.strip().lower()
        if not key:
            continue
        key = ALIASES.get(key, key)
        if key not in EVENT_NAMES:
            raise EventError(f"--events: unknown event {part.strip()!r}; use "
                             f"{', '.join(EVENT_NAMES)}")
        if key not in names:
            names.append(key)
    if not names:
        raise EventError("--events is empty; use e.g. listing,injunction,vacated")
    return names


def registry_instant(event: Event) -> tuple[datetime, bool]:
    """The instant to study a registry event at, and whether it was known only by date.

    The registry stores a date-only fact as 00:00 New York: that becomes 09:30 New York."""
    local = event.effective.astimezone(NEW_YORK)
    if local.time() == time(0, 0):
        return us_business_day(local.date()), True
    return event.effective, False


def from_registry(events: Iterable[Event], names: Sequence[str], entity_id: str,
                  security: str = "") -> list[EventSpec]:
    """The registry events of ``entity_id`` named by ``names`` (see :data:`EVENT_NAMES`).

    Events that apply to a whole list (empty ``entity_id``) are left out. The same kind on
    the same instant from several lists is studied once.
    """
    own = sorted((e for e in events if e.entity_id == entity_id),
                 key=lambda e: (e.effective, e.seq))
    specs: list[EventSpec] = []
    seen: set[tuple[str, datetime]] = set()
    for name in names:
        kind = EVENT_NAMES[name]
        matching = [e for e in own if e.kind == kind]
        if name == "listing":
            matching = matching[:1]
        for ev in matching:
            when, date_only = registry_instant(ev)
            if (name, when) in seen:
                continue
            seen.add((name, when))
            specs.append(EventSpec(
                label=TITLES[name],
                when=when,
                kind=name,
                security=security,
                source=f"{ev.list_id}: {ev.citation}".strip(": "),
                date_only=date_only,
            ))
    specs.sort(key=lambda s: s.when if isinstance(s.when, datetime)
               else datetime.combine(s.when, time(), tzinfo=NEW_YORK))
    return specs
