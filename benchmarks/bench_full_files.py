"""The full shared SDN files: the counts the tests checked before they moved to slices.

    python benchmarks/bench_full_files.py [SHARED_DATA]

The test suite reads slices of OFAC's SDN CSV sets (``tests/fixtures/ofac``) so that it runs
from a clone. This script keeps the checks that only make sense on the whole files: entry,
kind, alias and alt-row counts of the July 2021 set and the May 2024 file, ``detect`` on both,
one registry entity per SDN entry, and that every entry in a slice reads exactly as it does
from the full file (so the slices stay faithful). It prints the time of each read. Without
the shared data it says so and exits 0, like the other benchmarks; a failed check exits 1.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from listguard.model import ListEntry, NameKind
from listguard.sources.detect import detect
from listguard.sources.ofac import sdn_csv

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LISTGUARD_SHARED_DATA", ROOT.parent / "shared" / "data"))
SLICES = ROOT / "tests" / "fixtures" / "ofac"

SDN_2021 = {"entries": 8976, "alt_rows": 11910, "aliases": 14345,
            "kinds": {"person": 4620, "company": 3673, "vessel": 406, "aircraft": 277}}
SDN_2024 = {"entries": 14965}


def rows(path: Path, width: int) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for r in csv.reader(fh) if len(r) == width and r[0].strip().isdigit())


def timed(folder: Path) -> list[ListEntry]:
    start = time.perf_counter()
    entries = sdn_csv.read(folder)
    print(f"read {folder}: {len(entries):,} entries in {time.perf_counter() - start:.2f} s")
    return entries


def same_as_slice(full: list[ListEntry], folder: Path) -> list[str]:
    """Entry ids of the slice in ``folder`` that read differently from the full file."""
    by_id = {e.entry_id: dataclasses.replace(e, source_line=0) for e in full}
    return [e.entry_id for e in sdn_csv.read(folder)
            if dataclasses.replace(e, source_line=0) != by_id.get(e.entry_id)]


def one_entity_per_entry(folder: Path) -> list[str]:
    from listguard.registry import Registry
    from listguard.registry.versions import import_entries

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        reg = Registry.open(Path(tmp) / "full.sqlite")
        result = import_entries(reg, sdn_csv.read(folder), source=str(folder))
        ((entities, entries),) = reg.store.fetch(
            "SELECT COUNT(DISTINCT entity_id), COUNT(*) FROM entries WHERE list_id = 'ofac-sdn'")
        if not entities == entries == result.lists[0].entries:
            problems.append(f"{entities} entities for {entries} entries")
        if result.lists[0].merged >= 10:
            problems.append(f"{result.lists[0].merged} merged")
        resolved = reg.resolve("China Electronics Corporation").entity
        if resolved is None or resolved.id != "cec":
            problems.append(f"China Electronics Corporation resolves to {resolved}")
        reg.close()
    return problems


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else SHARED
    july, may = data / "ofac" / "sdn_2021-07", data / "ofac" / "sdn_2024-05"
    if not (july / "sdn.csv").exists() or not (may / "sdn.csv").exists():
        print(f"skipped: no SDN files in {data / 'ofac'}")
        return 0
    failed: list[str] = []

    def check(what: str, got: object, want: object) -> None:
        if got != want:
            failed.append(f"{what}: {got!r}, expected {want!r}")

    entries = timed(july)
    check("2021-07 entries", len(entries), SDN_2021["entries"])
    check("2021-07 sdn.csv rows", rows(july / "sdn.csv", 12), SDN_2021["entries"])
    check("2021-07 alt.csv rows", rows(july / "alt.csv", 5), SDN_2021["alt_rows"])
    check("2021-07 aliases", sum(len(e.aliases) for e in entries), SDN_2021["aliases"])
    check("2021-07 kinds", dict(Counter(e.entity_kind for e in entries)), SDN_2021["kinds"])
    check("2021-07 detect", len(detect(july).read()), SDN_2021["entries"])
    check("2021-07 slice differs", same_as_slice(entries, SLICES / "sdn_2021-07"), [])
    failed += [f"2021-07 registry: {p}" for p in one_entity_per_entry(july)]

    entries = timed(may)
    check("2024-05 entries", len(entries), SDN_2024["entries"])
    check("2024-05 detect sdn.csv", len(detect(may / "sdn.csv").read()), SDN_2024["entries"])
    check("2024-05 alias of 36", ("AERO-CARIBBEAN", NameKind.ALIAS) in
          next(e for e in entries if e.entry_id == "36").aliases, True)
    check("2024-05 slice differs", same_as_slice(entries, SLICES / "sdn_2024-05"), [])

    for line in failed:
        print(f"FAILED {line}", file=sys.stderr)
    print("full-file checks: " + ("all passed" if not failed else f"{len(failed)} failed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
