"""Spark benchmark: screening throughput per core on Apache Spark beside the local engine.

Run ``python benchmarks/bench_spark.py`` (``--rows`` for fewer than 10 million, ``--help`` for
the rest). It prints the figures the README quotes and, last, PASS or FAIL for the target
(Spark's rows/s per core at least 70% of the local engine's); it exits 1 on a FAIL only with
``--strict``.

**Rows**: ``--rows`` synthetic names (default 10,000,000), made by the 1M benchmark's own
generator (:func:`bench_matching.synthetic_names`: 40% people, 40% companies, 10% variants of
listed names, 10% repeats) in files of ``--file-rows`` rows, each with its own seed, written to
Parquet once (``--data`` keeps and reuses them). **Index**: the 1M benchmark's corpus (the
shipped curated lists with the OFAC SDN and consolidated files merged in, about 36,000 names).

**Local engine**: the first ``--local-rows`` of the same rows (default 1,000,000; the first
file's seed is the 1M benchmark's, so they are its rows) through ``listguard.screen`` on 2
processes, in a process of its own (``bench_matching.million_run``).

**Spark**: all rows through ``listguard.spark`` on ``local[2]`` (the index built on the driver,
broadcast, screened in ``mapInPandas`` batches, written to Parquet), in a process of its own;
the time counted is the job's (read, screen, write), beside the session start and index build.
Memory is sampled every 0.1 s per role: the Python driver, the JVM (driver and executor are
one JVM on a local master) and the executor's Python workers (summed; RSS and PSS).

The projection for 100M and 1B rows on N cores is arithmetic on the measured per-core rate,
stated with its assumptions (index broadcast size measured here; no shuffle).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

TARGET = 0.70
"""Spark's rows/s per core as a share of the local engine's."""
SEED = 11  # the 1M benchmark's default seed


# -- the rows ---------------------------------------------------------------------------------


def make_rows(folder: Path, rows: int, file_rows: int, seed: int) -> None:
    """``rows`` synthetic names in Parquet files of ``file_rows`` (file i from seed + i)."""
    import pandas as pd
    from bench_matching import load_corpus, synthetic_names

    folder.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus()
    done = 0
    for i in range((rows + file_rows - 1) // file_rows):
        n = min(file_rows, rows - done)
        names = synthetic_names(n, seed + i, corpus)
        frame = pd.DataFrame({"customer_id": [f"C{done + j:09d}" for j in range(n)],
                              "name": names})
        frame.to_parquet(folder / f"part-{i:04d}.parquet", index=False)
        done += n
    (folder / "_ROWS").write_text(str(rows), encoding="ascii")


# -- memory, per role -------------------------------------------------------------------------


def _memory(pid: int) -> tuple[int, int]:
    from bench_matching import _proc_memory

    return _proc_memory(pid)


def _children(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (the JVM starts the Python workers from threads
    other than its main one)."""
    found: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in threads:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                found.extend(int(x) for x in fh.read().split())
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class RoleWatch:
    """Peak RSS and PSS (MB) of the Python driver, the JVM and the Python workers (summed),
    sampled every 0.1 s."""

    def __init__(self) -> None:
        self.peaks: dict[str, dict[str, float]] = {}
        self.workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RoleWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while True:
            sums: dict[str, list[int]] = {}
            workers = 0
            for pid in _tree(me):
                program = Path(_command(pid).split(" ")[0]).name
                if pid == me:
                    role = "Python driver"
                elif program == "java":
                    role = "JVM (driver + executor)"
                elif program.startswith("python"):
                    role = "Python workers"
                else:
                    continue  # the shell scripts that start the JVM
                workers += role == "Python workers"
                rss, pss = _memory(pid)
                total = sums.setdefault(role, [0, 0])
                total[0] += rss
                total[1] += pss
            self.workers = max(self.workers, workers)
            for role, (rss, pss) in sums.items():
                peak = self.peaks.setdefault(role, {"rss_mb": 0.0, "pss_mb": 0.0})
                peak["rss_mb"] = max(peak["rss_mb"], rss / 1024)
                peak["pss_mb"] = max(peak["pss_mb"], pss / 1024)
            if self._stop.wait(0.1):
                return


# -- the Spark run, in a process of its own ---------------------------------------------------


def spark_run(data: Path, master: str, out: Path) -> dict[str, Any]:
    from bench_matching import load_corpus

    from listguard.matching import Matcher
    from listguard.screening.adapter import Status
    from listguard.spark.api import prepare
    from listguard.spark.index import build_index, payload
    from listguard.spark.session import get_session
    from listguard.timeutil import as_instant

    with RoleWatch() as watch:
        t0 = time.perf_counter()
        spark = get_session(master)
        spark.sparkContext.setLogLevel("ERROR")
        t1 = time.perf_counter()
        corpus = load_corpus()
        matcher = Matcher.build(corpus.names, corpus.identifiers, corpus.countries,
                                corpus.entity_type, corpus.births)
        del corpus
        on = as_instant("2021-03-20", what="on")

        def no_lists(ids: Any, when: Any, known: Any) -> dict[str, Status]:
            return {e: Status(e, (), "") for e in ids}

        index = build_index(matcher, no_lists, on, None)
        t2 = time.perf_counter()
        frame = spark.read.parquet(str(data))
        prepared = prepare(frame, on=on, index=index)
        prepared.frame.write.parquet(str(out))
        t3 = time.perf_counter()
    result = spark.read.parquet(str(out))
    rows = result.count()
    counts = {r["decision"]: r["count"] for r in result.groupBy("decision").count().collect()}
    return {
        "rows": rows, "session_s": t1 - t0, "index_s": t2 - t1, "job_s": t3 - t2,
        "index_bytes": len(payload(index).data), "index_names": len(matcher.index.names),
        "cores": spark.sparkContext.defaultParallelism,
        "partitions": frame.rdd.getNumPartitions(), "memory": watch.peaks,
        "python_workers": watch.workers, "counts": counts,
        "distinct_ids": result.select("_row_id").distinct().count(),
    }


