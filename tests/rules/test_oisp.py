"""The outbound investment rules (31 CFR part 850) for ``invest``, a non-public investment.

850.224(m) prohibits a covered transaction with a company on the Entity List, the MEU List,
the SDN List or the NS-CMIC List, from Jan 2, 2025 (final rule public Nov 15, 2024). Rows run
through the whole engine, every list's data complete, so only the listings decide.
"""

from __future__ import annotations

import pytest

from .spec import BUY, INVEST, A, Case, P, check_status, ids, listed, removed

ENTITY_LIST = [listed("2020-12-18", "made-up final rule, 99 FR 5005", list_id="bis-entity-list")]

CASES: list[Case] = [
    {"case": "Entity List, 23:59 Jan 1 2025: no outbound rule in force yet",
     "events": ENTITY_LIST, "on": "2025-01-01T23:59", "expect": {INVEST: A},
     "cites": {INVEST: "no outbound investment rule in force yet"}},
    {"case": "Entity List, 00:00 Jan 2 2025: 850.224(m) prohibits",
     "events": ENTITY_LIST, "on": "2025-01-02T00:00", "expect": {INVEST: P},
     "cites": {INVEST: "850.224(m)"}},
    {"case": "the prohibition is conditioned on a covered activity",
     "events": ENTITY_LIST, "on": "2025-06-02", "expect": {INVEST: P},
     "cites": {INVEST: "semiconductors and microelectronics, quantum, AI"}},
    {"case": "publicly traded shares are excepted (850.501(a)(1)(i))",
     "events": ENTITY_LIST, "on": "2025-06-02", "expect": {BUY: A, INVEST: P},
     "cites": {INVEST: "850.501(a)(1)(i)"}},
    {"case": "MEU List is a trigger",
     "events": [listed("2023-01-01", list_id="bis-meu")], "on": "2025-06-02",
     "expect": {INVEST: P}, "cites": {INVEST: "850.224(m)"}},
    {"case": "SDN List is a trigger",
     "events": [listed("2023-01-01", list_id="ofac-sdn")], "on": "2025-06-02",
     "expect": {INVEST: P}},
    {"case": "NS-CMIC List is a trigger, even while its own ban is pending",
     "events": [listed("2025-03-01", list_id="ofac-ns-cmic")], "on": "2025-03-02",
     "expect": {BUY: A, INVEST: P}},
    {"case": "a 1260H listing is no trigger",
     "events": [listed("2024-01-31", list_id="dod-1260h")], "on": "2025-06-02",
     "expect": {INVEST: A}, "cites": {INVEST: "part 850"}},
    {"case": "on no list: other part 850 rules may apply",
     "events": [], "on": "2025-06-02", "expect": {INVEST: A},
     "cites": {INVEST: "notifiable and prohibited technologies"}},
    {"case": "removed from the Entity List before: no trigger",
     "events": [*ENTITY_LIST, removed("2024-06-01", list_id="bis-entity-list")],
     "on": "2025-06-02", "expect": {INVEST: A}},
    {"case": "as known Nov 14 2024, before the final rule was public: allowed",
     "events": ENTITY_LIST, "on": "2025-06-02", "known_at": "2024-11-14",
     "expect": {INVEST: A}},
    {"case": "as known Nov 15 2024, the day it was public: prohibited",
     "events": ENTITY_LIST, "on": "2025-06-02", "known_at": "2024-11-15",
     "expect": {INVEST: P}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_oisp(case: Case) -> None:
    check_status(case)
