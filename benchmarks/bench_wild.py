"""Screening in the wild (issue 12): real companies that are on no list, and misspelt listed ones.

Run ``python benchmarks/bench_wild.py`` (``--json PATH`` also writes the figures, ``--strict``
exits 1 when a target fails; otherwise it exits 0). It screens, through ``listguard.screen``,

1. ``wild/real_negatives.csv`` with its ``country`` column: real index constituents (S&P 500,
   Nikkei 225, DAX ... from the pytickersymbols package, see ``wild/README.md``) that are on
   no list - every flag is a false alarm;
2. the same names without the country;
3. ``wild/spelling_variants.csv``: transliterations, two typos, and reordered names with a
   typo and a generic word dropped, of real listed company names, name only.

**Corpus**: the same as ``bench_matching.py`` (its ``load_corpus``: the curated lists, OFAC
SDN 2024-05 and OFAC consolidated 2025-12, each read by the project's reader, merged by the
registry's rule), indexed by ``Matcher.build``.

**Counting**: a row is flagged when its decision is ``match`` or ``review``. A variant is found
when it is flagged and the hit is the expected party: the entity its ``expected_source`` (an
OFAC ent_num or curated id) was merged into, or any entity printing the same name (as in
``bench_matching``). Precision on the variants: flagged rows that point at the right party over
flagged rows.

**Targets**: with country, at most 1% flagged and no ``match``; without country, at most 3%
flagged; recall at least 0.95 for each variant kind; precision at least 0.98.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import pandas as pd  # noqa: E402
from bench_matching import Corpus, load_corpus  # noqa: E402

from listguard.matching import Matcher  # noqa: E402
from listguard.matching.thresholds import MATCH_THRESHOLD, REVIEW_THRESHOLD  # noqa: E402
from listguard.model import IdScheme  # noqa: E402
from listguard.normalize import name_key  # noqa: E402
from listguard.screening.adapter import Status  # noqa: E402
from listguard.screening.api import screen  # noqa: E402

WILD = HERE / "wild"
FLAGGED = ("match", "review")
KINDS = ("transliteration", "two_typos", "order_typo_drop")
ON = "2025-12-31"
WORST = 15


@dataclass(frozen=True)
class Target:
    name: str
    passed: bool
    detail: str


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def annotator_for(corpus: Corpus) -> Any:
    """Names the hit entity; every corpus entity counts as listed (the point-in-time lists
    are not what this benchmark measures)."""

    def annotate(ids: Iterable[str], on: datetime, known_at: datetime | None
                 ) -> dict[str, Status]:
        return {e: Status(corpus.primary.get(e, e), ("corpus",), "") for e in ids}

    return annotate


def expected_entities(corpus: Corpus) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(OFAC ent_num -> corpus entities it was merged into, name key -> entities printing a
    name with that key)."""
    by_ent: dict[str, set[str]] = defaultdict(set)
    for eid, scheme, value in corpus.identifiers:
        if scheme == IdScheme.OFAC_ENT:
            by_ent[value].add(eid)
    owners: dict[str, set[str]] = defaultdict(set)
    for eid, name, _ in corpus.names:
        owners[name_key(name)].add(eid)
    return by_ent, owners


def resolve(source: str, name: str, corpus: Corpus, by_ent: dict[str, set[str]],
            owners: dict[str, set[str]]) -> set[str]:
    where, _, ident = source.partition(":")
    found: set[str] = set()
    if where == "curated" and f"cur:{ident}" in corpus.primary:
        found.add(f"cur:{ident}")
    elif where in ("sdn_2024-05", "cons_2025-12"):
        found |= by_ent.get(ident, set())
    return found | owners.get(name_key(name), set())


def records(out: pd.DataFrame) -> list[dict[str, Any]]:
    """The screening result's rows as plain dicts (decision, score, entity ...)."""
    cols = ["decision", "score", "entity_id", "entity_name", "matched_name", "explanation"]
    return [dict(zip(cols, values, strict=True))
            for values in zip(*(out[c].tolist() for c in cols), strict=True)]


def run_screen(frame: pd.DataFrame, matcher: Matcher, annotator: Any,
               country_column: str | None) -> pd.DataFrame:
    return screen(frame, on=ON, name_column="name", country_column=country_column,
                  ticker_column=None, isin_column=None, lei_column=None, matcher=matcher,
                  annotator=annotator)