def _child(args: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# -- the report --------------------------------------------------------------------------------


def projection(per_core: float, index_mb: float, worker_mb: float) -> list[str]:
    """100M and 1B rows on N cores, from the measured per-core rate."""
    lines = [
        "Projection on paper (assumptions: the per-core rate measured here holds on the "
        "cluster's cores; each core's Python worker loads the index once "
        f"(broadcast {index_mb:.0f} MB pickled, about {worker_mb:,.0f} MB resident per "
        "worker); no shuffle: each partition is screened where it lies; input read and "
        "output write stay a small share, as here; start-up, index build and broadcast "
        "(under a minute) not counted; enough partitions to keep every core busy):"]
    for rows in (100_000_000, 1_000_000_000):
        parts = []
        for cores in (16, 64, 256, 1024):
            minutes = rows / (per_core * cores) / 60
            parts.append(f"{cores} cores {minutes:,.{1 if minutes < 10 else 0}f} min")
        lines.append(f"  {rows:>13,} rows: " + "; ".join(parts))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--local-rows", type=int, default=1_000_000,
                        help="rows for the local engine (the first of the same rows)")
    parser.add_argument("--file-rows", type=int, default=500_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--data", type=Path, help="keep the generated Parquet rows here")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a FAIL")
    parser.add_argument("--spark-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spark_child:
        data, master, out = args.spark_child
        print(json.dumps(spark_run(Path(data), master, Path(out))))
        return 0
    from bench_matching import million

    local_rows = min(args.local_rows, args.rows)
    work = Path(tempfile.mkdtemp(prefix="listguard-bench-spark-"))
    data = args.data or work / "rows"
    try:
        marker = data / "_ROWS"
        if not (marker.exists() and marker.read_text(encoding="ascii") == str(args.rows)):
            shutil.rmtree(data, ignore_errors=True)
            t0 = time.perf_counter()
            make_rows(data, args.rows, args.file_rows, SEED)
            print(f"{args.rows:,} synthetic rows written to Parquet in "
                  f"{time.perf_counter() - t0:.0f}s", flush=True)
        local = million(local_rows, SEED)
        local_per_core = local_rows / local["screen_s"] / 2
        print(f"local engine: {local_rows:,} rows on 2 processes in {local['screen_s']:.1f}s "
              f"(index build {local['build_s']:.1f}s apart): {local_per_core:,.0f} rows/s per "
              f"core; peak summed RSS {local['peak_rss_mb']:,.0f} MB, PSS "
              f"{local['peak_pss_mb']:,.0f} MB", flush=True)
        spark = _child(["--spark-child", str(data), args.master, str(work / "out")])
    finally:
        if args.data is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            shutil.rmtree(work / "out", ignore_errors=True)
    cores = spark["cores"]
    spark_per_core = spark["rows"] / spark["job_s"] / cores
    ratio = spark_per_core / local_per_core
    print(f"Spark ({args.master}): {spark['rows']:,} rows in {spark['job_s']:.1f}s (read, "
          f"screen, write Parquet; {spark['partitions']} partitions; session start "
          f"{spark['session_s']:.1f}s, index build {spark['index_s']:.1f}s apart): "
          f"{spark_per_core:,.0f} rows/s per core on {cores} cores; decisions "
          f"{spark['counts']}; {spark['distinct_ids']:,} distinct row ids")
    print(f"index broadcast: {spark['index_bytes'] / 2**20:,.1f} MB pickled "
          f"({spark['index_names']:,} names)")
    for role, peak in spark["memory"].items():
        print(f"peak memory, {role}: RSS {peak['rss_mb']:,.0f} MB, PSS {peak['pss_mb']:,.0f} MB")
    workers = spark["memory"].get("Python workers", {"pss_mb": 0.0})
    per_worker = workers["pss_mb"] / max(1, cores)
    print()
    for line in projection(spark_per_core, spark["index_bytes"] / 2**20, per_worker):
        print(line)
    passed = ratio >= TARGET and spark["distinct_ids"] == spark["rows"] == args.rows
    print()
    print(f"{'PASS' if passed else 'FAIL'}: Spark per core {spark_per_core:,.0f} rows/s = "
          f"{ratio:.0%} of the local engine's {local_per_core:,.0f} (target >= "
          f"{TARGET:.0%}); every row once: {spark['distinct_ids'] == spark['rows'] == args.rows}")
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
