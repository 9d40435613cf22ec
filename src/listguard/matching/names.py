"""Name analysis: any name string to the tuple of words the matcher compares.

Built on :func:`listguard.normalize.clean_text` (Unicode NFKC, case folding, punctuation), so
the exact-lookup keys and the fuzzy matcher agree on what a character is. On top of it:

1. apostrophes are dropped rather than split on (``Qa'ida`` -> ``qaida``);
2. any script is transliterated to Latin (:mod:`.translit`);
3. runs of single letters are joined (``A.B.C. Company`` -> ``abc``; ``O.O.O.`` -> ``ooo``),
   unless written with a period and a space each (``A. H. Mohammed``: a person's initials);
4. legal forms are removed wherever they stand: rigour's org-type table (ISO 20275 and others:
   Ltd., Co., LLC, GmbH, OOO, AG, S.A. de C.V. ...) takes whole phrases; then the words such
   phrases are made of (``joint``, ``stock``, ``liability``, ``company``, ``pty`` ...) go one
   by one, so a legal form cut short, reordered or misspelt (``Joint Stock Co``, ``Limited
   Liabisity Company``) goes too. A qualifier (``public``, ``open``, ``closed``) goes only
   when a legal word follows it;
5. function words (of, and, de, y ...) are **kept**, but marked *minor* when they connect two
   other words ("Bank *of* China", "Aguilar *y* Cia"): a minor word weighs almost nothing.
   A leading article (The, Al, El) is minor too, and so is a person's title before a name of
   two words or more (Mr, Dr, President, Sheikh: :data:`PERSON_TITLES`). Anywhere else a
   listed function word is an ordinary word, so "Un" in "Kim Jong Un" still counts;
6. a digit between letters is the letter it looks like (``Ig0r Sech1n``: Igor Sechin);
7. Arabic ``Abd al-`` is one spelling: Abd al-Aziz, Abd el Aziz, Abdel Aziz -> ``abdul aziz``.

The legal forms found are kept apart (their generic form: ``llc``, ``jsc`` ...) so a feature
can still tell a GmbH from an AG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour._core import person_name_prefixes_list, stopwords_list
from rigour.names import extract_org_types, remove_org_types

from listguard.matching.translit import latinize
from listguard.normalize import clean_text

MAX_NAME_CHARS = 300
"""Longer inputs are cut here before analysis (no list name is half this long)."""

LEGAL_WORDS = frozenset({
    # English words rigour's org-type table leaves inside names
    "corporation", "corp", "company", "co", "incorporated", "inc", "limited", "ltd", "llc",
    "plc", "llp", "cie", "compania", "compagnie", "companie", "societe", "sociedad",
    # the words legal-form phrases are made of, and common short forms
    "liability", "joint", "stock", "pty", "ltda", "cia", "jsc", "ojsc", "cjsc", "pjsc", "oao",
    "ooo", "zao", "pao", "tov", "gmbh", "sarl", "srl", "spa", "pte", "pvt", "bhd", "sdn",
    "anonima", "anonyme", "anonim", "sirketi",
})
"""Words that are legal forms or parts of one, removed wherever they stand."""
LEGAL_QUALIFIERS = frozenset({"public", "open", "closed", "private"})
"""Removed only when a legal word follows ("Public Joint Stock Company")."""
_LEGAL_TYPO_TARGETS: dict[str, tuple[str, ...]] = {}
"""Long legal words (not qualifiers) by first letter: what a slip may be of."""
for _word in sorted(LEGAL_WORDS):
    if len(_word) >= 6:
        _LEGAL_TYPO_TARGETS[_word[0]] = (*_LEGAL_TYPO_TARGETS.get(_word[0], ()), _word)

# rigour's stopwords (after transliteration, so Latin ones) less the ones that are also common
# name syllables or initials: "un" (Kim Jong Un), "a", "ja", "wa" ...
_NOT_FUNCTION = frozenset({"a", "un", "una", "une", "unos", "unas", "ja", "wa", "ul", "es",
                           "em", "ve", "za", "zu", "o", "i", "in", "on", "at", "to", "or",
                           "an", "as", "by"})
FUNCTION_WORDS = frozenset(
    w.casefold() for w in stopwords_list() if w.isascii() and w.isalpha()
) - _NOT_FUNCTION
"""Words that are minor when they connect two other words."""
LEADING_ARTICLES = frozenset({"the", "al", "el"})
"""Words that are minor at the start of a name of two words or more."""

_NOT_TITLES = frozenset({
    "general", "private", "the", "chair", "chairman", "chairwoman", "director", "count",
    "queen", "lady", "lord", "dame", "laird", "emperor", "empress", "managing director",
    "company secretary", "ex chair", "ex chairman", "ex chairwoman", "ex company secretary",
    "ex director", "ex managing director", "fr", "sr", "hr",
})
"""rigour's person-name prefixes that also begin company names (General Dynamics, Queen
City Bank) or are name parts (Sr): never taken for a title."""
PERSON_TITLES: frozenset[tuple[str, ...]] = frozenset(
    tuple(t.split()) for t in (
        *(clean_text(latinize(p)) for p in person_name_prefixes_list()),
        "sheikh", "shaikh", "shaykh")
    if t and t not in _NOT_TITLES
)
"""Titles and honorifics before a person's name (Mr, Dr, President, Monsieur, His Excellency,
Sheikh ...), from rigour's table: minor at the start of a name of three words or more."""
_MAX_TITLE = max(len(t) for t in PERSON_TITLES)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g"})
_LEET_WORD = re.compile(r"(?<![\w])(?=\w*[a-z]\d)(?=\w*\d[a-z])[a-z]*\d[a-z\d]*[a-z](?![\w])")
"""A word with a digit between letters (Sech1n, Ig0r, I9or): letters written as digits."""

