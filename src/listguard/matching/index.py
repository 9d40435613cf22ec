"""Candidate generation: which listed names are worth scoring for a query.

Never a scan of every listed name. Four lookups, all by key:

* **exact** - the name as printed (case, punctuation and spacing aside), in any script:
  ``中国移动有限公司`` is one entity's name before it is a transliteration of anything;
* **words** - a sparse names x words matrix holding each listed word's weight. A batch of
  queries becomes a sparse queries x words matrix of similarities (from
  :meth:`.tokens.TokenTable.query_word`: exact, symbol, typo, abbreviation, split), and one
  sparse product gives, for every query and every listed name sharing a word with it, the
  weight the two have in common. From that and the two names' total weights comes an
  *estimate* of the name score (the same formula as :mod:`.scorer`); names under
  ``CANDIDATE_FLOOR`` are dropped and the best ``CANDIDATES_PER_QUERY`` go on to exact
  scoring, best estimate first. Words too generic to be evidence on their own (weight under
  ``RETRIEVAL_MIN_WEIGHT``) are left out of the product when the query has a better word;
* **joined** - all words run together (``goodwill`` = ``good will``), for spacing variants;
* **acronyms** - the initials of every listed name of three or more words, with and without
  its legal form, function words and GROUP/HOLDINGS (SMIC, CNOOC, CASIC, GCAC).

The word matrix, the weights and the typo index are numpy arrays and scipy matrices: the
index pickles in half a second into a file the worker processes load (:mod:`.workers`).
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

from listguard.matching.names import (
    FUNCTION_WORDS,
    LEGAL_WORDS,
    NameForm,
    analyze,
    clean_name,
    initials,
)
from listguard.matching.scorer import INITIAL_SIMILARITY, PERSON_POWER
from listguard.matching.tokens import QueryWord, TokenTable
from listguard.model import NameKind
from listguard.normalize import clean_text

CANDIDATE_FLOOR = 0.35
"""Estimated name score under which a listed name is not scored exactly."""
CANDIDATES_PER_QUERY = 16
ONE_SIDED = 0.95
"""An estimated share this high on one side: that side has (nearly) no words left over."""
INITIALS_CANDIDATES = 4
"""How many times ``CANDIDATES_PER_QUERY`` a query with initials gets."""
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
    ids: tuple[int, ...]
    """Vocabulary ids of ``form.tokens``."""
    weights: tuple[float, ...]
    """Weight of each token occurrence (minor ones at ``MINOR_WEIGHT``)."""
    word_class: tuple[int, ...]
    """Per token: ``RARE``, ``COMMON`` or ``GENERIC`` (see :mod:`.tokens`)."""


@dataclass(frozen=True, slots=True)
class QueryForm:
    """A query name ready for the index: its form, each word's lookups and weights."""

    form: NameForm
    words: tuple[QueryWord, ...]
    weights: tuple[float, ...]

    @property
    def total(self) -> float:
        return float(sum(self.weights))

    @property
    def initials(self) -> int:
        """The letters of the query's one-letter words (its initials), one bit each."""
        return letter_mask([w for w in self.form.tokens if len(w) == 1])

    @property
    def repeated_initials(self) -> int:
        """The letters of initials the query gives twice or more (``A. M. A.``)."""
        letters = [w for w in self.form.tokens if len(w) == 1]
        return letter_mask([w for w in set(letters) if letters.count(w) > 1])

    @property
    def initial_weight(self) -> float:
        """What one of its initials weighs (they all weigh alike)."""
        return next((w for t, w in zip(self.form.tokens, self.weights, strict=True)
                     if len(t) == 1), 0.0)


def exact_key(name: str) -> str:
    """The key under which a name is equal to another "as printed"."""
    return clean_text(name).replace(" ", "") if not name.isascii() else clean_text(name)


