"""EO 13959 (Nov 12, 2020; 85 FR 73185, FR Doc 2020-25459): the CCMC securities ban.

It gave legal effect to two lists: DoD's Section 1237 CCMC designations (s.4(a)(i) Annex and
s.4(a)(ii) later designations) and Treasury's NS-CCMC subsidiary listings (s.4(a)(iii)).
The rules, as the engine applies them:

- s.1(a)(i): for the 31 Annex entities (DoD tranches 1–3, designated before the order),
  purchases prohibited from 9:30 a.m. on January 11, 2021.
- s.1(a)(ii): for later designations, from 9:30 a.m. on the date 60 days after the
  determination. A designation under a corrected name is a new determination and restarts the
  clock (OFAC FAQ 881: Luokung, re-designated March 9, 2021, start moved to May 8, 2021).
- s.4(e): "transaction" meant only "the purchase for value" of a security — sales were not
  prohibited — until EO 13974 s.3 (Jan 13, 2021) added sales; see :mod:`.eo13974`.
- s.1(b)/(c): transactions solely to divest are permitted until 11:59 p.m. EST on November 11,
  2021 (Annex) or for 365 days after the determination.
- Holding was never prohibited: EO 13974's possession ban was revoked before it took effect.
- A preliminary injunction suspends the listing (Xiaomi, Mar 12, 2021, OFAC FAQ 880; Luokung,
  May 5, 2021, FAQ 893); a vacatur voids it (Xiaomi, May 25, 2021, FAQ 896).
- EO 14032 superseded the regime on June 3, 2021; DoD removed the CCMC designations the same
  day. From then no EO 13959 prohibition applied (see :mod:`.eo14032`).

The order says "9:30 a.m. eastern standard time". listguard uses New York wall-clock time, as
the court and the exchanges did (Xiaomi Mem. Op., Doc. 21: "March 15, 2021 at 9:30 am"); on dates
when daylight time applies (March 15, May 8, 2021) the literal EST reading is one hour later.

Each function below is one section of the order (or of the orders that amended it); the
shared skeleton (:class:`~listguard.rules.base.ListingRegime`) handles removal, vacatur and
injunctions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from listguard.model import Activity, EventKind, MembershipState, Verdict
from listguard.rules import eo13974, eo14032
from listguard.rules.base import SECURITIES, Clock, Listing, ListingRegime, provision
from listguard.timeutil import at_ny, fmt

NAME = "EO 13959"
RESTRICTS = (Activity.BUY, Activity.SELL, Activity.HOLD)
"""What a listing under this regime can restrict (see :mod:`listguard.rules.failsafe`)."""
CITATION = "EO 13959 (Nov 12, 2020), 85 FR 73185, FR Doc 2020-25459"

SIGNED = provision(
    "eo13959",
    "US persons barred from transactions in securities of Communist Chinese military companies",
    CITATION,
    date(2020, 11, 12),
)
CLOCK = time(9, 30)
ANNEX_BAN_START = at_ny(date(2021, 1, 11), CLOCK)
ANNEX_DIVEST_END = at_ny(date(2021, 11, 12))
"""s.1(b): 'on or before 11:59 p.m. EST on November 11, 2021': the window ends as Nov 12 begins."""

REPLACED = eo14032.SUPERSEDES_EO13959
"""EO 14032 s.1 and s.4 (June 3, 2021): this order's prohibitions ended."""
AMENDED = eo13974.SALES_ARE_TRANSACTIONS
"""EO 13974 s.3 (Jan 13, 2021): sales became transactions, with a window to divest."""
FUNDS_AND_DIVESTMENT = ("purchases solely to divest pre-ban holdings excepted (s.1(b)/(c)); "
                        "funds and ETFs holding them are covered regardless of share (FAQ 861)")


def windows(determination: date) -> tuple[datetime, datetime, bool]:
    """(ban start, end of divestment window, annex?) for a determination date."""
    if determination < SIGNED.effective.date():
        return ANNEX_BAN_START, ANNEX_DIVEST_END, True
    return (
        at_ny(determination + timedelta(days=60), CLOCK),
        at_ny(determination + timedelta(days=366)),
        False,
    )


def determination(listing: Listing) -> Clock:
    """s.1(a)(i)/(ii) and s.1(b)/(c): the dates the designation sets running. A designation
    under a corrected name is a new determination and restarts the clock (OFAC FAQ 881)."""
    clock = Clock.of(listing, windows, CITATION, "60 days after determination")
    if listing.designation.kind is not EventKind.REDESIGNATED:
        return clock
    return replace(clock, citation=f"{clock.citation}; the re-designation restarts the clock "
                   f"(OFAC FAQ 881): {listing.designation.citation}")


def regime_end(listing: Listing) -> datetime | None:
    """EO 14032's signing, where known at ``known_at``: the scheduled prohibitions stop there."""
    return REPLACED.effective if REPLACED.known_by(listing.known_at) else None


def scheduled(listing: Listing, when: datetime, what: str, citation: str) -> None:
    """A deadline ahead of ``on`` that falls before the regime ends."""
    end = regime_end(listing)
    if when > listing.on and (end is None or when < end):
        listing.deadline(when, what, citation)


