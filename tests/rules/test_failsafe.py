"""Fail safe: where the data cannot say, ``unknown``, never ``allowed`` (rules/failsafe.py).

Two places the registry's knowledge ends. (1) First-seen windows: an imported file that states
no listing dates tells only that Acme was on the list by the file's date; from the last version
without it until then, it may already have been listed. (2) Lists that decide an activity
without data for the instant: absence from the data is absence from the list only inside the
list's coverage. Rows run through the whole engine; every list not named in a row's
``coverage`` is complete.
"""

from __future__ import annotations

import pytest

from .spec import (
    BUY,
    DOD,
    EXPORT,
    HOLD,
    INVEST,
    SELL,
    A,
    Case,
    P,
    U,
    check_status,
    ids,
    imported,
    listed,
    no_data,
    selection,
)

SDN_FILES = [imported("ofac-sdn", "2024-01-01")]
FIRST_SEEN = [listed("2024-05-10", "ofac-sdn version 3: first seen", list_id="ofac-sdn",
                     version=3, first_seen=True, seen_after="2024-03-01")]
IN_FIRST_FILE = [listed("2024-01-01", "ofac-sdn version 1: first seen", list_id="ofac-sdn",
                        version=1, first_seen=True)]
FIRST_SEEN_2025 = [listed("2025-03-01", "ofac-sdn version 5: first seen", list_id="ofac-sdn",
                          version=5, first_seen=True, seen_after="2025-01-15")]
DATED_IMPORT = [listed("2023-06-01", "ofac-sdn version 2 (states the listing date)",
                       list_id="ofac-sdn", version=2)]

