"""Words of the listed names: how much each one weighs, and which listed words a query word
can stand for.

**Weights come from rarity in the lists.** A word on one listed name in 35,000 identifies a
party; CHINA, GROUP, HOLDINGS, TECHNOLOGY, BANK, TRADING are on hundreds and identify nothing.
The weight of a word is its inverse document frequency over the distinct listed names, scaled to
0-1 and sharpened (``** IDF_POWER``). Spellings of one thing share its rarity: when rigour's
symbol tables say words are the same symbol (tech = technology = technologies, grp = group,
chinese = china), each weighs no more than the symbol as a whole. A word rigour calls generic -
a place (``LOC``), an organisation word (``SYMBOL``: group, holding, trading), a sector
(``DOMAIN``: bank, oil, technology) - is discounted on top. A *minor* occurrence (a connecting
function word, see :mod:`.normalize`) weighs ``MINOR_WEIGHT`` whatever the word.

**Query words meet listed words** (:meth:`TokenTable.lookup`), each way with a similarity:

* ``exact`` - the same word (1.0);
* ``symbol`` - the same rigour symbol: an abbreviation or synonym (intl = international,
  tech = technology, grp = group, 1st = first);
* ``name`` - two spellings of one person's name (Mohammed = Muhammad, Osama = Usama, Ted =
  Theodore, bin = ibn), by rigour's person-name tables (:mod:`.person_names`);
* ``typo`` - within a small edit budget (1 edit from 4 letters, 2 from 9, first letter kept;
  found through a deletion index, never by scanning the vocabulary);
* ``sound`` - the same word as romanisations and spellings drift: ph/f, y/i/j, ou/u, kh/ch/h,
  ts/c, sh/sch/s, w/v, c/k, doubled letters (:func:`sound_key`: Mokhammad = Mohammad,
  Kontsern = Koncern, Teknolojy = Teknoloji, Fynland = Finland); looked up by key, never by
  scanning;
* ``skeleton`` - for a person's name only (the scorer drops it for others: Verizon is not
  Farazan), the same consonant skeleton in a word of six letters or more
  (:func:`skeleton_key`: Sevcenko = Shevchenko, Gajkovic = Gaykovich);
* ``abbreviation`` - a short, rare query word that shortens a *common* listed word (sci =
  science, ind = industry, mfg = manufacturing; see :func:`is_abbreviation`): people shorten
  the words every company name has - ones on many listed names, or generic ones by rigour's
  symbol tables - not the rare ones;
* ``split`` - a run-together word that is two listed words (siemensag = siemens + ag), for
  finding candidates only: the alignment counts it only when it meets both (a merge).

An unseen query word weighs like an unseen (rare) word, except that one standing for listed
words - a symbol, an abbreviation, a typo - weighs what the best of them weighs.
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rigour.names import NameTypeTag, analyze_names

from listguard.matching.names import NameForm
from listguard.matching.person_names import SYMBOL_CATEGORY, name_symbols

MatchKind = Literal["exact", "symbol", "name", "typo", "sound", "skeleton", "abbreviation",
                    "split"]

IDF_POWER = 1.5
"""Sharpening of the rarity weight: generic words fall faster than rare ones."""
CATEGORY_DISCOUNT = {"LOC": 0.5, "SYMBOL": 0.5, "DOMAIN": 0.7, "ORGCLS": 0.3}
"""Weight multipliers for words rigour's symbol tables call generic."""
MINOR_WEIGHT = 0.02
"""Weight of a minor (connecting function word) occurrence."""
MIN_WEIGHT = 0.02
SYMBOL_SIMILARITY = 0.9
SPLIT_SIMILARITY = 0.95
"""Each half of a run-together word meets its listed word, for finding candidates; the
alignment pairs the whole only with both halves (a merge)."""
ABBREVIATION_SIMILARITY = 0.8
SYMBOL_CATEGORIES = frozenset({"SYMBOL", "DOMAIN", "NUM", "ORGCLS", "LOC", "NICK"})
NAME_SIMILARITY = 0.9
"""Two spellings of one person's name (:mod:`.person_names`: Mohammed / Muhammad)."""
MAX_SYMBOL_SYNONYMS = 24
ABBREVIATION_MIN_DF = 5
"""A listed word on this many names or more is common: one an abbreviation may stand for."""
GENERIC_CATEGORIES = frozenset({"SYMBOL", "DOMAIN", "ORGCLS"})
"""A word rigour files under one of these is common however few names hold it."""
RARE, COMMON, GENERIC = 0, 1, 2
"""Word classes: a common word may be abbreviated; a generic one is never a name's part an
initial stands for."""
ABBREVIATION_LENGTHS = range(3, 6)
"""Lengths of query words looked up as abbreviations."""
LOOKUP_CACHE = 200_000
INITIAL_WEIGHT = 0.25
"""Most a one-letter word (an initial) can weigh, before sharpening."""

