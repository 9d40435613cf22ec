"""The matcher's behaviour as a specification: one case per row.

Each row is (query, the listed entity it must be, the decision). ``None`` as the entity means
"no entity may be flagged".
"""

from __future__ import annotations

import pytest

from listguard.matching import Decision, Matcher

MATCH, REVIEW, NO = Decision.MATCH, Decision.REVIEW, Decision.NO_MATCH

CASES: list[tuple[str, str | None, Decision]] = [
    # exact and legal-form variants
    ("Xiaomi Corporation", "xiaomi", MATCH),
    ("XIAOMI CORP.", "xiaomi", MATCH),
    ("Xiaomi", "xiaomi", MATCH),
    ("Huawei Technologies Company Limited", "huawei", MATCH),
    ("OAO Gazprom", "gazprom", MATCH),
    ("JSC Tactical Missiles Corp.", "tactical", MATCH),
    # acronyms and short names
    ("SMIC", "smic", MATCH),
    ("CNOOC", "cnooc", MATCH),
    ("AVIC", "avic", MATCH),
    ("Semiconductor Manufacturing Intl Corp", "smic", MATCH),
    # Chinese script
    ("小米集团", "xiaomi", MATCH),
    ("华为技术有限公司", "huawei", MATCH),
    ("中国航天科工集团有限公司", "casic", MATCH),
    # typos, word order, abbreviations, dropped words
    ("Hangzhou Hikvsion Digital Technology", "hikvision", MATCH),
    ("Hikvision Hangzhou Digital Technology Co Ltd", "hikvision", MATCH),
    ("Guangzhou Haige Comm Grp", "haige", MATCH),
    ("Aviation Industry Corp. of China", "avic", MATCH),
    # a dropped place name: rare in this small corpus, so it costs the match, not the flag
    ("Megvii Technology", "megvii", REVIEW),
    # aliases and former names
    ("National Bank of Cuba", "bnc", MATCH),
    ("Aerospace Communications Holdings Co Ltd", "aerospace-comms", MATCH),
    # people
    # a missing patronymic is a rare word missing: flagged for review
    ("Vladimir Putin", "putin", REVIEW),
    ("Al Qaeda", "qaida", REVIEW),  # a spelling variant known to rigour's symbol table
    # hard negatives: shared generic words are not evidence
    ("Bank of China", None, NO),
    ("China Construction Bank", None, NO),
    ("China Mobile Games & Entertainment", None, NO),
    ("China Technology Group", None, NO),
    ("International Trading Holdings", None, NO),
    ("Siemens AG", None, NO),
    ("Agricultural Bank of China", None, NO),
]


@pytest.mark.parametrize(("query", "entity", "decision"), CASES,
                         ids=[c[0] for c in CASES])
def test_case(matcher: Matcher, query: str, entity: str | None, decision: Decision) -> None:
    hits = matcher.match(query, limit=3)
    top = hits[0] if hits else None
    if entity is None:
        assert top is None or top.decision == NO, top.explain() if top else ""
        return
    assert top is not None, f"no hit for {query!r}"
    assert top.entity_id == entity, top.explain()
    assert top.decision == decision, top.explain()
