"""Screening benchmark: quality by variant kind and throughput, listguard against two baselines.

Run ``python benchmarks/bench_matching.py`` (``--quick`` for a smaller sample, ``--help`` for
the rest). It prints the tables the README quotes and exits non-zero when listguard misses a
target, so ``make bench`` can fail.

**Corpus** (what is screened against): the OFAC SDN list (sdn.csv + alt.csv, May 2024), the
OFAC consolidated non-SDN list (Dec 2025) and the curated DoD 1260H / CCMC / NS-CMIC lists in
``../shared/data/lists``: about 35,000 names. Chinese-script names are *not* in the corpus, so
Chinese queries test transliteration, not alias lookup. Pure acronym aliases that are the
initials of the entity's name (AVIC, CASIC, CNOOC ...) are held out of the corpus too, so an
acronym query tests acronym matching, not alias lookup.

**Queries** (fixed seed; ``--split dev`` and ``--split test`` draw disjoint entities):

* positives - realistic variants of real listed names, one kind per query: ``exact``,
  ``case_punct``, ``legal_form``, ``typo``, ``word_order``, ``drop_generic``, ``add_generic``,
  ``abbreviation``, ``acronym``, ``alias`` (a listed a.k.a./f.k.a. name, varied),
  ``person_order`` ("SURNAME, Given" -> "Given Surname"), ``chinese_script``
  (chinese_names.csv), plus the labelled sets' positive pairs (``labelled_pos``: nomenklatura
  name_bench; ``cross_script``: Watchman's pairs), whose listed side is added to the corpus;
* hard negatives - real names that share words with listed ones but are other parties:
  ``labelled_neg`` (nomenklatura name_bench negative pairs, listed side added to the corpus)
  and ``shared_words`` (matching_cases/hard_negatives.csv: real companies such as China Mobile
  Games & Entertainment, Bank of China);
* ordinary negatives - ``person_neg``: yente's synthetic customer names (negatives_us/global).

A positive counts as found when the top hit is flagged (``match`` or ``review``) and is the
expected entity (any entity printing the same name counts). Any flagged negative is a false
positive; so is a positive flagged against the wrong entity.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import multiprocessing
import os
import random
import re
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from listguard.matching import Decision, Matcher  # noqa: E402
from listguard.matching.thresholds import MATCH_THRESHOLD, REVIEW_THRESHOLD  # noqa: E402
from listguard.model import IdScheme, NameKind  # noqa: E402
from listguard.normalize import name_key  # noqa: E402

SHARED = Path(os.environ.get("LISTGUARD_SHARED_DATA", ROOT.parent / "shared" / "data"))
CASES_DIR = Path(__file__).resolve().parent / "matching_cases"

# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    names: list[tuple[str, str, NameKind]] = field(default_factory=list)
    identifiers: list[tuple[str, IdScheme, str]] = field(default_factory=list)
    countries: dict[str, str] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)
    entity_type: dict[str, str] = field(default_factory=dict)
    held_out: list[tuple[str, str]] = field(default_factory=list)
    """(entity_id, acronym) aliases held out of the corpus for the acronym variant."""

    def add(self, entity_id: str, name: str, kind: NameKind) -> None:
        name = name.strip()
        if name:
            self.names.append((entity_id, name, kind))
            self.primary.setdefault(entity_id, name)

    def names_of(self) -> dict[str, list[tuple[str, NameKind]]]:
        out: dict[str, list[tuple[str, NameKind]]] = defaultdict(list)
        for eid, name, kind in self.names:
            out[eid].append((name, kind))
        return out


_OFAC_NULL = "-0-"
_ALT_KIND = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}


def _ofac_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.reader(fh):
            if row and row[0].strip().isdigit():
                yield [c.strip() for c in row]


def _load_ofac(corpus: Corpus, prim: Path, alt: Path | None, prefix: str = "ofac") -> None:
    """OFAC's legacy CSV files (SDN or consolidated): primary names and aliases."""
    known = set()
    for row in _ofac_rows(prim):
        eid = f"{prefix}:{row[0]}"
        known.add(eid)
        corpus.add(eid, row[1], NameKind.PRIMARY)
        kind = row[2].strip('"').lower() if len(row) > 2 else ""
        corpus.entity_type[eid] = "entity" if kind in ("", _OFAC_NULL) else kind
    if alt is not None and alt.exists():
        for row in _ofac_rows(alt):
            eid = f"{prefix}:{row[0]}"
            if eid in known and len(row) > 3 and row[3] != _OFAC_NULL:
                corpus.add(eid, row[3], _ALT_KIND.get(row[2].lower(), NameKind.ALIAS))


_ALIAS_NOTE = re.compile(r"\((?:fka|f\.k\.a\.|aka|as printed|formerly)\)|\*", re.IGNORECASE)


