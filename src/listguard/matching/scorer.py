"""Exact scoring of one query name against one listed name: word alignment.

Each query word is paired with at most one listed word (and the other way round), greedily by
``similarity x (query weight + listed weight)``, where similarity is one of:

* 1.0 for the same word; rigour symbol synonyms (intl = international), typos within the edit
  budget and abbreviations of common words, as :mod:`.tokens` defines them;
* ``ABBREVIATION_SIMILARITY`` when one word abbreviates the other (``srvces`` for
  ``services``: same first letter, the letters in order, at least 3 of them);
* ``MERGE_SIMILARITY`` when two adjacent words on one side are one word on the other
  (``good will`` / ``goodwill``, ``xi jinping`` / ``xijinping``);
* ``INITIAL_SIMILARITY`` when a one-letter word is the initial of the other (``j`` /
  ``joachim``), or a two- or three-letter word is the initials of as many adjacent words on
  the other side (``jc`` / ``jean claude``);
* ``TRUNCATED_SIMILARITY`` when the last word of a query of three words or more is the start
  of a listed word (a name cut at a file's field width: ``belkassem dr`` / ``drissi``).

A typo keeps ``1 - TYPO_COST x (edits / length)`` of the similarity: one slip in eight letters
is 0.94, not 0.875, because a screener must not lose a listed party to one wrong key.

The name score is ``coverage_q ** POWER_Q * coverage_l ** POWER_L``: the share of the query's
weight that found a partner times (more gently) the share of the listed name's. Missing a rare
word costs much, missing CHINA or GROUP little; extra words in the query cost more than extra
words in the listed name, because a list prints long formal names and people type short ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from listguard.matching.tokens import (
    ABBREVIATION_SIMILARITY,
    COMMON,
    GENERIC,
    RARE,
    QueryWord,
    is_abbreviation,
)

POWER_Q = 1.0
POWER_L = 0.75
PERSON_SHORT_POWER = 0.35
"""For a listed person whose every word of the query was met (``Carlos LOPEZ`` for ``LOPEZ
OSPINA, Carlos Antonio``: a given name and the first family name, the way most people write
their name): the power on the listed name's share."""
PERSON_POWER = 0.5
"""For a listed person, when only one of the two names has words left over (a middle name, a
patronymic, a second family name missing on the other side) and two words or more were met:
the power on both shares. People drop and add middle names; a word *swapped* for another
(Kim Jong Un / Kim Jong Il) still costs the full price, and so does an initial left over (the
query's ``C.`` where the listed person has no name starting with C says something else)."""
MERGE_SIMILARITY = 0.95
INITIAL_SIMILARITY = 0.8
TRUNCATED_SIMILARITY = 0.8
TRUNCATED_FROM = 24
"""Letters (and spaces) a query needs before its last word is taken for one cut short."""
NOT_INITIALS = frozenset({"abu", "abou", "al", "el", "bin", "ibn", "ben", "bint", "binti",
                          "sheikh", "shaikh", "shaykh", "haji", "hajji", "mullah", "mr", "dr"})
"""Particles and titles: no initial stands for one (``A. R. TRINIDAD`` is not Abu ...)."""
TYPO_COST = 0.5
"""Share of the plain edit-distance loss a typo costs (1 edit in 8 letters: 1 - 0.5/8)."""
_SIGN = {"exact": "="}


