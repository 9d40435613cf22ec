"""EO 14032 (the NS-CMIC list) on made-up listings of Acme Photonics.

ANNEX: listed with the order on June 3, 2021 (ban from 12:01 a.m. Aug 2, 2021; divestment
until 12:01 a.m. June 3, 2022). LATER: listed Dec 10, 2021 (ban from 12:01 a.m. 60 days on,
Feb 8, 2022; divestment until 12:01 a.m. 365 days on, Dec 10, 2022).
"""

from __future__ import annotations

import pytest

from listguard.model import MembershipState as S

from .spec import (
    BUY,
    HOLD,
    NOT_LISTED,
    SELL,
    A,
    Case,
    P,
    check,
    enjoined,
    ids,
    lifted,
    listed,
    removed,
)

ANNEX = [listed("2021-06-03", "made-up NS-CMIC Annex listing (June 3, 2021)")]
LATER = [listed("2021-12-10", "made-up NS-CMIC listing, 99 FR 4004")]
LATE_PUBLISHED = [listed("2021-12-10", "made-up NS-CMIC listing", published="2021-12-16")]
ENJOINED = [*LATER, enjoined("2022-03-01")]
LIFTED = [*ENJOINED, lifted("2022-04-01")]
REMOVED = [*LATER, removed("2023-01-31")]

CASES: list[Case] = [
    # s.1(a)(i): the Annex, from 12:01 a.m. EDT Aug 2, 2021.
    {"case": "Annex listing: pending, with both deadlines",
     "events": ANNEX, "on": "2021-06-15", "state": S.PENDING,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "s.1(a)(i)"},
     "deadlines": ["2021-08-02T00:01", "2022-06-03T00:01"]},
    {"case": "Annex 00:00 Aug 2 2021: ban not started",
     "events": ANNEX, "on": "2021-08-02T00:00", "state": S.PENDING, "expect": {BUY: A, SELL: A}},
    {"case": "Annex 00:01 Aug 2 2021: purchases prohibited, sales only to divest",
     "events": ANNEX, "on": "2021-08-02T00:01", "state": S.IN_FORCE,
     "expect": {BUY: P, SELL: A, HOLD: A}, "cites": {BUY: "s.1(a)(i)", SELL: "s.1(b)"}},
    {"case": "dividend reinvestment, funds and derivatives are purchases (FAQs 860, 861, 1047)",
     "events": ANNEX, "on": "2023-05-01", "expect": {BUY: P}, "cites": {BUY: "FAQ 1047"}},
    # s.1(b): the Annex divestment window, to 12:01 a.m. EDT June 3, 2022.
    {"case": "Annex 00:00 June 3 2022: a sale to divest is allowed",
     "events": ANNEX, "on": "2022-06-03T00:00", "expect": {SELL: A}, "cites": {SELL: "s.1(b)"},
     "deadlines": ["2022-06-03T00:01"]},
    {"case": "Annex 00:01 June 3 2022: sales prohibited, reject and report (FAQ 1048)",
     "events": ANNEX, "on": "2022-06-03T00:01", "expect": {BUY: P, SELL: P},
     "cites": {SELL: "FAQ 1048"}, "deadlines": []},
    # s.1(a)(ii) and s.1(c): later listings, 60 and 365 days on at 12:01 a.m.
    {"case": "later listing 00:00 day 60 (EST): ban not started",
     "events": LATER, "on": "2022-02-08T00:00", "state": S.PENDING,
     "expect": {BUY: A, SELL: A}, "cites": {BUY: "s.1(a)(ii)"},
     "deadlines": ["2022-02-08T00:01", "2022-12-10T00:01"]},
    {"case": "later listing 00:01 day 60: purchases prohibited",
     "events": LATER, "on": "2022-02-08T00:01", "state": S.IN_FORCE,
     "expect": {BUY: P, SELL: A}, "cites": {BUY: "s.1(a)(ii)", SELL: "s.1(c)"}},
    {"case": "later listing 00:00 day 365: a sale to divest is allowed (s.1(c))",
     "events": LATER, "on": "2022-12-10T00:00", "expect": {SELL: A}, "cites": {SELL: "s.1(c)"}},
    {"case": "later listing 00:01 day 365: sales prohibited",
     "events": LATER, "on": "2022-12-10T00:01", "expect": {SELL: P},
     "cites": {SELL: "FAQ 1048"}, "deadlines": []},
    # Holding: no possession ban (FAQ 1046, June 1, 2022).
    {"case": "holding is never prohibited (FAQ 1046)",
     "events": ANNEX, "on": "2025-01-15", "expect": {HOLD: A}, "cites": {HOLD: "FAQ 1046"}},
    {"case": "before FAQ 1046 was public, the order itself: no possession ban",
     "events": ANNEX, "on": "2022-05-31", "known_at": "2022-05-31", "expect": {HOLD: A},
     "cites": {HOLD: "FR Doc 2021-12019, s.1"}},
    # known_at: a listing counts from its publication.
    {"case": "as known before the listing was published: not listed",
     "events": LATE_PUBLISHED, "on": "2021-12-13", "known_at": "2021-12-13",
     "state": NOT_LISTED},
    {"case": "the same listing, as known now: pending from its effective date",
     "events": LATE_PUBLISHED, "on": "2021-12-13", "state": S.PENDING, "expect": {BUY: A}},
    # Injunctions, removal, re-listing.
    {"case": "an injunction suspends the listing",
     "events": ENJOINED, "on": "2022-03-02", "state": S.ENJOINED,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "1:99-cv-00001"}},
    {"case": "as known before the injunction, the ban applies",
     "events": ENJOINED, "on": "2022-03-02", "known_at": "2022-02-28", "state": S.IN_FORCE,
     "expect": {BUY: P}},
    {"case": "the minute before the injunction is lifted",
     "events": LIFTED, "on": "2022-03-31T23:59", "state": S.ENJOINED, "expect": {BUY: A}},
    {"case": "injunction lifted: the ban applies again",
     "events": LIFTED, "on": "2022-04-01T00:00", "state": S.IN_FORCE, "expect": {BUY: P}},
    {"case": "the minute before a removal",
     "events": REMOVED, "on": "2023-01-30T23:59", "state": S.IN_FORCE, "expect": {BUY: P}},
    {"case": "a removal ends the listing",
     "events": REMOVED, "on": "2023-01-31T00:00", "state": S.REMOVED,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "99 FR 3003"}},
    {"case": "listed again after a removal: a new 60-day clock",
     "events": [*REMOVED, listed("2024-01-15")], "on": "2024-01-20", "state": S.PENDING,
     "expect": {BUY: A}, "deadlines": ["2024-03-15T00:01", "2025-01-14T00:01"]},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_eo14032(case: Case) -> None:
    check("eo14032", "ofac-ns-cmic", case)
