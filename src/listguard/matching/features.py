"""What the matcher measures, declared once. The docstrings are the documentation.

A score is built like nomenklatura's logic-v2: the **best main feature** (``value x weight``),
held under the **limits** that fired (a qualifier with a ``cap``: a name resting on one word
is at most a review), plus the **qualifiers**: penalties for what disagrees (a country, a date
of birth, a kind) and small supports for what agrees (a date of birth, a nationality, a place
of birth), clipped to 0-1::

    score = min(max(main.value * main.weight), *caps of the limits that fired)
            + sum(qualifier.value * qualifier.weight)

Every hit carries every feature that fired, with its value, weight and a description, so the
score can always be taken apart again (see :meth:`.types.Hit.explain`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from listguard.matching.names import NameForm
from listguard.matching.scorer import Alignment
from listguard.matching.tokens import COMMON, GENERIC
from listguard.matching.types import PersonFacts
from listguard.normalize import clean_text, country_code

NO_FACTS = PersonFacts()


@dataclass(frozen=True, slots=True)
class PairContext:
    """Everything the features may look at for one query against one listed name."""

    query: NameForm
    listed_name: str
    listed: NameForm
    alignment: Alignment | None = None
    exact: bool = False
    """The query is one of the listed entity's names as printed."""
    identifier: tuple[str, str] | None = None
    """(scheme, value) of an identifier the query shares with the listed entity."""
    identifier_exact: bool = True
    acronym: str | None = None
    acronym_unique: bool = False
    query_country: str = ""
    listed_country: str = ""
    query_kind: str = ""
    """``company``, ``person``, ``vessel`` or ``aircraft`` as the query's row says (or, for
    a company, as its name's legal form says); empty: not known, or ``any``."""
    listed_kind: str = ""
    query_classes: tuple[int, ...] = ()
    """Per query token: ``RARE``, ``COMMON`` or ``GENERIC`` (see :mod:`.tokens`)."""
    query_dob: str = ""
    """The row's date of birth (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    listed_births: tuple[str, ...] = ()
    """The listed person's dates of birth (those forms, or a range ``YYYY/YYYY``)."""
    query_birth_place: str = ""
    query_gender: str = ""
    listed_person: PersonFacts = NO_FACTS
    """The listed party's countries, places of birth and gender."""
    listed_weak: bool = False
    """The listed name met is only a weak alias (OFAC's low-quality a.k.a.)."""


FeatureFunc = Callable[[PairContext], tuple[float, str]]
SCHEME_LABELS = {"isin": "ISIN", "lei": "LEI", "ticker": "ticker", "passport": "passport",
                 "national_id": "national ID", "ofac_ent": "OFAC entry number"}


def identifier_match(ctx: PairContext) -> tuple[float, str]:
    """The query's ISIN, LEI, ticker, passport or national ID number is one the listed entity
    holds. An identifier beats any name: an exact ISIN, LEI, document number, or a ticker with
    its market, is 1.0; a ticker code given without a market (``1810`` for ``1810 HK``) is
    0.9."""
    if ctx.identifier is None:
        return 0.0, ""
    scheme, value = ctx.identifier
    label = SCHEME_LABELS.get(scheme, scheme)
    if ctx.identifier_exact:
        return 1.0, f"the listed entity's {label} is {value}"
    return 0.9, f"the listed entity has ticker {value} on some market (the query names none)"



def exact_name(ctx: PairContext) -> tuple[float, str]:
    """The query is one of the listed entity's names exactly as a list or the curated data
    prints it (case, punctuation and spacing aside), in whatever script: 1.0. It wins over any
    name that only looks the same after transliteration or legal-form removal."""
    if not ctx.exact:
        return 0.0, ""
    read_as = ctx.query.text
    if read_as and not ctx.listed_name.isascii():
        return 1.0, f"the query is this listed name as printed (read as '{read_as}')"
    return 1.0, "the query is this listed name as printed"


def name_match(ctx: PairContext) -> tuple[float, str]:
    """Weighted word alignment of the two names (see :mod:`.scorer`): the share of the
    query's word weight that found a partner, times the listed name's share to the power 0.75.
    Rare words weigh much, generic ones (CHINA, GROUP, BANK) little."""
    if ctx.alignment is None:
        return 0.0, ""
    a = ctx.alignment
    return a.score, (f"{a.describe()} (weight covered: query {a.coverage_q:.0%}, "
                     f"listed name {a.coverage_l:.0%})")


