"""``news``: read articles and notices, propose dated events, and review them.

``news read`` checks one document's claims against the registry; ``news watch`` reads feeds,
folders and files and proposes what is new; ``news review`` lists the proposals; ``news
accept`` / ``news reject`` decide them; ``news attach`` gives an accepted one its official
citation. Exit codes: 0 done; 2 bad input.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from listguard.cli.context import FormatOption, console, core, emit
from listguard.errors import UsageError
from listguard.reports.csvout import OutputFormat

app = typer.Typer(help="News and notices: read what is published, propose dated events, "
                       "review them.", no_args_is_help=True)

PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="The article's date (YYYY-MM-DD), when it does not say "
                 "it itself: 'last Friday' counts from it."),
]
CLAIM_COLUMNS = ["status", "entity", "list", "kind", "date", "precision", "evidence",
                 "message"]
PROPOSAL_COLUMNS = ["id", "status", "entity_id", "list", "kind", "effective", "precision",
                    "official", "citation", "evidence"]


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date (YYYY-MM-DD)",
                         field="published") from None


def _claim_rows(data: dict[str, Any]) -> list[dict[str, object]]:
    return [{"status": c["status"], "entity": (c["entity"] or {}).get("id") or c["mention"],
             "list": c["list"], "kind": c["kind"], "date": c["date"],
             "precision": c["precision"], "evidence": c["evidence"], "message": c["message"]}
            for c in data["claims"]]


def _render_reading(console_: Any, data: dict[str, Any]) -> None:
    console.print(f"[bold]{data['title'] or data['source']}[/] "
                  f"({data['published'] or 'undated'})", highlight=False)
    ents = Table(title="Listed parties named")
    for col in ("status", "entity", "confidence", "spans"):
        ents.add_column(col)
    for e in data["entities"]:
        who = f"{e['id']} ({e['name']})" if e["status"] == "resolved" else \
            f"{e['text']!r}: " + ", ".join(c["id"] for c in e["candidates"])
        ents.add_row(e["status"], who, f"{e.get('confidence', 0):.2f}",
                     ", ".join(s["text"] for s in e["spans"][:3]))
    console.print(ents)
    claims = Table(title="Claims")
    for col in ("status", "entity", "list", "kind", "date", "why"):
        claims.add_column(col)
    for c in _claim_rows(data):
        claims.add_row(str(c["status"]), str(c["entity"]), str(c["list"] or "?"), str(c["kind"]),
                       str(c["date"] or "-"), str(c["message"]))
    console.print(claims)
    for p in data["proposals"]:
        console.print(f"proposed {p['id']}: {p['entity_id']} {p['kind']} {p['list']} "
                      f"{p['effective']}" + ("" if p["new"] else " (already proposed)"),
                      highlight=False)


@app.command("read")
def read(
    source: Annotated[str, typer.Argument(help="A file (HTML, PDF, text, Federal Register "
                                               "JSON), a URL, or - for standard input")],
    published: PublishedOption = None,
    propose: Annotated[bool, typer.Option("--propose", help="Keep the new claims as proposed "
                                                            "events for review")] = False,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """The listed parties an article names and the events it claims, each checked against the
    registry: consistent, conflicts, new or unresolved."""
    reading = core().news_read(source, published=_date(published), propose=propose)
    emit(format, reading.as_dict(), _claim_rows, _render_reading, CLAIM_COLUMNS)


@app.command("watch")
def watch(
    sources: Annotated[list[str], typer.Argument(help="RSS/Atom feeds (files or URLs), "
                                                      "folders of documents, or files")],
    published: PublishedOption = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Read every entry and document; propose each new claim as an event to review."""
    readings = core().news_watch(sources, published=_date(published))
    data = [r.as_dict() for r in readings]

    def rows(items: list[dict[str, Any]]) -> list[dict[str, object]]:
        return [{"source": d["source"], **row} for d in items for row in _claim_rows(d)]

    def render(console_: Any, items: list[dict[str, Any]]) -> None:
        made = sum(1 for d in items for p in d["proposals"] if p["new"])
        for d in items:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(d["counts"].items())) or "no claims"
            console.print(f"{d['source']}: {counts}", highlight=False, soft_wrap=True)
        console.print(f"{len(items)} documents read; {made} new proposals "
                      "(`listguard news review`)")

    emit(format, data, rows, render, ["source", *CLAIM_COLUMNS])


def _proposal_table(items: list[dict[str, Any]]) -> None:
    table = Table(title="Proposed events")
    for col in ("id", "status", "entity", "list", "kind", "effective", "source"):
        table.add_column(col)
    for p in items:
        table.add_row(p["id"], p["status"], p["entity_id"], p["list"], p["kind"],
                      p["effective"] + ("" if p["precision"] == "day" else f" ({p['precision']})"),
                      ("official: " if p["official"] else "") + p["citation"][:70])
    console.print(table)


@app.command("review")
def review(
    status: Annotated[str, typer.Option("--status", help="proposed, accepted, rejected or "
                                                          "all")] = "proposed",
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """The proposed events (waiting for a reviewer, by default)."""
    items = [p.as_dict() for p in core().news_review(status)]
    emit(format, items, lambda d: d, lambda _c, d: _proposal_table(d), PROPOSAL_COLUMNS)


@app.command("accept")
def accept(
    pid: Annotated[str, typer.Argument(help="The proposal's id (P-...)")],
    comment: Annotated[str, typer.Option("--comment", help="Why")] = "",
    citation: Annotated[str | None, typer.Option(
        "--citation", help="An official source (FR, OFAC, DoD, court docket): the event is "
                           "then confirmed")] = None,
) -> None:
    """Accept a proposal: its event enters the registry (UNCONFIRMED without an official
    citation) and counts in every answer."""
    found = core().news_decide(pid, True, comment, citation)
    state = "confirmed" if found.official else "UNCONFIRMED"
    console.print(f"accepted {found.id}: {found.entity_id} {found.kind.value} {found.list_id} "
                  f"{found.effective.isoformat()} ({state})", highlight=False)


@app.command("reject")
def reject(
    pid: Annotated[str, typer.Argument(help="The proposal's id (P-...)")],
    comment: Annotated[str, typer.Option("--comment", help="Why (required)")] = "",
) -> None:
    """Reject a proposal: nothing changes but its status."""
    found = core().news_decide(pid, False, comment)
    console.print(f"rejected {found.id}: {found.comment}", highlight=False)


@app.command("attach")
def attach(
    pid: Annotated[str, typer.Argument(help="An accepted proposal's id")],
    citation: Annotated[str, typer.Option("--citation", help="The official source")],
) -> None:
    """Attach the official source to an accepted event: it is confirmed from now on."""
    found = core().news_attach(pid, citation)
    console.print(f"{found.id} confirmed: {found.citation}", highlight=False)
