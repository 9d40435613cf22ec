"""Fail safe: where the registry's data cannot say, the answer is ``unknown``, never ``allowed``.

A verdict of ``allowed`` claims that no list restricts the activity at that instant. The
registry can claim that only where its data covers the instant. Its knowledge ends in two
places, each turned into an ``unknown`` reason here:

1. **An entity first seen late.** An official file that states no per-entry dates (the SDN CSV)
   tells only that an entry was on the list by the file's date. Before that, back to the last
   version that did not hold it (or forever, for the first version imported), the entity may
   already have been listed: every activity its list's regime restricts is ``unknown`` there;
   so is every instant before the imported files cover the list (:func:`unknown_membership`).
2. **A list that decides an activity, without data for the instant.** For an entity (or a
   query that names none) that the data does not show on such a list, absence from the data is
   absence from the list only inside the list's :class:`~listguard.model.Coverage`. Outside it
   — a list never imported, a selection of entries, an instant before the first file — the
   activity is ``unknown`` (:func:`unlisted`). :data:`DECIDING` says which lists decide which
   activity, when, and on what legal text.

Only these lists turn an answer into ``unknown``. Every other list without data is still shown
as a gap in every answer (``Coverage.gap``), so that a registry of the curated lists alone
answers ``check buy "Apple Inc."`` with ``allowed`` and its gaps. Combining keeps the most
severe verdict, so an ``unknown`` never hides a ``prohibited`` from another list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from listguard.model import (
    Activity,
    Assessment,
    Coverage,
    Event,
    EventKind,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.rules import entity_list, eo13959, eo14032, ndaa1260h, oisp
from listguard.rules.base import SECURITIES, Provision, Regime
from listguard.timeutil import ny_date

NAME = "coverage"


@dataclass(frozen=True, slots=True)
class Deciding:
    """Lists whose data alone decides an activity for a company not on them, while a legal
    text is in force (from ``start``, until ``end``; None: no bound)."""

    activities: tuple[Activity, ...]
    lists: tuple[str, ...]
    rule: str
    citation: str
    start: Provision | None = None
    end: Provision | None = None

    def in_force(self, on: datetime, known_at: datetime | None) -> bool:
        started = self.start is None or self.start.applies(on, known_at)
        ended = self.end is not None and self.end.applies(on, known_at)
        return started and not ended


DECIDING: tuple[Deciding, ...] = (
    Deciding(SECURITIES, ("dod-1237", "ofac-ns-ccmc"),
             "EO 13959 bars securities of the companies on the CCMC lists",
             eo13959.CITATION, start=eo13959.SIGNED, end=eo14032.SUPERSEDES_EO13959),
    Deciding(SECURITIES, ("ofac-ns-cmic",),
             "EO 14032 bars securities of the companies on the NS-CMIC list",
             eo14032.CITATION, start=eo14032.SUPERSEDES_EO13959),
    Deciding((Activity.DOD_CONTRACT,), ("dod-1260h",),
             "s.805 bars DoD contracts with the companies on the 1260H list",
             ndaa1260h.DIRECT_BAN.citation, start=ndaa1260h.DIRECT_BAN),
    Deciding((Activity.EXPORT,), ("bis-entity-list",),
             "exports to the companies on the Entity List need a licence",
             entity_list.CITATION),
    Deciding((Activity.INVEST,), oisp.TRIGGER_LISTS,
             "31 CFR 850.224(m) prohibits covered transactions with the companies on these "
             "lists", oisp.RULE.citation, start=oisp.RULE),
)
"""Which lists decide which activity. The SDN list blocks every dealing, but a registry without
it still answers securities, contract and export questions from the lists that govern them
(showing the SDN gap); it decides only ``invest``, whose rule names it."""


def restricts(
    regime: Regime, list_id: str, on: datetime, known_at: datetime | None
) -> tuple[Activity, ...]:
    """The activities a listing on ``list_id`` (under ``regime``) can restrict."""
    acts = regime.restricts
    if list_id in oisp.TRIGGER_LISTS and oisp.RULE.applies(on, known_at):
        acts = (*acts, Activity.INVEST)
    return acts


def unknown_membership(
    list_id: str, regime: Regime, events: Sequence[Event], on: datetime,
    known_at: datetime | None, coverage: Coverage | None = None,
) -> Assessment | None:
    """For an entity the data shows on ``list_id`` but not listed at ``on``: an unknown
    membership where it may already have been listed then; None where the data can say.

    Two cases: its listing was first seen after ``on``, inside the window where it may already
    have applied (:meth:`Event.uncertain_at`); or everything the data knows of it comes from
    imported files and ``on`` is before those files cover the list. A curated history (even of
    a selection of a list's entries) is the entity's whole history there.
    """
    listing = next((e for e in events if e.kind in (EventKind.LISTED, EventKind.REDESIGNATED)
                    and e.uncertain_at(on)), None)
    imported_only = all(e.version_id is not None for e in events if e.entity_id)
    if listing is None and not (imported_only and coverage is not None
                                and not coverage.absence_known(on)):
        return None
    first = listing or next((e for e in events if e.kind is EventKind.LISTED), events[0])
    if listing is not None:
        window = (f"between {listing.seen_after} (the last version without it) and then"
                  if listing.seen_after else "before then (it was in the first version "
                  "imported)")
        rule = (f"on the list by {ny_date(listing.effective)} (first seen in an imported file "
                f"that states no listing date); whether it was already listed {window} is "
                "unknown")
    else:
        rule = (f"the data covers {list_id} only from {coverage.whole_from if coverage else ''}"
                f"; whether it was on the list at this instant is unknown")
    out = Assessment(list_id, regime.name, MembershipState.UNKNOWN, first.listed_name,
                     first.list_entry_id, None, confirmed=first.confirmed)
    out.notes.append(rule)
    for act in restricts(regime, list_id, on, known_at):
        out.reasons[act] = Reason(list_id, regime.name, rule, Verdict.UNKNOWN,
                                  end=first.effective if listing else None,
                                  citation=first.citation)
    return out


def unlisted(
    activity: Activity, on: datetime, known_at: datetime | None,
    coverage: Mapping[str, Coverage], known_lists: Iterable[str] = (),
) -> list[Reason]:
    """``unknown`` reasons for ``activity`` from each deciding list whose data does not cover
    ``on``, for an entity the data does not show on it (``known_lists``: the lists it is on)."""
    skip = set(known_lists)
    reasons = []
    for deciding in DECIDING:
        if activity not in deciding.activities or not deciding.in_force(on, known_at):
            continue
        for list_id in deciding.lists:
            cov = coverage.get(list_id)
            if list_id in skip or (cov is not None and cov.absence_known(on)):
                continue
            gap = cov.gap(on) if cov is not None else f"{list_id}: not in the registry"
            reasons.append(Reason(
                list_id, NAME, f"{deciding.rule}, and the registry cannot tell whether it is "
                f"on {list_id} then: {gap}", Verdict.UNKNOWN, citation=deciding.citation,
            ))
    return reasons


def considered(activity: Activity, on: datetime, known_at: datetime | None) -> list[str]:
    """The lists that decide ``activity`` at ``on``."""
    return [lst for d in DECIDING if activity in d.activities and d.in_force(on, known_at)
            for lst in d.lists]


def coverage_for(
    coverage: Mapping[str, Coverage], activity: Activity, on: datetime, known_at: datetime | None
) -> tuple[dict[str, Coverage], list[str]]:
    """The coverage an answer about an unlisted party rests on (the lists that decide the
    activity, and every list with no data) and its gaps in words."""
    lists = considered(activity, on, known_at)
    shown = {k: v for k, v in coverage.items() if k in lists or not v.has_data}
    gaps = [g for k in lists if k in coverage and (g := coverage[k].gap(on))]
    gaps += [g for v in coverage.values() if not v.has_data and (g := v.gap(on))
             and g not in gaps]
    return shown, gaps
