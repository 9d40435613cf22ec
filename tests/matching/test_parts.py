"""Unit tests of the matcher's parts: normalization, transliteration, weights, lookups,
explanations, and the worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from listguard.matching import Decision, Matcher
from listguard.matching import matcher as matcher_module
from listguard.matching.features import FEATURES
from listguard.matching.matcher import Query, name_variants
from listguard.matching.names import analyze, is_legal_word
from listguard.matching.tokens import is_abbreviation
from listguard.matching.translit import latinize

from .conftest import IDENTIFIERS, LISTED

ANALYZE = [
    ("Huawei Technologies Co., Ltd.", ("huawei", "technologies")),
    ("A.B.C. Company", ("abc",)),
    ("OOO Oboronnye Initsiativy", ("oboronnye", "initsiativy")),
    ("Siemens Aktiengesellschaft", ("siemens",)),
    ("Open Joint Stock Company Gazprom", ("gazprom",)),
    ("JOINT STOCK CO ILYUSHIN FINANCE CO", ("ilyushin", "finance")),
    ("PULIC JOINT-STOCK COMPANY ODK-KUZNETSOV", ("odk", "kuznetsov")),
    ("COMERCIALIZADORA GAEL 4, SOCIEDAD ANONIMA DE CAPITAL VARIABLE",
     ("comercializadora", "gael", "4")),
    ("Al Qa'ida", ("al", "qaida")),
    ("Kim Jong Un", ("kim", "jong", "un")),
    ("小米集团", ("xiaomi", "group")),
    ("Газпром нефть", ("gazprom", "neft")),
    ("", ()),
    ("\x00\x01", ()),
]


@pytest.mark.parametrize(("raw", "tokens"), ANALYZE)
def test_analyze(raw: str, tokens: tuple[str, ...]) -> None:
    assert analyze(raw).tokens == tokens


# Function words are kept, but weigh nothing when they connect two words (or lead as an
# article); anywhere else they are name parts.
MINOR = [
    ("Bank of China", ("of",)),
    ("Banco Nacional de Cuba", ("de",)),
    ("AGUILAR AGUILAR Y CIA. LTDA.", ("y",)),  # connects to the legal form removed after it
    ("The Boeing Company", ("the",)),
    ("Al Qa'ida", ("al",)),
    ("Kim Jong Un", ()),
    ("Le Van Thanh", ()),
]


@pytest.mark.parametrize(("raw", "minor"), MINOR)
def test_minor_words(raw: str, minor: tuple[str, ...]) -> None:
    form = analyze(raw)
    assert tuple(t for t, m in zip(form.tokens, form.minor_flags, strict=True) if m) == minor


@pytest.mark.parametrize(("word", "legal"), [
    ("limited", True), ("liabisity", True), ("compnay", True), ("joint", True),
    ("limits", False), ("xiaomi", False), ("public", False),
])
def test_legal_words(word: str, legal: bool) -> None:
    assert is_legal_word(word) is legal


@pytest.mark.parametrize(("short", "long", "expected"), [
    ("sci", "science", True),
    ("ind", "industry", True),
    ("intl", "international", True),
    ("mfg", "manufacturing", True),
    ("hldgs", "holdings", True),
    ("srvces", "services", True),
    ("tata", "tabatabai", False),  # a vowel after the start: another word
    ("tech", "tec", False),  # not shorter by two letters
    ("abc", "xabc", False),  # the first letter must agree
])
def test_abbreviations(short: str, long: str, expected: bool) -> None:
    assert is_abbreviation(short, long) is expected


def test_legal_forms_are_kept_apart() -> None:
    assert analyze("Deutsche Bank AG").legal == ("jsc",)


def test_cjk_names_do_not_fuzz() -> None:
    assert not analyze("习近平").fuzzy
    assert analyze("Xi Jinping").fuzzy


@pytest.mark.parametrize(("raw", "latin"), [
    ("华为技术有限公司", "huawei technology ltd"),
    ("中國電子科技集團", "china electronics technology group"),
    ("杭州海康威视", "hangzhou haikangweishi"),
    ("José Müller", "Jose Muller"),
    ("Łódź", "Lodz"),
    ("plain ascii", "plain ascii"),
])
def test_latinize(raw: str, latin: str) -> None:
    assert latinize(raw) == latin


@pytest.mark.parametrize(("name", "variants"), [
    ("Xiaomi Corporation", ["Xiaomi Corporation"]),
    ("Semiconductor Manufacturing International Corporation (SMIC)",
     ["Semiconductor Manufacturing International Corporation (SMIC)",
      "Semiconductor Manufacturing International Corporation", "SMIC"]),
    ("Aerospace CH UAV Co Ltd (CH UAV)",
     ["Aerospace CH UAV Co Ltd (CH UAV)", "Aerospace CH UAV Co Ltd"]),
    ("COSCO SHIPPING (North America)", ["COSCO SHIPPING (North America)"]),
])
def test_query_brackets(name: str, variants: list[str]) -> None:
    assert name_variants(name) == variants


def test_generic_words_weigh_less_than_rare_ones(matcher: Matcher) -> None:
    table = matcher.index.table
    assert table.weight("china") < table.weight("construction") < table.weight("kunlun")
    assert table.weight("group") < table.weight("xiaomi")


def test_spellings_of_one_symbol_share_its_rarity(matcher: Matcher) -> None:
    table = matcher.index.table
    # "grp" is on no listed name, but it is GROUP, which is on many: it weighs like group.
    assert table.weight("grp") == pytest.approx(table.weight("group"))


def test_minor_words_weigh_almost_nothing(matcher: Matcher) -> None:
    weights = matcher.index.query(analyze("Bank of Kunlun")).weights
    assert weights[1] < 0.05 < weights[0] < weights[2]


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
    assert other.score == pytest.approx(plain.score - 0.20)
    assert any(c.name == "country_mismatch" for c in other.features)


def test_exact_name_explains_itself(matcher: Matcher) -> None:
    hits = matcher.match("中国移动有限公司", limit=2)
    assert [h.entity_id for h in hits] == ["china-mobile", "china-mobile-group"]
    assert hits[0].features[0].name == "exact_name"
    assert "read as 'china mobile'" in hits[0].explain()


def test_hit_explains_itself(matcher: Matcher) -> None:
    hit = matcher.match("Semiconductor Manufacturing Intl Corp")[0]
    line = hit.explain()
    assert line.startswith("match ")
    assert "Semiconductor Manufacturing Intl Corp" in line and hit.matched_name in line
    assert "name_match" in line and "intl≈international (symbol)" in line
    data = hit.as_dict()
    assert data["entity_id"] == "smic" and data["features"]


def test_partial_hit_says_what_is_missing(matcher: Matcher) -> None:
    hit = matcher.match("Megvii Technology")[0]
    assert "only in the listed name: beijing" in hit.explain()


def test_bad_input_gives_no_hits(matcher: Matcher) -> None:
    assert matcher.match("") == []
    assert matcher.match(None) == []
    assert matcher.match("\x00\x01\x02") == []
    assert matcher.match("x" * 100_000) is not None  # cut, not crashed


def test_match_many_keeps_order(matcher: Matcher) -> None:
    queries = [Query("Xiaomi"), Query(""), Query("SMIC"), Query("Xiaomi")]
    out = matcher.match_many(queries)
    assert [h[0].entity_id if h else None for h in out] == ["xiaomi", None, "smic", "xiaomi"]


def test_compare_scores_one_entity(matcher: Matcher) -> None:
    hit = matcher.compare("Bank of China", "cctc")
    assert hit is not None and hit.decision == Decision.NO_MATCH
    assert matcher.compare("Xiaomi", "unknown-entity") is None


def test_worker_processes_give_the_same_answers(
        matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matcher_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(matcher_module, "BATCH", 3)
    queries = [Query(q) for q in ("Xiaomi", "SMIC", "", "Bank of China", "中国移动有限公司",
                                  "Kim Jong Un", "Hikvision Hangzhou", "Inspur Grp")] * 3
    alone = matcher.match_many(queries, processes=1)
    seen: list[int] = []
    shared = matcher.match_many(queries, processes=2, progress=seen.append)
    assert shared == alone
    assert sum(seen) == len(queries)


def test_features_are_documented() -> None:
    for feature in FEATURES:
        assert feature.doc, feature.name
        limit = feature.cap is not None
        # Main features measure the names (positive, no cap); qualifiers are penalties,
        # limits, or small supports for what else agrees (a date of birth, a country).
        main = feature.weight > 0 and not limit and not feature.qualifier
        assert main or feature.qualifier, feature.name
        assert not feature.qualifier or feature.weight <= 0.1, feature.name
        assert not limit or (feature.weight == 0 and 0 < (feature.cap or 0) < 1), feature.name


def test_built_index_is_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from listguard.matching import cache

    monkeypatch.setattr(cache, "MIN_CACHED_NAMES", 1)
    first = cache.cached_build(LISTED, IDENTIFIERS, directory=tmp_path)
    files = list(tmp_path.glob("matcher-*.pickle"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0
    build = Matcher.build

    def no_build(*args: object, **kwargs: object) -> Matcher:
        raise AssertionError("built again")

    monkeypatch.setattr(Matcher, "build", no_build)
    again = cache.cached_build(LISTED, IDENTIFIERS, directory=tmp_path)  # read back
    assert again.match("SMIC")[0].entity_id == first.match("SMIC")[0].entity_id == "smic"
    monkeypatch.setattr(Matcher, "build", build)
    cache.cached_build(LISTED[:-1], IDENTIFIERS, directory=tmp_path)  # other lists: new key
    assert len(list(tmp_path.glob("matcher-*.pickle"))) == 2
    files[0].write_bytes(b"not a pickle")  # a broken file is rebuilt, not trusted
    assert cache.cached_build(LISTED, IDENTIFIERS, directory=tmp_path).match("SMIC")


@pytest.mark.parametrize(("raw", "latin"), [
    ("Шевченко Юрий", "Shevchenko Yuriy"),      # BGN/PCGN, as US lists spell Russian names
    ("Кольцов Ильич", "Koltsov Ilich"),          # the soft sign's mark dropped, not split on
    ("Підприємство", "Pidpriemstvo"),            # Ukrainian letters BGN leaves: ICU's rules
    ("Müller", "Muller"),
])
def test_latinize_cyrillic_and_accents(raw: str, latin: str) -> None:
    assert latinize(raw) == latin