class NameIndex:
    """Listed names, analysed once, with their word matrix and key maps."""

    def __init__(self, names: Sequence[tuple[str, str, NameKind]]) -> None:
        self.entity_ids: list[str] = []
        entity_index: dict[str, int] = {}
        exact: dict[str, dict[int, str]] = defaultdict(dict)
        kept: list[tuple[int, str, NameKind, NameForm]] = []
        seen: set[tuple[int, tuple[str, ...], tuple[bool, ...]]] = set()
        for entity_id, name, kind in expand_names(names):
            ent = entity_index.get(entity_id)
            if ent is None:
                ent = entity_index[entity_id] = len(self.entity_ids)
                self.entity_ids.append(entity_id)
            key = exact_key(name)
            if key:
                exact[key].setdefault(ent, name)
            form = analyze(name)
            if not form.tokens or (ent, form.tokens, form.minor) in seen:
                continue
            seen.add((ent, form.tokens, form.minor))
            kept.append((ent, name, kind, form))
        self.entity_index = entity_index
        self.exact: dict[str, tuple[tuple[int, str], ...]] = {
            k: tuple(sorted(v.items())) for k, v in exact.items()}
        """Exact key -> (entity, the name as printed) for every listed name."""
        self.table = table = TokenTable(f for _, _, _, f in kept)
        vocab = table.vocab
        self.names: list[ListedName] = []
        for ent, name, kind, form in kept:
            ids = tuple(vocab[t] for t in form.tokens)
            weights = tuple(table.listed_weights(ids, form.minor_flags))
            classes = tuple(int(table.word_class[i]) for i in ids)
            self.names.append(ListedName(ent, name, kind, form, ids, weights, classes))
        cells: dict[tuple[int, int], float] = defaultdict(float)
        for row, n in enumerate(self.names):
            for col, w in zip(n.ids, n.weights, strict=True):
                cells[(row, col)] += w  # a word printed twice counts twice
        rows = np.fromiter((r for r, _ in cells), dtype=np.int32, count=len(cells))
        cols = np.fromiter((c for _, c in cells), dtype=np.int32, count=len(cells))
        data = np.fromiter(cells.values(), dtype=np.float32, count=len(cells))
        shape = (len(self.names), len(table.words))
        matrix = sparse.csr_matrix((data, (rows, cols)), shape=shape, dtype=np.float32)
        self.matrix_t: sparse.csr_matrix = matrix.T.tocsr()
        self.presence_t: sparse.csr_matrix = self.matrix_t.copy()
        self.presence_t.data[:] = 1.0
        self.total_weight: npt.NDArray[np.float32] = np.array(
            [sum(n.weights) for n in self.names], dtype=np.float32)
        self.first_letters: npt.NDArray[np.uint32] = np.array(
            [letter_mask(n.form.tokens) for n in self.names], dtype=np.uint32)
        """Per listed name: which letters its words start with (one bit per a-z), so that a
        query's initials count in its estimate (``A. H. Mohammed``)."""
        self.person: npt.NDArray[np.bool_] = np.zeros(len(self.names), dtype=bool)
        """Per listed name: its party is a person (set by the matcher, which knows kinds);
        estimated with the person powers (:data:`.scorer.PERSON_POWER`)."""
        self._key_maps()

    def _key_maps(self) -> None:
        """The listed names by entity, by their words run together, and by acronym."""
        by_entity: dict[int, list[int]] = defaultdict(list)
        joined: dict[str, list[int]] = defaultdict(list)
        acronyms: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(self.names):
            by_entity[n.entity].append(i)
            joined[n.form.joined].append(i)
            for key in acronym_keys(n.name):
                acronyms[key].append(i)
        self._by_entity = dict(by_entity)
        self.joined = dict(joined)
        self.acronyms = dict(acronyms)
        self.acronym_owners = {k: len({self.names[i].entity for i in v})
                               for k, v in self.acronyms.items()}

    def names_of_entity(self, entity: int) -> list[int]:
        """Indexes of the listed names of one entity."""
        return self._by_entity.get(entity, [])

    def acronym_entities(self, key: str) -> int:
        return self.acronym_owners.get(key, 0)

    def query(self, form: NameForm) -> QueryForm:
        """A query name with its words looked up (see :meth:`query_many` for batches)."""
        table = self.table
        words = tuple(table.query_word(t) for t in form.tokens)
        return QueryForm(form, words, table.form_weights(form))

    def query_many(self, forms: Sequence[NameForm]) -> list[QueryForm]:
        self.table.prepare(t for f in forms for t in f.tokens)
        return [self.query(f) for f in forms]

    # -- candidate generation ---------------------------------------------------------------

    def candidates(self, queries: Sequence[QueryForm], power_q: float, power_l: float,
                   limit: int = CANDIDATES_PER_QUERY) -> list[list[tuple[int, float]]]:
        """For each query, up to ``limit`` (listed name, estimated score), best first."""
        # Kept in one piece: this is on screening's innermost path (once per query or per
        # candidate pair, millions of times a run), where a Python call per step is a
        # measurable share of the time.
        out: list[list[tuple[int, float]]] = [[] for _ in queries]
        indptr = [0]
        indices: list[int] = []
        sims: list[float] = []
        query_weights: list[float] = []
        totals = np.zeros(len(queries), dtype=np.float32)
        for r, q in enumerate(queries):
            totals[r] = q.total
            strong = max(q.weights, default=0.0) >= RETRIEVAL_MIN_WEIGHT * 3
            # One entry per (query word, listed word) met. Where two query words meet one
            # listed word the product adds them up: an over-estimate, and estimates only
            # need to be high enough.
            for word, weight in zip(q.words, q.weights, strict=True):
                if strong and weight < RETRIEVAL_MIN_WEIGHT:
                    continue
                if q.form.fuzzy:
                    indices.extend(word.ids)
                    sims.extend(word.sims)
                    if weight == word.weight:
                        query_weights.extend(word.weighted)
                    else:
                        query_weights.extend(s * weight for s in word.sims)
                    continue
                for m in word.matches:
                    if m.kind not in ("typo", "sound", "skeleton"):
                        indices.append(m.token_id)
                        sims.append(m.similarity)
                        query_weights.append(m.similarity * weight)
            indptr.append(len(indices))
        if indices:
            shape = (len(queries), len(self.table.words))
            cols_q = np.array(indices, np.int32)
            ptr = np.array(indptr, np.int64)
            # Listed side: similarity x listed weight, summed over the listed name's words.
            listed_side = sparse.csr_matrix((np.array(sims, np.float32), cols_q, ptr),
                                            shape=shape) @ self.matrix_t
            # Query side: similarity x query weight of the word that met each listed word.
            query_side = sparse.csr_matrix((np.array(query_weights, np.float32), cols_q, ptr),
                                           shape=shape) @ self.presence_t
            # How many query words met each name (a word meeting two of its words counts twice:
            # an over-estimate, as estimates may be): the person powers need two.
            met = sparse.csr_matrix((np.ones(len(indices), np.float32), cols_q, ptr),
                                    shape=shape) @ self.presence_t
            listed_side = listed_side.tocsr()
            query_side = query_side.tocsr()
            met = met.tocsr()
            # Same sparsity on all sides, so the same layout: checked, not assumed.
            if not (np.array_equal(listed_side.indices, query_side.indices)
                    and np.array_equal(listed_side.indices, met.indices)):
                listed_side.sort_indices()
                query_side.sort_indices()
                met.sort_indices()
            rows = np.repeat(np.arange(len(queries)), np.diff(listed_side.indptr))
            cols = listed_side.indices
            wq = np.maximum(totals[rows], 1e-6)
            wl = np.maximum(self.total_weight[cols], 1e-6)
            initials = np.array([q.initials for q in queries], dtype=np.uint32)[rows]
            twice = np.array([q.repeated_initials for q in queries], dtype=np.uint32)[rows]
            letters = self.first_letters[cols]
            shared = np.bitwise_count(initials & letters) + np.bitwise_count(twice & letters)
            per_initial = np.array([q.initial_weight for q in queries], np.float32)[rows]
            cov_q = np.minimum((query_side.data + shared * per_initial * INITIAL_SIMILARITY)
                               / wq, 1.0)
            cov_l = np.minimum(listed_side.data / wl, 1.0)
            # The person powers apply when two words or more met and only one side has words
            # left over (``.scorer.PERSON_POWER``); initials are too rough to tell.
            one_sided = (met.data + shared >= 2) & ((cov_q >= ONE_SIDED) | (cov_l >= ONE_SIDED)
                                                    | (initials != 0))
            estimate = np.where(self.person[cols] & one_sided, (cov_q * cov_l) ** PERSON_POWER,
                                cov_q**power_q * cov_l**power_l)
            keep = estimate >= CANDIDATE_FLOOR
            rows, cols, estimate = rows[keep], cols[keep], estimate[keep]
            order = np.lexsort((-estimate, rows))
            rows, cols, estimate = rows[order], cols[order], estimate[order]
            starts = np.searchsorted(rows, np.arange(len(queries)))
            rank = np.arange(len(rows)) - starts[rows] if len(rows) else rows
            # A query with initials meets many names through its surname alone (A. H. AL-RAWI):
            # its initials only order them roughly, so more of them are scored exactly.
            row_limit = np.where(np.array([q.initials for q in queries])[rows] != 0,
                                 limit * INITIALS_CANDIDATES, limit)
            top = rank < row_limit
            for r, c, e in zip(rows[top].tolist(), cols[top].tolist(), estimate[top].tolist(),
                               strict=True):
                out[r].append((c, e))
        for r, q in enumerate(queries):
            form = q.form
            extra = self.joined.get(form.joined, [])
            if len(form.tokens) == 1:
                extra = extra + self.acronyms.get(form.tokens[0], [])
            if extra:
                have = {c for c, _ in out[r]}
                out[r][:0] = [(c, 1.0) for c in dict.fromkeys(extra[:limit]) if c not in have]
        return out


