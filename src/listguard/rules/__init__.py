"""The rules engine: from an entity's events to a verdict per activity, at an instant.

Each list names the regime that gives it legal effect (``lists.regime``). Each regime is one
module here, its ``REGIME`` an object satisfying one typed contract
(:class:`~listguard.rules.base.Regime`: ``name``, ``restricts``, ``assess``) and built on one
shared skeleton (:class:`~listguard.rules.base.ListingRegime`: replay, removal, lapse,
injunction, then the regime's own ``in_force`` law). A module declares its provisions as data,
each citing its legal text, and small functions named after the sections they apply:

==============  =====================================================================
``eo13959``     EO 13959 as issued and as amended by EO 13974 (:mod:`.eo13974`)
``eo14032``     EO 13959 as amended by EO 14032: the NS-CMIC list
``ndaa1260h``   DoD s.1260H list and FY2024 NDAA s.805
``entity_list`` Commerce Entity List (EAR part 744)
``ofac_sdn``    OFAC SDN blocking (IEEPA; 31 CFR part 501)
``listed_only`` lists with no modelled legal effect: shown, never decisive
``oisp``        31 CFR part 850 outbound rules (the ``invest`` activity, across lists)
==============  =====================================================================

``oisp`` and :mod:`.failsafe` read across an entity's lists, so they are not in ``REGIMES``.

Two instants govern every answer: ``on`` (the instant asked about) and ``known_at`` (answer as
the registry would have known then: an event or legal text counts only from the day it became
public). ``known_at=None`` means everything the registry knows now.

The worked cases the tests cite, each with its legal basis and the test rows that check it:
``docs/worked-cases.md``. Each regime's own table of synthetic cases: ``tests/rules/``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from listguard.model import (
    Activity,
    Assessment,
    Coverage,
    Deadline,
    Entity,
    Event,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.rules import (
    entity_list,
    eo13959,
    eo14032,
    failsafe,
    listed_only,
    ndaa1260h,
    ofac_sdn,
    oisp,
)
from listguard.rules.base import Regime

if TYPE_CHECKING:
    from listguard.registry import Registry

REGIMES: dict[str, Regime] = {
    "eo13959": eo13959.REGIME,
    "eo14032": eo14032.REGIME,
    "ndaa1260h": ndaa1260h.REGIME,
    "entity_list": entity_list.REGIME,
    "ofac_sdn": ofac_sdn.REGIME,
    "listed_only": listed_only.REGIME,
}
"""Each regime by the name ``lists.regime`` gives it."""

ON_LIST = (MembershipState.PENDING, MembershipState.IN_FORCE, MembershipState.ENJOINED)


@dataclass
class EntityStatus:
    """Everything the rules say about one entity at one instant."""

    entity: Entity
    on: datetime
    known_at: datetime | None
    assessments: list[Assessment] = field(default_factory=list)
    verdicts: dict[Activity, Verdict] = field(default_factory=dict)
    reasons: dict[Activity, list[Reason]] = field(default_factory=dict)
    deadlines: list[Deadline] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    """The coverage of the lists the entity is known on and of every list with no data."""
    known_lists: list[str] = field(default_factory=list)
    """Lists the data shows the entity on at some time (as known at ``known_at``)."""

    @property
    def lists_in_force(self) -> list[str]:
        """Lists the entity is on at ``on`` (pending, in force or enjoined)."""
        return [a.list_id for a in self.assessments if a.state in ON_LIST]

    def considered(self, activity: Activity) -> list[str]:
        """The lists an answer for ``activity`` rests on: those that decide it at ``on`` and
        those the entity is known on."""
        lists = failsafe.considered(activity, self.on, self.known_at) + self.known_lists
        return sorted(set(lists))

    def gaps(self, activity: Activity) -> list[str]:
        """The coverage gaps under an answer for ``activity``, in words: the lists it rests on,
        then every list with no data at all."""
        out = []
        for list_id in self.considered(activity):
            cov = self.coverage.get(list_id)
            gap = cov.gap(self.on) if cov else None
            if gap:
                out.append(gap)
        for cov in self.coverage.values():
            gap = cov.gap(self.on)
            if not cov.has_data and gap and gap not in out:
                out.append(gap)
        return out

    def confirmed(self, activity: Activity) -> bool:
        """False when the verdict rests on a fact the data marks as unconfirmed."""
        decisive = [r for r in self.reasons.get(activity, [])
                    if r.verdict is self.verdicts[activity]]
        return all(r.confirmed for r in decisive)


def combine(
    entity: Entity, on: datetime, known_at: datetime | None, assessments: list[Assessment],
    coverage: Mapping[str, Coverage] | None = None, known_lists: Sequence[str] = (),
) -> EntityStatus:
    """Merge per-list assessments: the most severe verdict wins; every reason is kept.

    With ``coverage``, the fail-safe reasons join them (:mod:`.failsafe`): ``unknown`` for each
    activity whose deciding list's data does not cover ``on``.
    """
    status = EntityStatus(entity, on, known_at, assessments, known_lists=list(known_lists))
    by_activity: dict[Activity, list[Reason]] = defaultdict(list)
    for assessment in assessments:
        for activity, reason in assessment.reasons.items():
            by_activity[activity].append(reason)
        status.deadlines.extend(assessment.deadlines)
        status.notes.extend(f"{assessment.list_id}: {n}" for n in assessment.notes)
    on_lists = [a.list_id for a in assessments if a.state in ON_LIST]
    by_activity[Activity.INVEST].append(oisp.assess(on_lists, on, known_at))
    if coverage is not None:
        status.coverage = {k: v for k, v in coverage.items()
                           if k in known_lists or not v.has_data
                           or any(k in d.lists for d in failsafe.DECIDING)}
        for activity in Activity:
            by_activity[activity].extend(
                failsafe.unlisted(activity, on, known_at, coverage, known_lists))
    for activity in Activity:
        reasons = sorted(by_activity.get(activity, []), key=_rank)
        status.reasons[activity] = reasons
        status.verdicts[activity] = reasons[0].verdict if reasons else Verdict.ALLOWED
    status.deadlines.sort(key=lambda d: d.when)
    return status


def _rank(reason: Reason) -> tuple[int, int, float]:
    """Most restrictive first; among equals, a time-bound reason (a pending ban, a window)
    before a standing one, then the most recent."""
    return (-reason.verdict.severity, 0 if reason.end else 1,
            -(reason.start.timestamp() if reason.start else 0.0))


def assess_events(
    entity: Entity,
    events: Sequence[Event],
    regimes: dict[str, str],
    on: datetime,
    known_at: datetime | None = None,
    coverage: Mapping[str, Coverage] | None = None,
) -> EntityStatus:
    """Assess an entity from its events. ``regimes`` maps list id to regime name; with
    ``coverage`` the answer is fail-safe where the data ends (:mod:`.failsafe`)."""
    by_list: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.known_by(known_at):
            by_list[event.list_id].append(event)
    assessments = []
    known_lists = []
    for list_id, list_events in sorted(by_list.items()):
        regime = REGIMES[regimes.get(list_id, "listed_only")]
        list_events.sort(key=lambda e: (e.effective, e.seq))
        assessment = regime.assess(list_id, list_events, on, known_at)
        if assessment is None:
            assessment = failsafe.unknown_membership(
                list_id, regime, list_events, on, known_at,
                coverage.get(list_id) if coverage is not None else None)
        if assessment is not None:
            assessments.append(assessment)
        if any(e.entity_id for e in list_events):
            known_lists.append(list_id)
    return combine(entity, on, known_at, assessments, coverage, known_lists)


def assess_entity(
    reg: Registry, entity_id: str, on: datetime, known_at: datetime | None = None,
    coverage: Mapping[str, Coverage] | None = None,
) -> EntityStatus:
    """The verdicts for an entity in the registry at ``on``, as known at ``known_at``, fail-safe
    where the data ends (``coverage``: the registry's, computed once by a caller assessing
    many entities)."""
    regimes = {lst.id: lst.regime for lst in reg.lists()}
    cov = coverage if coverage is not None else reg.coverage(known_at)
    status = assess_events(reg.entity(entity_id), reg.events(entity_id), regimes, on, known_at,
                           cov)
    status.notes.extend(related_notes(reg, entity_id, on, known_at, regimes))
    return status


def related_notes(
    reg: Registry, entity_id: str, on: datetime, known_at: datetime | None,
    regimes: dict[str, str],
) -> list[str]:
    """Parents on a list: a reminder that no 50 percent rule extends their listing."""
    notes = []
    for link in reg.links(entity_id):
        if link.subject_id != entity_id or link.relation != "subsidiary_of":
            continue
        parent = reg.entity(link.object_id)
        parent_status = assess_events(parent, reg.events(parent.id), regimes, on, known_at)
        on_lists = parent_status.lists_in_force
        if on_lists:
            notes.append(
                f"parent {parent.name} is on {', '.join(on_lists)}; the listing does not extend "
                "to unlisted subsidiaries (no 50 percent rule: OFAC FAQ 857 as revised June 3, "
                "2021; exact names only: FAQ 899)"
            )
    return notes