def acronym_match(ctx: PairContext) -> tuple[float, str]:
    """The query is one capitalised word made of the initials of the listed name (SMIC for
    Semiconductor Manufacturing International Corporation). 1.0 when only one listed entity
    has those initials and they are four letters or more; 0.85 (a review) when they are
    shorter or shared; 0.7 (no match alone) for three letters that several entities share."""
    if ctx.acronym is None:
        return 0.0, ""
    long = len(ctx.acronym) >= 4
    if ctx.acronym_unique and long:
        return 1.0, f"{ctx.acronym} = initials of the listed name"
    value = 0.85 if (ctx.acronym_unique or long) else 0.7
    return value, f"{ctx.acronym} = initials of the listed name (short or shared initials)"


_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv",
                    "xv", "xvi", "xx"})


def _numbers(form: NameForm) -> frozenset[str]:
    return frozenset(t for t in form.tokens if t.isdigit() or t in _ROMAN)


def numbers_mismatch(ctx: PairContext) -> tuple[float, str]:
    """Both names carry numbers (digits or roman numerals) and they differ: Fund XII is not
    Fund XIII, vessel 7 is not vessel 9."""
    q, listed = _numbers(ctx.query), _numbers(ctx.listed)
    if q and listed and q != listed:
        return 1.0, f"numbers {' '.join(sorted(q))} are not {' '.join(sorted(listed))}"
    return 0.0, ""


def country_mismatch(ctx: PairContext) -> tuple[float, str]:
    """The query gives a country and the listed party has others (ISO codes; for a person:
    nationalities, citizenships and the countries of the addresses the list gives). A company
    of the same name elsewhere is often another company (CoStar Group, US, is not Costar Group
    Co., Ltd., China); a person of another nationality, another person. So a name alone then
    is at most a review."""
    q = ctx.query_country.upper()
    listed = _listed_countries(ctx)
    if q and listed and q not in listed:
        return 1.0, f"country {q} is not the listed {'/'.join(listed)}"
    return 0.0, ""


def _listed_countries(ctx: PairContext) -> tuple[str, ...]:
    """The listed party's country, then every other country the list ties it to."""
    first = ctx.listed_country.upper()
    rest = tuple(c for c in ctx.listed_person.countries if c != first)
    return (first, *rest) if first else rest


def legal_form_mismatch(ctx: PairContext) -> tuple[float, str]:
    """Both names state a legal form and the forms differ in kind (GmbH is not an AG)."""
    q, listed = set(ctx.query.legal), set(ctx.listed.legal)
    if q and listed and not q & listed:
        return 1.0, f"legal form {'/'.join(sorted(q))} is not {'/'.join(sorted(listed))}"
    return 0.0, ""


KIND_GROUPS = {"company": "company", "organization": "company", "person": "person",
               "vessel": "vessel", "aircraft": "aircraft"}
"""Entity kinds as the lists print them, to the kinds a query may be."""


def type_mismatch(ctx: PairContext) -> tuple[float, str]:
    """The query is a company and the listed party a person, vessel or aircraft, or the other
    way round. The query's kind comes from the file's type column (``--type-column``, or
    ``--type`` for the whole file), else from its name: a name stating a legal form (Ltd.,
    Corporation, AG) is a company's. Rules the pair out: Fox Corporation is not the person
    whose nickname is FOX, Blackstone Inc. not the vessel BLACKSTONE (``--type any`` turns
    this off)."""
    q = KIND_GROUPS.get(ctx.query_kind, "")
    listed = KIND_GROUPS.get(ctx.listed_kind, "")
    if q and listed and q != listed:
        return 1.0, f"the query is a {q}, the listed party a {listed}"
    return 0.0, ""


def _content(ctx: PairContext) -> list[int]:
    """Classes of the query's words that are not minor (function words between others)."""
    flags = ctx.query.minor_flags
    classes = ctx.query_classes or (COMMON,) * len(flags)
    return [c for c, minor in zip(classes, flags, strict=True) if not minor]


