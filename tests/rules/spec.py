"""Synthetic listings for the per-regime tables: one made-up company, made-up dated events.

Every table in this folder is a list of rows (:class:`Case`), one behaviour each, that need
nothing but this file: no registry, no shipped data. A row reads as a line of the rulebook:
these events, asked at this instant (as known at that one), give these verdicts, citing this.

Instants are New York time: a date alone means 00:00 for an event and 12:00 for a question
(``on``, ``known_at``), as ``listguard check`` reads them; ``2021-03-15T09:30`` is New York
wall time, whatever the offset that day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypedDict

from listguard.model import (
    Activity,
    Assessment,
    Coverage,
    DatedBy,
    Entity,
    Event,
    EventKind,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.rules import REGIMES, EntityStatus, assess_events
from listguard.timeutil import parse_effective, parse_when

A, L, P, U = Verdict.ALLOWED, Verdict.LICENSE_REQUIRED, Verdict.PROHIBITED, Verdict.UNKNOWN
BUY, SELL, HOLD = Activity.BUY, Activity.SELL, Activity.HOLD
DOD, EXPORT, INVEST = Activity.DOD_CONTRACT, Activity.EXPORT, Activity.INVEST
NOT_LISTED = None
"""``state`` of a row where the regime has no listing to assess at the instant."""

ACME = Entity("acme", "Acme Photonics Co., Ltd.", country="CN", note="made up for the tests")

LIST_REGIMES = {
    "dod-1237": "eo13959",
    "ofac-ns-ccmc": "eo13959",
    "ofac-ns-cmic": "eo14032",
    "dod-1260h": "ndaa1260h",
    "bis-entity-list": "entity_list",
    "ofac-sdn": "ofac_sdn",
    "bis-meu": "listed_only",
    "ofac-ssi": "listed_only",
}
"""The lists the tables use and the regime each names (as ``lists.csv`` has them)."""


class Case(TypedDict, total=False):
    case: str
    """What the row shows (the test id)."""
    events: list[Event]
    on: str
    """The instant asked about."""
    known_at: str | None
    """Answer as known then (None or absent: everything known now)."""
    state: MembershipState | None
    """The listing's state (:data:`NOT_LISTED`: the regime assesses nothing)."""
    expect: dict[Activity, Verdict | None]
    """The verdict per activity (None: the regime says nothing about it)."""
    cites: dict[Activity, str]
    """A fragment the activity's reason must carry (citation, rule or conditions)."""
    deadlines: list[str]
    """Every deadline ahead, as instants (checked only where given)."""
    coverage: list[Coverage]
    """For fail-safe rows: the coverage that differs from every list covered completely."""


def event(
    kind: EventKind, when: str, citation: str, *, published: str | None = None,
    confirmed: bool = True, seq: int = 0, version: int | None = None,
    first_seen: bool = False, seen_after: str | None = None, list_id: str = "",
) -> Event:
    """A made-up event for Acme: ``when`` took effect, ``published`` made it public (default:
    the same day)."""
    effective = parse_effective(when)
    return Event(
        ACME.id, list_id, kind, effective,
        date.fromisoformat(published) if published else effective.date(), citation,
        confirmed=confirmed, listed_name=ACME.name, list_entry_id="acme-1", seq=seq,
        version_id=version, first_seen=first_seen,
        seen_after=date.fromisoformat(seen_after) if seen_after else None,
    )


def listed(when: str, citation: str = "made-up designation, 99 FR 1001", **kw: Any) -> Event:
    return event(EventKind.LISTED, when, citation, **kw)


def redesignated(when: str, citation: str = "made-up corrected designation, 99 FR 2002",
                 **kw: Any) -> Event:
    return event(EventKind.REDESIGNATED, when, citation, **kw)


def enjoined(when: str, citation: str = "Acme v. Dep't of Defense, No. 1:99-cv-00001 (D.D.C.), "
             "preliminary injunction", **kw: Any) -> Event:
    return event(EventKind.ENJOINED, when, citation, **kw)


def lifted(when: str, citation: str = "Acme v. Dep't of Defense, injunction stayed on appeal",
           **kw: Any) -> Event:
    return event(EventKind.INJUNCTION_LIFTED, when, citation, **kw)


