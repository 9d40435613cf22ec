"""Name analysis: any name string to the tuple of words the matcher compares.

Built on :func:`listguard.normalize.clean_text` (Unicode NFKC, case folding, punctuation), so
the exact-lookup keys and the fuzzy matcher agree on what a character is. On top of it:

1. apostrophes are dropped rather than split on (``Qa'ida`` -> ``qaida``);
2. any script is transliterated to Latin (:mod:`.translit`);
3. runs of single letters are joined (``A.B.C. Company`` -> ``abc``; ``O.O.O.`` -> ``ooo``);
4. legal forms are removed wherever they stand, using rigour's org-type table (ISO 20275 and
   others: Ltd., Co., LLC, GmbH, OOO, AG, S.A. de C.V. ...), plus the English legal words that
   rigour leaves inside names (``Corporation`` in "Aviation Industry Corporation of China");
5. function words (of, the, and, de, al ...) are dropped, using rigour's stopword list.

The legal forms found are kept apart (their generic form: ``llc``, ``jsc`` ...) so a feature
can still tell a GmbH from an AG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour._core import stopwords_list
from rigour.names import extract_org_types, remove_org_types

from listguard.matching.translit import latinize
from listguard.normalize import clean_text

MAX_NAME_CHARS = 300
"""Longer inputs are cut here before analysis (no list name is half this long)."""

# Legal words rigour's org-type table does not strip in the middle of a name.
LEGAL_WORDS = frozenset({
    "corporation", "corp", "company", "co", "incorporated", "inc", "limited", "ltd", "llc",
    "plc", "cie", "compania", "compagnie", "companie", "societe", "sociedad",
})
STOPWORDS = frozenset(w.casefold() for w in stopwords_list())

_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_APOSTROPHES = re.compile(r"[\u2019\u2018'`\u00b4\u02bc]")
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

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def joined(self) -> str:
        return "".join(self.tokens)


def _join_single_letters(text: str) -> str:
    return _SINGLE_LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def clean_name(raw: str) -> str:
    """Cleaned, Latin, lowercase text with single-letter runs joined (legal forms kept)."""
    text = clean_text(_APOSTROPHES.sub("", raw[:MAX_NAME_CHARS]))
    if not text.isascii():
        text = clean_text(latinize(text))
    return _join_single_letters(text)


@lru_cache(maxsize=262144)
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
    legal: tuple[str, ...] = ()
    found = extract_org_types(text, generic=True)
    if found:
        legal = tuple(target for _, target in found)
        text = remove_org_types(text, replacement=" ")
    words = text.split()
    tokens = tuple(w for w in words if w not in LEGAL_WORDS and w not in STOPWORDS)
    if not tokens:
        # A name made only of legal or function words ("The Company"): keep what there is.
        tokens = tuple(w for w in words if w not in STOPWORDS) or tuple(words)
    return NameForm(tokens, legal, fuzzy)


def initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t)
