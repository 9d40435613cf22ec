"""Lists whose legal effect listguard does not model: shown with their dates, always
``allowed``, never decisive (a made-up SSI listing of Acme)."""

from __future__ import annotations

import pytest

from listguard.model import Activity
from listguard.model import MembershipState as S

from .spec import (
    BUY,
    INVEST,
    NOT_LISTED,
    A,
    Case,
    P,
    check,
    check_status,
    ids,
    listed,
    removed,
)

SSI = [listed("2021-01-01", "made-up SSI directive listing", list_id="ofac-ssi")]
EVERY = dict.fromkeys(Activity, A)

CASES: list[Case] = [
    {"case": "before the listing: nothing to assess",
     "events": SSI, "on": "2020-12-31T23:59", "state": NOT_LISTED},
    {"case": "listed: every activity allowed, pointing to the list's own terms",
     "events": SSI, "on": "2021-01-01T00:00", "state": S.IN_FORCE, "expect": EVERY,
     "cites": {BUY: "not modelled", INVEST: "made-up SSI directive listing"}},
    {"case": "removed: every activity allowed",
     "events": [*SSI, removed("2022-01-01")], "on": "2022-01-01", "state": S.REMOVED,
     "expect": EVERY},
]

NEVER_DECISIVE: list[Case] = [
    {"case": "alone, a listed-only list leaves buying allowed",
     "events": SSI, "on": "2022-01-03", "expect": {BUY: A}, "cites": {BUY: "not modelled"}},
    {"case": "beside an NS-CMIC ban, the ban decides",
     "events": [*SSI, listed("2021-06-03", list_id="ofac-ns-cmic")], "on": "2022-01-03",
     "expect": {BUY: P}, "cites": {BUY: "EO 14032"}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_listed_only(case: Case) -> None:
    check("listed_only", "ofac-ssi", case)


@pytest.mark.parametrize("case", NEVER_DECISIVE, ids=ids(NEVER_DECISIVE))
def test_listed_only_is_never_decisive(case: Case) -> None:
    check_status(case)
