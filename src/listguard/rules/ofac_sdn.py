"""OFAC SDN list: blocking under IEEPA (50 U.S.C. 1702) and the program's regulations.

All property and interests in property of a blocked person in US jurisdiction are blocked and
US persons may not deal in them (31 CFR 501.603 reporting; 50 percent rule per OFAC guidance of
Aug 13, 2014). Buying, selling, contracting and exporting are prohibited without an OFAC
licence; blocked securities already held must be kept blocked and reported within 10 business
days (31 CFR 501.603), which listguard reports as ``hold`` allowed on that condition.
"""

from __future__ import annotations

from listguard.model import Activity, Verdict
from listguard.rules.base import Listing, ListingRegime

NAME = "OFAC SDN blocking"
RESTRICTS = (Activity.BUY, Activity.SELL, Activity.DOD_CONTRACT, Activity.EXPORT)
"""What a blocking can restrict (holding is allowed, blocked and reported)."""
CITATION = "IEEPA, 50 U.S.C. 1702; 31 CFR part 501 (501.603 reporting)"


def in_force(listing: Listing) -> None:
    """IEEPA blocking: every dealing prohibited without a licence; what is held stays blocked
    and is reported (501.603)."""
    cite = f"{CITATION}; listing: {listing.designation.citation}"
    confirmed = listing.designation.confirmed
    listing.decide(RESTRICTS, "blocked person: dealings prohibited without an OFAC licence",
                   Verdict.PROHIBITED, start=listing.since, citation=cite, confirmed=confirmed)
    listing.decide(
        Activity.HOLD, "blocked property must be held blocked and reported", Verdict.ALLOWED,
        start=listing.since, citation=cite, confirmed=confirmed,
        conditions="block and report to OFAC within 10 business days (31 CFR 501.603)",
    )


REGIME = ListingRegime(NAME, RESTRICTS, in_force, answers=tuple(Activity), ended="delisted")
assess = REGIME.assess
