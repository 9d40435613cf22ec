"""Words of the listed names: how much each one weighs, and which listed words a query word
can stand for.

**Weights come from rarity in the lists.** A word on one listed name in 35,000 identifies a
party; CHINA, GROUP, HOLDINGS, TECHNOLOGY, BANK, TRADING are on hundreds and identify nothing.
The weight of a word is its inverse document frequency over the distinct listed names, scaled to
0-1 and sharpened (``** IDF_POWER``), times a discount when rigour's symbol tables say the word
is generic: a place (``LOC``), an organisation word (``SYMBOL``: group, holding, trading), or a
sector (``DOMAIN``: bank, oil, technology). Function words weigh almost nothing.

**Query words meet listed words** (:meth:`TokenTable.lookup`), each way with a similarity:

* ``exact`` - the same word (1.0);
* ``symbol`` - the same rigour symbol: an abbreviation or synonym (intl = international,
  tech = technology, grp = group, 1st = first);
* ``typo`` - within a small edit budget (1 edit from 5 letters, 2 from 9, first letter kept;
  found through a deletion index, never by scanning the vocabulary);
* ``split`` - a run-together word that is two listed words (siemensag = siemens + ag).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rigour.names import NameTypeTag, analyze_names

from listguard.matching.normalize import STOPWORDS

MatchKind = Literal["exact", "symbol", "typo", "split"]

IDF_POWER = 1.5
"""Sharpening of the rarity weight: generic words fall faster than rare ones."""
CATEGORY_DISCOUNT = {"LOC": 0.5, "SYMBOL": 0.5, "DOMAIN": 0.7, "ORGCLS": 0.3}
"""Weight multipliers for words rigour's symbol tables call generic."""
STOPWORD_WEIGHT = 0.02
MIN_WEIGHT = 0.02
SYMBOL_SIMILARITY = 0.9
SPLIT_SIMILARITY = 0.95
SYMBOL_CATEGORIES = frozenset({"SYMBOL", "DOMAIN", "NUM", "ORGCLS", "LOC", "NICK"})
MAX_SYMBOL_SYNONYMS = 24


def typo_budget(length: int) -> int:
    """Edits allowed between two words of this length (the shorter one)."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def token_symbols(words: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """rigour's symbols (category, id) for single words, in one call."""
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    names = analyze_names(NameTypeTag.ORG, list(words), consolidate=False, phonetics=False)
    for name in names:
        symbols = tuple(sorted(
            (span.symbol.category.value, span.symbol.id)
            for span in name.spans
            if len(span.parts) == 1 and span.symbol.category.value in SYMBOL_CATEGORIES
        ))
        found[name.original] = symbols
    return found


@dataclass(frozen=True, slots=True)
class TokenMatch:
    token_id: int
    similarity: float
    kind: MatchKind


