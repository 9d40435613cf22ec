"""EO 13974 (Jan 13, 2021; 86 FR 4875, FR Doc 2021-01228): the amendment of EO 13959.

It changed two things that matter to a verdict, both read by :mod:`listguard.rules.eo13959`:

- s.3 widened "transaction" to "the purchase for value, or sale, of any publicly traded
  security": from its signing, sales were prohibited too, except sales solely to divest.
- s.1 added possession bans: at 11:59 p.m. EST on November 11, 2021 for Annex entities, and at
  11:59 p.m. EST on the date 365 days after the determination for later ones. These never took
  effect: EO 14032 s.4 revoked EO 13974 on June 3, 2021 (see ``eo14032.SUPERSEDES_EO13959``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from listguard.rules.base import provision
from listguard.timeutil import at_ny

CITATION = "EO 13974 (Jan 13, 2021), 86 FR 4875, FR Doc 2021-01228"

SALES_ARE_TRANSACTIONS = provision(
    "eo13974.s3",
    "'transaction' means the purchase for value, or sale, of any publicly traded security",
    f"{CITATION}, s.3",
    date(2021, 1, 13),
)
"""Signed Jan 13, 2021; the signing hour is not stated, so listguard takes 00:00 New York."""

DIVESTMENT_AND_POSSESSION = f"{CITATION}, s.1"
"""s.1 rewrote EO 13959 s.1(b)/(c): the divestment windows and the possession bans."""

POSSESSION_CLOCK = time(23, 59)

ANNEX_POSSESSION_BAN = at_ny(date(2021, 11, 11), POSSESSION_CLOCK)


def possession_ban(determination: date, annex: bool) -> datetime:
    """s.1(b)/(c): when possession would have become prohibited."""
    if annex:
        return ANNEX_POSSESSION_BAN
    return at_ny(determination + timedelta(days=365), POSSESSION_CLOCK)


POSSESSION_RULE = (
    "EO 13959 s.1(b)/(c) as amended by EO 13974 s.1: possession of the securities prohibited "
    "from 11:59 p.m. EST on Nov 11, 2021 (Annex) or 365 days after the determination"
)