def negatives_report(label: str, rows: list[dict[str, str]], out: pd.DataFrame,
                     with_country: bool) -> dict[str, Any]:
    decisions = Counter(out["decision"])
    flagged: list[dict[str, Any]] = [
        {
            "name": row["name"],
            "country": row["country"] if with_country else "",
            "decision": r["decision"],
            "score": round(float(r["score"]), 4),
            "entity_id": r["entity_id"],
            "entity_name": r["entity_name"],
            "matched_name": r["matched_name"],
            "explanation": r["explanation"],
        }
        for row, r in zip(rows, records(out), strict=True)
        if r["decision"] in FLAGGED
    ]
    flagged.sort(key=lambda f: (f["decision"] != "match", -f["score"], f["name"]))
    n = len(rows)
    result = {
        "n": n,
        "flagged": len(flagged),
        "flagged_pct": 100.0 * len(flagged) / n if n else 0.0,
        "match": decisions.get("match", 0),
        "review": decisions.get("review", 0),
        "not_screened": decisions.get("not_screened", 0),
        "flags": flagged,
    }
    print(f"{label}: {n} names, {len(flagged)} flagged ({result['flagged_pct']:.2f}%): "
          f"{result['match']} match, {result['review']} review")
    return result


def print_worst(label: str, flags: list[dict[str, Any]], width: int) -> None:
    print(f"\n{min(WORST, len(flags))} worst false alarms ({label}):")
    for i, f in enumerate(flags[:WORST], 1):
        where = f" [{f['country']}]" if f["country"] else ""
        print(f"{i:>3}. {f['name']}{where} -> {f['decision']} {f['score']:.2f} "
              f"{f['entity_name']!r} ({f['entity_id']})")
        text = f["explanation"]
        if width and len(text) > width:
            text = text[: width - 3] + "..."
        print(f"     {text}")


def variants_report(rows: list[dict[str, str]], out: pd.DataFrame, corpus: Corpus
                    ) -> dict[str, Any]:
    by_ent, owners = expected_entities(corpus)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    unresolved = 0
    for row, r in zip(rows, records(out), strict=True):
        expected = resolve(row["expected_source"], row["expected_name"], corpus, by_ent, owners)
        unresolved += not expected
        flagged = r["decision"] in FLAGGED
        right = flagged and r["entity_id"] in expected
        src = row["expected_source"].split(":")[0]
        for tally in (per_kind[row["kind"]], per_kind["ALL"], per_source[src]):
            tally["n"] += 1
            tally["found"] += right
            tally["flagged"] += flagged
            tally["wrong"] += flagged and not right
        if not right:
            misses.append({
                "query": row["query"],
                "kind": row["kind"],
                "expected_name": row["expected_name"],
                "expected_source": row["expected_source"],
                "decision": r["decision"],
                "score": round(float(r["score"]), 4),
                "entity_id": r["entity_id"],
                "entity_name": r["entity_name"],
                "explanation": r["explanation"],
            })
    if unresolved:
        print(f"warning: {unresolved} variant(s) whose expected party is not in the corpus",
              file=sys.stderr)
    kinds = [k for k in KINDS if k in per_kind] + sorted(set(per_kind) - {*KINDS, "ALL"})
    print(f"\n{'variant kind':<18} {'n':>5} {'found':>6} {'recall':>7} {'wrong party':>12}")
    for kind in [*kinds, "ALL"]:
        t = per_kind[kind]
        print(f"{kind:<18} {t['n']:>5} {t['found']:>6} {t['found'] / t['n']:>7.3f} "
              f"{t['wrong']:>12}")
    print("by source list:   " + ", ".join(
        f"{s} {t['found']}/{t['n']} ({t['found'] / t['n']:.3f})"
        for s, t in sorted(per_source.items())))
    allt = per_kind["ALL"]
    precision = allt["found"] / allt["flagged"] if allt["flagged"] else 1.0
    print(f"precision on the variants: {allt['found']} right / {allt['flagged']} flagged = "
          f"{precision:.3f}")
    return {
        "per_kind": {k: {**dict(per_kind[k]), "recall": per_kind[k]["found"] / per_kind[k]["n"]}
                     for k in kinds},
        "per_source": {s: {**dict(t), "recall": t["found"] / t["n"]}
                       for s, t in sorted(per_source.items())},
        "n": allt["n"],
        "found": allt["found"],
        "flagged": allt["flagged"],
        "wrong_party": allt["wrong"],
        "recall": allt["found"] / allt["n"] if allt["n"] else 0.0,
        "precision": precision,
        "unresolved": unresolved,
        "misses": misses,
    }


