"""Lists whose legal effect listguard does not model (other OFAC non-SDN programs, CSL export
lists without a rules module): the membership is shown with its dates, every verdict stays
``allowed`` and says that the list's own terms must be read. Never decisive, never silent.
"""

from __future__ import annotations

from listguard.model import Activity, Verdict
from listguard.rules.base import Listing, ListingRegime

NAME = "listed (effect not modelled)"
RESTRICTS: tuple[Activity, ...] = ()
"""Nothing modelled: the membership is shown, never decisive."""


def in_force(listing: Listing) -> None:
    listing.decide(
        tuple(Activity), "on this list; its restrictions are not modelled: review its terms",
        Verdict.ALLOWED, start=listing.since, citation=listing.designation.citation,
        confirmed=listing.designation.confirmed,
    )


REGIME = ListingRegime(NAME, RESTRICTS, in_force, answers=tuple(Activity))
assess = REGIME.assess