CASES: list[Case] = [
    # (1) First-seen windows.
    {"case": "first seen May 10, absent Mar 1: before Mar 1 the data says not listed",
     "events": FIRST_SEEN, "coverage": SDN_FILES, "on": "2024-02-29T23:59",
     "expect": {BUY: A, SELL: A, EXPORT: A, DOD: A}},
    {"case": "from 00:00 Mar 1 (the last version without it): unknown",
     "events": FIRST_SEEN, "coverage": SDN_FILES, "on": "2024-03-01T00:00",
     "expect": {BUY: U, SELL: U, EXPORT: U, DOD: U, HOLD: A},
     "cites": {BUY: "first seen in an imported file"}},
    {"case": "the minute before first seen: still unknown",
     "events": FIRST_SEEN, "coverage": SDN_FILES, "on": "2024-05-09T23:59",
     "expect": {BUY: U}},
    {"case": "from first seen: blocked",
     "events": FIRST_SEEN, "coverage": SDN_FILES, "on": "2024-05-10T00:00",
     "expect": {BUY: P, HOLD: A}},
    {"case": "in the first file imported: every earlier instant unknown",
     "events": IN_FIRST_FILE, "coverage": SDN_FILES, "on": "2019-06-01",
     "expect": {BUY: U, EXPORT: U}, "cites": {BUY: "in the first version imported"}},
    {"case": "a first-seen window after Jan 2 2025 makes invest unknown too",
     "events": FIRST_SEEN_2025, "coverage": SDN_FILES, "on": "2025-02-01",
     "expect": {INVEST: U, BUY: U}},
    {"case": "an unknown never hides a prohibition from another list",
     "events": [*FIRST_SEEN, listed("2021-06-03", list_id="ofac-ns-cmic")],
     "coverage": SDN_FILES, "on": "2024-03-15", "expect": {BUY: P, SELL: P, EXPORT: U},
     "cites": {BUY: "EO 14032"}},
    {"case": "known only from imported files, before they cover the list: unknown",
     "events": DATED_IMPORT, "coverage": [imported("ofac-sdn", "2023-09-01")],
     "on": "2023-05-01", "expect": {BUY: U}, "cites": {BUY: "covers ofac-sdn only from"}},
    {"case": "imported files from Jan 1 2023: the minute before, unknown",
     "events": DATED_IMPORT, "coverage": [imported("ofac-sdn", "2023-01-01")],
     "on": "2022-12-31T23:59", "expect": {BUY: U}},
    {"case": "imported files from Jan 1 2023: from 00:00, absent from them means not listed",
     "events": DATED_IMPORT, "coverage": [imported("ofac-sdn", "2023-01-01")],
     "on": "2023-01-01T00:00", "expect": {BUY: A}},
    {"case": "a curated listing is its whole history: no unknown before it",
     "events": [listed("2023-06-01", list_id="ofac-sdn")],
     "coverage": [selection("ofac-sdn")], "on": "2023-05-01", "expect": {BUY: A, EXPORT: A}},
    # (2) Lists that decide an activity, without data for the instant (Acme on no list).
    {"case": "Entity List held only in part: export unknown, buy allowed",
     "coverage": [selection("bis-entity-list")], "on": "2022-06-01",
     "expect": {EXPORT: U, BUY: A}, "cites": {EXPORT: "selection"}},
    {"case": "CCMC list without data, 23:59 Nov 11 2020: no order yet, allowed",
     "coverage": [no_data("dod-1237")], "on": "2020-11-11T23:59", "expect": {BUY: A}},
    {"case": "CCMC list without data, 00:00 Nov 12 2020 (EO 13959): unknown",
     "coverage": [no_data("dod-1237")], "on": "2020-11-12T00:00", "expect": {BUY: U},
     "cites": {BUY: "EO 13959"}},
    {"case": "CCMC list without data, 00:00 June 3 2021: no longer deciding",
     "coverage": [no_data("dod-1237")], "on": "2021-06-03T00:00", "expect": {BUY: A}},
    {"case": "NS-CMIC without data, 23:59 June 2 2021: not yet deciding",
     "coverage": [no_data("ofac-ns-cmic")], "on": "2021-06-02T23:59", "expect": {BUY: A}},
    {"case": "NS-CMIC without data, 00:00 June 3 2021: unknown",
     "coverage": [no_data("ofac-ns-cmic")], "on": "2021-06-03T00:00",
     "expect": {BUY: U, SELL: U, HOLD: U}, "cites": {BUY: "EO 14032"}},
    {"case": "NS-CMIC files cover absence only from their first whole version",
     "coverage": [imported("ofac-ns-cmic", "2024-01-01")], "on": "2023-12-31T23:59",
     "expect": {BUY: U}},
    {"case": "NS-CMIC files, from their first whole version: allowed",
     "coverage": [imported("ofac-ns-cmic", "2024-01-01")], "on": "2024-01-01T00:00",
     "expect": {BUY: A}},
    {"case": "1260H without data, 23:59 June 29 2026: not yet deciding",
     "coverage": [no_data("dod-1260h")], "on": "2026-06-29T23:59", "expect": {DOD: A}},
    {"case": "1260H without data, 00:00 June 30 2026 (s.805): unknown",
     "coverage": [no_data("dod-1260h")], "on": "2026-06-30T00:00", "expect": {DOD: U},
     "cites": {DOD: "s.805"}},
    {"case": "MEU without data, 23:59 Jan 1 2025: invest allowed",
     "coverage": [no_data("bis-meu")], "on": "2025-01-01T23:59", "expect": {INVEST: A}},
    {"case": "MEU without data, 00:00 Jan 2 2025 (850.224(m)): invest unknown",
     "coverage": [no_data("bis-meu")], "on": "2025-01-02T00:00", "expect": {INVEST: U},
     "cites": {INVEST: "850.224(m)"}},
    {"case": "SDN without data decides only invest: buy still allowed",
     "coverage": [no_data("ofac-sdn")], "on": "2025-06-02",
     "expect": {BUY: A, EXPORT: A, DOD: A, INVEST: U}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_failsafe(case: Case) -> None:
    check_status(case)
