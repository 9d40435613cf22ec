"""Commerce Entity List (15 CFR part 744, Supplement No. 4; 15 CFR 744.11).

A licence is required to export, reexport or transfer (in-country) any item subject to the
EAR to a listed entity, usually under a presumption of denial. The listing does not restrict
buying, selling or holding the entity's securities.
"""

from __future__ import annotations

from listguard.model import Activity, Verdict
from listguard.rules.base import SECURITIES, Listing, ListingRegime

NAME = "EAR Entity List"
RESTRICTS = (Activity.EXPORT,)
"""What a listing under this regime can restrict (not securities)."""
CITATION = "15 CFR 744.11 and part 744 Supplement No. 4"


def in_force(listing: Listing) -> None:
    """744.11: a licence for every item subject to the EAR; securities untouched."""
    listing.decide(
        Activity.EXPORT, "licence required for all items subject to the EAR",
        Verdict.LICENSE_REQUIRED, start=listing.since,
        citation=f"{CITATION}; listing: {listing.designation.citation}",
        confirmed=listing.designation.confirmed,
    )
    listing.decide(SECURITIES, "the Entity List does not restrict securities", Verdict.ALLOWED,
                   citation=CITATION)


REGIME = ListingRegime(NAME, RESTRICTS, in_force, answers=(Activity.EXPORT,))
assess = REGIME.assess
