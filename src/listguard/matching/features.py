"""What the matcher measures, declared once. The docstrings are the documentation.

A score is built like nomenklatura's logic-v2: the **best main feature** (``value x weight``)
plus the **qualifiers** (small penalties), clipped to 0-1::

    score = max(main.value * main.weight) + sum(qualifier.value * qualifier.weight)

Every hit carries every feature that fired, with its value, weight and a description, so the
score can always be taken apart again (see :meth:`.types.Hit.explain`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from listguard.matching.names import NameForm
from listguard.matching.scorer import Alignment


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


FeatureFunc = Callable[[PairContext], tuple[float, str]]
SCHEME_LABELS = {"isin": "ISIN", "lei": "LEI", "ticker": "ticker"}


def identifier_match(ctx: PairContext) -> tuple[float, str]:
    """The query's ISIN, LEI or ticker is one the listed entity holds. An identifier beats any
    name: an exact ISIN or LEI, or a ticker with its market, is 1.0; a ticker code given
    without a market (``1810`` for ``1810 HK``) is 0.9."""
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
    """The query gives a country and the listed entity has another one (ISO codes)."""
    q, listed = ctx.query_country.upper(), ctx.listed_country.upper()
    if q and listed and q != listed:
        return 1.0, f"country {q} is not the listed {listed}"
    return 0.0, ""


def legal_form_mismatch(ctx: PairContext) -> tuple[float, str]:
    """Both names state a legal form and the forms differ in kind (GmbH is not an AG)."""
    q, listed = set(ctx.query.legal), set(ctx.listed.legal)
    if q and listed and not q & listed:
        return 1.0, f"legal form {'/'.join(sorted(q))} is not {'/'.join(sorted(listed))}"
    return 0.0, ""


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    func: FeatureFunc
    weight: float
    qualifier: bool = False

    @property
    def doc(self) -> str:
        return " ".join((self.func.__doc__ or "").split())


FEATURES: tuple[Feature, ...] = (
    Feature("identifier_match", identifier_match, 1.0),
    Feature("exact_name", exact_name, 1.0),
    Feature("name_match", name_match, 1.0),
    Feature("acronym_match", acronym_match, 0.92),
    Feature("country_mismatch", country_mismatch, -0.10, qualifier=True),
    Feature("legal_form_mismatch", legal_form_mismatch, -0.05, qualifier=True),
    Feature("numbers_mismatch", numbers_mismatch, -0.15, qualifier=True),
)
"""Main features first; the score's main part is the best of them."""