class TokenTable:
    """The vocabulary of the listed names with weights and a typo index."""

    def __init__(self, token_lists: Iterable[tuple[str, ...]]) -> None:
        df: dict[str, int] = defaultdict(int)
        n_names = 0
        for tokens in set(token_lists):
            n_names += 1
            for token in set(tokens):
                df[token] += 1
        self.n_names = max(n_names, 1)
        self.words: list[str] = sorted(df)
        self.vocab: dict[str, int] = {w: i for i, w in enumerate(self.words)}
        self.df = np.array([df[w] for w in self.words], dtype=np.int32)
        self._log_n = math.log(self.n_names + 1)
        symbols = token_symbols(self.words) if self.words else {}
        self.symbols: list[tuple[tuple[str, str], ...]] = [symbols.get(w, ()) for w in self.words]
        self.weights: npt.NDArray[np.float32] = np.array(
            [self._weight(w, int(d), s) for w, d, s in zip(self.words, self.df, self.symbols,
                                                           strict=True)],
            dtype=np.float32,
        )
        by_symbol: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, syms in enumerate(self.symbols):
            for sym in syms:
                by_symbol[sym].append(i)
        self.by_symbol = {k: v for k, v in by_symbol.items() if len(v) <= MAX_SYMBOL_SYNONYMS}
        deletes: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.words):
            depth = typo_budget(len(word))
            if depth and word.isalpha():
                for key in _deletes(word, depth):
                    deletes[key].append(i)
        self.deletes = dict(deletes)
        self._lookups: dict[str, tuple[TokenMatch, ...]] = {}
        self._oov: dict[str, tuple[float, tuple[tuple[str, str], ...]]] = {}

    # -- weights ---------------------------------------------------------------------------

    def _weight(self, word: str, df: int, symbols: tuple[tuple[str, str], ...]) -> float:
        if word in STOPWORDS:
            return STOPWORD_WEIGHT
        idf = math.log((self.n_names + 1) / (df + 0.5)) / self._log_n
        weight = float(min(1.0, max(idf, 0.0)) ** IDF_POWER)
        discount = min((CATEGORY_DISCOUNT.get(cat, 1.0) for cat, _ in symbols), default=1.0)
        return float(max(MIN_WEIGHT, weight * discount))

    def _oov_info(self, word: str) -> tuple[float, tuple[tuple[str, str], ...]]:
        info = self._oov.get(word)
        if info is None:
            symbols = token_symbols([word]).get(word, ())
            info = (self._weight(word, 0, symbols), symbols)
            self._oov[word] = info
        return info

    def weight(self, word: str) -> float:
        """Weight of any word: a listed word's own, or an unseen word's (rare, so heavy)."""
        i = self.vocab.get(word)
        if i is not None:
            return float(self.weights[i])
        return self._oov_info(word)[0]

    def symbols_of(self, word: str) -> tuple[tuple[str, str], ...]:
        i = self.vocab.get(word)
        if i is not None:
            return self.symbols[i]
        return self._oov_info(word)[1]

    # -- lookups ---------------------------------------------------------------------------

    def lookup(self, word: str) -> tuple[TokenMatch, ...]:
        """Listed words this query word can stand for, best first (cached per word)."""
        found = self._lookups.get(word)
        if found is None:
            found = self._lookup(word)
            if len(self._lookups) > 500_000:
                self._lookups.clear()
            self._lookups[word] = found
        return found

    def _lookup(self, word: str) -> tuple[TokenMatch, ...]:
        best: dict[int, TokenMatch] = {}

        def add(token_id: int, sim: float, kind: MatchKind) -> None:
            old = best.get(token_id)
            if old is None or old.similarity < sim:
                best[token_id] = TokenMatch(token_id, sim, kind)

        exact = self.vocab.get(word)
        if exact is not None:
            add(exact, 1.0, "exact")
        for sym in self.symbols_of(word):
            for token_id in self.by_symbol.get(sym, ()):
                if token_id != exact:
                    add(token_id, SYMBOL_SIMILARITY, "symbol")
        depth = typo_budget(len(word))
        if depth and word.isalpha():
            seen: set[int] = set()
            for key in _deletes(word, depth):
                for token_id in self.deletes.get(key, ()):
                    if token_id == exact or token_id in seen:
                        continue
                    seen.add(token_id)
                    sim = typo_similarity(word, self.words[token_id])
                    if sim > 0:
                        add(token_id, sim, "typo")
        if exact is None and len(word) >= 5:
            for cut in range(2, len(word) - 1):
                left, right = self.vocab.get(word[:cut]), self.vocab.get(word[cut:])
                if left is not None and right is not None:
                    add(left, SPLIT_SIMILARITY, "split")
                    add(right, SPLIT_SIMILARITY, "split")
                    break
        return tuple(sorted(best.values(), key=lambda m: -m.similarity))


def typo_similarity(a: str, b: str) -> float:
    """1 - edits/length when the edits fit :func:`typo_budget` and the first letters agree,
    else 0. Digits never fuzz."""
    if a == b:
        return 1.0
    shorter = min(len(a), len(b))
    budget = typo_budget(shorter)
    if not budget or a[0] != b[0] or not (a.isalpha() and b.isalpha()):
        return 0.0
    edits = OSA.distance(a, b, score_cutoff=budget)
    if edits > budget:
        return 0.0
    return 1.0 - edits / max(len(a), len(b))
