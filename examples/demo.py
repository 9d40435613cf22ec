"""`make demo`: the main job on the embedded data, as a newcomer should first see it.

1. Xiaomi's 2021 story, checked at each turn (and as known before the court ruled).
2. SMIC through the June 3 – August 2, 2021 transition.
3. The sample portfolio in examples/ checked at a few dates.
4. The Xiaomi event study and its plot, from the price set shipped in the package.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rich.console import Console
from rich.rule import Rule
from rich.table import Table

from listguard.cli import main as cli
from listguard.model import Activity, Verdict
from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.timeutil import fmt, parse_when

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / ".listguard"
console = Console()
STYLE = {Verdict.ALLOWED: "green", Verdict.LICENSE_REQUIRED: "yellow", Verdict.PROHIBITED: "red"}


def run(*args: str) -> None:
    console.print(f"[dim]$ listguard {' '.join(args)}[/]")
    code = cli(list(args))
    if code not in (0, 3):
        sys.exit(code)


def story(reg: Registry, query: str, steps: list[tuple[str, str, str | None, str]]) -> None:
    entity = reg.resolve(query).entity
    assert entity is not None, query
    table = Table(title=entity.name)
    for col in ("on", "known at", "action", "verdict", "why", "source"):
        table.add_column(col, overflow="fold")
    for when, action, known, label in steps:
        on = parse_when(when)
        known_at = parse_when(known) if known else None
        status = assess_entity(reg, entity.id, on, known_at)
        act = Activity(action)
        verdict = status.verdicts[act]
        top = status.reasons[act][0] if status.reasons[act] else None
        table.add_row(fmt(on), known or "now", action, f"[{STYLE[verdict]}]{verdict.value}[/]",
                      f"{label}: {top.rule}" if top else label,
                      top.citation if top else "")
    console.print(table)


def portfolio(reg: Registry, dates: list[str]) -> None:
    with (HERE / "portfolio.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table = Table(title="examples/portfolio.csv — may a US person buy?")
    table.add_column("holding")
    table.add_column("resolved to")
    for day in dates:
        table.add_column(day)
    for row in rows:
        res = reg.resolve(row["isin"]) if row["isin"] else None
        if res is None or res.entity is None:
            res = reg.resolve(row["ticker"])
        if res.entity is None:
            res = reg.resolve(row["name"])
        cells = []
        for day in dates:
            if res.entity is None:
                cells.append("[green]allowed[/] [dim](not listed)[/]")
                continue
            verdict = assess_entity(reg, res.entity.id, parse_when(day)).verdicts[Activity.BUY]
            cells.append(f"[{STYLE[verdict]}]{verdict.value}[/]")
        table.add_row(row["name"], res.entity.name if res.entity else "—", *cells)
    console.print(table)


def main() -> None:
    reg = Registry.open()
    console.print(Rule("1. Xiaomi, 2021"))
    story(reg, "1810.HK", [
        ("2021-01-13", "buy", None, "before the DoD listing"),
        ("2021-01-15", "buy", None, "listed Jan 14, ban due in 60 days"),
        ("2021-03-16", "buy", "2021-03-11", "as known on Mar 11"),
        ("2021-03-16", "buy", None, "as known now"),
        ("2021-05-26", "buy", None, "after the vacatur"),
    ])
    run("check", "buy", "Xiaomi", "--on", "2021-03-16", "--known-at", "2021-03-11")
    run("check", "buy", "Xiaomi", "--on", "2021-03-16")
    run("timeline", "Xiaomi")

    console.print(Rule("2. SMIC through the 2021 transition"))
    story(reg, "SMIC", [
        ("2021-01-20", "buy", None, "tranche 4, ban from Feb 1"),
        ("2021-02-02", "buy", None, "EO 13959 ban"),
        ("2021-06-15", "buy", None, "the gap"),
        ("2021-08-02", "buy", None, "EO 14032 Annex ban"),
        ("2022-05-20", "sell", None, "divestment window"),
        ("2022-07-01", "sell", None, "after the window"),
        ("2025-01-15", "hold", None, "holding"),
        ("2021-01-20", "export", None, "Entity List"),
    ])
    run("status", "SMIC", "--on", "2021-07-01")

    console.print(Rule("3. The sample portfolio"))
    portfolio(reg, ["2021-01-12", "2021-03-20", "2021-07-01", "2021-08-02", "2026-07-01"])

    console.print(Rule("4. What the listing did to Xiaomi's shares"))
    OUT.mkdir(exist_ok=True)
    run("impact", "Xiaomi", "--prices", "demo:1810.HK", "--market", "demo:HSI",
        "--events", "listing,injunction,vacated", "--plot", str(OUT / "xiaomi-event-study.png"))
    console.print(f"[bold]The plot:[/] {OUT / 'xiaomi-event-study.png'}")


if __name__ == "__main__":
    main()
