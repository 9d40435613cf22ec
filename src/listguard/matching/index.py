"""Candidate generation: which listed names are worth scoring for a query.

Never a scan of every listed name. Three lookups, all by key:

* **words** - a sparse names x words matrix holding each listed word's weight. A batch of
  queries becomes a sparse queries x words matrix of similarities (from
  :meth:`.tokens.TokenTable.lookup`: exact, symbol, typo, split), and one sparse product gives,
  for every query and every listed name sharing a word with it, the weight the two have in
  common. From that and the two names' total weights comes an estimate of the name score
  (the same formula as :mod:`.scorer`); names under ``CANDIDATE_FLOOR`` are dropped and the best
  ``CANDIDATES_PER_QUERY`` go on to exact scoring. Words too generic to be evidence on their own
  (weight under ``RETRIEVAL_MIN_WEIGHT``) are left out of the product when the query has a
  better word.
* **joined** - all words run together (``goodwill`` = ``good will``), for spacing variants;
* **acronyms** - the initials of every listed name of two or more words, with and without its
  legal form and function words (SMIC, CNOOC, CASIC).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rigour.names import remove_org_types
from scipy import sparse

from listguard.matching.normalize import (
    LEGAL_WORDS,
    STOPWORDS,
    NameForm,
    analyze,
    clean_name,
    initials,
)
from listguard.matching.tokens import TokenTable
from listguard.model import NameKind

CANDIDATE_FLOOR = 0.35
"""Estimated name score under which a listed name is not scored exactly."""
CANDIDATES_PER_QUERY = 8
RETRIEVAL_MIN_WEIGHT = 0.06
MIN_ACRONYM = 3
MAX_ACRONYM = 8


@dataclass(frozen=True, slots=True)
class ListedName:
    entity: int
    """Index into :attr:`NameIndex.entity_ids`."""
    name: str
    kind: NameKind
    form: NameForm


class NameIndex:
    """Listed names, analysed once, with their word matrix and key maps."""

    def __init__(self, names: Sequence[tuple[str, str, NameKind]]) -> None:
        self.entity_ids: list[str] = []
        entity_index: dict[str, int] = {}
        self.names: list[ListedName] = []
        seen: set[tuple[int, tuple[str, ...]]] = set()
        for entity_id, name, kind in expand_names(names):
            form = analyze(name)
            if not form.tokens:
                continue
            ent = entity_index.get(entity_id)
            if ent is None:
                ent = entity_index[entity_id] = len(self.entity_ids)
                self.entity_ids.append(entity_id)
            if (ent, form.tokens) in seen:
                continue
            seen.add((ent, form.tokens))
            self.names.append(ListedName(ent, name, kind, form))
        self.entity_index = entity_index
        self.table = TokenTable(n.form.tokens for n in self.names)
        vocab, weights = self.table.vocab, self.table.weights
        self.token_ids: list[tuple[int, ...]] = [
            tuple(vocab[t] for t in n.form.tokens) for n in self.names
        ]
        rows, cols = [], []
        for row, ids in enumerate(self.token_ids):
            for col in set(ids):
                rows.append(row)
                cols.append(col)
        data = weights[np.array(cols, dtype=np.int64)] if cols else np.zeros(0, np.float32)
        self.matrix = sparse.csr_matrix(
            (data, (rows, cols)), shape=(len(self.names), len(self.table.words)),
            dtype=np.float32,
        )
        self.matrix_t = self.matrix.T.tocsr()
        self.total_weight: npt.NDArray[np.float32] = np.array(
            [float(weights[list(ids)].sum()) for ids in self.token_ids], dtype=np.float32
        )
        self.entity_of = np.array([n.entity for n in self.names], dtype=np.int32)
        self._by_entity: dict[int, list[int]] | None = None
        self.joined: dict[str, list[int]] = defaultdict(list)
        self.acronyms: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(self.names):
            self.joined[n.form.joined].append(i)
            for key in acronym_keys(n.name, n.form):
                self.acronyms[key].append(i)

    def names_of_entity(self, entity: int) -> list[int]:
        """Indexes of the listed names of one entity."""
        if self._by_entity is None:
            by_entity: dict[int, list[int]] = defaultdict(list)
            for i, n in enumerate(self.names):
                by_entity[n.entity].append(i)
            self._by_entity = dict(by_entity)
        return self._by_entity.get(entity, [])

    def acronym_entities(self, key: str) -> int:
        return len({self.names[i].entity for i in self.acronyms.get(key, ())})

    # -- candidate generation ---------------------------------------------------------------

    def query_vector(self, form: NameForm) -> tuple[dict[int, float], float]:
        """Similarity per listed word for one query, and the query's total weight."""
        table = self.table
        weights = [table.weight(t) for t in form.tokens]
        total = float(sum(weights))
        strong = max(weights, default=0.0) >= RETRIEVAL_MIN_WEIGHT * 3
        vector: dict[int, float] = {}
        for token, weight in zip(form.tokens, weights, strict=True):
            if strong and weight < RETRIEVAL_MIN_WEIGHT:
                continue
            for m in table.lookup(token):
                if m.kind == "typo" and not form.fuzzy:
                    continue
                if vector.get(m.token_id, 0.0) < m.similarity:
                    vector[m.token_id] = m.similarity
        return vector, total

    def candidates(self, forms: Sequence[NameForm], power_q: float, power_l: float,
                   limit: int = CANDIDATES_PER_QUERY) -> list[list[tuple[int, float]]]:
        """For each query form, up to ``limit`` (listed name, estimated score), best first."""
        out: list[list[tuple[int, float]]] = [[] for _ in forms]
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        totals = np.zeros(len(forms), dtype=np.float32)
        for r, form in enumerate(forms):
            vector, total = self.query_vector(form)
            totals[r] = total
            indices.extend(vector)
            data.extend(vector.values())
            indptr.append(len(indices))
        if indices:
            queries = sparse.csr_matrix(
                (np.array(data, np.float32), np.array(indices, np.int32), np.array(indptr)),
                shape=(len(forms), len(self.table.words)),
            )
            shared = (queries @ self.matrix_t).tocsr()
            shared.sum_duplicates()
            rows = np.repeat(np.arange(len(forms)), np.diff(shared.indptr))
            cols = shared.indices
            common = shared.data
            wq = np.maximum(totals[rows], 1e-6)
            wl = np.maximum(self.total_weight[cols], 1e-6)
            cov_q = np.minimum(common / wq, 1.0)
            cov_l = np.minimum(common / wl, 1.0)
            estimate = cov_q**power_q * cov_l**power_l
            keep = estimate >= CANDIDATE_FLOOR
            rows, cols, estimate = rows[keep], cols[keep], estimate[keep]
            order = np.lexsort((-estimate, rows))
            rows, cols, estimate = rows[order], cols[order], estimate[order]
            starts = np.searchsorted(rows, np.arange(len(forms)))
            rank = np.arange(len(rows)) - starts[rows] if len(rows) else rows
            top = rank < limit
            for r, c, e in zip(rows[top].tolist(), cols[top].tolist(), estimate[top].tolist(),
                               strict=True):
                out[r].append((c, e))
        for r, form in enumerate(forms):
            extra = self.joined.get(form.joined, [])
            if len(form.tokens) == 1:
                extra = extra + self.acronyms.get(form.tokens[0], [])
            if extra:
                have = {c for c, _ in out[r]}
                out[r].extend((c, 1.0) for c in extra[:limit] if c not in have)
        return out


