"""Normal forms for exact lookups: name keys, ticker keys and ISINs.

These are the *exact* keys the registry indexes. Fuzzy matching (``listguard.matching``) builds
its own richer features on top of :func:`clean_text`, so both agree on what a character is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.names import remove_org_types


def _mark_ranges() -> str:
    """A character class body of every combining mark (Unicode M*) below U+3000: vowel signs
    and viramas of Indic scripts, Arabic and Hebrew points. Python's ``\\w`` does not hold
    them, and a name must not be cut at each one (नरेन्द्र is one word)."""
    marks = [c for c in range(0x300, 0x3000) if unicodedata.category(chr(c)).startswith("M")]
    ranges: list[tuple[int, int]] = []
    for c in marks:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


_PUNCT_RE = re.compile(rf"[^\w\s{_mark_ranges()}]+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
_ASCII_PUNCT = str.maketrans({c: " " for c in map(chr, range(128)) if _PUNCT_RE.match(c)})
"""What ``_PUNCT_RE`` turns into spaces, among ASCII characters."""

# Legal-form words stripped only from the *end* of a name: "Xiaomi Corporation" -> "xiaomi",
# while "Aviation Industry Corporation of China" keeps its inner "corporation". rigour's
# org-type table (ISO 20275 and others) handles Ltd., Co., LLC, GmbH, OOO ... anywhere; these
# English words it deliberately leaves alone because they are often part of a name.
_TRAILING_LEGAL_WORDS = frozenset(
    {"corporation", "corp", "incorporated", "inc", "company", "co", "limited", "ltd", "plc",
     "llc", "sa", "ag"}
)
# Chinese legal-form suffixes (longest first): joint-stock, limited-liability, limited company.
_CJK_LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "总公司", "總公司",
)


def clean_text(text: str) -> str:
    """Unicode NFKC, case-folded, punctuation to spaces, single spaces."""
    if text.isascii():  # the same result, three times quicker: ASCII is its own NFKC
        text = text.lower().replace("&", " and ").translate(_ASCII_PUNCT)
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The exact-match key of a company name: case, punctuation and legal forms removed.

    >>> name_key("Xiaomi Corp.") == name_key("XIAOMI CORPORATION") == "xiaomi"
    True
    >>> name_key("华为技术有限公司")
    '华为技术'
    """
    cleaned = clean_text(name)
    if not cleaned:
        return ""
    stripped = clean_text(remove_org_types(cleaned))
    tokens = stripped.split()
    while len(tokens) > 1 and tokens[-1] in _TRAILING_LEGAL_WORDS:
        tokens.pop()
    if tokens and len(tokens) == 1 and tokens[0] in _TRAILING_LEGAL_WORDS:
        tokens = []
    key = " ".join(tokens)
    for suffix in _CJK_LEGAL_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return key or cleaned


_CANONICAL_FORMS = {"limited": "ltd", "corporation": "corp", "company": "co",
                    "incorporated": "inc"}


@lru_cache(maxsize=65536)
def strict_name_key(name: str) -> str:
    """Case and punctuation removed, legal forms kept but spelled one way.

    Tried before :func:`name_key`, so "China Mobile Ltd" finds China Mobile Limited rather
    than also the group OFAC calls "CHINA MOBILE".

    >>> strict_name_key("China Mobile Limited") == strict_name_key("CHINA MOBILE LTD.")
    True
    """
    return " ".join(_CANONICAL_FORMS.get(t, t) for t in clean_text(name).split())


# --- tickers ---------------------------------------------------------------------------------

_MARKETS = {
    "HK": "HK", "HKG": "HK", "HKEX": "HK",
    "CN": "CN", "SZ": "CN", "SS": "CN", "SH": "CN", "SHA": "CN", "SHE": "CN", "CH": "CN",
    "US": "US", "N": "US", "O": "US", "OQ": "US", "UN": "US", "UW": "US", "NYSE": "US",
    "NASDAQ": "US",
}
_TICKER_RE = re.compile(r"^([A-Z0-9]{1,10})(?:[\s.:/-]+([A-Z]{1,6}))?$")


