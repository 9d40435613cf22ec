"""Properties of the fail-safe rules, over random listings, coverages and instants.

1. No ``allowed`` for an activity a list can restrict, at an instant before the data covers a
   list the entity is known on only from imported files.
2. A ``prohibited`` (or ``license_required``) from one list is never lowered by another list's
   ``unknown`` or ``allowed``.
3. The UNCONFIRMED mark and the ``confirmed`` flag agree for every reason the shipped registry
   gives, at instants across its history.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from listguard.model import (
    Activity,
    Coverage,
    DatedBy,
    Entity,
    Event,
    EventKind,
    Verdict,
)
from listguard.registry import Registry
from listguard.rules import REGIMES, assess_entity, assess_events, failsafe
from listguard.timeutil import NEW_YORK, at_ny

LISTS = {"ofac-sdn": "ofac_sdn", "bis-entity-list": "entity_list",
         "ofac-ns-cmic": "eo14032", "dod-1260h": "ndaa1260h"}
DAY0 = date(2019, 1, 1)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


@st.composite
def list_history(draw: st.DrawFn, list_id: str) -> tuple[list[Event], Coverage]:
    """One list's events for entity ``e`` and its coverage: imported versions with first-seen
    dates, or a curated complete history with stated dates."""
    if draw(st.booleans()):  # imported versions
        days = sorted(draw(st.sets(st.integers(0, 2900), min_size=1, max_size=4)))
        first = draw(st.integers(0, len(days) - 1))
        last = draw(st.integers(first, len(days) - 1))
        events = [Event("e", list_id, EventKind.LISTED, at_ny(day(days[first])),
                        day(days[first]), f"{list_id} version {first + 1}: first seen",
                        confirmed=first > 0, version_id=first + 1, first_seen=True,
                        seen_after=day(days[first - 1]) if first else None)]
        if last + 1 < len(days):
            events.append(Event("e", list_id, EventKind.REMOVED, at_ny(day(days[last + 1])),
                                day(days[last + 1]), "no longer listed",
                                version_id=last + 2))
        cov = Coverage(list_id, list_id, day(days[0]), day(days[-1]), False, day(days[0]),
                       1, DatedBy.FILE)
        return events, cov
    listed = draw(st.integers(0, 2900))
    events = [Event("e", list_id, EventKind.LISTED, at_ny(day(listed)), day(listed),
                    "curated listing")]
    if draw(st.booleans()):
        removed = draw(st.integers(listed + 1, 3000))
        events.append(Event("e", list_id, EventKind.REMOVED, at_ny(day(removed)), day(removed),
                            "curated removal"))
    cov = Coverage(list_id, list_id, day(listed), day(3000), True, day(listed), 1,
                   DatedBy.CURATED)
    return events, cov


@st.composite
def scenario(draw: st.DrawFn) -> tuple[dict[str, tuple[list[Event], Coverage]], datetime]:
    chosen = draw(st.sets(st.sampled_from(sorted(LISTS)), min_size=1, max_size=4))
    histories = {lst: draw(list_history(lst)) for lst in sorted(chosen)}
    on = datetime.combine(day(draw(st.integers(-400, 3200))),
                          time(draw(st.integers(0, 23)), draw(st.integers(0, 59))),
                          tzinfo=NEW_YORK)
    return histories, on


def _status(histories: dict[str, tuple[list[Event], Coverage]], on: datetime):  # type: ignore[no-untyped-def]
    events = [e for evs, _ in histories.values() for e in evs]
    coverage = {lst: cov for lst, (_, cov) in histories.items()}
    # Lists the entity is not on: covered completely, so only the drawn ones can be unknown.
    for lst in LISTS:
        coverage.setdefault(lst, Coverage(lst, lst, DAY0, day(3000), True, DAY0, 0,
                                          DatedBy.CURATED))
    coverage["bis-meu"] = Coverage("bis-meu", "bis-meu", DAY0, day(3000), True, DAY0, 0,
                                   DatedBy.CURATED)
    return assess_events(Entity("e", "E"), events, LISTS, on, None, coverage)


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_no_allowed_before_an_imported_lists_coverage(case: tuple) -> None:  # type: ignore[type-arg]
    histories, on = case
    status = _status(histories, on)
    for list_id, (events, cov) in histories.items():
        if cov.complete or on >= at_ny(cov.whole_from):  # type: ignore[arg-type]
            continue
        module = REGIMES[LISTS[list_id]]
        for act in failsafe.restricts(module, list_id, on, None):
            assert status.verdicts[act] is not Verdict.ALLOWED, (list_id, act, on, events)


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_a_restriction_is_never_lowered_by_another_list(case: tuple) -> None:  # type: ignore[type-arg]
    histories, on = case
    status = _status(histories, on)
    for list_id, (events, _) in histories.items():
        alone = REGIMES[LISTS[list_id]].assess(list_id, events, on, None)
        if alone is None:
            continue
        for act, reason in alone.reasons.items():
            assert status.verdicts[act].severity >= reason.verdict.severity, (list_id, act)


def test_confirmed_flag_and_mark_agree_for_every_shipped_reason(reg: Registry) -> None:
    instants = [at_ny(date(y, m, 15), time(12)) for y in range(2019, 2028) for m in (1, 4, 7, 10)]
    coverage = reg.coverage()
    entity_ids = sorted({r[0] for r in reg.store.fetch("SELECT id FROM entities")})
    seen = 0
    for entity_id in entity_ids:
        for on in instants[::3]:
            status = assess_entity(reg, entity_id, on, None, coverage)
            for act in Activity:
                for reason in status.reasons[act]:
                    shown = reason.as_dict()
                    assert ("[UNCONFIRMED]" in str(shown["citation"])) is (not reason.confirmed)
                    assert not reason.citation.endswith("[UNCONFIRMED]")
                    seen += 1
                decisive = [r for r in status.reasons[act] if r.verdict is status.verdicts[act]]
                assert status.confirmed(act) is all(r.confirmed for r in decisive)
    assert seen > 10_000
