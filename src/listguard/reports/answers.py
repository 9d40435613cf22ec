"""Answers rendered: rich tables and CSV rows for check, status and timeline.

The answers are built by the core (:mod:`listguard.api`); this module renders their JSON
(``as_dict()``), the one shape every interface shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from listguard.model import EventKind, Verdict
from listguard.timeutil import fmt

STYLE = {Verdict.ALLOWED: "bold green", Verdict.REVIEW: "bold magenta",
         Verdict.UNKNOWN: "bold magenta", Verdict.LICENSE_REQUIRED: "bold yellow",
         Verdict.PROHIBITED: "bold red"}


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


# --- terminal rendering ----------------------------------------------------------------------

def render_check(console: Console, answer: dict[str, Any]) -> None:
    verdict = Verdict(answer["verdict"])
    head = Text()
    head.append(answer["verdict"].upper().replace("_", " "), style=STYLE[verdict])
    head.append(f"  {answer['activity']} ")
    head.append(answer["entity"]["name"] if answer["entity"] else repr(answer["query"]),
                style="bold")
    head.append(f"  on {answer['as_of']}")
    if answer["known_at"]:
        head.append(f"  as known at {answer['known_at']}", style="italic")
    console.print(head)
    if answer["entity"] is None or answer["candidates"]:
        console.print(answer["message"], highlight=False)
    if not answer["confirmed"]:
        console.print("[yellow]This answer rests on a fact marked UNCONFIRMED.[/]")
    _render_candidates(console, "Candidates", answer["candidates"])
    if answer["entity"] is not None and not answer["reasons"]:
        console.print(f"{answer['entity']['name']} is on no list that restricts "
                      f"{answer['activity']} at that instant.")
    for r in answer["reasons"]:
        if r["basis"] != "resolution":
            _render_reason(console, r)
    _render_candidates(console, "The name also matches", answer["also_matches"])
    _render_look_through(console, answer.get("look_through"))
    _render_deadlines(console, answer.get("deadlines", []))
    render_gaps(console, answer["gaps"])


def _render_candidates(console: Console, title: str, candidates: list[dict[str, Any]]) -> None:
    if not candidates:
        return
    console.print(f"[bold]{title}:[/]")
    for c in candidates:
        line = Text(f"  {c['score']:.2f}  ")
        line.append(f"{c['verdict']:<17}", style=STYLE[Verdict(c["verdict"])])
        line.append(f"{c['entity']['name']} ({c['entity']['id']})")
        line.append(f"  on {', '.join(c['lists'])}" if c["lists"] else "  on no list then",
                    style="dim")
        console.print(line)


def _render_look_through(console: Console, look: dict[str, Any] | None) -> None:
    if not look:
        return
    counts = ", ".join(f"{n} {v}" for v, n in sorted(look["by_verdict"].items()))
    console.print(f"[bold]Holdings[/] ({look['holdings_file']}): {look['holdings']} ({counts})")
    for h in look["decisive"]:
        console.print(f"  line {h['line']:>4}  {h['verdict']:<17}{h['holding']}"
                      + (f"  weight {h['weight']}" if h["weight"] else ""), highlight=False)


def render_gaps(console: Console, gaps: list[str]) -> None:
    """Coverage gaps: each list's in words; lists with no data at all on one line."""
    if not gaps:
        return
    empty = [g.split(":", 1)[0] for g in gaps if g.endswith("no data (never imported)")]
    console.print("[bold]Coverage gaps:[/]")
    for gap in gaps:
        if not gap.endswith("no data (never imported)"):
            console.print(f"  {gap}", highlight=False)
    if empty:
        console.print(f"  no data (never imported): {', '.join(empty)}", highlight=False)


def _render_reason(console: Console, r: dict[str, Any]) -> None:
    verdict = Verdict(r["verdict"])
    line = Text("  ")
    line.append(f"{r['verdict']:<16}", style=STYLE[verdict])
    line.append(f"{r['list']} · {r['basis']}" if r["list"] else r["basis"], style="bold")
    console.print(line)
    console.print(f"      {r['rule']}", highlight=False)
    span = ", ".join(x for x in (r["from"] and f"from {_short(r['from'])}",
                                  r["until"] and f"until {_short(r['until'])}") if x)
    if span:
        console.print(f"      {span}", highlight=False)
    if r["conditions"]:
        console.print(f"      [dim]{r['conditions']}[/]", highlight=False)
    if r["citation"]:
        console.print(f"      [cyan]source:[/] {escape(r['citation'])}", highlight=False)


