"""How fast the OFAC importer reads the full SDN CSV set, against plain ``csv.reader``.

    python benchmarks/bench_import.py [FOLDER] [--repeat N]

FOLDER defaults to the shared July 2021 snapshot (``sdn.csv`` + ``alt.csv`` + ``add.csv`` +
``sdn_comments.csv``, 8,976 entries). The baseline reads the same four files with the
standard library's ``csv.reader`` and does nothing else, so the ratio is the price of
decoding checks, remarks parsing, identifier validation and building ListEntries. The first
importer run is reported separately: it includes one-off costs (imports, country tables).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from listguard.sources.ofac import sdn_csv

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "sdn_2021-07"
FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


def baseline(folder: Path) -> int:
    """Rows read by plain csv.reader over the same files (the floor for any CSV importer)."""
    rows = 0
    for name in FILES:
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                rows += sum(1 for _ in csv.reader(fh))
    return rows


def best_of(repeat: int, func: object, *args: object) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    folder: Path = args.folder or DEFAULT
    if not (folder / "sdn.csv").exists():
        if args.folder is None:  # the shared data is not on this machine: nothing to measure
            print(f"skipped: no sdn.csv in {folder}")
            return 0
        print(f"no sdn.csv in {folder}", file=sys.stderr)
        return 2

    start = time.perf_counter()
    entries = sdn_csv.read(folder)
    cold = time.perf_counter() - start
    warm, _ = best_of(args.repeat, sdn_csv.read, folder)
    base, rows = best_of(args.repeat, baseline, folder)
    count = len(entries)
    aliases = sum(len(e.aliases) for e in entries)
    print(f"folder          {folder}")
    print(f"entries         {count:,} ({aliases:,} aliases; {rows:,} CSV rows in 4 files)")
    print(f"importer, cold  {cold:.3f} s  ({count / cold:,.0f} entries/s)")
    print(f"importer, warm  {warm:.3f} s  ({count / warm:,.0f} entries/s, best of {args.repeat})")
    print(f"csv.reader      {base:.3f} s  ({count / base:,.0f} entries/s, best of {args.repeat})")
    print(f"ratio           {warm / base:.1f}x csv.reader (warm), {cold / base:.1f}x (cold)")
    for snapshot in (folder, folder.parent / "sdn_2024-05"):
        if (snapshot / "sdn.csv").exists():
            registry_import(snapshot)
    return 0


def registry_import(folder: Path) -> None:
    """The whole `listguard update`: parse, merge into entities, write a version (one
    transaction), against a floor that only inserts (entry id, name) rows into SQLite."""
    import sqlite3
    import tempfile

    from listguard.registry import Registry
    from listguard.registry.versions import import_entries

    with tempfile.TemporaryDirectory() as tmp:
        reg = Registry.open(Path(tmp) / "bench.sqlite")
        start = time.perf_counter()
        entries = sdn_csv.read(folder)
        result = import_entries(reg, entries, source=str(folder))
        full = time.perf_counter() - start
        conn = sqlite3.connect(Path(tmp) / "floor.sqlite")
        conn.execute("CREATE TABLE t (id TEXT, name TEXT)")
        start = time.perf_counter()
        rows = [(e.entry_id, e.name) for e in sdn_csv.read(folder)]
        conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
        conn.commit()
        floor = time.perf_counter() - start
    aliases = sum(len(e.aliases) for e in entries)
    stats = result.lists[0]
    print(f"update {folder.name}: {stats.entries:,} entries, {aliases:,} aliases, "
          f"{stats.new_entities:,} new entities, {stats.merged} merged: {full:.2f} s "
          f"({full / floor:.1f}x a parse-and-insert floor of {floor:.2f} s)")


if __name__ == "__main__":
    raise SystemExit(main())