Symbols = tuple[tuple[str, str], ...]


def typo_budget(length: int) -> int:
    """Edits allowed between two words of this length (the shorter one)."""
    if length >= 9:
        return 2
    if length >= 4:
        return 1
    return 0


SOUND_SIMILARITY = 0.92
"""A word spelt another way (a romanisation's habits, doubled letters): nearly the word."""
SOUND_MIN_LENGTH = 4
_SOUND_DIGRAPHS = (("sch", "s"), ("tch", "c"), ("dzh", "j"), ("sh", "s"), ("ch", "h"),
                   ("zh", "j"), ("dj", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"),
                   ("ck", "k"), ("ks", "x"), ("ts", "c"), ("tz", "c"), ("ou", "u"), ("oo", "u"),
                   ("ie", "i"), ("ee", "i"))
_SOUND_LETTERS = str.maketrans({"y": "i", "j": "i", "w": "v", "q": "k", "c": "k", "z": "s"})


def sound_key(word: str) -> str:
    """``word`` as it sounds across the ways names are romanised and spelt (see the module
    doc); empty for words too short or not alphabetic to carry a sound."""
    if len(word) < SOUND_MIN_LENGTH or not word.isalpha() or not word.isascii():
        return ""
    for spelt, sound in _SOUND_DIGRAPHS:
        word = word.replace(spelt, sound)
    word = word.translate(_SOUND_LETTERS)
    return "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])


SKELETON_SIMILARITY = 0.85
"""A word met only by its consonant skeleton (Sevcenko / Shevchenko): likely that word."""
SKELETON_MIN_LENGTH = 6
_SKELETON_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("tch", "c"), ("dzh", "j"), ("kh", "h"),
                      ("ch", "c"), ("sh", "s"), ("zh", "z"), ("ts", "c"), ("tz", "c"),
                      ("ph", "f"), ("th", "t"), ("ck", "k"))
_SKELETON_LETTERS = str.maketrans({"c": "k", "q": "k", "w": "v", "f": "v"})
_SKELETON_DROP = frozenset("aeiouyjh")


def skeleton_key(word: str) -> str:
    """The word's consonants as romanisation systems disagree on them least: digraphs to one
    letter (shch, ch, sh, kh, zh, ts), c/k/q and v/w/f alike, vowels, y, j and h dropped,
    doubled letters once (s and z stay apart: Zaviyalov is not Shuvalov). ``Sevcenko``
    (scholarly, without its marks) and ``Shevchenko`` (BGN/PCGN) are both ``svknk``; empty
    for words under six letters or keys under three."""
    if len(word) < SKELETON_MIN_LENGTH or not word.isalpha() or not word.isascii():
        return ""
    for spelt, sound in _SKELETON_DIGRAPHS:
        word = word.replace(spelt, sound)
    kept = [ch for ch in word.translate(_SKELETON_LETTERS) if ch not in _SKELETON_DROP]
    key = "".join(ch for i, ch in enumerate(kept) if i == 0 or ch != kept[i - 1])
    return key if len(key) >= 3 else ""


_VOWEL_STARTS = frozenset("aeiou")


