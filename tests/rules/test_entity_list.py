"""The Commerce Entity List (15 CFR 744.11) on a made-up listing of Acme: exports need a
licence; securities are untouched."""

from __future__ import annotations

import pytest

from listguard.model import MembershipState as S

from .spec import (
    BUY,
    DOD,
    EXPORT,
    HOLD,
    NOT_LISTED,
    SELL,
    A,
    Case,
    L,
    check,
    ids,
    listed,
    removed,
)

LISTED = [listed("2020-12-18", "made-up final rule, 99 FR 5005 (Dec 18, 2020)")]

CASES: list[Case] = [
    {"case": "the day before the listing: nothing to assess",
     "events": LISTED, "on": "2020-12-17T23:59", "state": NOT_LISTED},
    {"case": "listed: a licence is required for every export",
     "events": LISTED, "on": "2020-12-18T00:00", "state": S.IN_FORCE,
     "expect": {EXPORT: L, BUY: A, SELL: A, HOLD: A, DOD: None},
     "cites": {EXPORT: "744.11", BUY: "744"}},
    {"case": "the licence reason cites the listing's own rule",
     "events": LISTED, "on": "2024-01-01", "expect": {EXPORT: L}, "cites": {EXPORT: "99 FR 5005"}},
    {"case": "as known before the rule was published: not listed",
     "events": [listed("2020-12-18", published="2020-12-22")], "on": "2020-12-21",
     "known_at": "2020-12-21", "state": NOT_LISTED},
    {"case": "removed: exports allowed again",
     "events": [*LISTED, removed("2023-03-01")], "on": "2023-03-01", "state": S.REMOVED,
     "expect": {EXPORT: A, BUY: None}, "cites": {EXPORT: "99 FR 3003"}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_entity_list(case: Case) -> None:
    check("entity_list", "bis-entity-list", case)