def _split_aliases(text: str) -> list[tuple[str, NameKind]]:
    out = []
    for part in text.split(";"):
        kind = NameKind.FORMER if "(fka)" in part.lower() else NameKind.ALIAS
        if "(as printed)" in part.lower():
            kind = NameKind.LISTED
        name = _ALIAS_NOTE.sub("", part).strip()
        if name:
            out.append((name, kind))
    return out


def _is_initials_of(acronym: str, name: str) -> bool:
    """AVIC, CNOOC, CASIC: an all-caps alias that is (roughly) the initials of the name."""
    if not (acronym.isalpha() and acronym.isupper() and 3 <= len(acronym) <= 6):
        return False
    words = [w for w in re.split(r"[^A-Za-z]+", name) if w and w.lower() not in ("of", "and")]
    letters = "".join(w[0] for w in words).upper()
    return acronym[0] == letters[:1] and all(ch in letters for ch in acronym)


def load_corpus(shared: Path = SHARED) -> Corpus:
    corpus = Corpus()
    _load_ofac(corpus, shared / "ofac/sdn_2024-05/sdn.csv", shared / "ofac/sdn_2024-05/alt.csv")
    _load_ofac(
        corpus,
        shared / "ofac/cons_2025-12/cons_prim.csv",
        shared / "ofac/cons_2025-12/cons_alt.csv",
    )
    by_key: dict[str, str] = {}
    for eid, name, _ in corpus.names:
        by_key.setdefault(name_key(name), eid)
    lists = shared / "lists"
    for file, slug in (
        ("nscmic.csv", "nscmic"),
        ("dod_1260h.csv", "1260h"),
        ("ccmc_1237.csv", "ccmc"),
    ):
        with (lists / file).open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                name = row["name"].strip()
                ent = (row.get("ofac_ent_num") or "").strip()
                eid = f"ofac:{ent}" if ent and f"ofac:{ent}" in corpus.primary else None
                eid = eid or by_key.get(name_key(name)) or f"{slug}:{line}"
                if eid not in corpus.primary:
                    corpus.entity_type[eid] = "entity"
                    corpus.add(eid, name, NameKind.PRIMARY)
                    by_key.setdefault(name_key(name), eid)
                elif name_key(name) != name_key(corpus.primary[eid]):
                    corpus.add(eid, name, NameKind.LISTED)
                corpus.countries.setdefault(eid, "CN")
                for alias, kind in _split_aliases(row.get("aliases", "")):
                    if _is_initials_of(alias, name):
                        corpus.held_out.append((eid, alias))
                        continue
                    corpus.add(eid, alias, kind)
                    by_key.setdefault(name_key(alias), eid)
                for ticker in (row.get("equity_tickers") or "").split(";"):
                    if ticker.strip():
                        corpus.identifiers.append((eid, IdScheme.TICKER, ticker.strip()))
                for isin in (row.get("isins") or "").split(";"):
                    if isin.strip():
                        corpus.identifiers.append((eid, IdScheme.ISIN, isin.strip()))
    held = {(eid, a) for eid, a in corpus.held_out}
    corpus.held_out = sorted(held)
    return corpus


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------

POSITIVE, HARD_NEGATIVE, NEGATIVE, INFO = "positive", "hard negative", "negative", "info"


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    group: str
    expected: frozenset[str] = frozenset()
    """Entities a positive may hit (all entities printing the same name)."""
    forbidden: frozenset[str] | None = None
    """For a labelled negative: the entity it must not hit (None: must hit nothing)."""
    source: str = ""


GENERIC_WORDS = {
    "group",
    "holding",
    "holdings",
    "international",
    "technology",
    "technologies",
    "trading",
    "industries",
    "industry",
    "industrial",
    "company",
    "co",
    "corporation",
    "corp",
    "limited",
    "ltd",
    "china",
    "chinese",
    "national",
    "general",
    "development",
    "investment",
    "services",
    "science",
    "engineering",
    "enterprises",
    "inc",
    "llc",
    "beijing",
    "shanghai",
    "shenzhen",
}
ABBREVIATIONS = {
    "international": "Intl",
    "technology": "Tech",
    "technologies": "Tech",
    "corporation": "Corp",
    "company": "Co",
    "group": "Grp",
    "holdings": "Hldgs",
    "manufacturing": "Mfg",
    "services": "Svcs",
    "industries": "Inds",
    "industry": "Ind",
    "communications": "Comm",
    "engineering": "Eng",
    "national": "Natl",
    "development": "Dev",
    "electronics": "Elec",
    "limited": "Ltd",
    "science": "Sci",
    "equipment": "Equip",
    "incorporated": "Inc",
    "association": "Assn",
    "university": "Univ",
}
LEGAL_SWAPS = [
    (r"\bCO\.?,? LTD\.?$", ["Company Limited", "Co Ltd", "Ltd"]),
    (r"\bCOMPANY LIMITED$", ["Co., Ltd.", "Ltd", "Limited"]),
    (r"\bLIMITED$", ["Ltd", "Ltd.", "Co Ltd"]),
    (r"\bLTD\.?$", ["Limited", "Co., Limited"]),
    (r"\bCORPORATION$", ["Corp", "Corp.", "Co"]),
    (r"\bCORP\.?$", ["Corporation", "Co"]),
    (r"\bINC\.?$", ["Incorporated", "Corp"]),
    (r"\bLLC$", ["L.L.C.", "Limited Liability Company"]),
    (r"\bJSC$", ["Joint Stock Company", "AO"]),
    (r"\bS\.?A\.?$", ["SA", "Sociedad Anonima"]),
    (r"\bGMBH$", ["GmbH", "Gesellschaft mit beschraenkter Haftung"]),
    (r"^OOO\b", ["LLC", "Obshchestvo s Ogranichennoi Otvetstvennostyu"]),
]
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _is_company(corpus: Corpus, eid: str) -> bool:
    return corpus.entity_type.get(eid, "entity") == "entity"


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def v_case_punct(name: str, rng: random.Random) -> str | None:
    out = re.sub(r"[.,()\"]", "", name)
    out = out.replace("&", "and") if "&" in out else out.replace(" and ", " & ")
    out = out.title() if name.isupper() else out.upper()
    return out if out != name else None


