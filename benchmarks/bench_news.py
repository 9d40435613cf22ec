"""News and notices (issue 17): how well ``listguard news read`` reads real articles, and how fast.

Run ``python benchmarks/bench_news.py`` (``--json PATH`` also writes the figures; ``--strict``
exits 1 when a target fails).

**Data**: the documents in ``tests/fixtures/news`` (each cited in its ``SOURCES.md``) and the
labels a person wrote for them (``labels.csv``: the listed parties each names, and each claim:
party, kind, date to the precision the text gives, and the status it should get); and the
held-out set in ``tests/fixtures/news/heldout`` (labelled before the reader first ran on it).

**Figures**, per set: precision and recall of resolved parties (file, entity) and of claims
(file, entity, kind, date); the share of the claims found with the labelled status; the wrong
claims the registry refutes, and how many came out ``conflicts``; and the time to read a
document (the gazetteer built once beforehand, as ``news watch`` does).

**Targets**: precision and recall of parties and of claims at least 0.9 on the labelled set;
every refutable wrong claim ``conflicts``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "news"
TARGET = 0.9


def measure(reader: object, folder: Path, only_articles: bool = False) -> dict[str, float]:
    from listguard.news.dates import shown
    from listguard.news.documents import read_document
    from listguard.news.reading import NewsReader

    assert isinstance(reader, NewsReader)
    with (folder / "labels.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)
                if not (only_articles and r["file"].endswith(".pdf"))]
    ents_expected = {(r["file"], r["entity"]) for r in rows if r["label"] == "entity"}
    claims_expected = {(r["file"], r["entity"], r["kind"], r["date"]): r["status"]
                       for r in rows if r["label"] == "claim"}
    ents_found: set[tuple[str, str]] = set()
    claims_found: dict[tuple[str, str, str, str], str] = {}
    seconds: list[float] = []
    for name in sorted({r["file"] for r in rows}):
        start = time.perf_counter()
        reading = reader.read(read_document(str(folder / name)))
        seconds.append(time.perf_counter() - start)
        ents_found |= {(name, m.entity_id) for m in reading.mentions if m.entity_id}
        for c in reading.claims:
            if c.entity_id is not None:
                claims_found.setdefault(
                    (name, c.entity_id, c.claim.kind, shown(c.claim.when, c.claim.precision)),
                    c.verdict.status)
    hit = claims_found.keys() & claims_expected.keys()
    wrong = [k for k, v in claims_expected.items() if v == "conflicts"]

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 1.0

    return {
        "documents": len(seconds), "parties": len(ents_expected),
        "claims": len(claims_expected),
        "party_precision": ratio(len(ents_found & ents_expected), len(ents_found)),
        "party_recall": ratio(len(ents_found & ents_expected), len(ents_expected)),
        "claim_precision": ratio(len(hit), len(claims_found)),
        "claim_recall": ratio(len(hit), len(claims_expected)),
        "status_accuracy": ratio(sum(claims_found[k] == claims_expected[k] for k in hit),
                                 len(hit)),
        "wrong_claims": len(wrong),
        "wrong_claims_conflicts": sum(claims_found.get(k) == "conflicts" for k in wrong),
        "ms_per_document": round(1000 * sum(seconds) / max(1, len(seconds)), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()

    from listguard.api.core import Listguard
    from listguard.registry import Registry

    with tempfile.TemporaryDirectory() as tmp:
        reg = Registry.open(Path(tmp) / "registry.sqlite")
        start = time.perf_counter()
        reader = Listguard(registry=reg).news_reader
        build = time.perf_counter() - start
        figures = {"gazetteer_build_s": round(build, 2),
                   "labelled": measure(reader, FIXTURES),
                   "labelled_articles_only": measure(reader, FIXTURES, only_articles=True),
                   "held_out": measure(reader, FIXTURES / "heldout")}
        reg.close()
    print(f"gazetteer and matcher built in {figures['gazetteer_build_s']} s")
    print(f"{'set':<24}{'docs':>5}{'parties P/R':>14}{'claims P/R':>14}{'status':>8}"
          f"{'conflicts':>11}{'ms/doc':>8}")
    for key in ("labelled", "labelled_articles_only", "held_out"):
        f = figures[key]
        assert isinstance(f, dict)
        print(f"{key:<24}{f['documents']:>5}"
              f"{f['party_precision']:>8.3f}/{f['party_recall']:.3f}"
              f"{f['claim_precision']:>8.3f}/{f['claim_recall']:.3f}"
              f"{f['status_accuracy']:>8.3f}"
              f"{f['wrong_claims_conflicts']:>6}/{f['wrong_claims']:<4}"
              f"{f['ms_per_document']:>8}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    labelled = figures["labelled"]
    assert isinstance(labelled, dict)
    ok = all(labelled[k] >= TARGET for k in ("party_precision", "party_recall",
                                             "claim_precision", "claim_recall")) and \
        labelled["wrong_claims_conflicts"] == labelled["wrong_claims"]
    print("targets met" if ok else "a target failed")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
