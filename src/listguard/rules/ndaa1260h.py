"""DoD Section 1260H list (FY2021 NDAA s.1260H, Pub. L. 116-283) and FY2024 NDAA s.805.

- The list itself carries no securities prohibition: buying, selling and holding the shares of
  a 1260H-only company is allowed (no instrument through mid-2026 attaches an investment ban;
  H.R. 7075 of 2026, which would, was only introduced).
- FY2024 NDAA s.805(a)(1)(A), Pub. L. 118-31 (Dec 22, 2023): DoD may not enter into, renew or
  extend a contract for goods, services or technology with a listed entity (or an entity it
  controls), from June 30, 2026 (s.805(b)); existing contracts are carved out; waivers possible.
- s.805(a)(1)(B): contracts for goods or services produced or developed by a listed entity,
  from June 30, 2027 — shown as an upcoming deadline.
"""

from __future__ import annotations

from datetime import date

from listguard.model import Activity, Verdict
from listguard.rules.base import SECURITIES, Listing, ListingRegime, provision

NAME = "NDAA s.1260H / s.805"
RESTRICTS = (Activity.DOD_CONTRACT,)
"""What a listing under this regime can restrict (no securities ban)."""
LIST_CITATION = "FY2021 NDAA s.1260H, Pub. L. 116-283 (10 U.S.C. 113 note)"
S805 = "FY2024 NDAA s.805, Pub. L. 118-31"

DIRECT_BAN = provision(
    "ndaa24.805a1A",
    "DoD may not enter into, renew or extend contracts with 1260H-listed entities",
    f"{S805}, s.805(a)(1)(A) and (b)",
    date(2026, 6, 30),
    published=date(2023, 12, 22),
)
INDIRECT_BAN = provision(
    "ndaa24.805a1B",
    "DoD may not contract for goods or services produced or developed by 1260H-listed entities",
    f"{S805}, s.805(a)(1)(B) and (b)",
    date(2027, 6, 30),
    published=date(2023, 12, 22),
)
DEADLINES = ((DIRECT_BAN, "DoD direct contracting ban starts"),
             (INDIRECT_BAN, "DoD ban on its products and services starts"))


def securities_1260h(listing: Listing) -> None:
    """s.1260H itself attaches no securities prohibition."""
    listing.decide(SECURITIES, "a 1260H listing carries no securities prohibition",
                   Verdict.ALLOWED, start=listing.since, citation=LIST_CITATION)


def contracts_s805(listing: Listing) -> None:
    """s.805(a)(1)(A) and (b): no DoD contract with a listed entity from June 30, 2026; before
    the Act was public (Dec 22, 2023), no consequence was enacted."""
    if not DIRECT_BAN.known_by(listing.known_at):
        listing.decide(Activity.DOD_CONTRACT, "listed; no contracting consequence enacted yet",
                       Verdict.ALLOWED, start=listing.since, citation=LIST_CITATION)
        return
    if listing.on >= DIRECT_BAN.effective:
        listing.decide(
            Activity.DOD_CONTRACT, "DoD may not enter into, renew or extend a contract with a "
            "listed entity or one it controls", Verdict.PROHIBITED, start=DIRECT_BAN.effective,
            citation=f"{DIRECT_BAN.citation}; listing: {listing.designation.citation}",
            confirmed=listing.designation.confirmed,
            conditions="contracts in force before June 30, 2026 are carved out; waiver possible",
        )
    else:
        listing.decide(
            Activity.DOD_CONTRACT, "listed; the DoD contracting ban starts 2026-06-30",
            Verdict.ALLOWED, start=listing.since, end=DIRECT_BAN.effective,
            citation=DIRECT_BAN.citation,
        )
    for rule, what in DEADLINES:
        listing.upcoming(rule, what)


def in_force(listing: Listing) -> None:
    securities_1260h(listing)
    contracts_s805(listing)


REGIME = ListingRegime(NAME, RESTRICTS, in_force, answers=(*SECURITIES, Activity.DOD_CONTRACT))
assess = REGIME.assess
