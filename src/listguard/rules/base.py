"""What every regime shares: the contract, legal provisions as data, and one skeleton.

- :class:`Regime` is the contract the engine relies on: a ``name`` shown in every reason, the
  activities a listing under it can ``restrict``, and ``assess``, which turns one listing's
  events into an :class:`~listguard.model.Assessment` at an instant (None: not listed then).
- :class:`Provision` is one legal rule as data: what the text says, where, from when, and
  since when it was public.
- :class:`ListingRegime` is the skeleton every regime module fills in. It replays the listing
  (:func:`replay`), then decides in the order of legal weight: a removal, vacatur or
  supersession ends the listing; the regime's own reasons it has no effect at the instant (its
  ``lapses``); an injunction in force suspends it (where the regime says what that means);
  only then does the regime's own law, its ``in_force`` function, give the verdicts.
  A regime module therefore holds its provisions and the few lines that are its own law.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from listguard.model import (
    Activity,
    Assessment,
    Deadline,
    Event,
    EventKind,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.timeutil import at_ny, ny_date

SECURITIES = (Activity.BUY, Activity.SELL, Activity.HOLD)


class Regime(Protocol):
    """The contract of a regime: what :data:`listguard.rules.REGIMES` holds."""

    @property
    def name(self) -> str:
        """The regime as every reason names it (e.g. ``EO 13959``)."""
        ...

    @property
    def restricts(self) -> tuple[Activity, ...]:
        """What a listing under the regime can restrict (see :mod:`.failsafe`)."""
        ...

    def assess(
        self, list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
    ) -> Assessment | None:
        """One listing's events (sorted, already filtered by ``known_at``) at ``on``, as known
        at ``known_at``; None when the entity is not yet listed at ``on``."""
        ...


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


@dataclass(slots=True)
class Listing:
    """A listing replayed up to ``on`` (as known at ``known_at``) and the assessment its regime
    fills in: opened in force from the designation whose clock runs, until the regime's law
    says otherwise."""

    trace: Trace
    designation: Event
    on: datetime
    known_at: datetime | None
    out: Assessment

    @property
    def since(self) -> datetime:
        """When the designation whose clock runs took effect."""
        return self.designation.effective

    def decide(
        self, activities: Activity | Sequence[Activity], rule: str, verdict: Verdict, *,
        start: datetime | None = None, end: datetime | None = None, citation: str = "",
        confirmed: bool = True, conditions: str = "",
    ) -> None:
        """Give each of ``activities`` a reason (one object each) on this listing."""
        acts = (activities,) if isinstance(activities, Activity) else activities
        for act in acts:
            self.out.reasons[act] = Reason(
                self.out.list_id, self.out.basis, rule, verdict, start=start, end=end,
                citation=citation, confirmed=confirmed, conditions=conditions,
            )

    def because(
        self, event: Event, state: MembershipState, rule: str, activities: Sequence[Activity]
    ) -> None:
        """The listing is in ``state`` because of ``event``: ``activities`` are allowed, on its
        citation."""
        self.out.state = state
        self.decide(activities, rule, Verdict.ALLOWED, start=event.effective,
                    citation=event.citation, confirmed=event.confirmed)

    def pending(
        self, until: datetime, rule: str, citation: str, activities: Sequence[Activity]
    ) -> None:
        """Listed, but the prohibitions start only at ``until``: allowed until then."""
        self.out.state = MembershipState.PENDING
        self.decide(activities, rule, Verdict.ALLOWED, start=self.since, end=until,
                    citation=citation, confirmed=self.designation.confirmed)

    def deadline(self, when: datetime, what: str, citation: str) -> None:
        self.out.deadlines.append(Deadline(when, what, self.out.list_id, citation))

    def upcoming(self, rule: Provision, what: str) -> None:
        """A deadline where ``rule`` is known at ``known_at`` and not yet in force at ``on``."""
        if self.on < rule.effective and rule.known_by(self.known_at):
            self.deadline(rule.effective, what, rule.citation)


def open_listing(
    regime: str, list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Listing | None:
    """Replay a listing and open its assessment; None when not yet listed at ``on``."""
    trace = replay(events, on)
    if trace.first is None or trace.designation is None:
        return None
    d = trace.designation
    out = Assessment(list_id, regime, MembershipState.IN_FORCE, d.listed_name,
                     d.list_entry_id, d.effective, confirmed=d.confirmed)
    return Listing(trace, d, on, known_at, out)


@dataclass(frozen=True, slots=True)
class Clock:
    """What a determination sets running under EO 13959 in both its forms (:mod:`.eo13959`,
    :mod:`.eo14032`): the ban start (s.1(a)(i) for the Annex, s.1(a)(ii) for later listings)
    and the end of the window to divest (s.1(b) for the Annex, s.1(c) for later listings)."""

    determined: date
    ban_start: datetime
    divest_end: datetime
    annex: bool
    basis: str
    """The limb of s.1(a) that sets the ban start."""
    citation: str

    @classmethod
    def of(
        cls, listing: Listing, windows: Callable[[date], tuple[datetime, datetime, bool]],
        order: str, later: str,
    ) -> Clock:
        """The clock of ``listing``'s designation: ``windows`` gives (ban start, divestment
        end, Annex?) for its date; ``later`` says how s.1(a)(ii) counts for later listings."""
        determined = ny_date(listing.since)
        ban_start, divest_end, annex = windows(determined)
        basis = "s.1(a)(i) (Annex)" if annex else f"s.1(a)(ii) ({later})"
        return cls(determined, ban_start, divest_end, annex, basis, f"{order}, {basis}")

    @property
    def divest_basis(self) -> str:
        return "s.1(b)" if self.annex else "s.1(c)"


Lapse = Callable[[Listing], bool]
"""A regime's own reason a listing has no effect at the instant (the order not yet signed, or
replaced by another): it fills the assessment and returns True, or returns False."""


@dataclass(frozen=True, slots=True)
class ListingRegime:
    """A regime as the shared skeleton assesses it (see the module docstring).

    ``in_force`` is the regime's own law: it fills the reasons of a listing that no removal,
    lapse or injunction set aside.
    """

    name: str
    restricts: tuple[Activity, ...]
    """What a listing under the regime can restrict (see :mod:`.failsafe`)."""
    in_force: Callable[[Listing], None]
    answers: tuple[Activity, ...]
    """The activities an ended (or enjoined) listing is said to allow."""
    ended: str = "removed from the list"
    """The rule of an ended listing; ``{kind}`` stands for removed, vacated or superseded."""
    enjoined: str | None = None
    """The rule of a listing enjoined by a court; None: the regime models no injunction."""
    lapses: tuple[Lapse, ...] = ()

    def assess(
        self, list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
    ) -> Assessment | None:
        listing = open_listing(self.name, list_id, events, on, known_at)
        if listing is None:
            return None
        trace = listing.trace
        if trace.ended is not None:
            state = (MembershipState.VACATED if trace.ended.kind is EventKind.VACATED
                     else MembershipState.REMOVED)
            rule = self.ended.format(kind=trace.ended.kind.value)
            listing.because(trace.ended, state, rule, self.answers)
            return listing.out
        for lapse in self.lapses:
            if lapse(listing):
                return listing.out
        if self.enjoined is not None and trace.injunction is not None:
            listing.because(trace.injunction, MembershipState.ENJOINED, self.enjoined,
                            self.answers)
            return listing.out
        self.in_force(listing)
        return listing.out