@dataclass(frozen=True, slots=True)
class Pair:
    query: str
    listed: str
    similarity: float
    how: str
    first: int
    """Position of the (first) query word: pairs are shown in query order."""


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[Pair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_listed: tuple[str, ...]
    coverage_q: float
    coverage_l: float
    score: float

    def describe(self) -> str:
        """``china=china mobile=mobile; only in the listed name: group`` - readable."""
        parts = []
        for p in sorted(self.pairs, key=lambda p: p.first):
            if p.how == "exact" and p.query == p.listed:
                parts.append(p.query)
            else:
                parts.append(f"{p.query}{_SIGN.get(p.how, '≈')}{p.listed} ({p.how})")
        text = "words met: " + (", ".join(parts) if parts else "none")
        if self.unmatched_query:
            text += f"; only in the query: {' '.join(self.unmatched_query)}"
        if self.unmatched_listed:
            text += f"; only in the listed name: {' '.join(self.unmatched_listed)}"
        return text


def word_similarity(q: QueryWord, listed: str, listed_id: int, fuzzy: bool = True,
                    listed_class: int = RARE) -> tuple[float, str]:
    """How well query word ``q`` stands for one listed word, and how (see module doc). Only
    a common word is taken to be abbreviated, and an initial never stands for a generic word
    (``listed_class``, ``q.word_class``)."""
    found = q.by_id.get(listed_id)
    if found is not None and found[1] != "split":
        sim, how = found
        if how in ("typo", "sound", "skeleton"):
            if not fuzzy:  # a romanisation's slip is another character, not a typo
                return 0.0, ""
            if how != "typo":
                return sim, how
            sim = 1.0 - TYPO_COST * (1.0 - sim)
        return sim, how
    # Every listed word within the typo budget of the query word is in its lookup already
    # (listed words are the vocabulary), so what is left to find is an abbreviation.
    word = q.word
    if not fuzzy or word[0] != listed[0]:
        return 0.0, ""
    if (len(word) == 1 and listed_class != GENERIC and listed not in NOT_INITIALS) \
            or (len(listed) == 1 and q.word_class != GENERIC and word not in NOT_INITIALS):
        return INITIAL_SIMILARITY, "initial"
    if (listed_class >= COMMON and is_abbreviation(word, listed)) \
            or (q.word_class >= COMMON and is_abbreviation(listed, word)):
        return ABBREVIATION_SIMILARITY, "abbreviation"
    return 0.0, ""


def _initials_options(options: list[tuple[float, float, tuple[int, ...], tuple[int, ...], str]],
                      query: Sequence[QueryWord], query_weights: Sequence[float],
                      listed: Sequence[str], listed_weights: Sequence[float],
                      listed_class: Sequence[int]) -> None:
    """A two- or three-letter word that is the initials of as many adjacent words on the
    other side (``jc`` / ``jean claude``), either way round; none of them generic."""
    words = [q.word for q in query]
    query_class = [q.word_class for q in query]
    for short, long, short_w, long_w, long_class, flip in (
            (words, listed, query_weights, listed_weights, listed_class, False),
            (listed, words, listed_weights, query_weights, query_class, True)):
        for si, word in enumerate(short):
            k = len(word)
            if k not in (2, 3) or not word.isalpha() or k > len(long):
                continue
            for li in range(len(long) - k + 1):
                if all(long[li + j][:1] == word[j] and long_class[li + j] != GENERIC
                       for j in range(k)):
                    span = tuple(range(li, li + k))
                    gain = INITIAL_SIMILARITY * (short_w[si] + sum(long_w[j] for j in span))
                    qs, ls = ((si,), span) if not flip else (span, (si,))
                    options.append((gain, INITIAL_SIMILARITY, qs, ls, "initials"))


def _truncated_options(options: list[tuple[float, float, tuple[int, ...], tuple[int, ...], str]],
                       query: Sequence[QueryWord], query_weights: Sequence[float],
                       listed: Sequence[str], listed_weights: Sequence[float]) -> None:
    """The last word of a long query (three words or more, ``TRUNCATED_FROM`` letters) cut
    short by two letters or more, as files cut names at their field's width (``... BEN
    BELKASSEM DR`` for DRISSI): the start of a listed word."""
    if len(query) < 3 or sum(len(q.word) + 1 for q in query) < TRUNCATED_FROM:
        return
    qi = len(query) - 1
    word = query[qi].word
    if len(word) < 2 or not word.isalpha():
        return
    for li, other in enumerate(listed):
        if len(other) >= len(word) + 2 and other.startswith(word):
            gain = TRUNCATED_SIMILARITY * (query_weights[qi] + listed_weights[li])
            options.append((gain, TRUNCATED_SIMILARITY, (qi,), (li,), "truncated"))


def align(query: Sequence[QueryWord], query_weights: Sequence[float],
          listed: Sequence[str], listed_ids: Sequence[int], listed_weights: Sequence[float],
          fuzzy: bool = True, minor_q: Sequence[bool] = (), minor_l: Sequence[bool] = (),
          listed_class: Sequence[int] = (), person: bool = False) -> Alignment:
    """Pair the words of two names and score the pairing (``fuzzy=False``: no typos;
    ``person``: the listed party is a person: see ``PERSON_POWER``; no abbreviations, which
    are companies' habit - Vladimir is no shortening of the patronymic Vladimirovna; and a slip
    in a long word's first letter counts, Cates / Gates, as it does not for a company).

    Minor words (``minor_q`` / ``minor_l``) are paired like others but never listed as
    unmatched: they weigh next to nothing and would only clutter the explanation.
    """
    # Kept in one piece: this is on screening's innermost path (once per query or per
    # candidate pair, millions of times a run), where a Python call per step is a
    # measurable share of the time.
    options: list[tuple[float, float, tuple[int, ...], tuple[int, ...], str]] = []
    classes = listed_class or (RARE,) * len(listed)
    for qi, q in enumerate(query):
        wq = query_weights[qi]
        for li, lid in enumerate(listed_ids):
            sim, how = word_similarity(q, listed[li], lid, fuzzy, classes[li])
            if sim > 0 and ((not person and how != "skeleton"
                            and (how != "typo" or q.word[0] == listed[li][0]))
                            or (person and how != "abbreviation")):
                options.append((sim * (wq + listed_weights[li]), sim, (qi,), (li,), how))
    nq, nl = len(query), len(listed)
    if nq > 1 and nl > 0:
        for qi in range(nq - 1):
            merged = query[qi].word + query[qi + 1].word
            for li in range(nl):
                if listed[li] == merged:
                    gain = MERGE_SIMILARITY * (query_weights[qi] + query_weights[qi + 1]
                                               + listed_weights[li])
                    options.append((gain, MERGE_SIMILARITY, (qi, qi + 1), (li,), "merge"))
        for qi in range(nq - 2):  # three pieces of one word (Plat Ono Vich)
            merged = query[qi].word + query[qi + 1].word + query[qi + 2].word
            for li in range(nl):
                if listed[li] == merged:
                    gain = MERGE_SIMILARITY * (sum(query_weights[qi:qi + 3])
                                               + listed_weights[li])
                    options.append((gain, MERGE_SIMILARITY, (qi, qi + 1, qi + 2), (li,),
                                    "merge"))
    if nl > 1 and nq > 0:
        for li in range(nl - 1):
            merged = listed[li] + listed[li + 1]
            for qi in range(nq):
                if query[qi].word == merged:
                    gain = MERGE_SIMILARITY * (query_weights[qi] + listed_weights[li]
                                               + listed_weights[li + 1])
                    options.append((gain, MERGE_SIMILARITY, (qi,), (li, li + 1), "merge"))
    if fuzzy:
        _initials_options(options, query, query_weights, listed, listed_weights, classes)
        _truncated_options(options, query, query_weights, listed, listed_weights)
    options.sort(key=lambda o: -o[0])
    used_q: set[int] = set()
    used_l: set[int] = set()
    pairs: list[Pair] = []
    matched_q = matched_l = 0.0
    for _, sim, qs, ls, how in options:
        if used_q.intersection(qs) or used_l.intersection(ls):
            continue
        used_q.update(qs)
        used_l.update(ls)
        matched_q += sim * sum(query_weights[i] for i in qs)
        matched_l += sim * sum(listed_weights[i] for i in ls)
        pairs.append(Pair(" ".join(query[i].word for i in qs),
                          " ".join(listed[i] for i in ls), sim, how, qs[0]))
        if len(used_q) == nq or len(used_l) == nl:
            break
    total_q = sum(query_weights) or 1e-9
    total_l = sum(listed_weights) or 1e-9
    cov_q = min(matched_q / total_q, 1.0)
    cov_l = min(matched_l / total_l, 1.0)
    mq = minor_q or (False,) * nq
    ml = minor_l or (False,) * nl
    only_q = tuple(q.word for i, q in enumerate(query) if i not in used_q and not mq[i])
    only_l = tuple(w for i, w in enumerate(listed) if i not in used_l and not ml[i])
    if person and len(pairs) >= 2 and not (only_q and only_l) \
            and not any(len(w) == 1 for w in (*only_q, *only_l)):
        power_l = PERSON_SHORT_POWER if cov_q >= 0.99 else PERSON_POWER
        score = cov_q**PERSON_POWER * cov_l**power_l
    else:
        score = cov_q**POWER_Q * cov_l**POWER_L
    return Alignment(pairs=tuple(pairs), unmatched_query=only_q, unmatched_listed=only_l,
                     coverage_q=cov_q, coverage_l=cov_l, score=score)