_LEGAL_PHRASES = re.compile(r"\b(?:de )?capital variable$")
"""Legal-form endings rigour's table misses (Sociedad Anonima de Capital Variable)."""
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_APOSTROPHES = re.compile(r"[\u2019\u2018'`\u00b4\u02bc]")
_SPACED_INITIALS = re.compile(r"(?<![^\W\d_])[^\W\d_]\.\s+[^\W\d_](?![^\W\d_])")
"""``A. H.``: initials written with a period and a space, a person's (``A.B.C.`` is a
company's acronym, joined)."""
_SINGLE_LETTER_RUN = re.compile(r"(?<!\w)(?:\w )+\w(?!\w)")


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name as the matcher sees it."""

    tokens: tuple[str, ...]
    legal: tuple[str, ...] = ()
    """Generic legal forms found in the name (``llc``, ``jsc`` ...)."""
    fuzzy: bool = True
    """False for names written in Chinese, Japanese or Korean script: a one-letter slip in
    their romanisation is another character, hence another name, not a typo."""
    minor: tuple[bool, ...] = ()
    """Per token: a connecting function word that weighs almost nothing (empty: none)."""
    company: bool = False
    """The name states a legal form (Ltd., Corporation, AG, OOO ...): it names a company,
    not a person or a vessel."""

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def joined(self) -> str:
        return "".join(t for t, m in zip(self.tokens, self.minor_flags, strict=True) if not m)

    @property
    def minor_flags(self) -> tuple[bool, ...]:
        return self.minor or (False,) * len(self.tokens)

    @property
    def content(self) -> tuple[str, ...]:
        """The tokens that are not minor."""
        return tuple(t for t, m in zip(self.tokens, self.minor_flags, strict=True) if not m)


def _join_single_letters(text: str) -> str:
    return _SINGLE_LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def clean_name(raw: str) -> str:
    """Cleaned, Latin, lowercase text with single-letter runs joined (legal forms kept) and
    digits written for letters read as letters (``Sech1n`` -> ``sechin``)."""
    text = clean_text(_APOSTROPHES.sub("", raw[:MAX_NAME_CHARS]))
    if not text.isascii():
        text = clean_text(latinize(text))
    if any(ch.isdigit() for ch in text):
        text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    if _SPACED_INITIALS.search(raw):
        return text  # a person's initials (A. H. Mohammed): each stands for its own name
    return _join_single_letters(text)


_ABD = frozenset({"abdel", "abdal", "abdoul", "abdol", "abdil", "abdoel"})
_ABD_ARTICLES = frozenset({"al", "el", "ul", "ol", "il", "ar", "as", "ad", "an", "ash", "at"})


def _abdul(words: list[str]) -> list[str]:
    """Arabic ``Abd al-`` (servant of) as one spelling: Abd al-Aziz, Abd el Aziz, Abdel Aziz and
    Abdul Aziz are all ``abdul aziz``."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "abd" and i + 1 < len(words) and words[i + 1] in _ABD_ARTICLES:
            out.append("abdul")
            i += 2
            continue
        out.append("abdul" if word in _ABD else word)
        i += 1
    return out