def superseded_eo14032(listing: Listing) -> bool:
    """EO 14032 s.1 and s.4: from June 3, 2021 no EO 13959 prohibition applies."""
    if not REPLACED.applies(listing.on, listing.known_at):
        return False
    listing.out.state = MembershipState.SUPERSEDED
    listing.decide(SECURITIES, "EO 13959 regime replaced by EO 14032; its prohibitions ended",
                   Verdict.ALLOWED, start=REPLACED.effective, citation=REPLACED.citation)
    return True


def before_signing(listing: Listing) -> bool:
    """Before Nov 12, 2020 (or before the order was public) no order gave the list effect."""
    if SIGNED.applies(listing.on, listing.known_at):
        return False
    listing.because(listing.designation, MembershipState.PENDING,
                    "listed, but no order yet gives the list legal effect", SECURITIES)
    return True


def ban_pending_s1a(listing: Listing, clock: Clock) -> None:
    """s.1(a)(i)/(ii): before 9:30 a.m. on the ban start, designated but nothing prohibited."""
    listing.pending(clock.ban_start, f"designated {clock.determined}; purchase ban starts "
                    f"{fmt(clock.ban_start)}", clock.citation, (Activity.BUY, Activity.SELL))
    scheduled(listing, clock.ban_start, "purchase ban starts", clock.citation)


def purchases_s1a(listing: Listing, clock: Clock) -> None:
    """s.1(a)(i)/(ii): purchases prohibited from the ban start until the regime ends."""
    listing.decide(
        Activity.BUY, f"{clock.basis}: purchase of publicly traded securities prohibited",
        Verdict.PROHIBITED, start=clock.ban_start, end=regime_end(listing), citation=clock.citation,
        confirmed=listing.designation.confirmed, conditions=FUNDS_AND_DIVESTMENT,
    )


def sales_s4e(listing: Listing, clock: Clock) -> None:
    """s.4(e) as issued: a sale is no 'transaction'; EO 13974 s.3 made it one (Jan 13, 2021),
    leaving the divestment window of s.1(b)/(c)."""
    if AMENDED.applies(listing.on, listing.known_at):
        divestment_s1bc(listing, clock)
        return
    listing.decide(Activity.SELL, "s.4(e): a sale is not a 'transaction' under the order as "
                   "issued (purchase for value only)", Verdict.ALLOWED,
                   citation=f"{CITATION}, s.4(e)")


def divestment_s1bc(listing: Listing, clock: Clock) -> None:
    """s.1(b)/(c) as amended by EO 13974 s.1: sales solely to divest permitted until 11:59 p.m.
    on Nov 11, 2021 (Annex) or 365 days after the determination; prohibited after."""
    cite = f"{CITATION}, {clock.divest_basis}; {eo13974.DIVESTMENT_AND_POSSESSION}"
    if listing.on < clock.divest_end:
        listing.decide(
            Activity.SELL, f"{clock.divest_basis} as amended: sales solely to divest permitted "
            f"until {fmt(clock.divest_end - timedelta(minutes=1))}", Verdict.ALLOWED,
            start=clock.ban_start, end=clock.divest_end, citation=cite,
            conditions="only to divest holdings held when the ban started",
        )
    else:
        listing.decide(Activity.SELL, "sale prohibited after the divestment window",
                       Verdict.PROHIBITED, start=clock.divest_end, citation=cite)


def possession_eo13974_s1(listing: Listing, clock: Clock) -> None:
    """Holding: only EO 13974 s.1's possession ban could touch it, and it was revoked (EO 14032
    s.4) before it took effect. Before EO 13974 was known, nothing spoke of holding."""
    if not AMENDED.known_by(listing.known_at):
        listing.decide(Activity.HOLD, "holding is not prohibited by EO 13959", Verdict.ALLOWED,
                       citation=CITATION)
        return
    possession = eo13974.possession_ban(clock.determined, clock.annex)
    if AMENDED.applies(listing.on, listing.known_at) and listing.on >= possession:
        listing.decide(Activity.HOLD, eo13974.POSSESSION_RULE, Verdict.PROHIBITED,
                       start=possession, citation=eo13974.DIVESTMENT_AND_POSSESSION)
        return
    revoked = regime_end(listing) is not None
    fate = "was revoked before it took effect" if revoked else f"is scheduled for {fmt(possession)}"
    listing.decide(Activity.HOLD, f"holding permitted; EO 13974's possession ban {fate}",
                   Verdict.ALLOWED, citation=REPLACED.citation if revoked else
                   eo13974.DIVESTMENT_AND_POSSESSION)
    scheduled(listing, possession, "possession ban (EO 13974) would start",
              eo13974.DIVESTMENT_AND_POSSESSION)


def in_force(listing: Listing) -> None:
    """The order's own law for a listing neither ended, superseded nor enjoined."""
    clock = determination(listing)
    if listing.on < clock.ban_start:
        ban_pending_s1a(listing, clock)
    else:
        purchases_s1a(listing, clock)
        sales_s4e(listing, clock)
    possession_eo13974_s1(listing, clock)
    scheduled(listing, clock.divest_end, "divestment window closes", f"{CITATION}, s.1(b)/(c)")
    end = regime_end(listing)
    if end is not None and listing.on < end:
        listing.out.notes.append(f"regime ends {fmt(end)} ({REPLACED.citation})")


REGIME = ListingRegime(
    NAME, RESTRICTS, in_force, answers=SECURITIES,
    ended="designation {kind}: EO 13959 no longer applies",
    enjoined="designation enjoined by court order: EO 13959 prohibitions do not apply",
    lapses=(superseded_eo14032, before_signing),
)
assess = REGIME.assess
