"""The DoD Section 1260H list and FY2024 NDAA s.805, on a made-up 1260H listing of Acme.

Acme is listed Jan 31, 2024. The list itself bars no securities; s.805(a)(1)(A) bars DoD
contracts with listed entities from June 30, 2026; s.805(a)(1)(B), contracts for what they
produce or develop, from June 30, 2027 (shown as a deadline). The Act was public Dec 22, 2023.
"""

from __future__ import annotations

import pytest

from listguard.model import MembershipState as S

from .spec import (
    BUY,
    DOD,
    HOLD,
    INVEST,
    NOT_LISTED,
    SELL,
    A,
    Case,
    P,
    check,
    enjoined,
    ids,
    listed,
    removed,
)

LISTED = [listed("2024-01-31", "made-up 1260H list, Jan 31, 2024")]
EARLY = [listed("2022-10-05", "made-up 1260H list, Oct 5, 2022")]

CASES: list[Case] = [
    {"case": "before the listing: nothing to assess",
     "events": LISTED, "on": "2024-01-30T23:59", "state": NOT_LISTED},
    {"case": "a 1260H listing bars no securities",
     "events": LISTED, "on": "2024-06-01", "state": S.IN_FORCE,
     "expect": {BUY: A, SELL: A, HOLD: A, INVEST: None}, "cites": {BUY: "1260H"}},
    {"case": "s.805(a)(1)(A): contracts allowed until 23:59 June 29 2026, both bans ahead",
     "events": LISTED, "on": "2026-06-29T23:59", "expect": {DOD: A},
     "cites": {DOD: "s.805(a)(1)(A)"}, "deadlines": ["2026-06-30T00:00", "2027-06-30T00:00"]},
    {"case": "s.805(a)(1)(A): no DoD contract from 00:00 June 30 2026",
     "events": LISTED, "on": "2026-06-30T00:00", "expect": {DOD: P, BUY: A},
     "cites": {DOD: "carved out"}, "deadlines": ["2027-06-30T00:00"]},
    {"case": "s.805(a)(1)(B): the ban on its products is a deadline until June 30 2027",
     "events": LISTED, "on": "2027-06-29T23:59", "expect": {DOD: P},
     "deadlines": ["2027-06-30T00:00"]},
    {"case": "s.805(a)(1)(B) in force June 30 2027: no deadline left",
     "events": LISTED, "on": "2027-06-30T00:00", "expect": {DOD: P}, "deadlines": []},
    {"case": "as known before the Act (Dec 21 2023): no contracting consequence",
     "events": EARLY, "on": "2026-07-01", "known_at": "2023-12-21",
     "expect": {DOD: A}, "cites": {DOD: "no contracting consequence"}, "deadlines": []},
    {"case": "as known the day the Act was public: the ban applies",
     "events": EARLY, "on": "2026-07-01", "known_at": "2023-12-22", "expect": {DOD: P}},
    {"case": "a removal ends it: contracts and securities allowed",
     "events": [*LISTED, removed("2026-12-01")], "on": "2026-12-01", "state": S.REMOVED,
     "expect": {DOD: A, BUY: A, SELL: A, HOLD: A}, "cites": {DOD: "99 FR 3003"}},
    {"case": "the regime models no injunction: the listing stands",
     "events": [*LISTED, enjoined("2026-05-01")], "on": "2026-07-01", "state": S.IN_FORCE,
     "expect": {DOD: P}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_ndaa1260h(case: Case) -> None:
    check("ndaa1260h", "dod-1260h", case)
