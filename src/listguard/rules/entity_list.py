"""Commerce Entity List (15 CFR part 744, Supplement No. 4; 15 CFR 744.11).

A licence is required to export, reexport or transfer (in-country) any item subject to the
EAR to a listed entity, usually under a presumption of denial. The listing does not restrict
buying, selling or holding the entity's securities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from listguard.model import Activity, Assessment, Event, MembershipState, Reason, Verdict
from listguard.rules.base import SECURITIES, event_citation, reason_from_event, replay

NAME = "EAR Entity List"
CITATION = "15 CFR 744.11 and part 744 Supplement No. 4"


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
        out.reasons = reason_from_event(list_id, NAME, trace.ended, "removed from the list",
                                        (Activity.EXPORT,))
        return out
    out.reasons[Activity.EXPORT] = Reason(
        list_id, NAME, "licence required for all items subject to the EAR",
        Verdict.LICENSE_REQUIRED, start=designation.effective,
        citation=f"{CITATION}; listing: {event_citation(designation)}",
        confirmed=designation.confirmed,
    )
    for act in SECURITIES:
        out.reasons[act] = Reason(list_id, NAME, "the Entity List does not restrict securities",
                                  Verdict.ALLOWED, citation=CITATION)
    return out