def _name_link(a: str, b: str) -> bool:
    """Whether two spellings of one person's name (per rigour's tables) are taken as such.
    Short names are spellings of too many others (hui / wei, wang / hong, lei / lai), so:
    words of six letters or more always; of four or five when they start alike or both with a
    vowel (Osama / Usama, Ibrahim / Ebrahim); of three only as the nickname of a name of five
    or more that starts alike (Ted / Theodore, Tom / Thomas) or with y for i (Aly / Ali)."""
    short, long = sorted((a, b), key=len)
    if len(short) >= 6:
        return True
    alike = short[0] == long[0]
    if len(short) >= 4:
        return alike or (short[0] in _VOWEL_STARTS and long[0] in _VOWEL_STARTS)
    return len(short) == 3 and alike and (
        len(long) >= 5 or short.replace("y", "i") == long.replace("y", "i"))


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def token_symbols(words: Iterable[str]) -> dict[str, Symbols]:
    """rigour's symbols (category, id) for single words read as part of an organisation's
    name, in one call, and the person-name symbols of :mod:`.person_names` (``NAME``: Usama =
    Osama), which come from rigour too but are shipped as a table."""
    words = list(words)
    found: dict[str, Symbols] = {}
    names = analyze_names(NameTypeTag.ORG, words, consolidate=False, phonetics=False)
    for name in names:
        found[name.original] = tuple(sorted(
            (span.symbol.category.value, span.symbol.id)
            for span in name.spans
            if len(span.parts) == 1 and span.symbol.category.value in SYMBOL_CATEGORIES
        ))
    for word in words:
        person = name_symbols(word)
        if person:
            found[word] = found.get(word, ()) + person
    return found


_VOWELS = frozenset("aeiouy")


def is_abbreviation(short: str, long: str) -> bool:
    """``short`` is how words are shortened: a start of ``long`` (sci, ind, tech), then only
    consonants of it, in order (intl, natl, mfg, hldgs), then maybe its ending (srvces);
    three letters or more, and at least two letters shorter. ``tata`` is not short for
    ``tabatabai``: a vowel after the start is another word, not a shortening."""
    if len(short) < 3 or len(long) < len(short) + 2 or short[0] != long[0]:
        return False
    if not (short.isalpha() and long.isalpha()):
        return False
    end = 0
    while end < 3 and len(short) - end > 2 and short[-1 - end] == long[-1 - end]:
        end += 1
    if end:
        short, long = short[:-end], long[:-end]
    start = 1
    while start < len(short) and short[start] == long[start]:
        start += 1
    pos = start
    for ch in short[start:]:
        if ch in _VOWELS:
            return False
        pos = long.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


FIRST_LETTER_TYPO = 5
"""From this length the first letter may be the slip, the rest alike (Cates / Gates, Harry /
Larry); the scorer takes such a slip for a person's name only (:func:`.scorer.align`)."""


def typo_similarity(a: str, b: str) -> float:
    """1 - edits/length when the edits fit :func:`typo_budget` and the first letters agree
    (or the words have ``FIRST_LETTER_TYPO`` letters or more), else 0. Digits never fuzz."""
    if a == b:
        return 1.0
    shorter = min(len(a), len(b))
    budget = typo_budget(shorter)
    if not budget or not (a.isalpha() and b.isalpha()):
        return 0.0
    if a[0] != b[0] and (shorter < FIRST_LETTER_TYPO or a[1:] != b[1:]):
        return 0.0  # only the first letter itself may be the slip: Cates / Gates
    edits = OSA.distance(a, b, score_cutoff=budget)
    if edits > budget:
        return 0.0
    return 1.0 - edits / max(len(a), len(b))


@dataclass(frozen=True, slots=True)
class TokenMatch:
    token_id: int
    similarity: float
    kind: MatchKind


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One query word as the index sees it: its weight and the listed words it meets."""

    word: str
    weight: float
    matches: tuple[TokenMatch, ...]
    by_id: dict[int, tuple[float, MatchKind]]
    """``matches`` keyed by listed word id: (similarity, kind)."""
    word_class: int
    """``RARE``, ``COMMON`` (on many listed names: a word people shorten) or ``GENERIC``
    (common, and filed by rigour as a legal form, sector or generic word)."""
    ids: tuple[int, ...]
    sims: tuple[float, ...]
    weighted: tuple[float, ...]
    """``matches`` as flat tuples (listed word id, similarity, similarity x weight), for
    building the index's sparse query rows without a loop per match."""


