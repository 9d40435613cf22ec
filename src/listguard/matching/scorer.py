"""Exact scoring of one query name against one listed name: word alignment.

Each query word is paired with at most one listed word (and the other way round), greedily by
``similarity x (query weight + listed weight)``, where similarity is one of:

* 1.0 for the same word; rigour symbol synonyms (intl = international) and typos within the
  edit budget as :mod:`.tokens` defines them;
* ``ABBREVIATION_SIMILARITY`` when one word abbreviates the other (``srvces`` for
  ``services``: same first letter, the letters in order, at least 3 of them);
* ``MERGE_SIMILARITY`` when two adjacent words on one side are one word on the other
  (``good will`` / ``goodwill``, ``xi jinping`` / ``xijinping``).

The name score is ``coverage_q ** POWER_Q * coverage_l ** POWER_L``: the share of the query's
weight that found a partner times (more gently) the share of the listed name's. Missing a rare
word costs much, missing CHINA or GROUP little; extra words in the query cost more than extra
words in the listed name, because a list prints long formal names and people type short ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from listguard.matching.tokens import TokenTable, typo_similarity

POWER_Q = 1.0
POWER_L = 0.75
ABBREVIATION_SIMILARITY = 0.8
MERGE_SIMILARITY = 0.95
TYPO_COST = 0.5
"""Share of the plain edit-distance loss a typo costs (1 edit in 8 letters: 1 - 0.5/8)."""


@dataclass(frozen=True, slots=True)
class Pair:
    query: str
    listed: str
    similarity: float
    how: str


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[Pair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_listed: tuple[str, ...]
    coverage_q: float
    coverage_l: float
    score: float

    def describe(self) -> str:
        parts = []
        for p in self.pairs:
            sign = "=" if p.how == "exact" else "~"
            parts.append(p.query if p.how == "exact" and p.query == p.listed
                         else f"{p.query}{sign}{p.listed} ({p.how})")
        text = " ".join(parts)
        if self.unmatched_query:
            text += f"; query only: {' '.join(self.unmatched_query)}"
        if self.unmatched_listed:
            text += f"; listed only: {' '.join(self.unmatched_listed)}"
        return text


def is_abbreviation(short: str, long: str) -> bool:
    """``short`` keeps ``long``'s first letter and some of its letters in order (3 or more)."""
    if len(short) < 3 or len(long) < len(short) + 2 or short[0] != long[0]:
        return False
    if not (short.isalpha() and long.isalpha()):
        return False
    pos = 0
    for ch in short:
        pos = long.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def word_similarity(q: str, lookup: Mapping[int, tuple[float, str]], listed: str, listed_id: int,
                    fuzzy: bool = True) -> tuple[float, str]:
    """How well query word ``q`` stands for one listed word, and how (see module doc)."""
    found = lookup.get(listed_id)
    if found is not None:
        sim, how = found
        if how == "typo":
            if not fuzzy:
                return 0.0, ""
            sim = 1.0 - TYPO_COST * (1.0 - sim)
        return sim, how
    if q == listed:
        return 1.0, "exact"
    if not fuzzy:
        return 0.0, ""
    sim = typo_similarity(q, listed)
    if sim:
        return 1.0 - TYPO_COST * (1.0 - sim), "typo"
    if is_abbreviation(q, listed) or is_abbreviation(listed, q):
        return ABBREVIATION_SIMILARITY, "abbreviation"
    return 0.0, ""


def align(table: TokenTable, query: tuple[str, ...], query_weights: tuple[float, ...],
          listed: tuple[str, ...], listed_ids: tuple[int, ...], fuzzy: bool = True
          ) -> Alignment:
    """Pair the words of two names and score the pairing (``fuzzy=False``: no typos)."""
    listed_weights = [float(table.weights[i]) for i in listed_ids]
    options: list[tuple[float, float, tuple[int, ...], tuple[int, ...], str]] = []
    for qi, q in enumerate(query):
        lookup = {m.token_id: (m.similarity, m.kind) for m in table.lookup(q)}
        for li, lid in enumerate(listed_ids):
            sim, how = word_similarity(q, lookup, listed[li], lid, fuzzy)
            if sim > 0:
                gain = sim * (query_weights[qi] + listed_weights[li])
                options.append((gain, sim, (qi,), (li,), how))
    for qi in range(len(query) - 1):
        merged = query[qi] + query[qi + 1]
        for li, word in enumerate(listed):
            if word == merged:
                gain = MERGE_SIMILARITY * (query_weights[qi] + query_weights[qi + 1]
                                           + listed_weights[li])
                options.append((gain, MERGE_SIMILARITY, (qi, qi + 1), (li,), "merge"))
    for li in range(len(listed) - 1):
        merged = listed[li] + listed[li + 1]
        for qi, word in enumerate(query):
            if word == merged:
                gain = MERGE_SIMILARITY * (query_weights[qi] + listed_weights[li]
                                           + listed_weights[li + 1])
                options.append((gain, MERGE_SIMILARITY, (qi,), (li, li + 1), "merge"))
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
        pairs.append(Pair(" ".join(query[i] for i in qs), " ".join(listed[i] for i in ls),
                          sim, how))
    total_q = sum(query_weights) or 1e-9
    total_l = sum(listed_weights) or 1e-9
    cov_q = min(matched_q / total_q, 1.0)
    cov_l = min(matched_l / total_l, 1.0)
    return Alignment(
        pairs=tuple(pairs),
        unmatched_query=tuple(w for i, w in enumerate(query) if i not in used_q),
        unmatched_listed=tuple(w for i, w in enumerate(listed) if i not in used_l),
        coverage_q=cov_q,
        coverage_l=cov_l,
        score=cov_q**POWER_Q * cov_l**POWER_L,
    )
