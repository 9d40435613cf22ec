"""The matcher: listed names and identifiers in, scored and explained hits out.

Independent of storage: :meth:`Matcher.build` takes plain tuples, so the registry, a test or the
benchmark can feed it. One query (:meth:`Matcher.match`) and many (:meth:`Matcher.match_many`)
run the same code; many queries are deduplicated, their candidates generated in sparse batches,
and, with ``processes=2``, split across forked workers that share the built index.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from listguard.matching import thresholds
from listguard.matching.features import FEATURES, PairContext
from listguard.matching.index import NameIndex
from listguard.matching.normalize import NameForm, analyze
from listguard.matching.scorer import POWER_L, POWER_Q, Alignment, align
from listguard.matching.types import Contribution, Hit
from listguard.model import IdScheme, NameKind
from listguard.normalize import clean_text, isin_valid, ticker_key

BATCH = 2048
"""Queries per sparse candidate batch."""
_IDENTIFIER_ONLY = "identifier"


@dataclass(frozen=True, slots=True)
class Query:
    name: str | None
    ticker: str | None = None
    isin: str | None = None
    lei: str | None = None
    country: str | None = None


ProgressFn = Callable[[int], None]


def _clean_id(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip().upper()
    return "" if text in ("", "NAN", "NONE", "-0-") else text


class Matcher:
    """Screens names (and identifiers) against the listed parties."""

    def __init__(self, index: NameIndex, identifiers: dict[tuple[str, str], set[int]],
                 countries: dict[int, str]) -> None:
        self.index = index
        self.identifiers = identifiers
        self.countries = countries
        self.display: dict[int, str] = {}
        for n in sorted(index.names, key=lambda n: n.kind != NameKind.PRIMARY):
            self.display.setdefault(n.entity, n.name)

    @classmethod
    def build(
        cls,
        names: Iterable[tuple[str, str, NameKind]],
        identifiers: Iterable[tuple[str, IdScheme, str]] = (),
        countries: Mapping[str, str] | None = None,
    ) -> Matcher:
        """Build the index over (entity_id, name, kind) and (entity_id, scheme, value)."""
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
        matcher = cls(index, ids, country_map)
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
        if processes > 1 and len(queries) > 4 * BATCH and hasattr(os, "fork"):
            return self._match_parallel(queries, limit, processes, progress)
        out: list[list[Hit]] = []
        for start in range(0, len(queries), BATCH):
            chunk = queries[start : start + BATCH]
            out.extend(self._match_chunk(chunk, limit))
            if progress:
                progress(len(chunk))
        return out

    # -- internals -------------------------------------------------------------------------

    def _match_parallel(self, queries: Sequence[Query], limit: int, processes: int,
                        progress: ProgressFn | None) -> list[list[Hit]]:
        global _WORKER
        _WORKER = self
        step = BATCH * 4
        chunks = [list(queries[i : i + step]) for i in range(0, len(queries), step)]
        out: list[list[Hit]] = []
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(processes) as pool:
            for result in pool.imap(_worker_chunk, [(c, limit) for c in chunks]):
                out.extend(result)
                if progress:
                    progress(len(result))
        _WORKER = None
        return out

    def _match_chunk(self, queries: Sequence[Query], limit: int) -> list[list[Hit]]:
        forms: dict[str, NameForm] = {}
        for q in queries:
            if q.name and q.name not in forms:
                forms[q.name] = analyze(q.name)
        unique = sorted({f for f in forms.values() if f.tokens}, key=lambda f: f.tokens)
        found = self.index.candidates(unique, POWER_Q, POWER_L)
        scored: dict[NameForm, list[tuple[int, Alignment]]] = {}
        for form, cands in zip(unique, found, strict=True):
            scored[form] = self._align_all(form, [c for c, _ in cands])
        results: list[list[Hit]] = []
        for q in queries:
            qform = forms.get(q.name) if q.name else None
            results.append(self._hits(q, qform, scored.get(qform, []) if qform else [], limit))
        return results

    def _align_all(self, form: NameForm, name_ids: list[int]) -> list[tuple[int, Alignment]]:
        table = self.index.table
        weights = tuple(table.weight(t) for t in form.tokens)
        out = []
        for i in name_ids:
            listed = self.index.names[i]
            out.append((i, align(table, form.tokens, weights, listed.form.tokens,
                                 self.index.token_ids[i], form.fuzzy)))
        return out

    def compare(self, name: str, entity_id: str, *, country: str | None = None) -> Hit | None:
        """Score a name against every name of one listed entity, skipping candidate
        generation: "why is (or isn't) this the listed party?" None if the entity is unknown
        or the name has no words."""
        ent = self.index.entity_index.get(entity_id)
        form = analyze(name)
        if ent is None or not form.tokens:
            return None
        name_ids = self.index.names_of_entity(ent)
        hits = self._hits(Query(name, country=country), form, self._align_all(form, name_ids),
                          limit=1, floor=0.0)
        return hits[0] if hits else None

    def _acronym(self, q: Query, form: NameForm, name_id: int) -> tuple[str | None, bool]:
        if len(form.tokens) != 1 or not q.name:
            return None, False
        token = form.tokens[0]
        raw = q.name.strip()
        looks_like = raw.replace(".", "").replace(" ", "").isupper()
        if not looks_like or name_id not in self.index.acronyms.get(token, ()):
            return None, False
        return token.upper(), self.index.acronym_entities(token) == 1

    def _identifier_hits(self, q: Query) -> dict[int, tuple[str, str, bool]]:
        hits: dict[int, tuple[str, str, bool]] = {}
        for scheme, value in ((IdScheme.ISIN, q.isin), (IdScheme.LEI, q.lei),
                              (IdScheme.TICKER, q.ticker)):
            text = _clean_id(value)
            if not text:
                continue
            for key, exact in _query_identifier_keys(scheme, text):
                for ent in self.identifiers.get(key, ()):
                    if ent not in hits or (exact and not hits[ent][2]):
                        hits[ent] = (scheme.value, text, exact)
        return hits

    def _hits(self, q: Query, form: NameForm | None, aligned: list[tuple[int, Alignment]],
              limit: int, floor: float = thresholds.REPORT_FLOOR) -> list[Hit]:
        best: dict[int, tuple[float, str, tuple[Contribution, ...]]] = {}
        literal: set[int] = set()
        query_text = clean_text(q.name) if q.name else ""
        country = _clean_id(q.country)
        id_hits = self._identifier_hits(q)
        empty = NameForm(())
        for name_id, alignment in aligned:
            listed = self.index.names[name_id]
            acronym, unique = self._acronym(q, form, name_id) if form else (None, False)
            ident = id_hits.get(listed.entity)
            ctx = PairContext(
                query=form or empty, listed_name=listed.name, listed=listed.form,
                alignment=alignment, acronym=acronym, acronym_unique=unique,
                identifier=(ident[0], ident[1]) if ident else None,
                identifier_exact=ident[2] if ident else True,
                query_country=country, listed_country=self.countries.get(listed.entity, ""),
            )
            score, contributions = _score(ctx)
            old = best.get(listed.entity)
            same = bool(query_text) and clean_text(listed.name) == query_text
            if old is None or score > old[0] or (score == old[0] and same):
                best[listed.entity] = (score, listed.name, contributions)
            if same:
                literal.add(listed.entity)
        for ent, (scheme, value, exact) in id_hits.items():
            if ent in best:
                continue
            ctx = PairContext(query=form or empty, listed_name=self.display.get(ent, ""),
                              listed=empty, identifier=(scheme, value), identifier_exact=exact,
                              query_country=country, listed_country=self.countries.get(ent, ""))
            score, contributions = _score(ctx)
            best[ent] = (score, f"{scheme} {value}", contributions)
        # Ties go to the entity whose identifier was given, then to one printing the query
        # exactly as given, then to the better name.
        ranked = sorted(best.items(), key=lambda kv: (
            -kv[1][0], kv[0] not in id_hits, kv[0] not in literal, -_name_value(kv[1][2]),
            kv[0]))
        hits = []
        for ent, (score, matched, contributions) in ranked[:limit]:
            if score < floor:
                break
            hits.append(Hit(
                entity_id=self.index.entity_ids[ent], score=round(score, 4),
                decision=thresholds.decide(score), matched_name=matched,
                query_form=form.text if form else "", features=contributions,
                query=q.name or "",
            ))
        return hits


def _score(ctx: PairContext) -> tuple[float, tuple[Contribution, ...]]:
    main = 0.0
    extra = 0.0
    contributions = []
    for feature in FEATURES:
        value, description = feature.func(ctx)
        if not value:
            continue
        contributions.append(Contribution(feature.name, value, feature.weight, description))
        if feature.qualifier:
            extra += value * feature.weight
        else:
            main = max(main, value * feature.weight)
    return max(0.0, min(1.0, main + extra)), tuple(contributions)


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


_WORKER: Matcher | None = None


def _worker_chunk(args: tuple[list[Query], int]) -> list[list[Hit]]:
    queries, limit = args
    assert _WORKER is not None
    return _WORKER.match_many(queries, limit=limit)


def hits_as_rows(hits: Sequence[Hit]) -> list[dict[str, Any]]:
    return [h.as_dict() for h in hits]