class TokenTable:
    """The vocabulary of the listed names with weights, a typo index and an abbreviation
    index."""

    def __init__(self, forms: Iterable[NameForm]) -> None:
        # Kept in one piece: one pass over every listed name builds all the weight tables
        # together (document frequencies, rarity, minor words); split, it would walk the
        # names once per table.
        distinct = {f.tokens for f in forms}
        self.n_names = max(len(distinct), 1)
        df: dict[str, int] = defaultdict(int)
        for tokens in distinct:
            for token in set(tokens):
                df[token] += 1
        self.words: list[str] = sorted(df)
        self.vocab: dict[str, int] = {w: i for i, w in enumerate(self.words)}
        self.df = np.array([df[w] for w in self.words], dtype=np.int32)
        self._log_n = math.log(self.n_names + 1)
        symbols = token_symbols(self.words) if self.words else {}
        self.symbols: list[Symbols] = [symbols.get(w, ()) for w in self.words]
        # How many names hold some spelling of each symbol.
        symbol_df: dict[tuple[str, str], int] = defaultdict(int)
        for tokens in distinct:
            seen: set[tuple[str, str]] = set()
            for token in set(tokens):
                seen.update(symbols.get(token, ()))
            for sym in seen:
                symbol_df[sym] += 1
        self.symbol_df = dict(symbol_df)
        self.weights: npt.NDArray[np.float32] = np.array(
            [self._weight(int(d), s, len(w)) for w, d, s in zip(self.words, self.df, self.symbols,
                                                                  strict=True)],
            dtype=np.float32,
        )
        by_symbol: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, syms in enumerate(self.symbols):
            for sym in syms:
                by_symbol[sym].append(i)
        self.by_symbol = {k: v for k, v in by_symbol.items() if len(v) <= MAX_SYMBOL_SYNONYMS}
        by_sound: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.words):
            key = sound_key(word)
            if key:
                by_sound[key].append(i)
        self.by_sound = {k: tuple(v) for k, v in by_sound.items() if len(v) <= MAX_SYMBOL_SYNONYMS}
        by_skeleton: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.words):
            key = skeleton_key(word)
            if key:
                by_skeleton[key].append(i)
        self.by_skeleton = {k: tuple(v) for k, v in by_skeleton.items()
                            if len(v) <= MAX_SYMBOL_SYNONYMS}
        """Listed words by :func:`skeleton_key`."""
        """Listed words by :func:`sound_key`."""
        # The typo index: every deletion variant of every word (SymSpell), as a sorted array
        # of 32-bit hashes beside the word ids. A hash collision only costs one comparison.
        keys: list[int] = []
        owners: list[int] = []
        for i, word in enumerate(self.words):
            depth = typo_budget(len(word))
            if depth and word.isalpha():
                for key in _deletes(word, depth):
                    keys.append(zlib.crc32(key.encode()))
                    owners.append(i)
        key_array = np.array(keys, dtype=np.uint32)
        order = np.argsort(key_array, kind="stable")
        self.delete_keys: npt.NDArray[np.uint32] = key_array[order]
        self.delete_ids: npt.NDArray[np.int32] = np.array(owners, dtype=np.int32)[order]
        # Common words by their first letter and two later letters in order: an
        # abbreviation's first three letters (sci, mfg, hld) pick the few words it may stand
        # for.
        generic = np.array([any(cat in GENERIC_CATEGORIES for cat, _ in syms)
                            for syms in self.symbols], dtype=bool)
        self.common: npt.NDArray[np.bool_] = (self.df >= ABBREVIATION_MIN_DF) | generic
        """Words people shorten: on many listed names, or generic (a rigour symbol says)."""
        self.word_class: npt.NDArray[np.int8] = np.where(
            generic, GENERIC, np.where(self.common, COMMON, RARE)).astype(np.int8)
        common: dict[str, set[int]] = defaultdict(set)
        for i, word in enumerate(self.words):
            if self.common[i] and len(word) >= 5 and word.isalpha():
                rest = word[1:]
                for a in range(len(rest) - 1):
                    for b in range(a + 1, len(rest)):
                        common[word[0] + rest[a] + rest[b]].add(i)
        self.common_by_letters = {k: tuple(sorted(v)) for k, v in common.items()}
        self._symbols: dict[str, Symbols] = {}
        self._lookups: dict[str, QueryWord] = {}
        self._neighbours: dict[str, set[int]] = {}

    def clear_caches(self) -> None:
        self._lookups.clear()
        self._symbols.clear()
        self._neighbours.clear()

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the lookup caches (a worker process fills its own)."""
        state = {k: getattr(self, k) for k in self.__dict__}
        state["_lookups"] = {}
        state["_symbols"] = {}
        state["_neighbours"] = {}
        return state

    # -- weights ---------------------------------------------------------------------------

    def _idf(self, df: int) -> float:
        idf = math.log((self.n_names + 1) / (df + 0.5)) / self._log_n
        return min(1.0, max(idf, 0.0))

    def _weight(self, df: int, symbols: Symbols, length: int) -> float:
        base = self._idf(df)
        if length == 1:  # an initial says little about who it stands for
            base = min(base, INITIAL_WEIGHT)
        for sym in symbols:
            sym_df = self.symbol_df.get(sym, 0)
            if sym_df > df:
                base = min(base, self._idf(sym_df))
        discount = min((CATEGORY_DISCOUNT.get(cat, 1.0) for cat, _ in symbols), default=1.0)
        return float(max(MIN_WEIGHT, base**IDF_POWER * discount))

    def weight(self, word: str) -> float:
        """Weight of any word (see the module doc)."""
        return self.query_word(word).weight

    def form_weights(self, form: NameForm) -> tuple[float, ...]:
        """Weight of each token of a name, minor occurrences at ``MINOR_WEIGHT``."""
        return tuple(MINOR_WEIGHT if m else self.query_word(t).weight
                     for t, m in zip(form.tokens, form.minor_flags, strict=True))

    def listed_weights(self, ids: Sequence[int], minor: Sequence[bool]
                       ) -> list[float]:
        w = self.weights
        return [MINOR_WEIGHT if m else float(w[i]) for i, m in zip(ids, minor, strict=True)]

    # -- lookups ---------------------------------------------------------------------------

    def query_word(self, word: str) -> QueryWord:
        """The word's weight and the listed words it can stand for, best first (cached)."""
        found = self._lookups.get(word)
        if found is None:
            found = self._query_word(word)
            if len(self._lookups) >= LOOKUP_CACHE:
                self._lookups.clear()
            self._lookups[word] = found
        return found

    def lookup(self, word: str) -> tuple[TokenMatch, ...]:
        return self.query_word(word).matches

    def prepare(self, words: Iterable[str]) -> None:
        """Ahead of :meth:`query_word`, for the words among ``words`` not looked up yet: the
        rigour symbols of the unseen ones in one call, and the typo neighbours of all of them
        in one pass over the deletion index (word by word is much slower)."""
        fresh = [w for w in set(words) if w not in self._lookups and w.isalpha()]
        todo = [w for w in fresh if w not in self.vocab and w not in self._symbols]
        if todo:
            if len(self._symbols) >= LOOKUP_CACHE:
                self._symbols.clear()
            self._symbols.update(token_symbols(todo))
        typo = [w for w in fresh if typo_budget(len(w)) and w not in self._neighbours]
        if typo:
            if len(self._neighbours) >= LOOKUP_CACHE:
                self._neighbours.clear()
            self._neighbours.update(self._neighbours_many(typo))

    def _neighbours_many(self, words: Sequence[str]) -> dict[str, set[int]]:
        """The listed words within the typo budget of each of ``words`` (SymSpell: their
        deletion variants met in the index), with one search of the index for them all."""
        hashes: list[int] = []
        counts: list[int] = []
        for word in words:
            deletes = _deletes(word, typo_budget(len(word)))
            hashes.extend(zlib.crc32(k.encode()) for k in deletes)
            counts.append(len(deletes))
        keys = np.array(hashes, dtype=np.uint32)
        lo = np.searchsorted(self.delete_keys, keys, side="left")
        n = np.searchsorted(self.delete_keys, keys, side="right") - lo
        owner = np.repeat(np.arange(len(words)), counts)
        met = n > 0
        lo, n, owner = lo[met], n[met], owner[met]
        # Every position of every matching range, with the word it belongs to.
        positions = np.repeat(lo, n) + (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n))
        found: dict[str, set[int]] = {w: set() for w in words}
        for k, token_id in zip(np.repeat(owner, n).tolist(),
                               self.delete_ids[positions].tolist(), strict=True):
            found[words[k]].add(token_id)
        return found

    def _symbols_of_unseen(self, word: str) -> Symbols:
        if not word.isalpha():
            return ()
        found = self._symbols.get(word)
        if found is None:
            found = token_symbols([word]).get(word, ())
        return found

    def _synonyms(self, symbols: Symbols) -> Iterable[tuple[int, float, MatchKind]]:
        """The listed words sharing a symbol: a person-name spelling, or a rigour synonym."""
        for sym in symbols:
            person = sym[0] == SYMBOL_CATEGORY
            for token_id in self.by_symbol.get(sym, ()):
                yield ((token_id, NAME_SIMILARITY, "name") if person
                       else (token_id, SYMBOL_SIMILARITY, "symbol"))

    def _split(self, word: str) -> tuple[int, ...]:
        """The two listed words a run-together word is made of (siemensag), if any."""
        for cut in range(2, len(word) - 1) if len(word) >= 5 else ():
            left, right = self.vocab.get(word[:cut]), self.vocab.get(word[cut:])
            if left is not None and right is not None:
                return left, right
        return ()

    def _query_word(self, word: str) -> QueryWord:
        best: dict[int, TokenMatch] = {}

        def add(token_id: int, sim: float, kind: MatchKind) -> None:
            old = best.get(token_id)
            if old is None or old.similarity < sim:
                best[token_id] = TokenMatch(token_id, sim, kind)

        exact = self.vocab.get(word)
        if exact is not None:
            add(exact, 1.0, "exact")
            symbols = self.symbols[exact]
        else:
            symbols = self._symbols_of_unseen(word)
        for token_id, sim, kind in self._synonyms(symbols):
            if token_id != exact and (kind != "name" or _name_link(word, self.words[token_id])):
                add(token_id, sim, kind)
        for token_id in self.by_sound.get(sound_key(word), ()):
            if token_id != exact:
                add(token_id, SOUND_SIMILARITY, "sound")
        depth = typo_budget(len(word))
        if depth and word.isalpha():
            neighbours = self._neighbours.pop(word, None)
            if neighbours is None:  # not prepared (a single query): look it up alone
                neighbours = self._neighbours_many([word])[word]
            for token_id in neighbours:
                if token_id != exact:
                    sim = typo_similarity(word, self.words[token_id])
                    if sim > 0:
                        add(token_id, sim, "typo")
        for token_id in self.by_skeleton.get(skeleton_key(word), ()):
            if token_id != exact and token_id not in best:  # never hides a closer match
                add(token_id, SKELETON_SIMILARITY, "skeleton")
        rare = exact is None or not self.common[exact]
        if rare and len(word) in ABBREVIATION_LENGTHS and word.isalpha():
            for token_id in self.common_by_letters.get(word[:3], ()):
                if is_abbreviation(word, self.words[token_id]):
                    add(token_id, ABBREVIATION_SIMILARITY, "abbreviation")
        if exact is None:
            for token_id in self._split(word):
                add(token_id, SPLIT_SIMILARITY, "split")
        matches = tuple(sorted(best.values(), key=lambda m: (-m.similarity, m.token_id)))
        if exact is not None:
            weight = float(self.weights[exact])
        else:
            weight = self._weight(0, symbols, len(word))
            stand_for = [m for m in matches if m.kind != "split"]
            if stand_for:
                top = stand_for[0].similarity
                weight = min(weight, min(float(self.weights[m.token_id])
                                         for m in stand_for if m.similarity == top))
        return QueryWord(word, weight, matches,
                         {m.token_id: (m.similarity, m.kind) for m in matches},
                         int(self.word_class[exact]) if exact is not None
                         else GENERIC if any(cat in GENERIC_CATEGORIES for cat, _ in symbols)
                         else RARE,
                         tuple(m.token_id for m in matches),
                         tuple(m.similarity for m in matches),
                         tuple(m.similarity * weight for m in matches))
