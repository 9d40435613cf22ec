"""OFAC SDN list: blocking under IEEPA (50 U.S.C. 1702) and the program's regulations.

All property and interests in property of a blocked person in US jurisdiction are blocked and
US persons may not deal in them (31 CFR 501.603 reporting; 50 percent rule per OFAC guidance of
Aug 13, 2014). Buying, selling, contracting and exporting are prohibited without an OFAC
licence; blocked securities already held must be kept blocked and reported within 10 business
days (31 CFR 501.603), which listguard reports as ``hold`` allowed on that condition.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from listguard.model import Activity, Assessment, Event, Reason, Verdict
from listguard.rules.base import ended, start

NAME = "OFAC SDN blocking"
RESTRICTS = (Activity.BUY, Activity.SELL, Activity.DOD_CONTRACT, Activity.EXPORT)
"""What a blocking can restrict (holding is allowed, blocked and reported)."""
CITATION = "IEEPA, 50 U.S.C. 1702; 31 CFR part 501 (501.603 reporting)"


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    started = start(list_id, NAME, events, on)
    if started is None:
        return None
    trace, out, designation = started
    if trace.ended is not None:
        return ended(out, trace, "delisted", tuple(Activity))
    cite = f"{CITATION}; listing: {designation.citation}"
    for act in (Activity.BUY, Activity.SELL, Activity.DOD_CONTRACT, Activity.EXPORT):
        out.reasons[act] = Reason(
            list_id, NAME, "blocked person: dealings prohibited without an OFAC licence",
            Verdict.PROHIBITED, start=designation.effective, citation=cite,
            confirmed=designation.confirmed,
        )
    out.reasons[Activity.HOLD] = Reason(
        list_id, NAME, "blocked property must be held blocked and reported", Verdict.ALLOWED,
        start=designation.effective, citation=cite, confirmed=designation.confirmed,
        conditions="block and report to OFAC within 10 business days (31 CFR 501.603)",
    )
    return out