LONG_WORD = 8
"""A word this long met with a typo is still that word (AVICORPTER, NOVEOGENE); a shorter one
may be another word (SAFRAN is not SAIRAN)."""


SOUND_SURE = 6
"""A word this long spelt another way (Xiaommi, Yytu aside) is still that word; a shorter
one may be another word (BAYER is not BAJER)."""


def _met_approximately(ctx: PairContext) -> bool:
    """A word of the pairing was met by a typo (either side under ``LONG_WORD`` letters), a short
    sound-alike (under ``SOUND_SURE``), a synonym of three letters or fewer, or initials."""
    a = ctx.alignment
    return bool(a and any(
        (p.how == "typo" and min(len(p.query), len(p.listed)) < LONG_WORD)
        or (p.how == "sound" and min(len(p.query), len(p.listed)) < SOUND_SURE)
        or p.how in ("skeleton", "truncated")
        or (p.how in ("symbol", "name") and len(p.query) <= 3)
        or p.how in ("initial", "initials")
        for p in a.pairs))


def _one_word(ctx: PairContext) -> bool:
    """The name is one word besides its legal form and leading article, and not one of the
    listed names as printed with its legal form."""
    return not (ctx.exact and ctx.query.company) and len(_content(ctx)) == 1


def short_name(ctx: PairContext) -> tuple[float, str]:
    """The query is one word besides its legal form (Fox Corporation, NSK Ltd., UCB, Xiaomi
    Corp., an acronym such as SMIC), or one word beside a generic one whose one telling word
    was met only approximately (Element Solutions / ELEMENTO SOLUTIONS). Many parties share
    one word, so on the name alone that is at most a review (score at most 0.80). Not
    applied to a query that is one of the listed names exactly as printed with its legal
    form (``Xiaomi Corporation``), nor when an identifier matches."""
    if _one_word(ctx):
        return 1.0, "the name is one word: many parties share one word"
    words = _content(ctx)
    if (not (ctx.exact and ctx.query.company) and len(words) == 2
            and words.count(GENERIC) == 1 and _met_approximately(ctx)):
        return 1.0, "the name is one telling word, met only approximately, and a generic one"
    return 0.0, ""


def one_word_weak(ctx: PairContext) -> tuple[float, str]:
    """The query is one word and the pairing is weak: the word was met only approximately
    (a typo in a word under eight letters: Safran / SAIRAN; a sound-alike under six: Bayer /
    BAJER; a synonym; initials: SKF / SHUKRI KURDI, Fuad), or the listed name says more than
    that word (Noble Corporation / NOBLE SHIPPING COMPANY, AMD / AMD CO. LTD AGENCY). One
    word is then no alarm on its own (score at most 0.60): a one-word query is a review only
    against a listed name as short. An acronym is the listed name's initials: it is short of
    it by nature (``acronym_match`` says how far it goes)."""
    if not _one_word(ctx) or ctx.acronym is not None:
        return 0.0, ""
    if _met_approximately(ctx):
        return 1.0, "one word, met only approximately"
    a = ctx.alignment
    if a is not None and a.unmatched_listed:
        return 1.0, "one word, and the listed name says more: " + " ".join(a.unmatched_listed)
    return 0.0, ""


def listed_says_more(ctx: PairContext) -> tuple[float, str]:
    """The query has two words or fewer and the listed name has a word the query lacks
    (Iron Mountain / IRON MOUNTAIN ENTREPRISES): a short name inside a longer listed one is at
    most a review (score at most 0.80)."""
    a = ctx.alignment
    if a is None or not a.unmatched_listed or len(_content(ctx)) > 2 or ctx.acronym:
        return 0.0, ""
    return 1.0, "the listed name says more: " + " ".join(a.unmatched_listed)


def _span(text: str) -> tuple[str, str] | None:
    """The first and last day a date of birth as written may be (ISO text)."""
    if "/" in text:
        first, _, last = text.partition("/")
        return (f"{first[:4]}-01-01", f"{last[:4]}-12-31") if first and last else None
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        return f"{text}-01", f"{text}-31"
    return (text, text) if len(text) == 10 else None


