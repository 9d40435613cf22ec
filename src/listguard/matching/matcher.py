"""The matcher: listed names and identifiers in, scored and explained hits out.

Independent of storage: :meth:`Matcher.build` takes plain tuples, so the registry, a test or the
benchmark can feed it. One query (:meth:`Matcher.match`) and many (:meth:`Matcher.match_many`)
run the same code; many queries are deduplicated, their candidates generated in sparse batches,
and, with ``processes=2``, split across worker processes that load the built index from a file
(:meth:`Matcher.map_chunks`).

Candidates are scored exactly (word alignment, :mod:`.scorer`) best estimate first, and only as
long as one could still make the top ``limit``: once the next candidate's estimate is more than
``PRUNE_MARGIN`` under the score to beat, the rest are not aligned. The estimate is close to
the aligned score (it is the same formula over the same weights, without the one-to-one
pairing), so the margin only has to cover what the estimate cannot see: merged words and
abbreviations found while aligning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz

from listguard.matching import thresholds
from listguard.matching.features import FEATURES, NO_FACTS, SCHEME_LABELS, PairContext
from listguard.matching.index import NameIndex, QueryForm, exact_key, split_parens
from listguard.matching.names import NameForm, analyze
from listguard.matching.scorer import POWER_L, POWER_Q, Alignment, align
from listguard.matching.types import Contribution, Hit, PersonFacts
from listguard.matching.workers import BATCH, convert_chunk
from listguard.model import IdScheme, NameKind
from listguard.normalize import clean_text, isin_valid, ticker_key

PARALLEL_FROM = 4 * 4 * BATCH
"""Fewer items than this are matched in the calling process whatever ``processes`` says:
starting workers takes a second or two."""
PRUNE_MARGIN = 0.15
"""How far under the score to beat a candidate's estimate may be and still be aligned."""
RESULT_CACHE = 100_000
"""Queries whose hits are remembered: customer files repeat names (the same client on many
rows, the same issuer in many funds), and a repeat costs a dictionary lookup."""


@dataclass(frozen=True, slots=True)
class Query:
    name: str | None
    ticker: str | None = None
    isin: str | None = None
    lei: str | None = None
    country: str | None = None
    kind: str | None = None
    """``company``, ``person``, ``vessel``, ``aircraft``; ``any`` (or None) compares every
    kind, though a name stating a legal form is still a company's."""
    extra_ids: tuple[tuple[IdScheme, str], ...] = ()
    """Other identifiers with their schemes (an OFAC entry number, a USCC ...)."""
    dob: str | None = None
    """A date of birth: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    birth_place: str | None = None
    """A place of birth as written (``Baghdad``, ``Baghdad, Iraq``)."""
    gender: str | None = None
    """``male`` or ``female``."""


ProgressFn = Callable[[int], None]
T = TypeVar("T")
R = TypeVar("R")
Aligned = list[tuple[int, Alignment]]


def _clean_id(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip().upper()
    return "" if text in ("", "NAN", "NONE", "-0-") else text


def name_variants(name: str) -> list[str]:
    """The query name, and for ``Full Name (SHORT)`` where SHORT stands for the full name - an
    acronym (``(SMIC)``) or a repeat of some of its words (``(CH UAV)``) - also the two halves.
    A bracket that adds something (``(Shenzhen)``, ``(North America)``) stays: without it the
    name is another party's."""
    halves = split_parens(name)
    if halves is None:
        return [name]
    base, inner = halves
    acronym = " " not in inner and len(inner) >= 2 and inner.isupper() \
        and inner.replace("-", "").isalnum()
    if acronym:
        return [name, base, inner]
    inner_words = set(analyze(inner).tokens)
    if inner_words and inner_words <= set(analyze(base).tokens):
        return [name, base]
    return [name]


