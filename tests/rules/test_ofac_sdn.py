"""OFAC SDN blocking (IEEPA) on a made-up designation of Acme: every dealing prohibited;
holding allowed only blocked and reported (31 CFR 501.603)."""

from __future__ import annotations

import pytest

from listguard.model import MembershipState as S

from .spec import (
    BUY,
    DOD,
    EXPORT,
    HOLD,
    INVEST,
    NOT_LISTED,
    SELL,
    A,
    Case,
    P,
    check,
    ids,
    listed,
    removed,
)

LISTED = [listed("2024-05-10", "made-up OFAC recent action, May 10, 2024")]

CASES: list[Case] = [
    {"case": "before the designation: nothing to assess",
     "events": LISTED, "on": "2024-05-09T23:59", "state": NOT_LISTED},
    {"case": "blocked: buying, selling, contracting and exporting prohibited",
     "events": LISTED, "on": "2024-05-10T00:00", "state": S.IN_FORCE,
     "expect": {BUY: P, SELL: P, DOD: P, EXPORT: P}, "cites": {BUY: "IEEPA", SELL: "May 10, 2024"}},
    {"case": "holding allowed on condition: block and report within 10 business days",
     "events": LISTED, "on": "2024-06-01", "expect": {HOLD: A},
     "cites": {HOLD: "within 10 business days (31 CFR 501.603)"}},
    {"case": "invest is decided by 850.224(m), not by the blocking regime itself",
     "events": LISTED, "on": "2025-06-01", "expect": {INVEST: None}},
    {"case": "delisted: every activity allowed",
     "events": [*LISTED, removed("2025-02-03")], "on": "2025-02-03", "state": S.REMOVED,
     "expect": {BUY: A, SELL: A, HOLD: A, DOD: A, EXPORT: A, INVEST: A},
     "cites": {BUY: "delisted"}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_ofac_sdn(case: Case) -> None:
    check("ofac_sdn", "ofac-sdn", case)
