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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from listguard.model import (
    Activity,
    Assessment,
    Deadline,
    Event,
    EventKind,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.rules import eo13974, eo14032
from listguard.rules.base import SECURITIES, ended, provision, reason_from_event, start
from listguard.timeutil import at_ny, fmt, ny_date

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


def windows(determination: date) -> tuple[datetime, datetime, bool]:
    """(ban start, end of divestment window, annex?) for a determination date."""
    if determination < SIGNED.effective.date():
        return ANNEX_BAN_START, ANNEX_DIVEST_END, True
    return (
        at_ny(determination + timedelta(days=60), CLOCK),
        at_ny(determination + timedelta(days=366)),
        False,
    )


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    started = start(list_id, NAME, events, on)
    if started is None:
        return None
    trace, out, designation = started
    determined = ny_date(designation.effective)
    ban_start, divest_end, annex = windows(determined)
    basis = "s.1(a)(i) (Annex)" if annex else "s.1(a)(ii) (60 days after determination)"
    cite = f"{CITATION}, {basis}"
    if designation.kind is EventKind.REDESIGNATED:
        cite += f"; the re-designation restarts the clock (OFAC FAQ 881): {designation.citation}"
    superseded = eo14032.SUPERSEDES_EO13959
    amended = eo13974.SALES_ARE_TRANSACTIONS

    # What ended or suspended the listing, in order of legal weight.
    if trace.ended is not None:
        return ended(out, trace, f"designation {trace.ended.kind.value}: EO 13959 no longer "
                     "applies", SECURITIES)
    if superseded.applies(on, known_at):
        out.state = MembershipState.SUPERSEDED
        out.reasons = {
            act: Reason(list_id, NAME, "EO 13959 regime replaced by EO 14032; its prohibitions "
                        "ended", Verdict.ALLOWED, start=superseded.effective,
                        citation=superseded.citation)
            for act in SECURITIES
        }
        return out
    if not SIGNED.applies(on, known_at):
        out.state = MembershipState.PENDING
        out.reasons = reason_from_event(
            list_id, NAME, designation, "listed, but no order yet gives the list legal effect",
            SECURITIES,
        )
        return out
    if trace.injunction is not None:
        out.state = MembershipState.ENJOINED
        out.reasons = reason_from_event(
            list_id, NAME, trace.injunction,
            "designation enjoined by court order: EO 13959 prohibitions do not apply",
            SECURITIES,
        )
        return out

    # The end of the regime, as known: the scheduled prohibitions stop there.
    regime_end = superseded.effective if superseded.known_by(known_at) else None

    def upcoming(when: datetime, what: str, citation: str) -> None:
        if when > on and (regime_end is None or when < regime_end):
            out.deadlines.append(Deadline(when, what, list_id, citation))

    in_force = on >= ban_start
    if not in_force:
        out.state = MembershipState.PENDING
        for act in SECURITIES:
            out.reasons[act] = Reason(
                list_id, NAME, f"designated {determined}; purchase ban starts {fmt(ban_start)}",
                Verdict.ALLOWED, start=designation.effective, end=ban_start, citation=cite,
                confirmed=designation.confirmed,
            )
        upcoming(ban_start, "purchase ban starts", cite)
    else:
        out.reasons[Activity.BUY] = Reason(
            list_id, NAME, f"{basis}: purchase of publicly traded securities prohibited",
            Verdict.PROHIBITED, start=ban_start, end=regime_end, citation=cite,
            confirmed=designation.confirmed,
            conditions="purchases solely to divest pre-ban holdings excepted (s.1(b)/(c)); "
                       "funds and ETFs holding them are covered regardless of share (FAQ 861)",
        )
        divest_basis = "s.1(b)" if annex else "s.1(c)"
        if not amended.applies(on, known_at):
            out.reasons[Activity.SELL] = Reason(
                list_id, NAME, "s.4(e): a sale is not a 'transaction' under the order as "
                "issued (purchase for value only)", Verdict.ALLOWED, citation=f"{CITATION}, s.4(e)",
            )
        elif on < divest_end:
            out.reasons[Activity.SELL] = Reason(
                list_id, NAME, f"{divest_basis} as amended: sales solely to divest permitted "
                f"until {fmt(divest_end - timedelta(minutes=1))}", Verdict.ALLOWED,
                start=ban_start, end=divest_end,
                citation=f"{CITATION}, {divest_basis}; {eo13974.DIVESTMENT_AND_POSSESSION}",
                conditions="only to divest holdings held when the ban started",
            )
        else:
            out.reasons[Activity.SELL] = Reason(
                list_id, NAME, "sale prohibited after the divestment window", Verdict.PROHIBITED,
                start=divest_end,
                citation=f"{CITATION}, {divest_basis}; {eo13974.DIVESTMENT_AND_POSSESSION}",
            )
    # Holding: only EO 13974's possession ban could touch it, and it never took effect.
    possession = eo13974.possession_ban(determined, annex)
    if amended.applies(on, known_at) or amended.known_by(known_at):
        if amended.applies(on, known_at) and on >= possession:
            out.reasons[Activity.HOLD] = Reason(
                list_id, NAME, eo13974.POSSESSION_RULE, Verdict.PROHIBITED, start=possession,
                citation=eo13974.DIVESTMENT_AND_POSSESSION,
            )
        else:
            out.reasons[Activity.HOLD] = Reason(
                list_id, NAME, "holding permitted; EO 13974's possession ban "
                + ("was revoked before it took effect" if regime_end else
                   f"is scheduled for {fmt(possession)}"),
                Verdict.ALLOWED, citation=superseded.citation if regime_end else
                eo13974.DIVESTMENT_AND_POSSESSION,
            )
            upcoming(possession, "possession ban (EO 13974) would start",
                     eo13974.DIVESTMENT_AND_POSSESSION)
    else:
        out.reasons[Activity.HOLD] = Reason(
            list_id, NAME, "holding is not prohibited by EO 13959", Verdict.ALLOWED,
            citation=CITATION,
        )
    if amended.known_by(known_at) or on < divest_end:
        upcoming(divest_end, "divestment window closes", f"{CITATION}, s.1(b)/(c)")
    if regime_end is not None and on < regime_end:
        out.notes.append(f"regime ends {fmt(regime_end)} ({superseded.citation})")
    return out
