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

from listguard.model import Activity, Assessment, Event, MembershipState, Reason, Verdict
from listguard.rules.base import event_citation, reason_from_event, replay

NAME = "OFAC SDN blocking"
CITATION = "IEEPA, 50 U.S.C. 1702; 31 CFR part 501 (501.603 reporting)"


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    trace = replay(events, on)
    if trace.first is None:
        return None
    designation = trace.designation
    assert designation is not None
    out = Assessment(list_id, NAME, MembershipState.IN_FORCE, designation.listed_name,
                     designation.list_entry_id, designation.effective,
                     confirmed=designation.confirmed)
    if trace.ended is not None:
        out.state = MembershipState.REMOVED
        out.reasons = reason_from_event(list_id, NAME, trace.ended, "delisted",
                                        tuple(Activity))
        return out
    cite = f"{CITATION}; listing: {event_citation(designation)}"
    for act in (Activity.BUY, Activity.SELL, Activity.DOD_CONTRACT, Activity.EXPORT):
        out.reasons[act] = Reason(
            list_id, NAME, "blocked person: dealings prohibited without an OFAC licence",
            Verdict.PROHIBITED, start=designation.effective, citation=cite,
        )
    out.reasons[Activity.HOLD] = Reason(
        list_id, NAME, "blocked property must be held blocked and reported", Verdict.ALLOWED,
        start=designation.effective, citation=cite,
        conditions="block and report to OFAC within 10 business days (31 CFR 501.603)",
    )
    return out
