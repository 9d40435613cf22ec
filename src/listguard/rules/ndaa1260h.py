"""DoD Section 1260H list (FY2021 NDAA s.1260H, Pub. L. 116-283) and FY2024 NDAA s.805.

- The list itself carries no securities prohibition: buying, selling and holding the shares of
  a 1260H-only company is allowed (no instrument through mid-2026 attaches an investment ban;
  H.R. 7075 of 2026, which would, was only introduced).
- FY2024 NDAA s.805(a)(1)(A), Pub. L. 118-31 (Dec 22, 2023): DoD may not enter into, renew or
  extend a contract for goods, services or technology with a listed entity (or an entity it
  controls), from June 30, 2026 (s.805(b)); existing contracts are carved out; waivers possible.
- s.805(a)(1)(B): contracts for goods or services produced or developed by a listed entity,
  from June 30, 2027 — shown as an upcoming deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from listguard.model import Activity, Assessment, Deadline, Event, Reason, Verdict
from listguard.rules.base import SECURITIES, ended, provision, start

NAME = "NDAA s.1260H / s.805"
RESTRICTS = (Activity.DOD_CONTRACT,)
"""What a listing under this regime can restrict (no securities ban)."""
LIST_CITATION = "FY2021 NDAA s.1260H, Pub. L. 116-283 (10 U.S.C. 113 note)"
S805 = "FY2024 NDAA s.805, Pub. L. 118-31"

DIRECT_BAN = provision(
    "ndaa24.805a1A",
    "DoD may not enter into, renew or extend contracts with 1260H-listed entities",
    f"{S805}, s.805(a)(1)(A) and (b)",
    date(2026, 6, 30),
    published=date(2023, 12, 22),
)
INDIRECT_BAN = provision(
    "ndaa24.805a1B",
    "DoD may not contract for goods or services produced or developed by 1260H-listed entities",
    f"{S805}, s.805(a)(1)(B) and (b)",
    date(2027, 6, 30),
    published=date(2023, 12, 22),
)


def assess(
    list_id: str, events: Sequence[Event], on: datetime, known_at: datetime | None
) -> Assessment | None:
    started = start(list_id, NAME, events, on)
    if started is None:
        return None
    trace, out, designation = started
    if trace.ended is not None:
        return ended(out, trace, "removed from the list", (*SECURITIES, Activity.DOD_CONTRACT))
    for act in SECURITIES:
        out.reasons[act] = Reason(
            list_id, NAME, "a 1260H listing carries no securities prohibition",
            Verdict.ALLOWED, start=designation.effective, citation=LIST_CITATION,
        )
    if not DIRECT_BAN.known_by(known_at):
        out.reasons[Activity.DOD_CONTRACT] = Reason(
            list_id, NAME, "listed; no contracting consequence enacted yet", Verdict.ALLOWED,
            start=designation.effective, citation=LIST_CITATION,
        )
        return out
    if on >= DIRECT_BAN.effective:
        out.reasons[Activity.DOD_CONTRACT] = Reason(
            list_id, NAME, "DoD may not enter into, renew or extend a contract with a listed "
            "entity or one it controls", Verdict.PROHIBITED, start=DIRECT_BAN.effective,
            citation=f"{DIRECT_BAN.citation}; listing: {designation.citation}",
            confirmed=designation.confirmed,
            conditions="contracts in force before June 30, 2026 are carved out; waiver possible",
        )
    else:
        out.reasons[Activity.DOD_CONTRACT] = Reason(
            list_id, NAME, "listed; the DoD contracting ban starts 2026-06-30", Verdict.ALLOWED,
            start=designation.effective, end=DIRECT_BAN.effective, citation=DIRECT_BAN.citation,
        )
    for prov, what in ((DIRECT_BAN, "DoD direct contracting ban starts"),
                       (INDIRECT_BAN, "DoD ban on its products and services starts")):
        if on < prov.effective and prov.known_by(known_at):
            out.deadlines.append(Deadline(prov.effective, what, list_id, prov.citation))
    return out