def targets_for(with_c: dict[str, Any], without_c: dict[str, Any], variants: dict[str, Any]
                ) -> list[Target]:
    out = [
        Target("real negatives with country: <= 1% flagged", with_c["flagged_pct"] <= 1.0,
               f"{with_c['flagged_pct']:.2f}% ({with_c['flagged']}/{with_c['n']})"),
        Target("real negatives with country: 0 match", with_c["match"] == 0,
               f"{with_c['match']} match"),
        Target("real negatives without country: <= 3% flagged",
               without_c["flagged_pct"] <= 3.0,
               f"{without_c['flagged_pct']:.2f}% ({without_c['flagged']}/{without_c['n']})"),
    ]
    for kind, t in variants["per_kind"].items():
        out.append(Target(f"recall >= 0.95 on {kind}", t["recall"] >= 0.95,
                          f"{t['recall']:.3f} ({t['found']}/{t['n']})"))
    out.append(Target("precision >= 0.98 on the variants", variants["precision"] >= 0.98,
                      f"{variants['precision']:.3f} ({variants['found']}/"
                      f"{variants['flagged']})"))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--negatives", type=Path, default=WILD / "real_negatives.csv")
    parser.add_argument("--variants", type=Path, default=WILD / "spelling_variants.csv")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--width", type=int, default=600,
                        help="cut printed explanations to this many characters (0: never)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    corpus = load_corpus()
    matcher = Matcher.build(corpus.names, corpus.identifiers, corpus.countries,
                            corpus.entity_type, corpus.births, corpus.people)
    annotator = annotator_for(corpus)
    setup_s = time.perf_counter() - t0
    sources = ", ".join(f"{k} {v:,}" for k, v in corpus.sources.items())
    print(f"corpus: {len(corpus.names):,} names of {len(corpus.primary):,} entities "
          f"({sources}); built in {setup_s:.1f}s")
    print(f"decisions: review >= {REVIEW_THRESHOLD}, match >= {MATCH_THRESHOLD}; flagged = "
          "match or review\n")

    negatives = read_csv(args.negatives)
    variants = read_csv(args.variants)
    _, owners = expected_entities(corpus)
    namesakes = [r["name"] for r in negatives if name_key(r["name"]) in owners]
    if namesakes:
        print(f"note: {len(namesakes)} real negative(s) print a listed name exactly (after "
              f"name_key): {', '.join(namesakes)} - namesakes of listed vessels, aircraft or "
              "people, kept on purpose (wild/README.md)\n")
    t1 = time.perf_counter()
    frame = pd.DataFrame({"name": [r["name"] for r in negatives],
                          "country": [r["country"] for r in negatives]})
    with_c = negatives_report("1. real negatives, with country", negatives,
                              run_screen(frame, matcher, annotator, "country"), True)
    without_c = negatives_report("2. real negatives, without country", negatives,
                                 run_screen(frame[["name"]], matcher, annotator, None), False)
    vframe = pd.DataFrame({"name": [r["query"] for r in variants]})
    print(f"3. spelling variants: {len(variants)} queries, name only")
    var = variants_report(variants, run_screen(vframe, matcher, annotator, None), corpus)
    screen_s = time.perf_counter() - t1
    print_worst("real negatives, with country", with_c["flags"], args.width)
    print_worst("real negatives, without country", without_c["flags"], args.width)

    targets = targets_for(with_c, without_c, var)
    print(f"\nscreened {len(negatives) * 2 + len(variants):,} rows in {screen_s:.1f}s")
    print("\ntargets:")
    for t in targets:
        print(f"  {'PASS' if t.passed else 'FAIL'}  {t.name}: {t.detail}")
    if args.json:
        figures = {
            "corpus": {"names": len(corpus.names), "entities": len(corpus.primary),
                       "sources": corpus.sources},
            "thresholds": {"review": REVIEW_THRESHOLD, "match": MATCH_THRESHOLD},
            "files": {"negatives": str(args.negatives), "variants": str(args.variants)},
            "negatives_with_country": with_c,
            "negatives_without_country": without_c,
            "variants": var,
            "targets": [{"name": t.name, "passed": t.passed, "detail": t.detail}
                        for t in targets],
            "seconds": {"setup": round(setup_s, 2), "screening": round(screen_s, 2)},
        }
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    if args.strict and not all(t.passed for t in targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
