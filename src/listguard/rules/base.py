"""What every regime module shares: legal provisions as data, and the replay of a listing.

A regime module declares its provisions (:class:`Provision`: what the text says, where, from
when, and since when it was public) and one ``assess`` function that turns a listing's events
into an :class:`~listguard.model.Assessment` at an instant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from listguard.model import (
    Activity,
    Assessment,
    Event,
    EventKind,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.timeutil import at_ny, ny_date

SECURITIES = (Activity.BUY, Activity.SELL, Activity.HOLD)


@dataclass(frozen=True, slots=True)
class Provision:
    """One legal rule the engine applies, with its source."""

    key: str
    summary: str
    citation: str
    effective: datetime
    published: date
    confirmed: bool = True

    def known_by(self, known_at: datetime | None) -> bool:
        return known_at is None or self.published <= ny_date(known_at)

    def applies(self, on: datetime, known_at: datetime | None) -> bool:
        """In force at ``on``, as known at ``known_at``."""
        return self.known_by(known_at) and on >= self.effective


def provision(
    key: str, summary: str, citation: str, effective: date, clock: time = time(0, 0),
    published: date | None = None, confirmed: bool = True,
) -> Provision:
    return Provision(key, summary, citation, at_ny(effective, clock), published or effective,
                     confirmed)


@dataclass(slots=True)
class Trace:
    """A listing replayed up to an instant."""

    first: Event | None = None
    """The first listing event."""
    designation: Event | None = None
    """The listing (or corrected re-listing) whose clock runs now."""
    ended: Event | None = None
    """The removal, vacatur or supersession that ended the listing."""
    injunction: Event | None = None
    """An injunction in force."""

    @property
    def listed(self) -> bool:
        return self.designation is not None and self.ended is None


def replay(events: Sequence[Event], on: datetime) -> Trace:
    """Walk a listing's events (sorted, already filtered by ``known_at``) up to ``on``."""
    trace = Trace()
    for event in events:
        if event.effective > on:
            break
        if event.kind in (EventKind.LISTED, EventKind.REDESIGNATED):
            if trace.first is None:
                trace.first = event
            trace.designation = event
            trace.ended = None
        elif event.kind in (EventKind.REMOVED, EventKind.VACATED, EventKind.SUPERSEDED):
            if trace.designation is not None and trace.ended is None:
                trace.ended = event
        elif event.kind is EventKind.ENJOINED:
            trace.injunction = event
        elif event.kind is EventKind.INJUNCTION_LIFTED:
            trace.injunction = None
    return trace


def start(
    list_id: str, regime: str, events: Sequence[Event], on: datetime
) -> tuple[Trace, Assessment, Event] | None:
    """Replay a listing and open its assessment (in force until a module says otherwise),
    with the designation whose clock runs; None when not yet listed at ``on``."""
    trace = replay(events, on)
    if trace.first is None or trace.designation is None:
        return None
    d = trace.designation
    out = Assessment(list_id, regime, MembershipState.IN_FORCE, d.listed_name,
                     d.list_entry_id, d.effective, confirmed=d.confirmed)
    return trace, out, d


def ended(
    out: Assessment, trace: Trace, rule: str, activities: Sequence[Activity]
) -> Assessment:
    """The assessment of a listing that was removed, vacated or superseded."""
    assert trace.ended is not None
    out.state = (MembershipState.VACATED if trace.ended.kind is EventKind.VACATED
                 else MembershipState.REMOVED)
    out.reasons = reason_from_event(out.list_id, out.regime, trace.ended, rule, activities)
    return out


def reason_from_event(
    list_id: str, regime: str, event: Event, rule: str, activities: Sequence[Activity]
) -> dict[Activity, Reason]:
    """The same 'allowed because of this event' reason for several activities."""
    return {
        act: Reason(list_id, regime, rule, Verdict.ALLOWED, start=event.effective,
                    citation=event.citation, confirmed=event.confirmed)
        for act in activities
    }


class Regime(Protocol):
    """The shape of a regime module (``listguard.rules.<regime>``)."""

    NAME: str

    def assess(
        self, list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
    ) -> Assessment | None: ...
