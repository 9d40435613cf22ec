"""Unit tests of the matcher's parts: normalization, transliteration, weights, explanation."""

from __future__ import annotations

import pytest

from listguard.matching import Decision, Matcher
from listguard.matching.features import FEATURES
from listguard.matching.normalize import analyze
from listguard.matching.translit import latinize

ANALYZE = [
    ("Huawei Technologies Co., Ltd.", ("huawei", "technologies")),
    ("A.B.C. Company", ("abc",)),
    ("OOO Oboronnye Initsiativy", ("oboronnye", "initsiativy")),
    ("Siemens Aktiengesellschaft", ("siemens",)),
    ("Al Qa'ida", ("qaida",)),
    ("小米集团", ("xiaomi", "group")),
    ("Газпром нефть", ("gazprom", "neft")),
    ("", ()),
    ("\x00\x01", ()),
]


@pytest.mark.parametrize(("raw", "tokens"), ANALYZE)
def test_analyze(raw: str, tokens: tuple[str, ...]) -> None:
    assert analyze(raw).tokens == tokens


def test_legal_forms_are_kept_apart() -> None:
    assert analyze("Deutsche Bank AG").legal == ("jsc",)


def test_cjk_names_do_not_fuzz() -> None:
    assert not analyze("习近平").fuzzy
    assert analyze("Xi Jinping").fuzzy


@pytest.mark.parametrize(("raw", "latin"), [
    ("华为技术有限公司", "huawei technology ltd"),
    ("中國電子科技集團", "china electronics technology group"),
    ("杭州海康威视", "hangzhou haikangweishi"),
    ("plain ascii", "plain ascii"),
])
def test_latinize(raw: str, latin: str) -> None:
    assert latinize(raw) == latin


def test_generic_words_weigh_less_than_rare_ones(matcher: Matcher) -> None:
    table = matcher.index.table
    assert table.weight("china") < table.weight("construction") < table.weight("kunlun")
    assert table.weight("group") < table.weight("xiaomi")
    assert table.weight("of") < 0.05


def test_identifier_beats_name(matcher: Matcher) -> None:
    hit = matcher.match("Apple Inc", isin="KYG9830T1067")[0]
    assert hit.entity_id == "xiaomi" and hit.decision == Decision.MATCH
    assert hit.features[0].name == "identifier_match"


def test_ticker_without_market_is_weaker(matcher: Matcher) -> None:
    exact = matcher.match(None, ticker="1810.HK")[0]
    bare = matcher.match(None, ticker="1810")[0]
    assert exact.entity_id == bare.entity_id == "xiaomi"
    assert exact.score == 1.0 and bare.score == 0.9


def test_country_mismatch_lowers_the_score(matcher: Matcher) -> None:
    plain = matcher.match("Xiaomi Corporation")[0]
    other = matcher.match("Xiaomi Corporation", country="US")[0]
    assert other.score == pytest.approx(plain.score - 0.10)
    assert any(c.name == "country_mismatch" for c in other.features)


def test_hit_explains_itself(matcher: Matcher) -> None:
    hit = matcher.match("Semiconductor Manufacturing Intl Corp")[0]
    line = hit.explain()
    assert "Semiconductor Manufacturing Intl Corp" in line
    assert hit.matched_name in line and "name_match" in line
    assert "intl~international" in line
    data = hit.as_dict()
    assert data["entity_id"] == "smic" and data["features"]


def test_bad_input_gives_no_hits(matcher: Matcher) -> None:
    assert matcher.match("") == []
    assert matcher.match(None) == []
    assert matcher.match("\x00\x01\x02") == []
    assert matcher.match("x" * 100_000) is not None  # cut, not crashed


def test_match_many_keeps_order(matcher: Matcher) -> None:
    from listguard.matching.matcher import Query

    queries = [Query("Xiaomi"), Query(""), Query("SMIC"), Query("Xiaomi")]
    out = matcher.match_many(queries)
    assert [h[0].entity_id if h else None for h in out] == ["xiaomi", None, "smic", "xiaomi"]


def test_compare_scores_one_entity(matcher: Matcher) -> None:
    hit = matcher.compare("Bank of China", "cctc")
    assert hit is not None and hit.decision == Decision.NO_MATCH
    assert matcher.compare("Xiaomi", "unknown-entity") is None


def test_features_are_documented() -> None:
    for feature in FEATURES:
        assert feature.doc, feature.name
        assert (feature.weight < 0) == feature.qualifier
