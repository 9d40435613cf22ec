"""`make demo`: the main job on the embedded data, as a newcomer should first see it.

1. Xiaomi's 2021 story, checked at each turn (and as known before the court ruled).
2. SMIC through the June 3 – August 2, 2021 transition.
3. The sample portfolio in examples/ checked at a few dates.
4. Fail safe: a typo, an identifier that names nothing, a fund and its holdings, the coverage.
5. The Xiaomi event study and its plot, from the price set shipped in the package.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rich.console import Console
from rich.rule import Rule
from rich.table import Table

from listguard.api import Checker
from listguard.api.funds import holding_answer
from listguard.cli import main as cli
from listguard.model import Activity, Verdict
from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.timeutil import fmt, parse_when

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / ".listguard"
console = Console()
STYLE = {Verdict.ALLOWED: "green", Verdict.REVIEW: "magenta", Verdict.UNKNOWN: "magenta",
         Verdict.LICENSE_REQUIRED: "yellow", Verdict.PROHIBITED: "red"}


def run(*args: str) -> None:
    console.print(f"[dim]$ listguard {' '.join(args)}[/]")
    code = cli(list(args))
    if code not in (0, 3, 4):  # answered, review, unknown: all are answers
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
    """Each holding asked by ISIN, then ticker, then name, as the fund look-through does."""
    checker = Checker(reg)
    with (HERE / "portfolio.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table = Table(title="examples/portfolio.csv — may a US person buy?")
    table.add_column("holding")
    table.add_column("resolved to")
    for day in dates:
        table.add_column(day)
    for row in rows:
        queries = [q for q in (row["isin"], row["ticker"], row["name"]) if q]
        cells, resolved = [], "—"
        for day in dates:
            answer = holding_answer(checker, queries, checker.check(
                row["name"], Activity.BUY, parse_when(day)))
            if answer.status is not None:
                resolved = answer.status.entity.name
            cells.append(f"[{STYLE[answer.verdict]}]{answer.verdict.value}[/]"
                         + ("" if answer.status else " [dim](not listed)[/]"))
        table.add_row(row["name"], resolved, *cells)
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

    console.print(Rule("4. Fail safe: where listguard does not know, it says so"))
    run("check", "buy", "Hikvison", "--on", "2021-08-02")            # a typo: review
    run("check", "dod-contract", "9999.HK", "--on", "2026-07-01")    # names nothing: unknown
    run("check", "buy", "iShares MSCI China ETF", "--on", "2021-09-01")  # a fund: unknown
    run("check", "buy", "iShares MSCI China ETF", "--on", "2021-09-01",
        "--holdings", str(HERE / "china-etf-holdings.csv"))           # FAQ 861 look-through

    console.print(Rule("5. What the listing did to Xiaomi's shares"))
    OUT.mkdir(exist_ok=True)
    run("impact", "Xiaomi", "--prices", "demo:1810.HK", "--market", "demo:HSI",
        "--events", "listing,injunction,vacated", "--plot", str(OUT / "xiaomi-event-study.png"))
    console.print(f"[bold]The plot:[/] {OUT / 'xiaomi-event-study.png'}")


if __name__ == "__main__":
    main()