def ticker_key(text: str) -> tuple[str, str | None] | None:
    """Split a ticker into (code, market); None if it is not ticker-shaped.

    Numeric codes lose leading zeros, so ``0941.HK``, ``941 HK`` and ``00941 HK`` agree, and
    exchange suffixes map to one market code (``002415.SZ`` and ``002415 CN`` -> ``CN``).
    """
    match = _TICKER_RE.match(_SPACE_RE.sub(" ", text.strip().upper()))
    if not match:
        return None
    code, market = match.group(1), match.group(2)
    if code.isdigit():
        code = code.lstrip("0") or "0"
    if market is None:
        return code, None
    return code, _MARKETS.get(market, market)


def ticker_index_key(text: str) -> str | None:
    """The stored form of a listed ticker: ``code@market`` (market required)."""
    parsed = ticker_key(text)
    if parsed is None or parsed[1] is None:
        return None
    return f"{parsed[0]}@{parsed[1]}"


# --- ISINs -----------------------------------------------------------------------------------

_ISIN_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{9}[0-9]$")


def isin_valid(text: str) -> bool:
    """True for a well-formed ISIN with a correct check digit (ISO 6166, Luhn on digits)."""
    value = text.strip().upper()
    if not _ISIN_RE.match(value):
        return False
    digits = "".join(str(int(ch, 36)) for ch in value[:-1])
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(value[-1])


# OFAC's own spellings (and CSL's), so the common cases never need rigour's full name table,
# which takes over a second to load.
_COUNTRY_SPELLINGS = {
    "bahamas, the": "BS",
    "burma": "MM",
    "cabo verde": "CV",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "cote d ivoire": "CI",
    "hong kong": "HK",
    "korea, north": "KP",
    "north korea": "KP",
    "korea, south": "KR",
    "macau": "MO",
    "man, isle of": "IM",
    "north macedonia, the republic of": "MK",
    "palestinian": "PS",
    "palestinian authority": "PS",
    "gaza": "PS",
    "north gaza": "PS",
    "northern gaza": "PS",
    "west bank": "PS",
    "crimea": "UA-CRI",
    "st. kitts & nevis": "KN",
    "st. kitts and nevis": "KN",
    "st. vincent and the grenadines": "VC",
    "the gambia": "GM",
    "gambia, the": "GM",
    "turkey": "TR",
    "virgin islands, british": "VG",
    "macedonia, the former yugoslav republic of": "MK",
    "northern mali": "ML",
    "china (prc)": "CN",
    "people's republic of china (prc)": "CN",
}
_NOT_COUNTRIES = frozenset(
    {
        "",
        "-0-",
        "undetermined",
        "none identified",
        "unknown",
        # OFAC regions with no country of their own
        "kafia kingi",
        "jammu and kashmir",
        "commonwealth of independent states",
    }
)


@lru_cache(maxsize=1)
def _territory_names() -> dict[str, str]:
    from rigour.territories import get_territories
    from rigour.territories.util import normalize_territory_name

    table: dict[str, str] = {}
    for territory in get_territories():
        code = str(territory.ftm_country or territory.code).upper()
        for text in (territory.name, territory.full_name, territory.code, territory.alpha3):
            if text:
                table.setdefault(normalize_territory_name(text), code)
    return table


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """ISO 3166 alpha-2 code (upper case) for a country name or code; '' if not a country.

    Knows OFAC's spellings (``Korea, North``, ``Burma``, ``Region: Gaza``, ``Palestinian``);
    anything else goes to rigour's territory tables. Sub-national territories keep rigour's
    code (``UA-CRI`` for Crimea).
    """
    text = " ".join(name.split()).rstrip(".")
    low = text.lower()
    for prefix in ("region: ", "possibly "):
        if low.startswith(prefix):
            text, low = text[len(prefix) :], low[len(prefix) :]
    if low in _NOT_COUNTRIES:
        return ""
    if low in _COUNTRY_SPELLINGS:
        return _COUNTRY_SPELLINGS[low]
    from rigour.territories import lookup_territory
    from rigour.territories.util import normalize_territory_name

    found = _territory_names().get(normalize_territory_name(text))
    if found:
        return found
    territory = lookup_territory(text)
    if territory is None:
        return ""
    return str(territory.ftm_country or territory.code).upper()
