"""``update``, ``versions``, ``diff`` and ``export``: keeping the registry's lists current.

An update reads every source first (a file listguard will not read fails before anything is
written), then imports them all in one write transaction: all or nothing, one writer at a time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from listguard.cli.context import FormatOption, console, core, emit
from listguard.errors import UsageError
from listguard.registry.store import VERSION_COLUMNS
from listguard.registry.versions import DEFAULT_POLICY, ImportPolicy
from listguard.reports.csvout import OutputFormat

app = typer.Typer()


@app.command()
def update(
    sources: Annotated[list[str], typer.Argument(help="Files, folders or URLs of list files")],
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) when the file "
                     "states none"),
    ] = None,
    allow_removals: Annotated[bool, typer.Option(
        "--allow-removals", help="Accept a version that removes more than --max-removed of "
        "the list's entries")] = False,
    max_removed: Annotated[float, typer.Option(
        "--max-removed", help="Percent of a list's entries one version may remove", min=0,
        max=100)] = DEFAULT_POLICY.max_removed_share * 100,
    wait: Annotated[float, typer.Option(
        "--wait", help="Seconds to wait for another import to finish", min=0)] = 30.0,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Import list files as new versions: all sources or none, one writer at a time.

    A file that would remove more than --max-removed percent of a list's entries is refused
    (a truncated or partial file?) unless --allow-removals; a file older than the list's
    newest version is stored in its place in time and removes nothing.
    """
    try:
        stated = date.fromisoformat(published) if published else None
    except ValueError:
        raise UsageError(f"--published {published!r} is not a date (YYYY-MM-DD)") from None
    policy = ImportPolicy(max_removed_share=max_removed / 100, allow_removals=allow_removals)
    answer = core().update(sources, published=stated, policy=policy, wait=wait)
    emit(format, answer.rows(), list, _render_imports)


def _render_imports(console: Console, rows: list[dict[str, Any]]) -> None:
    table = Table(title="Imported")
    for col in ("list", "version", "entries", "added", "removed", "merged into known",
                "new entities"):
        table.add_column(col, no_wrap=True)
    table.add_column("note", overflow="fold")
    for r in rows:
        table.add_row(str(r["list"]), str(r["version"]), str(r["entries"]), str(r["added"]),
                      str(r["removed"]), str(r["merged"]), str(r["new_entities"]),
                      "unchanged: no new version" if r["unchanged"] else str(r["note"]))
    console.print(table)


@app.command()
def diff(
    list_id: Annotated[str, typer.Argument(help="List id, e.g. ofac-sdn")],
    from_version: Annotated[int | None, typer.Option("--from", help="Older version id")] = None,
    to_version: Annotated[int | None, typer.Option("--to", help="Newer version id")] = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """What changed between two versions of a list (default: the two newest)."""
    answer = core().diff(list_id, from_version, to_version)
    emit(format, answer.as_dict(), _diff_rows, _render_diff)


def _diff_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"change": key, **{k: v for k, v in e.items() if k != "changes"},
             "fields": list(e.get("changes", {}))}
            for key in ("added", "removed", "changed") for e in result[key]]


def _render_diff(console: Console, result: dict[str, Any]) -> None:
    list_id = result["list"]
    console.print(f"[bold]{list_id}[/]: version {result['from']} → {result['to']}: "
                  f"{len(result['added'])} added, {len(result['removed'])} removed, "
                  f"{len(result['changed'])} changed")
    for label, style, key in (("+", "green", "added"), ("-", "red", "removed")):
        for e in result[key]:
            console.print(f"  [{style}]{label}[/] {e['entry_id']:>8}  {e['name']}")
    for e in result["changed"]:
        fields = ", ".join(e["changes"])
        console.print(f"  [yellow]~[/] {e['entry_id']:>8}  {e['name']}  ({fields})")


@app.command()
def versions(
    list_id: Annotated[str | None, typer.Argument(help="List id (default: every list)")] = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Imported versions: id, content hash, stated publication date, import time, source."""
    rows = [v.as_dict() for v in core().versions(list_id)]
    emit(format, rows, list, _render_versions, fieldnames=list(VERSION_COLUMNS))


def _render_versions(console: Console, rows: list[dict[str, Any]]) -> None:
    table = Table(title="Versions")
    for col in ("id", "list", "entries", "published", "dated by", "imported", "sha256",
                "source"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r["id"]), r["list_id"], str(r["entries"]), r["published"] or "—",
                      r["dated_by"] or "—", r["imported"][:19], r["content_hash"][:12],
                      r["source"])
    console.print(table)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file (FollowTheMoney JSON lines)")],
) -> None:
    """Export the registry to FollowTheMoney entities (Company, Sanction, Ownership)."""
    count = core().export(out)
    console.print(f"wrote {count} FollowTheMoney entities to {out}")
