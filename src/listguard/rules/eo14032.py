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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from listguard.model import (
    Activity,
    Assessment,
    Deadline,
    Event,
    MembershipState,
    Reason,
    Verdict,
)
from listguard.rules.base import SECURITIES, ended, provision, reason_from_event, start
from listguard.timeutil import at_ny, fmt, ny_date

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


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    started = start(list_id, NAME, events, on)
    if started is None:
        return None
    trace, out, designation = started
    determined = ny_date(designation.effective)
    ban_start, divest_end, annex = windows(determined)
    basis = "s.1(a)(i) (Annex)" if annex else "s.1(a)(ii) (60 days after listing)"
    divest_basis = "s.1(b)" if annex else "s.1(c)"

    if trace.ended is not None:
        return ended(out, trace, f"{trace.ended.kind.value}: no longer on the list", SECURITIES)
    if trace.injunction is not None:
        out.state = MembershipState.ENJOINED
        out.reasons = reason_from_event(
            list_id, NAME, trace.injunction, "listing enjoined by court order", SECURITIES
        )
        return out

    cite = f"{CITATION}, {basis}"
    if on < ban_start:
        out.state = MembershipState.PENDING
        for act in SECURITIES:
            out.reasons[act] = Reason(
                list_id, NAME, f"listed {determined}; prohibitions start {fmt(ban_start)}",
                Verdict.ALLOWED, start=designation.effective, end=ban_start, citation=cite,
                confirmed=designation.confirmed,
            )
        out.deadlines.append(Deadline(ban_start, "purchase and sale ban starts", list_id, cite))
    else:
        out.reasons[Activity.BUY] = Reason(
            list_id, NAME, f"{basis}: purchase of publicly traded securities prohibited",
            Verdict.PROHIBITED, start=ban_start, citation=cite, conditions=FUNDS_NOTE,
            confirmed=designation.confirmed,
        )
        divest_cite = f"{CITATION}, {divest_basis}"
        if on < divest_end:
            out.reasons[Activity.SELL] = Reason(
                list_id, NAME, f"{divest_basis}: sales solely to divest permitted until "
                f"{fmt(divest_end)}", Verdict.ALLOWED, start=ban_start, end=divest_end,
                citation=divest_cite, conditions="only sales made solely to effect divestment",
            )
        else:
            out.reasons[Activity.SELL] = Reason(
                list_id, NAME, f"{basis}: sale prohibited after the divestment window closed "
                f"{fmt(divest_end)}; reject and report (FAQ 1048)", Verdict.PROHIBITED,
                start=divest_end, citation=f"{cite}; OFAC FAQ 1048",
                confirmed=designation.confirmed,
            )
    if on < divest_end:
        out.deadlines.append(Deadline(divest_end, "divestment window closes", list_id,
                                      f"{CITATION}, {divest_basis}"))
    hold_cite = FAQ_1046.citation if FAQ_1046.known_by(known_at) else f"{CITATION}, s.1"
    out.reasons[Activity.HOLD] = Reason(
        list_id, NAME, "holding is not prohibited (no possession ban)", Verdict.ALLOWED,
        citation=hold_cite,
    )
    if on >= ban_start:
        out.notes.append(f"purchase and sale ban in force since {fmt(ban_start)}")
    return out
