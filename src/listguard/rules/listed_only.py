"""Lists whose legal effect listguard does not model (other OFAC non-SDN programs, CSL export
lists without a rules module): the membership is shown with its dates, every verdict stays
``allowed`` and says that the list's own terms must be read. Never decisive, never silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from listguard.model import Activity, Assessment, Event, MembershipState, Reason, Verdict
from listguard.rules.base import event_citation, reason_from_event, replay

NAME = "listed (effect not modelled)"


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
                                        tuple(Activity))
        return out
    for act in Activity:
        out.reasons[act] = Reason(
            list_id, NAME, "on this list; its restrictions are not modelled: review its terms",
            Verdict.ALLOWED, start=designation.effective, citation=event_citation(designation),
            confirmed=designation.confirmed,
        )
    return out
