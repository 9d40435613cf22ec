"""The minute before and the minute after every start and deadline the rules compute.

Each row: (what, action, query, last instant of the old verdict, old, first instant of the new,
new, known_at). Instants carry their New York offset.
"""

from __future__ import annotations

import pytest

from listguard.model import Activity, Verdict
from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.timeutil import parse_when

A, L, P = Verdict.ALLOWED, Verdict.LICENSE_REQUIRED, Verdict.PROHIBITED

EDGES = [
    ("EO 13959 Annex ban 9:30 EST", "buy", "Hikvision",
     "2021-01-11T09:29-05:00", A, "2021-01-11T09:30-05:00", P, None),
    ("tranche 4 ban 9:30 EST", "buy", "SMIC",
     "2021-02-01T09:29-05:00", A, "2021-02-01T09:30-05:00", P, None),
    ("NS-CCMC subsidiaries 9:30 EST", "buy", "China Mobile Ltd",
     "2021-03-09T09:29-05:00", A, "2021-03-09T09:30-05:00", P, None),
    ("tranche 5 ban 9:30 EDT", "buy", "Advanced Micro-Fabrication Equipment Inc.",
     "2021-03-15T09:29-04:00", A, "2021-03-15T09:30-04:00", P, None),
    ("Xiaomi as known on 2021-03-11", "buy", "Xiaomi",
     "2021-03-15T09:29-04:00", A, "2021-03-15T09:30-04:00", P, "2021-03-11"),
    ("EO 14032 supersedes at start of June 3", "buy", "SMIC",
     "2021-06-02T23:59-04:00", P, "2021-06-03T00:00-04:00", A, None),
    ("EO 14032 Annex ban 00:01 EDT", "buy", "SMIC",
     "2021-08-02T00:00-04:00", A, "2021-08-02T00:01-04:00", P, None),
    ("Annex divestment ends 00:01 EDT", "sell", "SMIC",
     "2022-06-03T00:00-04:00", A, "2022-06-03T00:01-04:00", P, None),
    ("SenseTime ban 00:01 EST", "buy", "SenseTime Group Limited",
     "2022-02-08T00:00-05:00", A, "2022-02-08T00:01-05:00", P, None),
    ("SenseTime divestment ends", "sell", "SenseTime Group Limited",
     "2022-12-10T00:00-05:00", A, "2022-12-10T00:01-05:00", P, None),
    ("EO 13974 possession ban as known before EO 14032", "hold", "Hikvision",
     "2021-11-11T23:58-05:00", A, "2021-11-11T23:59-05:00", P, "2021-05-01"),
    ("EO 13974 sales window as known before EO 14032", "sell", "Hikvision",
     "2021-11-11T23:59-05:00", A, "2021-11-12T00:00-05:00", P, "2021-05-01"),
    ("DoD contracting ban", "dod-contract", "Hesai",
     "2026-06-29T23:59-04:00", A, "2026-06-30T00:00-04:00", P, None),
]


@pytest.mark.parametrize(("what", "action", "query", "before", "old", "after", "new", "known"),
                         EDGES, ids=[e[0] for e in EDGES])
def test_edge(reg: Registry, what: str, action: str, query: str, before: str, old: Verdict,
              after: str, new: Verdict, known: str | None) -> None:
    res = reg.resolve(query)
    assert res.entity is not None, res.candidates
    known_at = parse_when(known) if known else None
    act = Activity(action)
    at_before = assess_entity(reg, res.entity.id, parse_when(before), known_at)
    at_after = assess_entity(reg, res.entity.id, parse_when(after), known_at)
    assert at_before.verdicts[act] is old, at_before.reasons[act]
    assert at_after.verdicts[act] is new, at_after.reasons[act]
