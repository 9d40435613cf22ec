"""Fail-safe checks: how often an answer says ``allowed`` from ignorance, and what it costs.

    python benchmarks/bench_check.py [--on 2021-08-02] [--repeat 3]

Quality. For every curated entity whose ``buy`` verdict at ``--on`` is not ``allowed`` (the
NS-CMIC issuers, mostly), three misspellings of its name are asked (two adjacent letters
swapped, one letter dropped, one letter doubled, each in the longest word, seeded), plus each
of its tickers in a foreign form (``HK:941``-style code alone) and a made-up ticker of the same
shape. An answer of ``allowed`` for a misspelling of a prohibited company is the worst answer
a compliance tool can give. The baseline is the answer before the fail-safe rules: exact
resolution, and ``allowed`` for anything that resolves to nothing.

Speed. The same queries answered by ``Checker.check`` (exact resolution, fuzzy candidates,
coverage, fail-safe reasons), against the baseline path (exact resolution and the bare rules)
in the same process; and a fund of 2,000 holdings looked through, holdings per second.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from listguard.api import Checker
from listguard.api.funds import look_through
from listguard.model import Activity, Verdict
from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.timeutil import parse_when


def misspellings(name: str, rng: random.Random) -> list[str]:
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 5:
        return []
    out = []
    j = rng.randrange(1, len(word) - 2)
    out.append(word[:j] + word[j + 1] + word[j] + word[j + 2:])  # swap
    out.append(word[:j] + word[j + 1:])  # drop
    out.append(word[:j] + word[j] + word[j:])  # double
    return [" ".join([*words[:i], w, *words[i + 1:]]) for w in out]


def baseline_verdict(reg: Registry, query: str, on: object) -> Verdict:
    """The answer before the fail-safe rules: exact resolution, else allowed."""
    res = reg.resolve(query)
    if res.entity is None:
        return Verdict.ALLOWED if not res.candidates else Verdict.REVIEW
    return assess_entity(reg, res.entity.id, on, None, coverage=None).verdicts[Activity.BUY]  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--on", default="2021-08-02")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    on = parse_when(args.on)
    rng = random.Random(20261201)
    with tempfile.TemporaryDirectory() as tmp:
        reg = Registry.open(Path(tmp) / "registry.sqlite")
        checker = Checker(reg)
        checker.check("warm up", Activity.BUY, on)
        restricted = []
        for (entity_id,) in reg.store.fetch("SELECT id FROM entities ORDER BY id"):
            if checker.status(entity_id, on, None).verdicts[Activity.BUY] is not Verdict.ALLOWED:
                restricted.append(reg.entity(entity_id))
        queries: list[tuple[str, str]] = []
        intended: dict[str, str] = {}
        for entity in restricted:
            for q in misspellings(entity.name, rng):
                queries.append((q, "misspelling"))
                intended[q] = entity.id
            for ident in reg.identifiers(entity.id):
                if ident.scheme.value == "ticker":
                    code = ident.value.split()[0]
                    fake = str(int(code) + 7000) if code.isdigit() else code[::-1] + "X"
                    queries.append((f"{fake}.HK" if code.isdigit() else fake, "made-up ticker"))
        report(reg, checker, queries, on, args.repeat)
        answers = [checker.check(q, Activity.BUY, on) for q in intended]
        right = sum(any(c.entity.id == intended[a.query] for c in a.candidates)
                    or (a.status is not None and a.status.entity.id == intended[a.query])
                    for a in answers)
        print(f"misspellings whose answer names the intended company (as the entity or among "
              f"the candidates): {right} of {len(answers)} ({right / len(answers):.1%})")
        bench_fund(reg, checker, on, Path(tmp))
    return 0


def report(reg: Registry, checker: Checker, queries: list[tuple[str, str]], on: object,
           repeat: int) -> None:
    kinds = sorted({k for _, k in queries})
    print(f"{len(queries)} queries about companies whose buy is restricted at {on}")
    print(f"{'query kind':<16}{'n':>6}{'baseline: allowed':>20}{'fail-safe: allowed':>20}"
          f"{'review':>8}{'unknown':>9}")
    for kind in kinds:
        mine = [q for q, k in queries if k == kind]
        base = [baseline_verdict(reg, q, on) for q in mine]
        new = [checker.check(q, Activity.BUY, on).verdict for q in mine]  # type: ignore[arg-type]
        print(f"{kind:<16}{len(mine):>6}{share(base, Verdict.ALLOWED):>20}"
              f"{share(new, Verdict.ALLOWED):>20}{share(new, Verdict.REVIEW):>8}"
              f"{share(new, Verdict.UNKNOWN):>9}")
    texts = [q for q, _ in queries]
    t_base = best(repeat, lambda: [baseline_verdict(reg, q, on) for q in texts])
    t_new = best(repeat, lambda: [checker.check(q, Activity.BUY, on) for q in texts])  # type: ignore[arg-type]
    print(f"speed: fail-safe {len(texts) / t_new:,.0f} checks/s, baseline "
          f"{len(texts) / t_base:,.0f} checks/s: {t_new / t_base:.1f}x the baseline's time")


def bench_fund(reg: Registry, checker: Checker, on: object, tmp: Path) -> None:
    names = [e[0] for e in reg.store.fetch("SELECT name FROM entities ORDER BY id")]
    rng = random.Random(7)
    rows = ["Name,Weight"]
    for i in range(2000):
        name = rng.choice(names) if i % 10 == 0 else f"Holding Company {i} Limited"
        rows.append(f"\"{name}\",{rng.random():.4f}")
    path = tmp / "fund.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    start = time.perf_counter()
    answer = look_through(checker, checker.check("Big Fund", Activity.BUY, on), path)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    print(f"fund look-through: 2,000 holdings in {took:.2f}s ({2000 / took:,.0f} holdings/s); "
          f"verdict {answer.verdict.value}, {len(answer.look_through.decisive)} decisive")  # type: ignore[union-attr]


def share(verdicts: list[Verdict], which: Verdict) -> str:
    return f"{sum(v is which for v in verdicts) / max(1, len(verdicts)):.1%}"


def best(repeat: int, func: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


if __name__ == "__main__":
    raise SystemExit(main())