_TRAILING_PARENS = re.compile(r"^(?P<base>.+?)\s*\((?P<inner>[^()]{2,60})\)\s*\*?$")


def expand_names(names: Sequence[tuple[str, str, NameKind]]
                 ) -> list[tuple[str, str, NameKind]]:
    """Listed names, plus the two halves of names printed as ``Full Name (SHORT)``.

    Lists print a short name in trailing brackets ("China Electronics Technology Group
    Corporation (CETC)"); each half is also a name of the entity. Brackets that qualify a
    place ("... (Beijing)") stay where they are: they are not at the end of a name with
    something before them that a short name could stand for.
    """
    out = list(names)
    for entity_id, name, kind in names:
        m = _TRAILING_PARENS.match(name.strip())
        if not m or len(m.group("base").split()) < 2:
            continue
        inner = m.group("inner").strip()
        out.append((entity_id, m.group("base"), kind))
        out.append((entity_id, inner, NameKind.ACRONYM if " " not in inner else NameKind.ALIAS))
    return out


ACRONYM_SKIPPABLE = frozenset({"group", "holding", "holdings"}) | LEGAL_WORDS
"""Words an acronym often leaves out (CETC: China Electronics Technology Group Corporation)."""


def acronym_keys(raw: str, form: NameForm) -> set[str]:
    """Initials a listed name may be abbreviated to (three letters or more): over its words
    with rigour's legal forms removed but English legal words kept (SMIC counts the C of
    Corporation), without those words, and without GROUP/HOLDINGS too."""
    words = [w for w in remove_org_types(clean_name(raw), replacement=" ").split()
             if w not in STOPWORDS]
    keys: set[str] = set()
    for chosen in (words, [w for w in words if w not in LEGAL_WORDS],
                   [w for w in words if w not in ACRONYM_SKIPPABLE]):
        key = initials(tuple(chosen))
        if len(chosen) >= MIN_ACRONYM and MIN_ACRONYM <= len(key) <= MAX_ACRONYM \
                and key.isalpha():
            keys.add(key)
    return keys