def vacated(when: str, citation: str = "Acme v. Dep't of Defense, final order vacating the "
            "designation", **kw: Any) -> Event:
    return event(EventKind.VACATED, when, citation, **kw)


def removed(when: str, citation: str = "made-up removal notice, 99 FR 3003",
            **kw: Any) -> Event:
    return event(EventKind.REMOVED, when, citation, **kw)


def at(when: str | None) -> datetime | None:
    return parse_when(when) if when else None


def prepared(events: Sequence[Event], list_id: str, known_at: datetime | None) -> list[Event]:
    """What the engine hands a regime: the list's events known at ``known_at``, in order."""
    out = [replace(e, list_id=e.list_id or list_id) for e in events]
    return sorted((e for e in out if e.known_by(known_at)), key=lambda e: (e.effective, e.seq))


def assess(regime: str, list_id: str, case: Case) -> Assessment | None:
    """The row's listing assessed by the regime alone, through the typed contract."""
    known_at = at(case.get("known_at"))
    events = prepared(case.get("events", []), list_id, known_at)
    return REGIMES[regime].assess(list_id, events, parse_when(case["on"]), known_at)


def evidence(reason: Reason) -> str:
    return " | ".join((reason.citation, reason.rule, reason.conditions))


def check_reasons(reasons: Mapping[Activity, Reason | None], case: Case) -> None:
    for act, verdict in case.get("expect", {}).items():
        reason = reasons.get(act)
        got = reason.verdict if reason is not None else None
        assert got is verdict, (act, reason)
    for act, fragment in case.get("cites", {}).items():
        reason = reasons.get(act)
        assert reason is not None and fragment in evidence(reason), (act, fragment, reason)


def check(regime: str, list_id: str, case: Case) -> None:
    """Assert one row of a regime's table."""
    out = assess(regime, list_id, case)
    if "state" in case:
        assert (out.state if out else None) is case["state"], out
    if out is None:
        assert not case.get("expect") or all(v is None for v in case["expect"].values())
        return
    assert out.basis == REGIMES[regime].name
    check_reasons(out.reasons, case)
    if "deadlines" in case:
        assert sorted(d.when for d in out.deadlines) == [parse_when(w) for w in
                                                         case["deadlines"]], out.deadlines


ALL_COVERED = {
    lst: Coverage(lst, lst, date(2019, 1, 1), date(2030, 1, 1), True, date(2019, 1, 1), 0,
                  DatedBy.CURATED)
    for lst in LIST_REGIMES
}
"""Every list, its data complete over the tables' years: only a row's coverage is a gap."""


def no_data(list_id: str) -> Coverage:
    """A list never imported."""
    return Coverage(list_id, list_id, None, None, False, None, 0, None)


def selection(list_id: str) -> Coverage:
    """A selection of the list's entries (never the whole list)."""
    return Coverage(list_id, list_id, date(2019, 1, 1), date(2030, 1, 1), False, None, 1,
                    DatedBy.CURATED)


def imported(list_id: str, whole_from: str, end: str = "2030-01-01") -> Coverage:
    """Whole-list files imported from ``whole_from`` on, stating no per-entry dates."""
    first = date.fromisoformat(whole_from)
    return Coverage(list_id, list_id, first, date.fromisoformat(end), False, first, 1,
                    DatedBy.FILE)


def status(case: Case) -> EntityStatus:
    """The row through the whole engine (every list, combined, fail-safe with coverage)."""
    known_at = at(case.get("known_at"))
    coverage = {**ALL_COVERED, **{c.list_id: c for c in case.get("coverage", [])}}
    return assess_events(ACME, case.get("events", []), LIST_REGIMES, parse_when(case["on"]),
                         known_at, coverage)


def check_status(case: Case) -> None:
    """Assert one fail-safe row: the combined verdicts, and the decisive reason's evidence."""
    st = status(case)
    for act, verdict in case.get("expect", {}).items():
        assert st.verdicts[act] is verdict, (act, st.reasons[act])
    for act, fragment in case.get("cites", {}).items():
        decisive = [r for r in st.reasons[act] if r.verdict is st.verdicts[act]]
        assert any(fragment in evidence(r) for r in decisive), (act, fragment, decisive)


def ids(cases: Sequence[Case]) -> list[str]:
    return [c["case"] for c in cases]