def render_status(console: Console, answer: dict[str, Any]) -> None:
    who = (f"{answer['entity']['name']}  ({answer['entity']['id']})" if answer["entity"]
           else f"{answer['query']!r}: no listed entity matches")
    console.print(Text(who, style="bold")
                  + Text(f"  on {answer['as_of']}"
                         + (f", as known at {answer['known_at']}" if answer["known_at"] else "")))
    table = Table(title="Lists")
    for col in ("list", "state", "listed as", "since", "basis"):
        table.add_column(col, overflow="fold")
    for m in answer["memberships"]:
        table.add_row(m["list"], m["state"], m["listed_name"] or "", _short(m["since"]),
                      m["basis"])
    if not answer["memberships"]:
        console.print("On no list at that instant.")
    else:
        console.print(table)
    console.print("[bold]Verdicts[/]")
    for act, v in answer["verdicts"].items():
        verdict = Verdict(v["verdict"])
        top = next((r for r in v["reasons"] if r["verdict"] == v["verdict"]), None)
        line = Text(f"  {act:<13}")
        line.append(f"{v['verdict']:<17}", style=STYLE[verdict])
        line.append(top["rule"] if top else "no list restricts it")
        console.print(line)
        if top and top["citation"]:
            console.print(f"  {'':13}{'':17}[dim]{escape(top['citation'])}[/]",
                          highlight=False)
    _render_deadlines(console, answer["deadlines"])
    for note in answer["notes"]:
        console.print(f"[dim]note:[/] {note}")
    gaps = sorted({g for v in answer["verdicts"].values() for g in v["gaps"]})
    render_gaps(console, gaps)


def render_timeline(console: Console, answer: dict[str, Any]) -> None:
    table = Table(title=f"{answer['entity']['name']}: history")
    for col in ("date", "list", "event", "detail", "citation"):
        table.add_column(col, overflow="fold")
    for e in answer["events"]:
        detail = " ".join(x for x in (e["listed_name"] and f"as {e['listed_name']!r}",
                                      e["note"] or "") if x)
        if e["whole_list"]:
            detail = ("(whole list) " + detail).strip()
        style = "dim" if e["event"] == EventKind.NOTE.value else ""
        table.add_row(_short(e["date"]), e["list"], e["event"], detail,
                      escape(e["citation"]), style=style)
    console.print(table)


def _render_deadlines(console: Console, deadlines: list[dict[str, Any]]) -> None:
    if deadlines:
        console.print("[bold]Upcoming:[/]")
        for d in deadlines:
            console.print(f"  {_short(d['when'])}  {d['what']} ({d['list']}; {d['citation']})")


def _short(iso: str | None) -> str:
    if not iso:
        return "—"
    return fmt(datetime.fromisoformat(iso))


# --- CSV rows (``--format csv``) ----------------------------------------------------------------

def check_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """A ``check`` answer as one CSV row."""
    decisive = next((r for r in answer["reasons"] if r["verdict"] == answer["verdict"]), None)
    entity = answer["entity"] or {}
    return [{
        "query": answer["query"], "activity": answer["activity"], "as_of": answer["as_of"],
        "known_at": answer["known_at"], "verdict": answer["verdict"],
        "confirmed": answer["confirmed"], "entity_id": entity.get("id"),
        "entity_name": entity.get("name"), "lists": answer["lists"],
        "rule": decisive["rule"] if decisive else "",
        "citation": decisive["citation"] if decisive else "",
        "candidates": [f"{c['entity']['id']}:{c['verdict']}" for c in answer["candidates"]],
        "gaps": answer["gaps"], "message": answer["message"],
    }]


def status_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """A ``status`` answer as one CSV row per activity."""
    entity = answer["entity"] or {}
    rows = []
    for act, v in answer["verdicts"].items():
        top = next((r for r in v["reasons"] if r["verdict"] == v["verdict"]), None)
        rows.append({"entity_id": entity.get("id"), "entity_name": entity.get("name"),
                     "as_of": answer["as_of"], "known_at": answer["known_at"],
                     "activity": act, "verdict": v["verdict"], "confirmed": v["confirmed"],
                     "rule": top["rule"] if top else "", "citation": top["citation"] if top else "",
                     "gaps": v["gaps"]})
    return rows


def timeline_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """A ``timeline`` answer as one CSV row per event."""
    return [{"entity_id": answer["entity"]["id"], **e} for e in answer["events"]]
