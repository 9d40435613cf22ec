"""Answers as data (JSON-ready dicts) and as rich tables, for check, status and timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from listguard.model import Activity, Event, EventKind, Verdict
from listguard.registry import Resolution
from listguard.rules import EntityStatus
from listguard.timeutil import fmt

STYLE = {Verdict.ALLOWED: "bold green", Verdict.LICENSE_REQUIRED: "bold yellow",
         Verdict.PROHIBITED: "bold red"}


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def check_answer(
    action: Activity, resolution: Resolution, status: EntityStatus | None,
    on: datetime, known_at: datetime | None,
) -> dict[str, Any]:
    """The ``check`` answer. With no matching entity the verdict is ``allowed`` and says why."""
    base: dict[str, Any] = {
        "query": resolution.query,
        "action": action.value,
        "as_of": on.isoformat(),
        "known_at": _iso(known_at),
    }
    if status is None:
        return {
            **base, "verdict": Verdict.ALLOWED.value, "entity": None, "matched_by": None,
            "confirmed": True, "lists": [], "reasons": [], "deadlines": [],
            "message": f"no listed entity matches {resolution.query!r}: nothing on the "
                       "registry's lists restricts it",
        }
    verdict = status.verdicts[action]
    reasons = status.reasons[action]
    decisive = [r for r in reasons if r.verdict is verdict]
    message = (f"{action.value} {status.entity.name}: {verdict.value}"
               + (f" — {decisive[0].rule}" if decisive else ""))
    if not status.confirmed(action):
        message += " (rests on a fact marked UNCONFIRMED)"
    return {
        **base,
        "verdict": verdict.value,
        "entity": {"id": status.entity.id, "name": status.entity.name},
        "matched_by": resolution.matched_by,
        "confirmed": status.confirmed(action),
        "lists": status.lists_in_force,
        "reasons": [r.as_dict() for r in reasons],
        "deadlines": [d.as_dict() for d in status.deadlines],
        "notes": status.notes,
        "message": message,
    }


def status_answer(status: EntityStatus) -> dict[str, Any]:
    return {
        "entity": {"id": status.entity.id, "name": status.entity.name},
        "as_of": status.on.isoformat(),
        "known_at": _iso(status.known_at),
        "memberships": [
            {
                "list": a.list_id, "regime": a.regime, "state": a.state.value,
                "listed_name": a.listed_name, "list_entry_id": a.list_entry_id or None,
                "since": _iso(a.since), "confirmed": a.confirmed, "notes": a.notes,
            }
            for a in status.assessments
        ],
        "verdicts": {
            act.value: {
                "verdict": status.verdicts[act].value,
                "confirmed": status.confirmed(act),
                "reasons": [r.as_dict() for r in status.reasons[act]],
            }
            for act in Activity
        },
        "deadlines": [d.as_dict() for d in status.deadlines],
        "notes": status.notes,
    }


def timeline_answer(entity_id: str, name: str, events: Sequence[Event]) -> dict[str, Any]:
    return {
        "entity": {"id": entity_id, "name": name},
        "events": [
            {
                "date": e.effective.isoformat(), "published": e.published.isoformat(),
                "list": e.list_id, "event": e.kind.value, "listed_name": e.listed_name or None,
                "citation": e.citation, "confirmed": e.confirmed, "note": e.note or None,
                "whole_list": e.entity_id == "",
            }
            for e in events
        ],
    }


# --- terminal rendering ----------------------------------------------------------------------

def render_check(console: Console, answer: dict[str, Any]) -> None:
    verdict = Verdict(answer["verdict"])
    head = Text()
    head.append(answer["verdict"].upper().replace("_", " "), style=STYLE[verdict])
    head.append(f"  {answer['action']} ")
    head.append(answer["entity"]["name"] if answer["entity"] else repr(answer["query"]),
                style="bold")
    head.append(f"  on {answer['as_of']}")
    if answer["known_at"]:
        head.append(f"  as known at {answer['known_at']}", style="italic")
    console.print(head)
    if answer["entity"] is None:
        console.print(answer["message"])
        return
    if not answer["confirmed"]:
        console.print("[yellow]This answer rests on a fact marked UNCONFIRMED.[/]")
    if not answer["reasons"]:
        console.print(f"{answer['entity']['name']} is on no list that restricts "
                      f"{answer['action']} at that instant.")
    for r in answer["reasons"]:
        _render_reason(console, r)
    _render_deadlines(console, answer.get("deadlines", []))


def _render_reason(console: Console, r: dict[str, Any]) -> None:
    verdict = Verdict(r["verdict"])
    line = Text("  ")
    line.append(f"{r['verdict']:<16}", style=STYLE[verdict])
    line.append(f"{r['list']} · {r['regime']}", style="bold")
    console.print(line)
    console.print(f"      {r['rule']}", highlight=False)
    span = ", ".join(x for x in (r["from"] and f"from {_short(r['from'])}",
                                  r["until"] and f"until {_short(r['until'])}") if x)
    if span:
        console.print(f"      {span}", highlight=False)
    if r["conditions"]:
        console.print(f"      [dim]{r['conditions']}[/]", highlight=False)
    console.print(f"      [cyan]source:[/] {r['citation']}"
                  + ("" if r["confirmed"] else " [yellow](UNCONFIRMED)[/]"), highlight=False)


def render_status(console: Console, answer: dict[str, Any]) -> None:
    console.print(Text(f"{answer['entity']['name']}  ({answer['entity']['id']})", style="bold")
                  + Text(f"  on {answer['as_of']}"
                         + (f", as known at {answer['known_at']}" if answer["known_at"] else "")))
    table = Table(title="Lists")
    for col in ("list", "state", "listed as", "since", "regime"):
        table.add_column(col, overflow="fold")
    for m in answer["memberships"]:
        table.add_row(m["list"], m["state"], m["listed_name"] or "", _short(m["since"]),
                      m["regime"])
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
        if top:
            console.print(f"  {'':13}{'':17}[dim]{top['citation']}[/]", highlight=False)
    _render_deadlines(console, answer["deadlines"])
    for note in answer["notes"]:
        console.print(f"[dim]note:[/] {note}")


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
                      e["citation"] + ("" if e["confirmed"] else " [yellow](unconfirmed)[/]"),
                      style=style)
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
