"""Commerce Entity List (15 CFR part 744, Supplement No. 4; 15 CFR 744.11).

A licence is required to export, reexport or transfer (in-country) any item subject to the
EAR to a listed entity, usually under a presumption of denial. The listing does not restrict
buying, selling or holding the entity's securities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from listguard.model import Activity, Assessment, Event, Reason, Verdict
from listguard.rules.base import SECURITIES, ended, start

NAME = "EAR Entity List"
RESTRICTS = (Activity.EXPORT,)
"""What a listing under this regime can restrict (not securities)."""
CITATION = "15 CFR 744.11 and part 744 Supplement No. 4"


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    started = start(list_id, NAME, events, on)
    if started is None:
        return None
    trace, out, designation = started
    if trace.ended is not None:
        return ended(out, trace, "removed from the list", (Activity.EXPORT,))
    out.reasons[Activity.EXPORT] = Reason(
        list_id, NAME, "licence required for all items subject to the EAR",
        Verdict.LICENSE_REQUIRED, start=designation.effective,
        citation=f"{CITATION}; listing: {designation.citation}",
        confirmed=designation.confirmed,
    )
    for act in SECURITIES:
        out.reasons[act] = Reason(list_id, NAME, "the Entity List does not restrict securities",
                                  Verdict.ALLOWED, citation=CITATION)
    return out