def dob_relation(query: str, births: tuple[str, ...]) -> bool | None:
    """True when the date of birth fits one of the listed ones, False when it fits none,
    None when either side gives none."""
    mine = _span(query) if query else None
    spans = [s for s in (_span(b) for b in births) if s]
    if mine is None or not spans:
        return None
    return any(mine[0] <= hi and lo <= mine[1] for lo, hi in spans)


def dob_mismatch(ctx: PairContext) -> tuple[float, str]:
    """The row gives a date of birth and the listed person was born on none that fits (to
    the precision both give: a year, a month, a day): another person of that name. Rules the
    pair out."""
    if KIND_GROUPS.get(ctx.listed_kind) != "person":
        return 0.0, ""
    if dob_relation(ctx.query_dob, ctx.listed_births) is False:
        return 1.0, (f"born {ctx.query_dob}, the listed person "
                     f"{' or '.join(ctx.listed_births)}")
    return 0.0, ""


def common_name(ctx: PairContext) -> tuple[float, str]:
    """The listed party is a person and every word of the query is common on the lists
    (MOHAMMED ALI, WEI ZHANG: each word on many listed names). Many people share such a
    name, so on the name alone it is at most a review (score at most 0.80); a date of birth
    that agrees lifts the limit, one that disagrees rules the person out (``dob_mismatch``),
    an identifier decides."""
    if KIND_GROUPS.get(ctx.listed_kind) != "person":
        return 0.0, ""
    if dob_relation(ctx.query_dob, ctx.listed_births):
        return 0.0, ""  # the date of birth agrees: the name is not all there is
    words = _content(ctx)
    if len(words) >= 2 and all(c >= COMMON for c in words):
        return 1.0, "every word of the name is a common one on the lists"
    return 0.0, ""


def _is_person(ctx: PairContext) -> bool:
    return KIND_GROUPS.get(ctx.listed_kind) == "person"


def dob_match(ctx: PairContext) -> tuple[float, str]:
    """The row's date of birth fits one the list gives for the person: a whole date that is
    the listed day adds 0.08, a year or month that fits (or a day inside a listed year or
    range) 0.04. Lifts a name just under the review line to a review, and a strong name to a
    match; it also lifts the ``common_name`` limit."""
    if not _is_person(ctx) or not dob_relation(ctx.query_dob, ctx.listed_births):
        return 0.0, ""
    if len(ctx.query_dob) == 10 and ctx.query_dob in ctx.listed_births:
        return 1.0, f"born {ctx.query_dob}, as listed"
    return 0.5, f"born {ctx.query_dob}, which fits the listed {' or '.join(ctx.listed_births)}"


def country_match(ctx: PairContext) -> tuple[float, str]:
    """The row's country (nationality, citizenship or residence) is one the list gives for
    the person: adds 0.03."""
    q = ctx.query_country.upper()
    if _is_person(ctx) and q and q in _listed_countries(ctx):
        return 1.0, f"country {q}, as listed"
    return 0.0, ""


def _place_words(text: str) -> tuple[set[str], str]:
    """The words of a place as written, and its country (ISO code) when one is named."""
    words = set(clean_text(text).split())
    parts = [p.strip() for p in text.split(",") if p.strip()]
    country = country_code(parts[-1]) if parts else ""
    return words, country


def _birth_place_relation(ctx: PairContext) -> tuple[int, str]:
    """1 when the row's place of birth shares a word with a listed one, -1 when every listed
    one is in another country and shares none, else 0; with the places in words."""
    if not (_is_person(ctx) and ctx.query_birth_place and ctx.listed_person.birth_places):
        return 0, ""
    listed = ctx.listed_person.birth_places
    text = f"born in {ctx.query_birth_place}, listed {' or '.join(listed)}"
    mine, my_country = _place_words(ctx.query_birth_place)
    places = [_place_words(p) for p in listed]
    if any(mine & words for words, _ in places):
        return 1, text
    if my_country and all(country and country != my_country for _, country in places):
        return -1, text
    return 0, ""


def birth_place_match(ctx: PairContext) -> tuple[float, str]:
    """The row's place of birth shares a word (the town, or the country) with one the list
    gives for the person: adds 0.03."""
    relation, text = _birth_place_relation(ctx)
    return (1.0, text) if relation > 0 else (0.0, "")


