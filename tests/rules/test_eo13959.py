"""EO 13959 (as issued, as amended by EO 13974, until EO 14032) on a made-up DoD designation.

Acme Photonics is designated on the Section 1237 list. ANNEX: designated June 12, 2020, before
the order, so in its Annex (ban from 9:30 a.m. Jan 11, 2021). LATER: designated Jan 14, 2021,
so its ban starts 9:30 a.m. 60 days on (Mar 15, 2021, New York daylight time).
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
    redesignated,
    removed,
    vacated,
)

ANNEX = [listed("2020-06-12", "made-up DoD tranche 1 designation (June 12, 2020)")]
LATER = [listed("2021-01-14")]
ENJOINED = [*LATER, enjoined("2021-03-12")]
LIFTED = [*ENJOINED, lifted("2021-04-01")]
CORRECTED = [*LATER, redesignated("2021-03-09")]

CASES: list[Case] = [
    # The order itself: signed Nov 12, 2020.
    {"case": "before the order, a designation has no legal effect",
     "events": ANNEX, "on": "2020-11-11T23:59", "state": S.PENDING,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "no order yet"}},
    {"case": "as known before the order was public, no order gives it effect",
     "events": ANNEX, "on": "2021-02-01", "known_at": "2020-11-11", "state": S.PENDING,
     "expect": {BUY: A}, "cites": {BUY: "tranche 1 designation"}},
    # s.1(a)(i): the Annex, from 9:30 a.m. Jan 11, 2021.
    {"case": "Annex 9:29 a.m. Jan 11 2021: ban not started",
     "events": ANNEX, "on": "2021-01-11T09:29", "state": S.PENDING,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "s.1(a)(i)"},
     "deadlines": ["2021-01-11T09:30"]},
    {"case": "Annex 9:30 a.m. Jan 11 2021: purchases prohibited",
     "events": ANNEX, "on": "2021-01-11T09:30", "state": S.IN_FORCE,
     "expect": {BUY: P, SELL: A, HOLD: A}, "cites": {BUY: "s.1(a)(i)"}},
    {"case": "a fund holding the securities is covered too (FAQ 861)",
     "events": ANNEX, "on": "2021-02-01", "expect": {BUY: P}, "cites": {BUY: "FAQ 861"}},
    # s.4(e) as issued, then EO 13974 s.3 (Jan 13, 2021).
    {"case": "s.4(e) as issued: a sale is no transaction (Jan 12 23:59)",
     "events": ANNEX, "on": "2021-01-12T23:59", "expect": {SELL: A}, "cites": {SELL: "s.4(e)"}},
    {"case": "EO 13974 s.3 (Jan 13 00:00): sales only to divest (s.1(b))",
     "events": ANNEX, "on": "2021-01-13T00:00", "expect": {SELL: A},
     "cites": {SELL: "s.1(b); EO 13974"}},
    # s.1(b)/(c) as amended: the divestment windows, as known before EO 14032.
    {"case": "Annex divestment window open until 11:59 p.m. Nov 11 2021 (as known May 2021)",
     "events": ANNEX, "on": "2021-11-11T23:59", "known_at": "2021-05-01",
     "expect": {BUY: P, SELL: A}, "cites": {SELL: "s.1(b)"}},
    {"case": "Annex divestment window closed at 00:00 Nov 12 2021 (as known May 2021)",
     "events": ANNEX, "on": "2021-11-12T00:00", "known_at": "2021-05-01",
     "expect": {SELL: P}, "cites": {SELL: "s.1(b)"}},
    {"case": "later listing: divestment open until 365 days on (as known May 2021)",
     "events": LATER, "on": "2022-01-14T23:59", "known_at": "2021-05-01",
     "expect": {SELL: A}, "cites": {SELL: "s.1(c)"}},
    {"case": "later listing: divestment closed 00:00 on day 366 (as known May 2021)",
     "events": LATER, "on": "2022-01-15T00:00", "known_at": "2021-05-01",
     "expect": {SELL: P}, "cites": {SELL: "s.1(c)"}},
    # EO 13974 s.1: the possession ban that never took effect.
    {"case": "possession ban scheduled 11:59 p.m. Nov 11 2021 (as known May 2021): 23:58",
     "events": ANNEX, "on": "2021-11-11T23:58", "known_at": "2021-05-01",
     "expect": {HOLD: A}, "cites": {HOLD: "scheduled for 2021-11-11 23:59"}},
    {"case": "possession ban scheduled 11:59 p.m. Nov 11 2021 (as known May 2021): 23:59",
     "events": ANNEX, "on": "2021-11-11T23:59", "known_at": "2021-05-01",
     "expect": {HOLD: P}, "cites": {HOLD: "EO 13974"}},
    {"case": "as known May 2021, the possession ban and window end are deadlines",
     "events": ANNEX, "on": "2021-05-01", "known_at": "2021-05-01",
     "deadlines": ["2021-11-11T23:59", "2021-11-12T00:00"]},
    {"case": "holding: the possession ban was revoked before it took effect",
     "events": ANNEX, "on": "2021-05-01", "expect": {HOLD: A},
     "cites": {HOLD: "revoked before it took effect"}, "deadlines": []},
    {"case": "before EO 13974 was public, the order bans no holding",
     "events": ANNEX, "on": "2021-01-12", "known_at": "2021-01-12",
     "expect": {HOLD: A}, "cites": {HOLD: "85 FR 73185"}},
    # EO 14032 s.1 and s.4: superseded June 3, 2021.
    {"case": "11:59 p.m. June 2 2021: the ban still holds",
     "events": ANNEX, "on": "2021-06-02T23:59", "state": S.IN_FORCE, "expect": {BUY: P}},
    {"case": "00:00 June 3 2021: superseded by EO 14032",
     "events": ANNEX, "on": "2021-06-03T00:00", "state": S.SUPERSEDED,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "EO 14032", SELL: "s.1 and s.4"}},
    {"case": "as known June 2 2021, the ban runs on past June 3",
     "events": ANNEX, "on": "2021-07-01", "known_at": "2021-06-02", "state": S.IN_FORCE,
     "expect": {BUY: P, SELL: A}},
    # s.1(a)(ii): later designations, 60 days on at 9:30 a.m.
    {"case": "later listing 9:29 a.m. day 60: ban not started",
     "events": LATER, "on": "2021-03-15T09:29", "state": S.PENDING,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "s.1(a)(ii)"},
     "deadlines": ["2021-03-15T09:30"]},
    {"case": "later listing 9:30 a.m. day 60 (EDT): purchases prohibited",
     "events": LATER, "on": "2021-03-15T09:30", "state": S.IN_FORCE,
     "expect": {BUY: P, SELL: A, HOLD: A}, "cites": {BUY: "s.1(a)(ii)", SELL: "s.1(c)"}},
    {"case": "a designation counts only from its publication (known_at)",
     "events": [listed("2021-01-14", published="2021-01-20")], "on": "2021-01-18",
     "known_at": "2021-01-18", "state": NOT_LISTED},
    {"case": "the same designation, as known now",
     "events": [listed("2021-01-14", published="2021-01-20")], "on": "2021-01-18",
     "state": S.PENDING, "expect": {BUY: A}},
    {"case": "before the designation: nothing to assess",
     "events": LATER, "on": "2021-01-13T23:59", "state": NOT_LISTED},
    # Injunctions (FAQ 880, FAQ 893) and their lifting.
    {"case": "an injunction suspends the listing",
     "events": ENJOINED, "on": "2021-03-16", "state": S.ENJOINED,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "1:99-cv-00001"}},
    {"case": "an injunction before the ban start suspends it too",
     "events": ENJOINED, "on": "2021-03-13", "state": S.ENJOINED, "expect": {BUY: A}},
    {"case": "as known before the injunction, the ban applies",
     "events": ENJOINED, "on": "2021-03-16", "known_at": "2021-03-11", "state": S.IN_FORCE,
     "expect": {BUY: P}},
    {"case": "the minute before the injunction is lifted",
     "events": LIFTED, "on": "2021-03-31T23:59", "state": S.ENJOINED, "expect": {BUY: A}},
    {"case": "injunction lifted: the ban applies again",
     "events": LIFTED, "on": "2021-04-01T00:00", "state": S.IN_FORCE, "expect": {BUY: P},
     "cites": {BUY: "s.1(a)(ii)"}},
    # Vacatur (FAQ 896) and removal.
    {"case": "a vacatur voids the designation",
     "events": [*ENJOINED, vacated("2021-05-25")], "on": "2021-05-26", "state": S.VACATED,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "vacating the designation"}},
    {"case": "the minute before a removal, the ban holds",
     "events": [*LATER, removed("2021-04-20")], "on": "2021-04-19T23:59", "state": S.IN_FORCE,
     "expect": {BUY: P}},
    {"case": "a removal ends the listing",
     "events": [*LATER, removed("2021-04-20")], "on": "2021-04-20T00:00", "state": S.REMOVED,
     "expect": {BUY: A, SELL: A, HOLD: A}, "cites": {BUY: "99 FR 3003"}},
    # OFAC FAQ 881: a re-designation under a corrected name restarts the clock.
    {"case": "re-designation restarts the clock (FAQ 881)",
     "events": CORRECTED, "on": "2021-03-16", "state": S.PENDING,
     "expect": {BUY: A}, "cites": {BUY: "FAQ 881"}, "deadlines": ["2021-05-08T09:30"]},
    {"case": "re-designated: 9:29 a.m. on its day 60",
     "events": CORRECTED, "on": "2021-05-08T09:29", "state": S.PENDING, "expect": {BUY: A}},
    {"case": "re-designated: 9:30 a.m. on its day 60",
     "events": CORRECTED, "on": "2021-05-08T09:30", "state": S.IN_FORCE, "expect": {BUY: P},
     "cites": {BUY: "99 FR 2002"}},
    {"case": "as known before the re-designation, the first clock ran",
     "events": CORRECTED, "on": "2021-03-16", "known_at": "2021-03-08", "state": S.IN_FORCE,
     "expect": {BUY: P}, "cites": {BUY: "s.1(a)(ii)"}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_eo13959(case: Case) -> None:
    check("eo13959", "dod-1237", case)
