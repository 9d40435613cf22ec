"""Outbound Investment Security Program: 31 CFR part 850 (EO 14105; 89 FR 90398, Nov 15, 2024).

Effective January 2, 2025. It governs *non-public* investments by US persons (equity,
convertible debt, greenfield, joint ventures, LP stakes) in "covered foreign persons" of a
country of concern (the PRC, with Hong Kong and Macau) engaged in semiconductors and
microelectronics, quantum technologies or AI. Two provisions decide a verdict here:

- 850.224(m): any covered transaction is **prohibited** when the covered foreign person is on
  the Entity List, the MEU List, the SDN List (or 50 percent SDN-owned), the NS-CMIC List, ...
  — whatever its technology tier. listguard cannot know whether the company engages in a covered
  activity, so the verdict states that condition.
- 850.501(a)(1)(i): an investment "in any publicly traded security" is excepted: buying listed
  shares is never an OISP matter (only the NS-CMIC rules can bar it).

A 1260H listing is not a trigger.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from listguard.model import Reason, Verdict
from listguard.rules.base import provision

NAME = "31 CFR part 850 (OISP)"
RULE = provision(
    "oisp.850.224m",
    "covered transactions with listed covered foreign persons prohibited",
    "31 CFR 850.224(m); EO 14105; final rule 89 FR 90398 (Nov 15, 2024)",
    date(2025, 1, 2),
    published=date(2024, 11, 15),
)
TRIGGER_LISTS = ("bis-entity-list", "bis-meu", "ofac-sdn", "ofac-ns-cmic")
CONDITION = ("applies if the company is a covered foreign person engaged in a covered "
             "activity (semiconductors and microelectronics, quantum, AI) in a country of "
             "concern; publicly traded securities are excepted (31 CFR 850.501(a)(1)(i))")


def assess(lists_in_force: Sequence[str], on: datetime, known_at: datetime | None) -> Reason:
    """The verdict for a non-public investment, given the lists the company is on."""
    triggers = [lst for lst in lists_in_force if lst in TRIGGER_LISTS]
    if not RULE.applies(on, known_at):
        return Reason("", NAME, "no outbound investment rule in force yet", Verdict.ALLOWED,
                      end=RULE.effective, citation=RULE.citation)
    if triggers:
        return Reason(
            triggers[0], NAME, f"on {', '.join(triggers)}: a covered transaction is prohibited "
            "whatever the technology tier", Verdict.PROHIBITED, start=RULE.effective,
            citation=RULE.citation, conditions=CONDITION,
        )
    return Reason("", NAME, "not on a list that 850.224(m) names; other part 850 rules "
                  "(notifiable and prohibited technologies) may still apply", Verdict.ALLOWED,
                  start=RULE.effective, citation="31 CFR part 850")