def _title_length(words: list[str]) -> int:
    """How many leading words are a title (Mr, His Excellency), in a name of three words or
    more of which two or more are left after it."""
    for n in range(min(_MAX_TITLE, len(words) - 2), 0, -1):
        if tuple(words[:n]) in PERSON_TITLES:
            return n
    return 0


@lru_cache(maxsize=65536)
def is_legal_word(word: str) -> bool:
    """A legal word, or a one-letter slip of a long one (``liabisity``, ``limted``)."""
    if word in LEGAL_WORDS:
        return True
    if len(word) < 6 or not word.isalpha():
        return False
    return any(abs(len(t) - len(word)) <= 1 and OSA.distance(word, t, score_cutoff=1) <= 1
               for t in _LEGAL_TYPO_TARGETS.get(word[0], ()))


def _is_qualifier(word: str) -> bool:
    if word in LEGAL_QUALIFIERS:
        return True
    return len(word) >= 5 and any(
        t[0] == word[0] and OSA.distance(word, t, score_cutoff=1) <= 1 for t in LEGAL_QUALIFIERS)


def _strip_legal(words: list[str]) -> list[int]:
    """Positions of the words that stay after legal words (and their qualifiers) go."""
    legal = [is_legal_word(w) for w in words]
    for i in range(len(words) - 2, -1, -1):
        if not legal[i] and legal[i + 1] and _is_qualifier(words[i]):
            legal[i] = True
    return [i for i, is_legal in enumerate(legal) if not is_legal]


@lru_cache(maxsize=131072)
def analyze(raw: str) -> NameForm:
    """The :class:`NameForm` of a raw name; empty tokens if nothing usable is left.

    >>> analyze("Huawei Technologies Co., Ltd.").tokens
    ('huawei', 'technologies')
    >>> analyze("A.B.C. Company").tokens
    ('abc',)
    >>> analyze("小米集团").tokens
    ('xiaomi', 'group')
    """
    text = clean_name(raw)
    if not text:
        return NameForm(())
    fuzzy = not _CJK.search(raw)
    # A legal form of two letters anywhere but at the end is more often a name's syllable
    # (KU JA YOUNG, a Korean name; KU is also a legal form) than a company's form.
    found = [(m, g) for m, g in extract_org_types(text, generic=True)
             if len(m) > 2 or text.endswith(m)]
    legal = tuple(target for _, target in found)
    words = _LEGAL_PHRASES.sub(" ", text).split() or text.split()
    if "abd" in text:
        words = _abdul(words)
    # The last word of the name as written: a connector before a removed legal form ("Aguilar
    # y Cia Ltda") still connects.
    original_last = words[-1]
    kept = _strip_legal(words)
    company = bool(found) or len(kept) < len(words)
    words = [words[i] for i in kept]
    if found and words:
        words = remove_org_types(" ".join(words), replacement=" ").split()
    if not words:
        # A name made only of legal words ("The Company"): keep what there is.
        words = text.split()
    last = len(words) - 1 if words[-1] == original_last else len(words)
    tokens = tuple(words)
    title = 0 if company else _title_length(words)
    minor = tuple(
        (w in FUNCTION_WORDS and 0 < i < last)
        or (i == 0 and w in LEADING_ARTICLES and len(words) > 1)
        or i < title
        for i, w in enumerate(words)
    )
    if all(minor):
        minor = (False,) * len(tokens)
    return NameForm(tokens, legal, fuzzy, minor if any(minor) else (), company)


def initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t)
