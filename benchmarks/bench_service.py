"""The HTTP service under load (issue 13): latency and throughput of check, search and screen.

Run ``python benchmarks/bench_service.py`` (``--json PATH`` also writes the figures, ``--strict``
exits 1 when a target fails; otherwise it exits 0).

**Setup**, for each database: a fresh registry (the shipped data) in a SQLite file in a
temporary folder and - with ``--pg URL``, or else on a throwaway server that
``tests/pg_server.py`` starts when the PostgreSQL binaries are installed (``--no-pg``: SQLite
only) - in a PostgreSQL database; ``listguard serve`` (one worker) on a free loopback port over
it; an analyst key made by ``listguard keys create``; the rate limit lifted
(``LISTGUARD_RATE_LIMIT``) so that it is the service that is measured.

**Load**: after a warm-up (``--warmup`` seconds per endpoint: the matcher is built, the
connections opened), ``--clients`` concurrent clients (asyncio, one ``httpx.AsyncClient`` with
a connection each) send requests back to back for ``--duration`` seconds per endpoint:

* ``POST /v1/check``: a random action, and a listed name, a listed ticker or ISIN, or a name on
  no list, one third each; ``on`` a date from 2019 to 2025 half the time, else now;
* ``GET /v1/search?q=``: a listed name (as printed, lower-cased, or missing a letter) or a name
  on no list, half each;
* ``POST /v1/screen``: 10 rows, each a listed name (with its country half the time) or a name
  on no list;

and then ``POST /v1/check`` from one client for ``--solo`` seconds: its latency without
requests queueing behind each other (with 8 clients and one worker, a request mostly waits).

Every check and search is written to the audit trail, as in production. The clients run on the
same machine as the service and take part of its CPU: on a small machine the figures are a
floor, not what the service does with a machine to itself.

**Figures**, per endpoint: requests, errors (a non-2xx answer or an exception), requests per
second, and latency percentiles (p50, p95, p99, max) in milliseconds, measured by the client
from send to the whole answer read; and the CPU the service and the clients used, in cores
(``cores s/c``: 1.00 is one core busy all the time; the service is one process).

**Targets**: no errors on any endpoint; ``POST /v1/check`` p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from listguard.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
ACTIONS = ("buy", "sell", "hold", "dod-contract", "export", "invest")
UNKNOWN_WORDS = ("Acme", "Northwind", "Blue Harbor", "Golden Valley", "Riverside", "Summit",
                 "Maple", "Orion", "Atlas", "Silverline", "Evergreen", "Pioneer")
UNKNOWN_KINDS = ("Trading", "Logistics", "Holdings", "Foods", "Textiles", "Software",
                 "Engineering", "Consulting")
UNKNOWN_FORMS = ("Ltd", "LLC", "GmbH", "S.A.", "Co., Ltd.", "Inc.", "B.V.")
CHECK_P99_MS = 50.0
SOLO = "POST /v1/check, 1 client"
"""The label of the one-client run of ``POST /v1/check`` (latency without queueing)."""
SCREEN_ROWS = 10


# --- what the clients ask --------------------------------------------------------------------


@dataclass
class Material:
    """Listed names (with a country when the registry knows one) and codes, to ask about."""

    names: list[tuple[str, str]]
    codes: list[str]

    @classmethod
    def of(cls, target: str) -> Material:
        reg = Registry.open(target)
        try:
            countries = {e.id: e.country for e in reg.entity_profiles()}
            names = sorted({(name, countries.get(entity) or "")
                            for entity, name, _ in reg.all_names()})
            codes = sorted({i.value for i in reg.all_identifiers()
                            if i.scheme.value in ("ticker", "isin")})
        finally:
            reg.close()
        return cls(names, codes)


def unknown_name(rng: random.Random) -> str:
    return (f"{rng.choice(UNKNOWN_WORDS)} {rng.choice(UNKNOWN_KINDS)} "
            f"{rng.randrange(1, 999)} {rng.choice(UNKNOWN_FORMS)}")


def misspelt(name: str, rng: random.Random) -> str:
    if len(name) < 6:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1:]


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, str] | None = None
    json: dict[str, Any] | None = None


def check_call(m: Material, rng: random.Random) -> Call:
    kind = rng.randrange(3)
    query = (rng.choice(m.names)[0] if kind == 0 else rng.choice(m.codes) if kind == 1
             else unknown_name(rng))
    body: dict[str, Any] = {"action": rng.choice(ACTIONS), "query": query}
    if rng.random() < 0.5:
        body["on"] = f"{rng.randrange(2019, 2026)}-{rng.randrange(1, 13):02d}-" \
                     f"{rng.randrange(1, 29):02d}"
    return Call("POST", "/v1/check", json=body)


def search_call(m: Material, rng: random.Random) -> Call:
    if rng.random() < 0.5:
        name = rng.choice(m.names)[0]
        q = rng.choice((name, name.lower(), misspelt(name, rng)))
    else:
        q = unknown_name(rng)
    return Call("GET", "/v1/search", params={"q": q})


def screen_call(m: Material, rng: random.Random) -> Call:
    rows = []
    for i in range(SCREEN_ROWS):
        if rng.random() < 0.5:
            name, country = rng.choice(m.names)
            row = {"name": name, "country": country if rng.random() < 0.5 else None}
        else:
            row = {"name": unknown_name(rng), "country": rng.choice(("US", "DE", "JP", None))}
        rows.append({"id": str(i), **row})
    return Call("POST", "/v1/screen", json={"rows": rows})


ENDPOINTS: dict[str, Callable[[Material, random.Random], Call]] = {
    "POST /v1/check": check_call, "GET /v1/search": search_call, "POST /v1/screen": screen_call}


# --- the load --------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    examples: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.examples) < 3:
            self.examples.append(what[:300])


async def _client(http: httpx.AsyncClient, make: Callable[[random.Random], Call],
                  rng: random.Random, until: float, tally: Tally) -> None:
    while time.perf_counter() < until:
        call = make(rng)
        started = time.perf_counter()
        try:
            answer = await http.request(call.method, call.path, params=call.params,
                                        json=call.json)
            await answer.aread()
        except httpx.HTTPError as exc:
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            tally.error(f"{type(exc).__name__}: {exc}")
            continue
        tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        if not answer.is_success:
            tally.error(f"{answer.status_code} {answer.text}")


async def run_load(url: str, key: str, make: Callable[[random.Random], Call], clients: int,
                   seconds: float, seed: int) -> tuple[Tally, float]:
    """``clients`` clients sending back to back for ``seconds``; the tally and the time."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits,
                                 headers={"Authorization": f"Bearer {key}"}) as http:
        tally = Tally()
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(_client(http, make, random.Random(seed * 1000 + i), until, tally)
                               for i in range(clients)))
        return tally, time.perf_counter() - started


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0-100) of ``sorted_values``."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(q / 100 * len(sorted_values) + 0.4999))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def figures(tally: Tally, elapsed: float) -> dict[str, Any]:
    values = sorted(tally.latencies_ms)
    return {"requests": len(values), "errors": tally.errors,
            "per_second": round(len(values) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(percentile(values, 50), 2), "p95_ms": round(percentile(values, 95), 2),
            "p99_ms": round(percentile(values, 99), 2),
            "max_ms": round(values[-1], 2) if values else None,
            "seconds": round(elapsed, 1), "error_examples": tally.examples}


# --- the service -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(target: str, *args: str, env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, "-m", "listguard.cli", "--db", target, *args],
                          env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode:
        raise RuntimeError(f"listguard {' '.join(args)} failed ({proc.returncode}): "
                           f"{proc.stderr.strip()[-1500:]}")
    return proc.stdout


@contextlib.contextmanager
def serving(target: str, folder: Path, workers: int = 1) -> Iterator[tuple[str, str, int]]:
    """``listguard serve`` over ``target`` on a free loopback port: its URL, an analyst key
    and its process id."""
    env = {**os.environ, "LISTGUARD_JOBS_DIR": str(folder / "jobs"),
           "LISTGUARD_CACHE_DIR": str(folder / "cache"),
           "LISTGUARD_ERROR_LOG": str(folder / "errors.log"),
           "LISTGUARD_RATE_LIMIT": str(10**9)}
    key = cli(target, "keys", "create", "--role", "analyst", "--name", "bench",
              env=env).strip().splitlines()[-1]
    port = free_port()
    log = (folder / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "listguard.cli", "--db", target, "serve",
                             "--port", str(port), "--workers", str(workers)], env=env,
                            stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (folder / "serve.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the service did not start: {tail}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        yield url, key, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def cpu_seconds(pid: int) -> float | None:
    """The CPU time process ``pid`` and its worker processes have used (Linux ``/proc``;
    None elsewhere)."""
    try:
        total = 0.0
        for one in (pid, *_children(pid)):
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def measured(url: str, key: str, ask: Callable[[random.Random], Call], clients: int,
             seconds: float, seed: int, pid: int) -> dict[str, Any]:
    """One run of the load, with the CPU the clients and the service used (in cores)."""
    client_cpu, server_cpu = time.process_time(), cpu_seconds(pid)
    tally, elapsed = asyncio.run(run_load(url, key, ask, clients, seconds, seed))
    out = figures(tally, elapsed)
    out["client_cores"] = round((time.process_time() - client_cpu) / elapsed, 2)
    after = cpu_seconds(pid)
    out["service_cores"] = (round((after - server_cpu) / elapsed, 2)
                            if after is not None and server_cpu is not None else None)
    out["clients"] = clients
    return out


def bench_backend(name: str, target: str, folder: Path, args: argparse.Namespace
                  ) -> dict[str, Any]:
    t0 = time.perf_counter()
    Registry.open(target).close()  # build the fresh registry before the service opens it
    material = Material.of(target)
    out: dict[str, Any] = {"target": "sqlite file" if name == "sqlite" else "postgresql",
                           "endpoints": {}}
    with serving(target, folder, args.workers) as (url, key, pid):
        out["setup_s"] = round(time.perf_counter() - t0, 1)
        print(f"\n[{name}] service up in {out['setup_s']}s; {len(material.names):,} listed "
              f"names, {len(material.codes):,} codes; {args.clients} clients, "
              f"{args.duration:g}s per endpoint after {args.warmup:g}s of warm-up", flush=True)
        for i, (label, make) in enumerate(ENDPOINTS.items()):
            def ask(rng: random.Random, make: Callable[..., Call] = make) -> Call:
                return make(material, rng)

            asyncio.run(run_load(url, key, ask, 2, args.warmup, seed=args.seed + 100 + i))
            result = measured(url, key, ask, args.clients, args.duration, args.seed + i, pid)
            out["endpoints"][label] = result
            print(f"  {label}: {result['requests']:,} requests", flush=True)
            if label == "POST /v1/check" and args.solo > 0:  # the same, one at a time
                solo = measured(url, key, ask, 1, args.solo, args.seed + 50, pid)
                out["endpoints"][SOLO] = solo
                print(f"  {SOLO}: {solo['requests']:,} requests", flush=True)
    return out


# --- the report ------------------------------------------------------------------------------


def table(name: str, result: dict[str, Any]) -> None:
    head = (f"{'endpoint':<25} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'cores s/c':>10}")
    print(f"\n{name} ({result['target']}):\n{head}\n{'-' * len(head)}")
    for label, f in result["endpoints"].items():
        print(f"{label:<25} {f['requests']:>9,} {f['errors']:>7,} {f['per_second']:>8,.1f} "
              f"{f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} {f['p99_ms']:>8.1f} "
              f"{f['max_ms'] or 0:>8.1f} {cores(f):>10}")
        for example in f["error_examples"]:
            print(f"    error: {example}")


def cores(f: dict[str, Any]) -> str:
    service = "?" if f["service_cores"] is None else f"{f['service_cores']:.2f}"
    return f"{service}/{f['client_cores']:.2f}"


def targets(name: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    endpoints = result["endpoints"]
    errors = sum(f["errors"] for f in endpoints.values())
    requests = sum(f["requests"] for f in endpoints.values())
    check = endpoints["POST /v1/check"]
    return [
        {"name": f"{name}: no errors", "passed": errors == 0 and requests > 0,
         "detail": f"{errors:,} errors in {requests:,} requests"},
        {"name": f"{name}: check p99 < {CHECK_P99_MS:g} ms",
         "passed": check["requests"] > 0 and check["p99_ms"] < CHECK_P99_MS,
         "detail": f"p99 {check['p99_ms']:.1f} ms over {check['requests']:,} checks"},
    ]


def postgres(args: argparse.Namespace) -> tuple[str | None, Callable[[], None], str]:
    """The PostgreSQL URL to run against (None: skip), how to clean up, and a note."""
    if args.pg:
        return args.pg, lambda: None, "the given --pg URL"
    if args.no_pg:
        return None, lambda: None, "skipped (--no-pg)"
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import pg_server  # type: ignore[import-not-found]

        server = pg_server.start()
    except Exception as exc:  # not installed, cannot run here: SQLite only, saying why
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, lambda: None, f"skipped: tests/pg_server.py could not start one ({reason})"
    try:
        url = server.url(server.new_database(prefix="bench"))
    except Exception as exc:
        server.stop()
        return None, lambda: None, f"skipped: no database on the test server ({exc})"
    return url, server.stop, "a throwaway server started by tests/pg_server.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--duration", type=float, default=20.0,
                        help="seconds of load per endpoint (default 20)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds of warm-up per endpoint (default 2)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--workers", type=int, default=1,
                        help="service worker processes (default 1)")
    parser.add_argument("--solo", type=float, default=5.0,
                        help="seconds of POST /v1/check from one client, after the concurrent "
                        "run: its latency without queueing (default 5; 0: skip)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--pg", metavar="URL", help="also run against this PostgreSQL database "
                        "(a fresh registry is built in it if it is empty)")
    parser.add_argument("--no-pg", action="store_true",
                        help="SQLite only: do not start a PostgreSQL server")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {}
    notes: dict[str, str] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="listguard-bench-") as tmp:
        folder = Path(tmp) / "sqlite"
        folder.mkdir()
        results["sqlite"] = bench_backend("sqlite", str(folder / "registry.sqlite"), folder,
                                          args)
        pg_url, cleanup, notes["postgresql"] = postgres(args)
        try:
            if pg_url:
                folder = Path(tmp) / "postgresql"
                folder.mkdir()
                results["postgresql"] = bench_backend("postgresql", pg_url, folder, args)
        finally:
            cleanup()

    print(f"\nmachine: {os.cpu_count()} CPU(s), {platform.system()} "
          f"{platform.machine()}, Python {platform.python_version()}; clients and service "
          "share it")
    for name, result in results.items():
        table(name, result)
    if "postgresql" not in results:
        print(f"\npostgresql: {notes['postgresql']}")
    checks = [t for name, result in results.items() for t in targets(name, result)]
    print("\ntargets:")
    for t in checks:
        print(f"  {'PASS' if t['passed'] else 'FAIL'}  {t['name']}: {t['detail']}")
    total = time.perf_counter() - started
    print(f"\n{total:.0f}s in all")
    if args.json:
        document = {"config": {"clients": args.clients, "duration_s": args.duration,
                               "solo_s": args.solo,
                               "warmup_s": args.warmup, "screen_rows": SCREEN_ROWS,
                               "seed": args.seed, "cpus": os.cpu_count()},
                    "backends": results, "notes": notes, "targets": checks,
                    "seconds": round(total, 1)}
        args.json.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    if args.strict and not all(t["passed"] for t in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
