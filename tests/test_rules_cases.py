"""The worked cases of rules.md §10, one row each, run through `listguard check`'s engine.

Each row: (case, action, query, on, known_at, verdict, a fragment the citations must contain).
Dates alone mean 12:00 New York time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from listguard.model import Activity, Verdict
from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.timeutil import parse_when

A, L, P, U = Verdict.ALLOWED, Verdict.LICENSE_REQUIRED, Verdict.PROHIBITED, Verdict.UNKNOWN

CASES = [
    # 1–4: China Mobile Ltd, an NS-CCMC subsidiary (Jan 8, 2021) then NS-CMIC Annex.
    ("1", "buy", "941 HK", "2021-02-15", None, A, "s.1(a)(ii)"),
    ("2", "buy", "China Mobile Ltd", "2021-03-10", None, P, "s.1(a)(ii)"),
    ("3", "buy", "0941.HK", "2021-06-15", None, A, "EO 14032"),
    ("4", "buy", "China Mobile Limited", "2021-08-02", None, P, "EO 14032"),
    ("4 sell in window", "sell", "941 HK", "2022-05-20", None, A, "s.1(b)"),
    ("4 sell after window", "sell", "941 HK", "2022-07-01", None, P, "FAQ 1048"),
    ("4 hold", "hold", "941 HK", "2025-01-15", None, A, "FAQ 1046"),
    ("4 DRIP is a purchase", "buy", "941 HK", "2023-05-01", None, P, "FAQ 1047"),
    # 5: CRRC, Annex entity not carried into EO 14032.
    ("5", "buy", "1766 HK", "2021-01-12", None, P, "s.1(a)(i)"),
    ("5 gap", "buy", "CRRC", "2021-06-15", None, A, "EO 14032"),
    ("5 possession ban never", "hold", "CRRC", "2021-11-12", None, A, "EO 14032"),
    # 6: SMIC, tranche 4 then EO 14032 Annex; Entity List since Dec 18, 2020.
    ("6 before ban", "buy", "981 HK", "2021-01-20", None, A, "s.1(a)(ii)"),
    ("6 banned", "buy", "SMIC", "2021-02-02", None, P, "s.1(a)(ii)"),
    ("6 gap", "buy", "SMIC", "2021-07-01", None, A, "EO 14032"),
    ("6 new ban", "buy", "SMIC", "2021-08-02", None, P, "EO 14032"),
    ("6 export", "export", "SMIC", "2021-01-20", None, L, "85 FR 83416"),
    # 7: Xiaomi, enjoined then vacated.
    ("7 injunction", "buy", "1810 HK", "2021-03-16", None, A, "1:21-cv-00280"),
    ("7 as known before injunction", "buy", "Xiaomi", "2021-03-16", "2021-03-11", P,
     "s.1(a)(ii)"),
    ("7 vacated", "buy", "Xiaomi", "2021-05-26", None, A, "1:21-cv-00280"),
    ("7 later", "buy", "KYG9830T1067", "2022-01-03", None, A, ""),
    # 8: Luokung, re-designated under its corrected name, then enjoined.
    ("8 clock restarted", "buy", "LKCO", "2021-03-16", None, A, "s.1(a)(ii)"),
    ("8 as known before correction", "buy", "Luokung Technology", "2021-03-16", "2021-03-08", P,
     "s.1(a)(ii)"),
    ("8 injunction", "buy", "Luokung Technology", "2021-05-10", None, A, "1:21-cv-00583"),
    # 9: AMEC, tranche 5.
    ("9", "buy", "Advanced Micro-Fabrication Equipment Inc.", "2021-04-01", None, P,
     "s.1(a)(ii)"),
    ("9 gap", "buy", "Advanced Micro-Fabrication Equipment Inc.", "2021-06-15", None, A,
     "EO 14032"),
    ("9 1260H no securities ban", "buy", "Advanced Micro-Fabrication Equipment Inc.",
     "2024-06-01", None, A, "1260H"),
    # 10: Hikvision in the gap; Entity List since Oct 9, 2019.
    ("10", "buy", "002415.SZ", "2021-07-15", None, A, "EO 14032"),
    ("10 export", "export", "Hikvision", "2021-07-15", None, L, "744"),
    # 11: SenseTime, NS-CMIC Dec 10, 2021.
    ("11", "buy", "SenseTime Group Limited", "2022-01-03", None, A, "s.1(a)(ii)"),
    ("11 divest", "sell", "SenseTime Group Limited", "2022-11-30", None, A, "s.1(c)"),
    ("11 after window", "sell", "SenseTime Group Limited", "2023-01-05", None, P, "FAQ 1048"),
    # 12: funds holding China Mobile are covered regardless of share.
    ("12", "buy", "China Mobile Ltd", "2021-09-01", None, P, "EO 14032"),
    # 14–15: 1260H.
    ("14 Tencent shares", "buy", "Tencent", "2025-06-02", None, A, "1260H"),
    ("14 CATL shares", "buy", "CATL", "2026-03-02", None, A, "1260H"),
    ("14 DoD contract", "dod-contract", "Tencent", "2026-07-01", None, P, "s.805(a)(1)(A)"),
    ("15 Hesai", "dod-contract", "Hesai", "2026-07-15", None, P, "s.805"),
    # 16: a private investment in an Entity List chip maker (outbound rules, from 2025-01-02).
    ("16 private investment", "invest", "SMIC", "2025-06-02", None, P, "850.224(m)"),
    ("16 before the rule", "invest", "SMIC", "2024-12-31", None, A, "850"),
    # With the curated lists alone the registry cannot tell whether Tencent is on the Entity,
    # MEU or SDN lists, which 850.224(m) names: unknown (the legal point is tested below).
    ("16 1260H alone is no trigger", "invest", "Tencent", "2025-06-02", None, U, "part 850"),
    # 17: a sale by a holder right after the Annex ban started.
    ("17 original text", "sell", "Hikvision", "2021-01-12", None, A, "s.4(e)"),
    ("17 as amended", "sell", "Hikvision", "2021-01-14", None, A, "EO 13974"),
]


def verdict_of(reg: Registry, action: str, query: str, on: str, known_at: str | None):
    res = reg.resolve(query)
    assert res.entity is not None, f"{query!r} resolved to {res.candidates}"
    status = assess_entity(reg, res.entity.id, parse_when(on),
                           parse_when(known_at) if known_at else None)
    return status, Activity(action)


@pytest.mark.parametrize(("case", "action", "query", "on", "known_at", "expected", "cite"),
                         CASES, ids=[c[0] for c in CASES])
def test_rules_case(reg: Registry, case: str, action: str, query: str, on: str,
                    known_at: str | None, expected: Verdict, cite: str) -> None:
    status, activity = verdict_of(reg, action, query, on, known_at)
    assert status.verdicts[activity] is expected, status.reasons[activity]
    citations = " | ".join(r.citation + " " + r.conditions for r in status.reasons[activity])
    assert cite in citations


def test_funds_note_on_nscmic_purchase(reg: Registry) -> None:
    status, activity = verdict_of(reg, "buy", "China Mobile Ltd", "2021-09-01", None)
    assert "FAQs 860, 861" in status.reasons[activity][0].conditions


def test_1260h_not_yet_contract_ban(reg: Registry) -> None:
    status, activity = verdict_of(reg, "dod-contract", "Tencent", "2026-06-29T23:59", None)
    assert status.verdicts[activity] is A
    assert any(d.when.date().isoformat() == "2026-06-30" for d in status.deadlines)


def test_case_13_unlisted_subsidiary_of_listed_parent(reg: Registry) -> None:
    """A listed subsidiary of AVIC that is not itself on the NS-CMIC list: buying is allowed
    (no 50 percent rule, exact names only), and the answer says why."""
    status, activity = verdict_of(reg, "buy", "AVIC Electromechanical Systems Co. Ltd.",
                                  "2025-06-02", None)
    assert "ofac-ns-cmic" not in status.lists_in_force
    assert status.verdicts[activity] is A
    assert any("no 50 percent rule" in n and "FAQ 857" in n for n in status.notes)


def test_case_16_1260h_alone_is_no_trigger_where_the_lists_are_covered(reg: Registry) -> None:
    """Where every list 850.224(m) names is covered, a 1260H listing alone leaves a private
    investment allowed."""
    covered = {k: replace(c, start=date(1990, 1, 1), end=date(2030, 1, 1), complete=True)
               for k, c in reg.coverage().items()}
    res = reg.resolve("Tencent")
    assert res.entity is not None
    status = assess_entity(reg, res.entity.id, parse_when("2025-06-02"), coverage=covered)
    assert status.verdicts[Activity.INVEST] is A
    assert any("part 850" in r.citation for r in status.reasons[Activity.INVEST])