class Matcher:
    """Screens names (and identifiers) against the listed parties."""

    def __init__(self, index: NameIndex, identifiers: dict[tuple[str, str], set[int]],
                 countries: dict[int, str], kinds: dict[int, str] | None = None,
                 births: dict[int, tuple[str, ...]] | None = None,
                 people: dict[int, PersonFacts] | None = None) -> None:
        self.index = index
        self.identifiers = identifiers
        self.countries = countries
        self.kinds = kinds or {}
        self.births = births or {}
        self.people = people or {}
        self.display: dict[int, str] = {}
        for n in sorted(index.names, key=lambda n: n.kind != NameKind.PRIMARY):
            self.display.setdefault(n.entity, n.name)
        self._results: dict[tuple[Query, int], list[Hit]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the result cache (a worker fills its own)."""
        state = dict(self.__dict__)
        state["_results"] = {}
        return state

    @classmethod
    def build(
        cls,
        names: Iterable[tuple[str, str, NameKind]],
        identifiers: Iterable[tuple[str, IdScheme, str]] = (),
        countries: Mapping[str, str] | None = None,
        kinds: Mapping[str, str] | None = None,
        births: Mapping[str, tuple[str, ...]] | None = None,
        people: Mapping[str, PersonFacts] | None = None,
    ) -> Matcher:
        """Build the index over (entity_id, name, kind) and (entity_id, scheme, value), with
        each entity's country, kind (``company``, ``person``, ``vessel`` ...), a person's
        dates of birth and the other facts (``people``: countries, places of birth, gender)
        where known."""
        index = NameIndex(list(names))
        ids: dict[tuple[str, str], set[int]] = {}
        for entity_id, scheme, value in identifiers:
            ent = index.entity_index.get(entity_id)
            if ent is None:
                ent = index.entity_index[entity_id] = len(index.entity_ids)
                index.entity_ids.append(entity_id)
            for key in _identifier_keys(IdScheme(scheme), value):
                ids.setdefault(key, set()).add(ent)
        country_map = {
            index.entity_index[e]: c.upper()
            for e, c in (countries or {}).items() if e in index.entity_index and c
        }
        kind_map = {index.entity_index[e]: k.lower()
                    for e, k in (kinds or {}).items() if e in index.entity_index and k}
        birth_map = {index.entity_index[e]: tuple(b) for e, b in (births or {}).items()
                     if e in index.entity_index and b}
        people_map = {index.entity_index[e]: facts for e, facts in (people or {}).items()
                      if e in index.entity_index and facts != PersonFacts()}
        index.person[:] = [kind_map.get(n.entity) == "person" for n in index.names]
        matcher = cls(index, ids, country_map, kind_map, birth_map, people_map)
        for eid, ent in index.entity_index.items():
            matcher.display.setdefault(ent, eid)
        return matcher

    # -- public API ------------------------------------------------------------------------

    def match(self, name: str | None, *, ticker: str | None = None, isin: str | None = None,
              lei: str | None = None, country: str | None = None, limit: int = 5) -> list[Hit]:
        """The best hits for one query, best first (``no_match`` hits included)."""
        return self.match_many([Query(name, ticker, isin, lei, country)], limit=limit)[0]

    def match_many(self, queries: Sequence[Query], *, limit: int = 1, processes: int = 1,
                   progress: ProgressFn | None = None) -> list[list[Hit]]:
        """Hits for many queries, in order. ``processes`` > 1 forks workers (POSIX)."""
        return self.map_chunks(queries, _Hits(limit), processes=processes, progress=progress)

    def map_chunks(self, items: Sequence[T], convert: Callable[[Matcher, Sequence[T]], list[R]],
                   *, processes: int = 1, progress: ProgressFn | None = None) -> list[R]:
        """``convert(matcher, chunk)`` over chunks of ``items``, results concatenated in order;
        ``progress`` is told how many items each chunk held.

        With ``processes`` > 1 (and enough items to be worth it) the chunks go to that many
        worker processes (:mod:`.workers`), each a fresh interpreter loading this matcher
        from a file written here. ``convert`` then runs in the worker, so it must be a
        module-level function (or an instance of a module-level class), and it should return
        something compact: that is what crosses back.
        """
        if processes > 1 and len(items) >= PARALLEL_FROM:
            return self._map_parallel(items, convert, processes, progress)
        out: list[R] = []
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            out.extend(convert_chunk(convert, self, chunk))
            if progress:
                progress(len(chunk))
        return out

    def clear_caches(self) -> None:
        """Forget every cached analysis and word lookup (for measuring cold throughput)."""
        from listguard.matching import names, translit

        self._results.clear()
        self.index.table.clear_caches()
        names.analyze.cache_clear()
        names.is_legal_word.cache_clear()
        translit.clear_caches()

    def compare(self, name: str, entity_id: str, *, country: str | None = None) -> Hit | None:
        """Score a name against every name of one listed entity, skipping candidate
        generation: "why is (or isn't) this the listed party?" None if the entity is unknown
        or the name has no words."""
        ent = self.index.entity_index.get(entity_id)
        form = analyze(name)
        if ent is None or not form.tokens:
            return None
        qform = self.index.query(form)
        aligned = [(i, self._align(qform, i)) for i in self.index.names_of_entity(ent)]
        exact = {e: n for e, n in self.index.exact.get(exact_key(name), ()) if e == ent}
        hits = self._hits(Query(name, country=country), [(name, qform, aligned)], exact,
                          limit=1, floor=0.0)
        return hits[0] if hits else None

    # -- internals -------------------------------------------------------------------------

    def _map_parallel(self, items: Sequence[T], convert: Callable[[Matcher, Sequence[T]], list[R]],
                      processes: int, progress: ProgressFn | None) -> list[R]:
        from listguard.matching.workers import WorkerPool, chunked

        step = BATCH * 4
        chunks = chunked(items, step)
        out: list[R] = []
        with WorkerPool(self, convert, processes) as pool:
            for i, result in enumerate(pool.map(chunks)):
                out.extend(result)
                if progress:
                    progress(min(step, len(items) - i * step))
        return out

    def _match_chunk(self, queries: Sequence[Query], limit: int) -> list[list[Hit]]:
        """Hits for each query: remembered ones from the result cache, the others computed
        together (:meth:`_compute_chunk`) and remembered."""
        cache = self._results
        found = {q: cache[(q, limit)] for q in queries if (q, limit) in cache}
        todo = [q for q in dict.fromkeys(queries) if q not in found]
        if todo:
            if len(cache) + len(todo) > RESULT_CACHE:
                cache.clear()
            for q, hits in zip(todo, self._compute_chunk(todo, limit), strict=True):
                cache[(q, limit)] = found[q] = hits
        return [list(found[q]) for q in queries]

    def _compute_chunk(self, queries: Sequence[Query], limit: int) -> list[list[Hit]]:
        index = self.index
        variants: dict[str, list[str]] = {}
        forms: dict[str, NameForm] = {}
        for q in queries:
            if q.name and q.name not in variants:
                variants[q.name] = name_variants(q.name)
                for v in variants[q.name]:
                    if v not in forms:
                        forms[v] = analyze(v)
        unique = list(dict.fromkeys(f for f in forms.values() if f.tokens))
        qforms = index.query_many(unique)
        found = index.candidates(qforms, POWER_Q, POWER_L)
        scored: dict[NameForm, tuple[QueryForm, Aligned]] = {}
        for qform, cands in zip(qforms, found, strict=True):
            scored[qform.form] = (qform, self._align_pruned(qform, cands, limit))
        results: list[list[Hit]] = []
        for q in queries:
            if not q.name:
                results.append(self._hits(q, [], {}, limit))
                continue
            parts = []
            for v in variants[q.name]:
                form = forms[v]
                if form.tokens:
                    qform, aligned = scored[form]
                    parts.append((v, qform, aligned))
            exact = dict(index.exact.get(exact_key(q.name), ()))
            results.append(self._hits(q, parts, exact, limit))
        return results

    def _align(self, qform: QueryForm, name_id: int) -> Alignment:
        listed = self.index.names[name_id]
        form = listed.form
        return align(qform.words, qform.weights, form.tokens, listed.ids, listed.weights,
                     qform.form.fuzzy, qform.form.minor, form.minor, listed.word_class,
                     self.kinds.get(listed.entity) == "person")

    def _align_pruned(self, qform: QueryForm, cands: list[tuple[int, float]], limit: int
                      ) -> Aligned:
        """Align candidates best estimate first while one could still enter the top."""
        out: Aligned = []
        best: dict[int, float] = {}
        names = self.index.names
        to_beat = 0.0
        for name_id, estimate in cands:
            if estimate < to_beat - PRUNE_MARGIN:
                break
            alignment = self._align(qform, name_id)
            out.append((name_id, alignment))
            ent = names[name_id].entity
            if alignment.score > best.get(ent, -1.0):
                best[ent] = alignment.score
                if len(best) >= limit:
                    to_beat = sorted(best.values(), reverse=True)[limit - 1]
        return out

    def _acronym(self, text: str, form: NameForm, name_id: int) -> tuple[str | None, bool]:
        if len(form.tokens) != 1:
            return None, False
        token = form.tokens[0]
        raw = text.strip()
        looks_like = raw.replace(".", "").replace(" ", "").isupper()
        if not looks_like or name_id not in self.index.acronyms.get(token, ()):
            return None, False
        return token.upper(), self.index.acronym_entities(token) == 1

    def _weak_only(self, ent: int, printed: str) -> bool:
        """Whether the listed name printed so is only one of the entity's weak aliases."""
        kinds = {n.kind for i in self.index.names_of_entity(ent)
                 if (n := self.index.names[i]).name == printed}
        return kinds == {NameKind.WEAK}

    def _identifier_hits(self, q: Query) -> dict[int, tuple[str, str, bool]]:
        hits: dict[int, tuple[str, str, bool]] = {}
        given = [(IdScheme.ISIN, q.isin), (IdScheme.LEI, q.lei), (IdScheme.TICKER, q.ticker)]
        given += list(q.extra_ids)
        for scheme, value in given:
            text = _clean_id(value)
            if not text:
                continue
            for key, exact in _query_identifier_keys(scheme, text):
                for ent in self.identifiers.get(key, ()):
                    if ent not in hits or (exact and not hits[ent][2]):
                        hits[ent] = (scheme.value, text, exact)
        return hits

    def _hits(self, q: Query, parts: list[tuple[str, QueryForm, Aligned]], exact: dict[int, str],
              limit: int, floor: float = thresholds.REPORT_FLOOR) -> list[Hit]:
        """The hits for one query from its aligned parts, best first (at most ``limit``)."""
        # Kept in one piece: this is on screening's innermost path (once per query or per
        # candidate pair, millions of times a run), where a Python call per step is a
        # measurable share of the time.
        best: dict[int, tuple[float, str, tuple[Contribution, ...], str]] = {}
        country = _clean_id(q.country)
        id_hits = self._identifier_hits(q) if (q.isin or q.lei or q.ticker or q.extra_ids) else {}
        empty = NameForm(())
        names = self.index.names
        kinds = self.kinds
        for text, qform, aligned in parts:
            form = qform.form
            q_kind = _query_kind(q, form)
            classes = tuple(w.word_class for w in qform.words)
            for name_id, alignment in aligned:
                listed = names[name_id]
                ent = listed.entity
                acronym, unique = self._acronym(text, form, name_id)
                ident = id_hits.get(ent)
                ctx = PairContext(
                    query=form, listed_name=listed.name, listed=listed.form,
                    alignment=alignment, acronym=acronym, acronym_unique=unique,
                    identifier=(ident[0], ident[1]) if ident else None,
                    identifier_exact=ident[2] if ident else True,
                    query_country=country, listed_country=self.countries.get(ent, ""),
                    query_kind=q_kind, listed_kind=kinds.get(ent, ""), query_classes=classes,
                    query_dob=q.dob or "", listed_births=self.births.get(ent, ()),
                    query_birth_place=q.birth_place or "", query_gender=q.gender or "",
                    listed_person=self.people.get(ent, NO_FACTS),
                    listed_weak=listed.kind == NameKind.WEAK,
                )
                score, contributions = _score(ctx)
                old = best.get(ent)
                if old is None or score > old[0]:
                    best[ent] = (score, listed.name, contributions, form.text)
        exact_form = parts[0][1].form if parts else empty
        exact_classes = tuple(w.word_class for w in parts[0][1].words) if parts else ()
        for ent, printed in exact.items():
            ident = id_hits.get(ent)
            ctx = PairContext(
                query=exact_form, listed_name=printed, listed=empty, exact=True,
                identifier=(ident[0], ident[1]) if ident else None,
                identifier_exact=ident[2] if ident else True,
                query_country=country, listed_country=self.countries.get(ent, ""),
                query_kind=_query_kind(q, exact_form), listed_kind=kinds.get(ent, ""),
                query_classes=exact_classes, query_dob=q.dob or "",
                listed_births=self.births.get(ent, ()),
                query_birth_place=q.birth_place or "", query_gender=q.gender or "",
                listed_person=self.people.get(ent, NO_FACTS),
                listed_weak=self._weak_only(ent, printed))
            score, contributions = _score(ctx)
            old = best.get(ent)
            if old is None or score >= old[0]:
                best[ent] = (score, printed, contributions, old[3] if old else "")
        for ent, (scheme, value, is_exact) in id_hits.items():
            if ent in best:
                continue
            ctx = PairContext(query=empty, listed_name=self.display.get(ent, ""),
                              listed=empty, identifier=(scheme, value),
                              identifier_exact=is_exact, query_country=country,
                              listed_country=self.countries.get(ent, ""))
            score, contributions = _score(ctx)
            best[ent] = (score, f"{SCHEME_LABELS.get(scheme, scheme)} {value}", contributions,
                         "")
        # Ties go to the entity whose identifier was given, then to one printing the query
        # exactly as given, then to the better name before the limits (two listed persons held
        # at a review by a limit: the one whose name is more like it), then to the listed name
        # most like the query as typed (legal words and all: "JOINT STOCK CO CO SCAN" is the
        # one printing COMPANY twice).
        ranked = sorted(best.items(), key=lambda kv: (
            -round(kv[1][0], 4), kv[0] not in id_hits, kv[0] not in exact,
            -_name_value(kv[1][2]), kv[0]))
        if len(ranked) > 1 and round(ranked[0][1][0], 4) == round(ranked[1][1][0], 4):
            typed = clean_text(q.name or "")
            top = round(ranked[0][1][0], 4)
            tied = [kv for kv in ranked if round(kv[1][0], 4) == top]
            tied.sort(key=lambda kv: (kv[0] not in id_hits, kv[0] not in exact,
                                      -round(_name_value(kv[1][2]), 2),
                                      -fuzz.ratio(typed, clean_text(kv[1][1])),
                                      -_name_value(kv[1][2]), kv[0]))
            ranked[: len(tied)] = tied
        hits = []
        for ent, (score, matched, contributions, query_form) in ranked[:limit]:
            if score < floor:
                break
            hits.append(Hit(
                entity_id=self.index.entity_ids[ent], score=round(score, 4),
                decision=thresholds.decide(score), matched_name=matched,
                query_form=query_form, features=contributions, query=q.name or "",
            ))
        return hits


class _Hits:
    """The plain chunk function: a list of hits per query."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, matcher: Matcher, chunk: Sequence[Query]) -> list[list[Hit]]:
        return matcher._match_chunk(chunk, self.limit)


def _score(ctx: PairContext) -> tuple[float, tuple[Contribution, ...]]:
    main = 0.0
    extra = 0.0
    contributions = []
    cap = 1.0
    decided = ctx.identifier is not None and ctx.identifier_exact
    person = ctx.listed_kind == "person"
    for feature in FEATURES:
        if (decided and feature.qualifier) or (feature.person and not person):
            continue
        value, description = feature.func(ctx)
        if not value:
            continue
        contributions.append(Contribution(feature.name, value, feature.weight, description,
                                          feature.cap, feature.qualifier))
        if feature.cap is not None:
            cap = min(cap, feature.cap)
        elif feature.qualifier:
            extra += value * feature.weight
        else:
            main = max(main, value * feature.weight)
    return max(0.0, min(1.0, min(cap, main) + extra)), tuple(contributions)


def _query_kind(q: Query, form: NameForm) -> str:
    """The kind the query is compared as: the row's own (``any``: none), else ``company``
    for a name stating a legal form, else not known."""
    if q.kind:
        return "" if q.kind == "any" else q.kind
    return "company" if form.company else ""


def _name_value(contributions: tuple[Contribution, ...]) -> float:
    return next((c.value for c in contributions if c.name == "name_match"), 0.0)


def _identifier_keys(scheme: IdScheme, value: str) -> list[tuple[str, str]]:
    text = value.strip().upper()
    if scheme == IdScheme.TICKER:
        parsed = ticker_key(text)
        if parsed is None:
            return []
        code, market = parsed
        keys = [("ticker-code", code)]
        if market:
            keys.append(("ticker", f"{code}@{market}"))
        return keys
    if scheme == IdScheme.ISIN and not isin_valid(text):
        return []
    if scheme in (IdScheme.PASSPORT, IdScheme.NATIONAL_ID):
        text = "".join(ch for ch in text if ch.isalnum())
        return [(scheme.value, text)] if len(text) >= 4 else []
    return [(scheme.value, text)]


def _query_identifier_keys(scheme: IdScheme, value: str) -> list[tuple[tuple[str, str], bool]]:
    if scheme == IdScheme.TICKER:
        parsed = ticker_key(value)
        if parsed is None:
            return []
        code, market = parsed
        if market:
            return [(("ticker", f"{code}@{market}"), True)]
        return [(("ticker-code", code), False)]
    return [((k, v), True) for k, v in _identifier_keys(scheme, value)]
