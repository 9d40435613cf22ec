"""The regime contract and the shared skeleton, on a made-up regime.

Every regime in ``REGIMES`` satisfies :class:`listguard.rules.base.Regime` (mypy checks the
dict's type); its module keeps the names other code reads. The skeleton
(:class:`~listguard.rules.base.ListingRegime`) decides in one order: not yet listed, ended,
the regime's lapses, an injunction, then the regime's own law.
"""

from __future__ import annotations

import importlib
from datetime import date

import pytest

from listguard.model import MembershipState as S
from listguard.model import Verdict
from listguard.rules import REGIMES
from listguard.rules.base import Listing, ListingRegime, provision
from listguard.timeutil import parse_when

from .spec import (
    EXPORT,
    NOT_LISTED,
    A,
    Case,
    P,
    at,
    enjoined,
    ids,
    lifted,
    listed,
    prepared,
    removed,
    vacated,
)


def test_every_regime_keeps_its_module_names() -> None:
    for key, regime in REGIMES.items():
        module = importlib.import_module(f"listguard.rules.{key}")
        assert module.REGIME is regime
        assert regime.name == module.NAME
        assert regime.restricts == module.RESTRICTS
        assert module.assess == regime.assess


ORDER = provision("toy.1", "a made-up export ban", "Toy Export Act s.1", date(2022, 1, 1))
"""A made-up statute: exports to listed companies prohibited from Jan 1, 2022."""


def toy_in_force(listing: Listing) -> None:
    listing.decide(EXPORT, "exports prohibited", Verdict.PROHIBITED, start=listing.since,
                   citation=ORDER.citation)


def toy_before_the_act(listing: Listing) -> bool:
    if ORDER.applies(listing.on, listing.known_at):
        return False
    listing.because(listing.designation, S.PENDING, "no act yet", (EXPORT,))
    return True


TOY = ListingRegime("Toy Export Act", (EXPORT,), toy_in_force, answers=(EXPORT,),
                    ended="listing {kind}", enjoined="listing enjoined",
                    lapses=(toy_before_the_act,))
LISTED = [listed("2021-06-01")]

CASES: list[Case] = [
    {"case": "not yet listed", "events": LISTED, "on": "2021-05-31T23:59", "state": NOT_LISTED},
    {"case": "a lapse: the act not yet in force", "events": LISTED, "on": "2021-12-31T23:59",
     "state": S.PENDING, "expect": {EXPORT: A}, "cites": {EXPORT: "99 FR 1001"}},
    {"case": "in force: the regime's own law", "events": LISTED, "on": "2022-01-01T00:00",
     "state": S.IN_FORCE, "expect": {EXPORT: P}, "cites": {EXPORT: "Toy Export Act s.1"}},
    {"case": "an injunction suspends", "events": [*LISTED, enjoined("2022-02-01")],
     "on": "2022-02-01", "state": S.ENJOINED, "expect": {EXPORT: A},
     "cites": {EXPORT: "listing enjoined"}},
    {"case": "a lapse outweighs an injunction", "events": [*LISTED, enjoined("2021-07-01")],
     "on": "2021-08-01", "state": S.PENDING, "cites": {EXPORT: "no act yet"}},
    {"case": "a lifted injunction restores the law",
     "events": [*LISTED, enjoined("2022-02-01"), lifted("2022-03-01")], "on": "2022-03-01",
     "state": S.IN_FORCE, "expect": {EXPORT: P}},
    {"case": "an end outweighs everything",
     "events": [*LISTED, enjoined("2022-02-01"), vacated("2022-04-01")], "on": "2022-04-01",
     "state": S.VACATED, "expect": {EXPORT: A}, "cites": {EXPORT: "listing vacated"}},
    {"case": "a removal before the act", "events": [*LISTED, removed("2021-09-01")],
     "on": "2021-10-01", "state": S.REMOVED, "cites": {EXPORT: "listing removed"}},
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_the_skeleton(case: Case) -> None:
    known_at = at(case.get("known_at"))
    out = TOY.assess("toy-list", prepared(case["events"], "toy-list", known_at),
                     parse_when(case["on"]), known_at)
    assert (out.state if out else None) is case["state"], out
    for act, verdict in case.get("expect", {}).items():
        assert out is not None and out.reasons[act].verdict is verdict, out
    for act, fragment in case.get("cites", {}).items():
        assert out is not None
        reason = out.reasons[act]
        assert fragment in f"{reason.citation} | {reason.rule}", reason