def birth_place_mismatch(ctx: PairContext) -> tuple[float, str]:
    """The row's place of birth is in another country than every one the list gives, with no
    word in common: takes 0.10 off (rarely the same person, though lists do err)."""
    relation, text = _birth_place_relation(ctx)
    return (1.0, text) if relation < 0 else (0.0, "")


def initials_mismatch(ctx: PairContext) -> tuple[float, str]:
    """The query gives an initial that no word of the listed person's name starts with
    (``V. I. KONDRATYEV`` against KONDRATIEV, Ivan): another given name, so likely another
    person - though lists leave out middle names. Takes 0.15 off."""
    a = ctx.alignment
    if not (_is_person(ctx) and a is not None):
        return 0.0, ""
    left = [w for w in a.unmatched_query if len(w) == 1]
    if left:
        return 1.0, f"initial {' '.join(w.upper() for w in left)} starts no listed name"
    return 0.0, ""


def gender_mismatch(ctx: PairContext) -> tuple[float, str]:
    """The row's gender is not the one the list gives for the person (OFAC prints it for
    most individuals): takes 0.15 off."""
    q, listed = ctx.query_gender.lower(), ctx.listed_person.gender
    if _is_person(ctx) and q and listed and q != listed:
        return 1.0, f"gender {q}, listed {listed}"
    return 0.0, ""


def weak_alias(ctx: PairContext) -> tuple[float, str]:
    """The name met is only one of the listed person's weak aliases - OFAC's "low quality"
    a.k.a.: a nickname, a broad or generic name, which OFAC says is not to be relied on alone
    to identify a party. On the name alone that is at most a review (score at most 0.80)."""
    if _is_person(ctx) and ctx.listed_weak:
        return 1.0, "met only a weak alias (OFAC: not to be relied on alone)"
    return 0.0, ""


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    func: FeatureFunc
    weight: float
    qualifier: bool = False
    cap: float | None = None
    """A limit: when the feature fires, the score is at most this (its weight is 0)."""
    person: bool = False
    """Measured only against a listed person (the scorer skips it for others)."""

    @property
    def doc(self) -> str:
        return " ".join((self.func.__doc__ or "").split())


FEATURES: tuple[Feature, ...] = (
    Feature("identifier_match", identifier_match, 1.0),
    Feature("exact_name", exact_name, 1.0),
    Feature("name_match", name_match, 1.0),
    Feature("acronym_match", acronym_match, 0.92),
    Feature("country_mismatch", country_mismatch, -0.20, qualifier=True),
    Feature("type_mismatch", type_mismatch, -1.0, qualifier=True),
    Feature("dob_mismatch", dob_mismatch, -1.0, qualifier=True, person=True),
    Feature("short_name", short_name, 0.0, qualifier=True, cap=0.80),
    Feature("one_word_weak", one_word_weak, 0.0, qualifier=True, cap=0.60),
    Feature("listed_says_more", listed_says_more, 0.0, qualifier=True, cap=0.80),
    Feature("common_name", common_name, 0.0, qualifier=True, cap=0.80, person=True),
    Feature("weak_alias", weak_alias, 0.0, qualifier=True, cap=0.80, person=True),
    Feature("dob_match", dob_match, 0.08, qualifier=True, person=True),
    Feature("country_match", country_match, 0.03, qualifier=True, person=True),
    Feature("birth_place_match", birth_place_match, 0.03, qualifier=True, person=True),
    Feature("birth_place_mismatch", birth_place_mismatch, -0.10, qualifier=True, person=True),
    Feature("gender_mismatch", gender_mismatch, -0.15, qualifier=True, person=True),
    Feature("initials_mismatch", initials_mismatch, -0.15, qualifier=True, person=True),
    Feature("legal_form_mismatch", legal_form_mismatch, -0.05, qualifier=True),
    Feature("numbers_mismatch", numbers_mismatch, -0.15, qualifier=True),
)
"""Main features first; the score's main part is the best of them, held under the caps of
the limits that fired, plus the qualifiers' weights. An exact identifier match (ISIN,
LEI, ticker with its market) decides on its own: no qualifier or limit lowers it."""