def letter_mask(tokens: Sequence[str]) -> int:
    """One bit per letter a-z that some token starts with."""
    mask = 0
    for token in tokens:
        if token and "a" <= token[0] <= "z":
            mask |= 1 << (ord(token[0]) - 97)
    return mask


_TRAILING_PARENS = re.compile(r"^(?P<base>.+?)\s*\((?P<inner>[^()]{2,60})\)\s*\*?$")


def split_parens(name: str) -> tuple[str, str] | None:
    """``Full Name (SHORT)`` -> (``Full Name``, ``SHORT``), when the base has two words."""
    m = _TRAILING_PARENS.match(name.strip())
    if not m or len(m.group("base").split()) < 2:
        return None
    return m.group("base"), m.group("inner").strip()


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
        halves = split_parens(name)
        if halves is None:
            continue
        base, inner = halves
        out.append((entity_id, base, kind))
        out.append((entity_id, inner, NameKind.ACRONYM if " " not in inner else NameKind.ALIAS))
    return out


ACRONYM_SKIPPABLE = frozenset({"group", "holding", "holdings"}) | LEGAL_WORDS
"""Words an acronym often leaves out (CETC: China Electronics Technology Group Corporation)."""


def acronym_keys(raw: str) -> set[str]:
    """Initials a listed name may be abbreviated to (three letters or more).

    Over its words without function words: as printed, and with trailing legal words taken
    off one at a time (GCAC: Grand China Air Co. Ltd); with rigour's legal forms removed;
    without any legal word (SMIC counts the C of Corporation, CETC does not); and without
    GROUP/HOLDINGS too.
    """
    cleaned = clean_name(raw)
    printed = [w for w in cleaned.split() if w not in FUNCTION_WORDS]
    words = [w for w in remove_org_types(cleaned, replacement=" ").split()
             if w not in FUNCTION_WORDS]
    choices = [words, [w for w in words if w not in LEGAL_WORDS],
               [w for w in words if w not in ACRONYM_SKIPPABLE]]
    trimmed = list(printed)
    while trimmed:
        choices.append(list(trimmed))
        if trimmed[-1] not in LEGAL_WORDS:
            break
        trimmed.pop()
    keys: set[str] = set()
    for chosen in choices:
        key = initials(tuple(chosen))
        if len(chosen) >= MIN_ACRONYM and MIN_ACRONYM <= len(key) <= MAX_ACRONYM \
                and key.isalpha():
            keys.add(key)
    return keys
