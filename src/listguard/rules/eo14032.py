"""EO 14032 (June 3, 2021; 86 FR 30145, FR Doc 2021-12019): the NS-CMIC regime.

What the order and OFAC's guidance say, as the engine applies them:

- s.1 replaced ss.1–5 of EO 13959 "in their entirety" and s.4 revoked EO 13974, on signing:
  every EO 13959 prohibition ended on June 3, 2021 (``SUPERSEDES_EO13959``). The order has no
  clause delaying its own effect; only the new prohibitions start later. (OFAC never said in
  so many words that the old bans ended that day; this is the reading of the order's text shared
  by Dorsey, Norton Rose Fulbright and Luokung's settlement with DoD.)
- s.1(a)(i): for entities in the Annex, purchase or sale of their publicly traded securities
  is prohibited from 12:01 a.m. EDT on August 2, 2021; s.1(a)(ii): for entities listed later,
  from 12:01 a.m. eastern time on the date 60 days after the determination.
- s.1(b)/(c): purchases or sales "made solely to effect the divestment" are permitted prior to
  12:01 a.m. EDT on June 3, 2022 (Annex) or 365 days after the determination (later listings).
- Holding is never prohibited: OFAC FAQ 1046 (June 1, 2022) — U.S. persons "may continue to
  hold such securities after the divestment period"; after it, sales are prohibited and must be
  rejected and reported (FAQ 1048); dividend reinvestment is a prohibited purchase (FAQ 1047).
- Funds and derivatives: the ban reaches ETFs, index funds and derivatives "regardless of such
  securities' share" (FAQ 860, FAQ 861).
- Exact names only and no 50 percent rule: FAQ 899 and revised FAQ 857 (June 3, 2021).

Each function below is one section of the order or one FAQ; the shared skeleton
(:class:`~listguard.rules.base.ListingRegime`) handles removal and injunctions.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from listguard.model import Activity, Verdict
from listguard.rules.base import SECURITIES, Clock, Listing, ListingRegime, provision
from listguard.timeutil import at_ny, fmt

NAME = "EO 14032"
RESTRICTS = (Activity.BUY, Activity.SELL)
"""What a listing under this regime can restrict (holding stays allowed: FAQ 1046)."""
CITATION = "EO 14032 (June 3, 2021), 86 FR 30145, FR Doc 2021-12019"

SIGNED = date(2021, 6, 3)

SUPERSEDES_EO13959 = provision(
    "eo14032.s1-s4",
    "EO 13959 ss.1-5 (as amended) replaced and superseded in their entirety; EO 13974 revoked",
    f"{CITATION}, s.1 and s.4",
    SIGNED,
)
"""Signed June 3, 2021; the hour is not stated, so listguard takes 00:00 New York."""

ANNEX_BAN_START = at_ny(date(2021, 8, 2), time(0, 1))
ANNEX_DIVEST_END = at_ny(date(2022, 6, 3), time(0, 1))
CLOCK = time(0, 1)

FAQ_1046 = provision(
    "ofac.faq1046",
    "holding NS-CMIC securities is not prohibited, during or after the divestment period",
    "OFAC FAQ 1046 (June 1, 2022); EO 14032 s.1 (no possession ban)",
    date(2022, 6, 1),
)
FUNDS_NOTE = (
    "also covers ADRs, GDRs, ETFs, index funds and derivatives holding these securities, "
    "regardless of their share (OFAC FAQs 860, 861); dividend reinvestment is a purchase "
    "(FAQ 1047)"
)


def windows(determination: date) -> tuple[datetime, datetime, bool]:
    """(ban start, divestment end, annex?) for a listing determined on ``determination``."""
    if determination == SIGNED:
        return ANNEX_BAN_START, ANNEX_DIVEST_END, True
    return (
        at_ny(determination + timedelta(days=60), CLOCK),
        at_ny(determination + timedelta(days=365), CLOCK),
        False,
    )


def ban_pending_s1a(listing: Listing, clock: Clock) -> None:
    """s.1(a)(i)/(ii): before 12:01 a.m. on the ban start, listed but nothing prohibited."""
    listing.pending(clock.ban_start, f"listed {clock.determined}; prohibitions start "
                    f"{fmt(clock.ban_start)}", clock.citation, (Activity.BUY, Activity.SELL))
    listing.deadline(clock.ban_start, "purchase and sale ban starts", clock.citation)


def purchases_s1a(listing: Listing, clock: Clock) -> None:
    """s.1(a)(i)/(ii): purchases prohibited from the ban start, funds and DRIPs included."""
    listing.decide(
        Activity.BUY, f"{clock.basis}: purchase of publicly traded securities prohibited",
        Verdict.PROHIBITED, start=clock.ban_start, citation=clock.citation,
        conditions=FUNDS_NOTE, confirmed=listing.designation.confirmed,
    )


def sales_s1bc(listing: Listing, clock: Clock) -> None:
    """s.1(b)/(c): sales solely to divest permitted before 12:01 a.m. on the divestment end;
    prohibited after, and to be rejected and reported (FAQ 1048)."""
    if listing.on < clock.divest_end:
        listing.decide(
            Activity.SELL, f"{clock.divest_basis}: sales solely to divest permitted until "
            f"{fmt(clock.divest_end)}", Verdict.ALLOWED, start=clock.ban_start,
            end=clock.divest_end, citation=f"{CITATION}, {clock.divest_basis}",
            conditions="only sales made solely to effect divestment",
        )
        return
    listing.decide(
        Activity.SELL, f"{clock.basis}: sale prohibited after the divestment window closed "
        f"{fmt(clock.divest_end)}; reject and report (FAQ 1048)", Verdict.PROHIBITED,
        start=clock.divest_end, citation=f"{clock.citation}; OFAC FAQ 1048",
        confirmed=listing.designation.confirmed,
    )


def holding_faq1046(listing: Listing) -> None:
    """No possession ban in the order; OFAC FAQ 1046 says so from June 1, 2022."""
    cite = FAQ_1046.citation if FAQ_1046.known_by(listing.known_at) else f"{CITATION}, s.1"
    listing.decide(Activity.HOLD, "holding is not prohibited (no possession ban)",
                   Verdict.ALLOWED, citation=cite)


def in_force(listing: Listing) -> None:
    """The order's own law for a listing neither ended nor enjoined."""
    clock = Clock.of(listing, windows, CITATION, "60 days after listing")
    if listing.on < clock.ban_start:
        ban_pending_s1a(listing, clock)
    else:
        purchases_s1a(listing, clock)
        sales_s1bc(listing, clock)
    if listing.on < clock.divest_end:
        listing.deadline(clock.divest_end, "divestment window closes",
                         f"{CITATION}, {clock.divest_basis}")
    holding_faq1046(listing)
    if listing.on >= clock.ban_start:
        listing.out.notes.append(f"purchase and sale ban in force since {fmt(clock.ban_start)}")


REGIME = ListingRegime(
    NAME, RESTRICTS, in_force, answers=SECURITIES, ended="{kind}: no longer on the list",
    enjoined="listing enjoined by court order",
)
assess = REGIME.assess
