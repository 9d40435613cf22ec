"""Lists whose legal effect listguard does not model (other OFAC non-SDN programs, CSL export
lists without a rules module): the membership is shown with its dates, every verdict stays
``allowed`` and says that the list's own terms must be read. Never decisive, never silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from listguard.model import Activity, Assessment, Event, Reason, Verdict
from listguard.rules.base import ended, start

NAME = "listed (effect not modelled)"
RESTRICTS: tuple[Activity, ...] = ()
"""Nothing modelled: the membership is shown, never decisive."""


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    started = start(list_id, NAME, events, on)
    if started is None:
        return None
    trace, out, designation = started
    if trace.ended is not None:
        return ended(out, trace, "removed from the list", tuple(Activity))
    for act in Activity:
        out.reasons[act] = Reason(
            list_id, NAME, "on this list; its restrictions are not modelled: review its terms",
            Verdict.ALLOWED, start=designation.effective, citation=designation.citation,
            confirmed=designation.confirmed,
        )
    return out