def v_legal_form(name: str, rng: random.Random) -> str | None:
    upper = name.upper().strip()
    for pattern, options in LEGAL_SWAPS:
        if re.search(pattern, upper):
            return re.sub(pattern, rng.choice(options), upper, flags=re.IGNORECASE).strip()
    return f"{name.strip()} {rng.choice(['Ltd', 'Co., Ltd.', 'Inc.', 'Corporation', 'LLC'])}"


def v_typo(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    spots = [
        i
        for i, w in enumerate(words)
        if len(w) >= 6 and w.isalpha() and w.lower() not in GENERIC_WORDS
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "aeiounrstlcm" if w.islower() else "AEIOUNRSTLCM"
    if op == "sub":
        w = w[:p] + rng.choice([c for c in letters if c != w[p]]) + w[p + 1 :]
    elif op == "del":
        w = w[:p] + w[p + 1 :]
    elif op == "ins":
        w = w[:p] + rng.choice(letters) + w[p:]
    else:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    words[i] = w
    return " ".join(words)


def v_word_order(name: str, rng: random.Random) -> str | None:
    words = [w for w in _words(name) if w.lower() not in ("co.", "ltd.", "ltd", "co", "inc.")]
    if len(words) < 2:
        return None
    i = rng.randrange(len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    out = " ".join(words)
    return out if out.lower() != name.lower() else None


def v_drop_generic(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    spots = [i for i, w in enumerate(words) if w.lower().strip(".") in GENERIC_WORDS]
    if not spots or len(words) - 1 < 2:
        return None
    del words[rng.choice(spots)]
    return " ".join(words)


def v_add_generic(name: str, rng: random.Random) -> str | None:
    extra = rng.choice(["Group", "Holdings", "International", "Co., Ltd.", "Technology", "China"])
    return f"{extra} {name}" if extra == "China" else f"{name} {extra}"


def v_abbreviation(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    spots = [i for i, w in enumerate(words) if w.lower().strip(".,") in ABBREVIATIONS]
    if not spots:
        return None
    for i in spots:
        words[i] = ABBREVIATIONS[words[i].lower().strip(".,")]
    return " ".join(words).upper()


def v_person_order(name: str, rng: random.Random) -> str | None:
    if "," not in name:
        return None
    last, _, first = name.partition(",")
    return f"{first.strip().title()} {last.strip().title()}"


COMPANY_VARIANTS: dict[str, Callable[[str, random.Random], str | None]] = {
    "exact": lambda n, r: n,
    "case_punct": v_case_punct,
    "legal_form": v_legal_form,
    "typo": v_typo,
    "word_order": v_word_order,
    "drop_generic": v_drop_generic,
    "add_generic": v_add_generic,
    "abbreviation": v_abbreviation,
}


def _split_of(eid: str) -> str:
    import zlib

    return "dev" if zlib.crc32(eid.encode()) % 2 == 0 else "test"


def _expected(keys: dict[str, set[str]], eid: str, name: str) -> frozenset[str]:
    return frozenset({eid} | keys.get(name_key(name), set()))


def positive_cases(corpus: Corpus, split: str, per_kind: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    keys: dict[str, set[str]] = defaultdict(set)
    for eid, name, _ in corpus.names:
        keys[name_key(name)].add(eid)
    by_entity = corpus.names_of()
    entities = sorted(e for e in by_entity if _split_of(e) == split and not e.startswith("bench:"))
    rng.shuffle(entities)
    companies = [e for e in entities if _is_company(corpus, e)]
    # Over-sample the curated (Chinese military company) entities: they are the point.
    curated = [e for e in companies if not e.startswith("ofac:") or corpus.countries.get(e)]
    pool = curated + [e for e in companies if e not in set(curated)]
    cases: list[Case] = []
    for kind, variant in COMPANY_VARIANTS.items():
        made = 0
        for eid in pool:
            if made >= per_kind:
                break
            primary = corpus.primary[eid]
            query = variant(primary, rng)
            if not query or not query.strip():
                continue
            cases.append(Case(query, kind, POSITIVE, _expected(keys, eid, primary), source=primary))
            made += 1
        rng.shuffle(pool[len(curated) :])
    made = 0
    for eid in pool:
        aliases = [
            n
            for n, k in by_entity[eid]
            if k in (NameKind.ALIAS, NameKind.FORMER)
            and name_key(n) != name_key(corpus.primary[eid])
        ]
        if not aliases or made >= per_kind:
            continue
        alias = rng.choice(aliases)
        query = rng.choice([v_case_punct, v_legal_form])(alias, rng) or alias
        cases.append(Case(query, "alias", POSITIVE, _expected(keys, eid, alias), source=alias))
        made += 1
    persons = [e for e in entities if corpus.entity_type.get(e) == "individual"]
    made = 0
    for eid in persons:
        query = v_person_order(corpus.primary[eid], rng)
        if query and made < per_kind:
            cases.append(
                Case(
                    query,
                    "person_order",
                    POSITIVE,
                    _expected(keys, eid, corpus.primary[eid]),
                    source=corpus.primary[eid],
                )
            )
            made += 1
    listed = {name_key(n) for _, n, _ in corpus.names}
    for eid, acronym in corpus.held_out:
        if _split_of(eid) == split and name_key(acronym) not in listed:
            cases.append(
                Case(acronym, "acronym", POSITIVE, frozenset({eid}), source=corpus.primary[eid])
            )
    cases.extend(chinese_cases(corpus, keys, split))
    return cases


def chinese_cases(corpus: Corpus, keys: dict[str, set[str]], split: str) -> list[Case]:
    out = []
    with (SHARED / "lists/chinese_names.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            english = re.sub(r"\s*\([^)]*\)\s*$", "", row["english_name"]).strip()
            expected = keys.get(name_key(english)) or keys.get(name_key(row["english_name"]))
            if not expected:
                continue
            # chinese_names.csv is small: alternate rows between the splits.
            if (i % 2 == 0) != (split == "dev"):
                continue
            out.append(
                Case(
                    row["chinese_name"],
                    "chinese_script",
                    POSITIVE,
                    frozenset(expected),
                    source=row["english_name"],
                )
            )
    return out


def labelled_cases(split: str) -> tuple[list[tuple[str, str, NameKind]], list[Case]]:
    """nomenklatura name_bench pairs and Watchman cross-script pairs; listed side injected."""
    extra: list[tuple[str, str, NameKind]] = []
    ids: dict[str, str] = {}

    def entity_for(name: str) -> str:
        key = " ".join(name.casefold().split())
        if key not in ids:
            ids[key] = f"bench:{len(ids)}"
            extra.append((ids[key], name, NameKind.PRIMARY))
        return ids[key]

    cases: list[Case] = []
    with (SHARED / "matching/nomenklatura/cases.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row["schema"] == "Vessel" or (i % 2 == 0) != (split == "dev"):
                continue
            eid = entity_for(row["name2"])
            schema = "person" if row["schema"] == "Person" else "org"
            if row["is_match"] == "true":
                cases.append(
                    Case(
                        row["name1"],
                        f"nk_pos_{schema}",
                        POSITIVE,
                        frozenset({eid}),
                        source=row["name2"],
                    )
                )
            else:
                cases.append(
                    Case(
                        row["name1"],
                        f"nk_neg_{schema}",
                        HARD_NEGATIVE,
                        forbidden=frozenset({eid}),
                        source=row["name2"],
                    )
                )
    with (SHARED / "matching/watchman/cross_script_pairs.csv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            query, latin = line.split(",")[:2]
            cases.append(
                Case(query, "cross_script", POSITIVE, frozenset({entity_for(latin)}), source=latin)
            )
    return extra, cases


def negative_cases(corpus: Corpus, split: str, n_persons: int, seed: int) -> list[Case]:
    listed = {name_key(n) for e, n, _ in corpus.names if not e.startswith("bench:")}
    out = []
    with (CASES_DIR / "hard_negatives.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if name_key(row["name"]) in listed:
                print(
                    f"warning: hard negative {row['name']!r} is a listed name; skipped",
                    file=sys.stderr,
                )
                continue
            if (i % 2 == 0) == (split == "dev"):
                out.append(
                    Case(
                        row["name"], "shared_words", HARD_NEGATIVE, source=row["shares_words_with"]
                    )
                )
    rng = random.Random(seed + 1)
    people = []
    for file in ("negatives_us.csv", "negatives_global.csv"):
        path = SHARED / "matching/yente/yente_validation_report" / file
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                # Exact namesakes of listed people are true name matches, not matcher errors.
                if (i % 2 == 0) == (split == "dev") and name_key(row["full_name"]) not in listed:
                    people.append(row["full_name"])
    rng.shuffle(people)
    out.extend(Case(p, "person_neg", NEGATIVE) for p in people[:n_persons])
    return out


# --------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------


@dataclass
class Answer:
    entity_id: str | None
    score: float


class System(Protocol):
    name: str
    threshold: float
    threshold_note: str

    def answer(self, queries: Sequence[str]) -> list[Answer]: ...

    def pair_scores(self, pairs: Sequence[Case]) -> list[float]: ...


class Listguard:
    name = "listguard"
    threshold = REVIEW_THRESHOLD
    threshold_note = f"review >= {REVIEW_THRESHOLD}, match >= {MATCH_THRESHOLD} (fixed)"

    def __init__(
        self, corpus: Corpus, labelled_names: Sequence[tuple[str, str, NameKind]] = ()
    ) -> None:
        self.corpus = corpus
        self.labelled_names = list(labelled_names)
        self.matcher = Matcher.build(corpus.names, corpus.identifiers, corpus.countries)

    def pair_scores(self, pairs: Sequence[Case]) -> list[float]:
        # The labelled sets' listed sides join the corpus in a second index, so the pairs are
        # scored with the corpus' word weights without polluting table 1.
        pair_matcher = Matcher.build(self.corpus.names + self.labelled_names)
        out = []
        for c in pairs:
            hit = pair_matcher.compare(c.query, next(iter(c.expected or c.forbidden or ())))
            out.append(hit.score if hit else 0.0)
        return out

    def answer(self, queries: Sequence[str]) -> list[Answer]:
        from listguard.matching.matcher import Query

        out = []
        for hits in self.matcher.match_many([Query(q) for q in queries], limit=1):
            out.append(Answer(hits[0].entity_id, hits[0].score) if hits else Answer(None, 0.0))
        return out


def _rf_prepare(corpus: Corpus) -> tuple[list[str], list[str]]:
    from rapidfuzz import utils

    names = [utils.default_process(n) for _, n, _ in corpus.names]
    owners = [e for e, _, _ in corpus.names]
    return names, owners


_RF: tuple[list[str], list[str]] | None = None


def _rf_chunk(queries: list[str]) -> list[tuple[str | None, float]]:
    from rapidfuzz import fuzz, process, utils

    assert _RF is not None
    names, owners = _RF
    out: list[tuple[str | None, float]] = []
    for q in queries:
        best = process.extractOne(
            utils.default_process(q), names, scorer=fuzz.token_sort_ratio, processor=None
        )
        out.append((owners[best[2]], best[1] / 100.0) if best else (None, 0.0))
    return out


def _pool_map(
    func: Callable[[list[str]], list[Any]], queries: Sequence[str], processes: int
) -> list[Any]:
    chunks = [list(queries[i : i + 50]) for i in range(0, len(queries), 50)]
    if processes <= 1:
        return [a for c in chunks for a in func(c)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return [a for part in pool.map(func, chunks) for a in part]


class RapidfuzzBrute:
    """rapidfuzz token_sort_ratio of the query against every listed name; best one wins."""

    name = "rapidfuzz brute force"
    threshold_note = "best-F1 threshold on these queries (generous)"

    def __init__(self, corpus: Corpus, processes: int) -> None:
        global _RF
        _RF = _rf_prepare(corpus)
        self.processes = processes
        self.threshold = 0.9

    def answer(self, queries: Sequence[str]) -> list[Answer]:
        return [Answer(e, s) for e, s in _pool_map(_rf_chunk, queries, self.processes)]

    def pair_scores(self, pairs: Sequence[Case]) -> list[float]:
        from rapidfuzz import fuzz, utils

        return [
            fuzz.token_sort_ratio(utils.default_process(c.query), utils.default_process(c.source))
            / 100
            for c in pairs
        ]


_NK: Any = None


class NomenklaturaV2:
    """nomenklatura logic-v2 (yente's default) re-scoring the 20 nearest listed entities.

    yente gets its candidates from Elasticsearch; here the 20 best entities by rapidfuzz WRatio
    over every listed name stand in for that recall stage (a generous one: it scans all names).
    """

    name = "nomenklatura logic-v2"
    threshold = 0.70
    threshold_note = "0.70 (yente's default match threshold)"

    def __init__(self, corpus: Corpus, processes: int) -> None:
        global _NK, _RF
        from followthemoney import model
        from nomenklatura.matching import LogicV2

        _RF = _rf_prepare(corpus)
        entities = {}
        for eid, names in corpus.names_of().items():
            kind = corpus.entity_type.get(eid, "entity")
            schema = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}.get(
                kind, "Company"
            )
            ent = model.make_entity(schema)
            ent.id = eid.replace(":", "-")
            for name, _ in names:
                ent.add("name", name)
            entities[eid] = ent
        _NK = (entities, LogicV2, LogicV2.default_config(), model)
        self.processes = processes

    def answer(self, queries: Sequence[str]) -> list[Answer]:
        return [Answer(e, s) for e, s in _pool_map(_nk_chunk, queries, self.processes)]

    def pair_scores(self, pairs: Sequence[Case]) -> list[float]:
        _, algorithm, config, model = _NK
        out = []
        for i, c in enumerate(pairs):
            schema = (
                "Person" if c.kind.endswith("person") or c.kind == "cross_script" else "Company"
            )
            a, b = model.make_entity(schema), model.make_entity(schema)
            a.id, b.id = f"pa{i}", f"pb{i}"
            a.add("name", c.query)
            b.add("name", c.source)
            out.append(float(algorithm.compare(a, b, config).score))
        return out


def _nk_chunk(queries: list[str]) -> list[tuple[str | None, float]]:
    from rapidfuzz import fuzz, process, utils

    assert _NK is not None and _RF is not None
    entities, algorithm, config, model = _NK
    names, owners = _RF
    out: list[tuple[str | None, float]] = []
    for i, q in enumerate(queries):
        query = model.make_entity("LegalEntity")
        query.id = f"q{i}-{abs(hash(q))}"
        query.add("name", q)
        seen: list[str] = []
        processed = utils.default_process(q)
        for _, _, idx in process.extract(
            processed, names, scorer=fuzz.WRatio, processor=None, limit=60
        ):
            if owners[idx] not in seen:
                seen.append(owners[idx])
            if len(seen) >= 20:
                break
        best: tuple[str | None, float] = (None, 0.0)
        for eid in seen:
            try:
                score = float(algorithm.compare(query, entities[eid], config).score)
            except Exception:  # a schema pair logic-v2 refuses
                continue
            if score > best[1]:
                best = (eid, score)
        out.append(best)
    return out


# --------------------------------------------------------------------------------------------
# Scoring the answers
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    n: int = 0
    found: int = 0
    wrong: int = 0
    flagged: int = 0


def outcome(case: Case, answer: Answer, threshold: float) -> tuple[bool, bool]:
    """(true positive, false positive) for one case at a threshold."""
    flagged = answer.entity_id is not None and answer.score >= threshold
    if case.group == POSITIVE:
        hit = flagged and answer.entity_id in case.expected
        return hit, flagged and not hit
    if case.forbidden is not None:
        return False, flagged and answer.entity_id in case.forbidden
    return False, flagged


def tally(cases: Sequence[Case], answers: Sequence[Answer], threshold: float) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for case, answer in zip(cases, answers, strict=True):
        tp, fp = outcome(case, answer, threshold)
        for key in (case.kind, f"ALL {case.group}"):
            t = out[key]
            t.n += 1
            t.found += tp
            t.flagged += fp
    return out


def summary(
    cases: Sequence[Case],
    answers: Sequence[Answer],
    threshold: float,
    groups: tuple[str, ...] = (POSITIVE, HARD_NEGATIVE),
) -> dict[str, float]:
    tp = fp = pos = neg = neg_fp = 0
    for case, answer in zip(cases, answers, strict=True):
        if case.group not in groups:
            continue
        t, f = outcome(case, answer, threshold)
        tp += t
        fp += f
        if case.group == POSITIVE:
            pos += 1
        else:
            neg += 1
            neg_fp += f
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / pos if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "recall": recall,
        "precision": precision,
        "fpr": neg_fp / neg if neg else 0.0,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "positives": pos,
        "negatives": neg,
    }


def best_threshold(cases: Sequence[Case], answers: Sequence[Answer]) -> float:
    """The threshold with the best F1 on these queries (used for baselines only)."""
    best = (0.0, 0.5)
    for t in [x / 100 for x in range(40, 100)]:
        f1 = summary(cases, answers, t)["f1"]
        if f1 > best[0]:
            best = (f1, t)
    return best[1]


# --------------------------------------------------------------------------------------------
# Throughput
# --------------------------------------------------------------------------------------------

SECTOR_WORDS = [
    "Trading",
    "Technology",
    "Holdings",
    "Industries",
    "Logistics",
    "Energy",
    "Shipping",
    "Electronics",
    "Investment",
    "Group",
    "Engineering",
    "Mining",
    "Pharmaceutical",
    "Capital",
    "Foods",
    "Textiles",
    "Software",
    "Partners",
]
LEGAL_FORMS = ["Ltd", "LLC", "Inc.", "Co., Ltd.", "GmbH", "S.A.", "Corporation", "PLC", ""]
PLACES = ["", "", "Shenzhen", "Dubai", "Moscow", "Hong Kong", "Singapore", "Texas", "Pacific"]


def synthetic_names(n: int, seed: int, corpus: Corpus) -> list[str]:
    """n screening inputs: customer names, company names, listed-name variants, repeats."""
    rng = random.Random(seed)
    firsts, lasts = set(), set()
    for file in ("negatives_us.csv", "negatives_global.csv"):
        with (SHARED / "matching/yente/yente_candidate_generation" / file).open(
            encoding="utf-8", newline=""
        ) as fh:
            for row in csv.DictReader(fh):
                if row["first_name"]:
                    firsts.add(row["first_name"])
                if row["last_name"]:
                    lasts.add(row["last_name"])
    first_l, last_l = sorted(firsts), sorted(lasts)
    listed = [n for _, n, _ in corpus.names]
    variants = list(COMPANY_VARIANTS.values())
    out: list[str] = []
    while len(out) < n:
        r = rng.random()
        if r < 0.40:
            out.append(f"{rng.choice(first_l)} {rng.choice(last_l)}")
        elif r < 0.80:
            words = [
                rng.choice(PLACES),
                rng.choice(last_l),
                rng.choice(SECTOR_WORDS),
                rng.choice(LEGAL_FORMS),
            ]
            out.append(" ".join(w for w in words if w))
        elif r < 0.90:
            out.append(rng.choice(variants)(rng.choice(listed), rng) or rng.choice(listed))
        elif out:
            out.append(rng.choice(out))
    return out


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def throughput(corpus: Corpus, n_single: int, n_big: int, seed: int) -> dict[str, float]:
    from listguard.matching.matcher import Query

    t0 = time.perf_counter()
    matcher = Matcher.build(corpus.names, corpus.identifiers, corpus.countries)
    build_s = time.perf_counter() - t0
    names = synthetic_names(n_big + n_single, seed, corpus)
    single = [Query(q) for q in names[n_big:]]
    t0 = time.perf_counter()
    matcher.match_many(single, processes=1)
    single_s = time.perf_counter() - t0
    one_by_one = names[n_big : n_big + 2000]
    t0 = time.perf_counter()
    for q in one_by_one:
        matcher.match(q + " x")  # unseen strings: no cache help
    one_s = time.perf_counter() - t0
    big = [Query(q) for q in names[:n_big]]
    gc.collect()
    t0 = time.perf_counter()
    results = matcher.match_many(big, processes=2)
    big_s = time.perf_counter() - t0
    flagged = sum(1 for r in results if r and r[0].decision != Decision.NO_MATCH)
    own, child = peak_rss_mb()
    return {
        "build_s": build_s,
        "single_core_qps": n_single / single_s,
        "single_query_ms": 1000 * one_s / len(one_by_one),
        "big_n": n_big,
        "big_wall_s": big_s,
        "big_qps": n_big / big_s,
        "big_flagged": flagged,
        "rss_parent_mb": own,
        "rss_child_max_mb": child,
    }


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def print_quality(cases: Sequence[Case], results: dict[str, tuple[list[Answer], float]]) -> None:
    systems = list(results)
    kinds: dict[str, str] = {}
    for c in cases:
        kinds.setdefault(c.kind, c.group)
    tallies = {s: tally(cases, a, t) for s, (a, t) in results.items()}
    head = f"{'variant kind':<16} {'group':<14} {'n':>5} " + " ".join(
        f"{s[:22]:>22}" for s in systems
    )
    print(head)
    print("-" * len(head))
    order = [POSITIVE, HARD_NEGATIVE, NEGATIVE]
    for group in order:
        for kind in sorted(k for k, g in kinds.items() if g == group):
            n = tallies[systems[0]][kind].n
            cells = []
            for s in systems:
                t = tallies[s][kind]
                if group == POSITIVE:
                    cells.append(f"{t.found / t.n:>7.1%} found ({t.flagged:>3} wrong)")
                else:
                    cells.append(f"{t.flagged / t.n:>9.1%} flagged ({t.flagged:>3})")
            print(f"{kind:<16} {group:<14} {n:>5} " + " ".join(f"{c:>22}" for c in cells))
    print()
    print(
        f"{'summary (positives vs hard negatives)':<40}"
        + " ".join(f"{s[:22]:>22}" for s in systems)
    )
    sums = {s: summary(cases, a, t) for s, (a, t) in results.items()}
    all_neg = {
        s: summary(cases, a, t, groups=(POSITIVE, HARD_NEGATIVE, NEGATIVE))
        for s, (a, t) in results.items()
    }
    for label, key in (
        ("recall", "recall"),
        ("precision", "precision"),
        ("false-positive rate (hard negatives)", "fpr"),
        ("F1", "f1"),
    ):
        print(f"{label:<40}" + " ".join(f"{sums[s][key]:>22.3f}" for s in systems))
    print(
        f"{'precision incl. ordinary negatives':<40}"
        + " ".join(f"{all_neg[s]['precision']:>22.3f}" for s in systems)
    )
    print(f"{'threshold used':<40}" + " ".join(f"{results[s][1]:>22.2f}" for s in systems))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sample, fast baselines")
    parser.add_argument("--split", choices=["dev", "test"], default="test")
    parser.add_argument("--seed", type=int, default=20240503)
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--sweep", action="store_true", help="listguard at many thresholds")
    parser.add_argument("--dump", type=Path, help="write every case and answer as JSON lines")
    parser.add_argument("--big", type=int, default=1_000_000, help="rows for the 2-core run")
    args = parser.parse_args(argv)
    per_kind = 40 if args.quick else 150
    n_persons = 200 if args.quick else 1000

    t0 = time.perf_counter()
    corpus = load_corpus()
    extra, labelled = labelled_cases(args.split)
    cases = positive_cases(corpus, args.split, per_kind, args.seed)
    cases += negative_cases(corpus, args.split, n_persons, args.seed)
    print(
        f"corpus: {len(corpus.names):,} names of {len(corpus.primary):,} entities "
        f"(+{len(extra)} labelled-set names for table 2); {len(cases):,} queries "
        f"({args.split} split, seed {args.seed}); loaded in {time.perf_counter() - t0:.1f}s"
    )
    queries = [c.query for c in cases]
    results: dict[str, tuple[list[Answer], float]] = {}
    pair_results: dict[str, tuple[list[Answer], float]] = {}
    timings: dict[str, float] = {}
    systems: list[System] = [Listguard(corpus, extra)]
    if not args.no_baselines:
        systems.append(RapidfuzzBrute(corpus, processes=2))
        try:
            systems.append(NomenklaturaV2(corpus, processes=2))
        except ImportError:
            print(
                "nomenklatura not installed: its column is skipped (pip install 'listguard[bench]')"
            )
    for system in systems:
        t0 = time.perf_counter()
        answers = system.answer(queries)
        timings[system.name] = time.perf_counter() - t0
        threshold = system.threshold
        if system.name != "listguard":
            threshold = best_threshold(cases, answers)
        results[system.name] = (answers, threshold)
        pair_answers = [
            Answer(next(iter(c.expected or c.forbidden or ())), score)
            for c, score in zip(labelled, system.pair_scores(labelled), strict=True)
        ]
        pair_results[system.name] = (pair_answers, threshold)
    print()
    print("1. Screening against the list corpus (top hit of each query)")
    print()
    print_quality(cases, results)
    print()
    for system in systems:
        print(
            f"{system.name}: threshold {system.threshold_note}; "
            f"{len(queries) / timings[system.name]:,.0f} queries/s on this run "
            f"({'1 core' if system.name == 'listguard' else '2 processes'})"
        )
    if "nomenklatura logic-v2" in results:
        answers, _ = results["nomenklatura logic-v2"]
        s70 = summary(cases, answers, 0.70)
        print(
            f"nomenklatura logic-v2 at its default 0.70: recall {s70['recall']:.3f}, "
            f"precision {s70['precision']:.3f}, FPR {s70['fpr']:.3f}"
        )
    print()
    print(
        "2. Labelled pairs, scored pair by pair (nomenklatura name_bench, Watchman "
        "cross-script); same thresholds as table 1"
    )
    print()
    print_quality(labelled, pair_results)
    if args.sweep:
        answers, _ = results["listguard"]
        print("\nlistguard sweep (table 1): threshold recall precision fpr")
        for t in [x / 100 for x in range(50, 100, 2)]:
            s = summary(cases, answers, t)
            print(f"  {t:.2f} {s['recall']:.3f} {s['precision']:.3f} {s['fpr']:.3f}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for table, rows in ((cases, results), (labelled, pair_results)):
                for i, case in enumerate(table):
                    row = {
                        "query": case.query,
                        "kind": case.kind,
                        "group": case.group,
                        "expected": sorted(case.expected),
                        "source": case.source,
                    }
                    for name, (answers, t) in rows.items():
                        row[name] = [
                            answers[i].entity_id,
                            round(answers[i].score, 3),
                            outcome(case, answers[i], t),
                        ]
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    quality = summary(cases, *results["listguard"])
    failures = []
    if quality["recall"] < 0.98 or quality["precision"] < 0.98:
        failures.append("quality below recall 0.98 / precision 0.98")
    if not args.no_throughput:
        big = 100_000 if args.quick else args.big
        tp = throughput(corpus, 20_000, big, args.seed)
        print()
        print(f"index build: {tp['build_s']:.1f}s")
        print(f"one core, batch: {tp['single_core_qps']:,.0f} queries/s (target 5,000)")
        print(f"one query at a time: {tp['single_query_ms']:.2f} ms/query")
        print(
            f"{tp['big_n']:,} names on 2 cores: {tp['big_wall_s']:.1f}s wall "
            f"({tp['big_qps']:,.0f}/s), {tp['big_flagged']:,} flagged; peak RSS parent "
            f"{tp['rss_parent_mb']:,.0f} MB, largest worker {tp['rss_child_max_mb']:,.0f} MB"
        )
        if tp["single_core_qps"] < 5000:
            failures.append("under 5,000 queries/s on one core")
        if tp["big_n"] >= 1_000_000 and tp["big_wall_s"] > 120:
            failures.append("1M names took over 2 minutes")
        if tp["rss_parent_mb"] + 2 * tp["rss_child_max_mb"] > 2048:
            failures.append("over 2 GB of memory")
    if failures:
        print("\nTARGETS MISSED: " + "; ".join(failures))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
