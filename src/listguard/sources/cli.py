"""CLI commands for list sources: ``update``, ``diff``, ``watch``, ``alerts``, ``export``."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from listguard.sources.errors import SourceError

if TYPE_CHECKING:
    from listguard.registry import Registry

console = Console()


def _registry() -> Registry:
    from listguard.cli import registry

    return registry()


def _user_error(message: str) -> Exception:
    from listguard.cli import UserError

    return UserError(message)


def _download(url: str, folder: Path) -> Path:
    name = Path(urllib.parse.urlparse(url).path).name or "download"
    target = folder / name
    try:
        with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as fh:
            shutil.copyfileobj(response, fh)
    except OSError as exc:
        raise SourceError(url, f"download failed: {exc}") from None
    return target


def update(
    sources: Annotated[list[str], typer.Argument(help="Files, folders or URLs of list files")],
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) when the file "
                     "states none"),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Import list files as new versions (atomic; the same content twice adds nothing)."""
    from listguard.model import DatedBy
    from listguard.registry.versions import import_entries
    from listguard.sources.detect import detect_all

    try:
        stated = date.fromisoformat(published) if published else None
    except ValueError:
        raise _user_error(f"--published {published!r} is not a date (YYYY-MM-DD)") from None
    reg = _registry()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            path = (_download(source, Path(tmp)) if source.startswith(("http://", "https://"))
                    else Path(source))
            for found in detect_all(path):
                entries = found.read()
                own_date = found.publication_date()
                dated_by = (DatedBy.FILE if own_date else
                            DatedBy.PUBLISHED_OPTION if stated else DatedBy.IMPORT_TIME)
                result = import_entries(
                    reg, entries, source=f"{found.kind}:{found.path}",
                    published=own_date or stated, covers=found.list_ids, dated_by=dated_by,
                )
                results.append(result)
    rows = [
        {"source": r.source, "list": li.list_id, "version": li.version_id, "entries": li.entries,
         "added": li.added, "removed": li.removed, "unchanged": li.unchanged,
         "new_entities": li.new_entities, "merged": li.merged}
        for r in results for li in r.lists
    ]
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title="Imported")
    for col in ("list", "version", "entries", "added", "removed", "merged into known",
                "new entities", "note"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["list"]), str(r["version"]), str(r["entries"]), str(r["added"]),
                      str(r["removed"]), str(r["merged"]), str(r["new_entities"]),
                      "unchanged: no new version" if r["unchanged"] else "")
    console.print(table)


def diff(
    list_id: Annotated[str, typer.Argument(help="List id, e.g. ofac-sdn")],
    from_version: Annotated[int | None, typer.Option("--from", help="Older version id")] = None,
    to_version: Annotated[int | None, typer.Option("--to", help="Newer version id")] = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """What changed between two versions of a list (default: the two newest)."""
    from listguard.registry.versions import diff_versions

    try:
        result = diff_versions(_registry(), list_id, from_version, to_version)
    except ValueError as exc:
        raise _user_error(str(exc)) from None
    if format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    console.print(f"[bold]{list_id}[/]: version {result['from']} → {result['to']}: "
                  f"{len(result['added'])} added, {len(result['removed'])} removed, "
                  f"{len(result['changed'])} changed")
    for label, style, key in (("+", "green", "added"), ("-", "red", "removed")):
        for e in result[key]:
            console.print(f"  [{style}]{label}[/] {e['entry_id']:>8}  {e['name']}")
    for e in result["changed"]:
        fields = ", ".join(e["changes"])
        console.print(f"  [yellow]~[/] {e['entry_id']:>8}  {e['name']}  ({fields})")


def versions(
    list_id: Annotated[str | None, typer.Argument(help="List id (default: every list)")] = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Imported versions: id, content hash, stated publication date, import time, source."""
    rows = _registry().store.version_rows(list_id)
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title="Versions")
    for col in ("id", "list", "entries", "published", "dated by", "imported", "sha256",
                "source"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r["id"]), r["list_id"], str(r["entries"]), r["published"] or "—",
                      r["dated_by"] or "—", r["imported"][:19], r["content_hash"][:12],
                      r["source"])
    console.print(table)


def watch(
    portfolio: Annotated[Path, typer.Argument(help="CSV with name, ticker or isin columns")],
    name: Annotated[str | None, typer.Option("--name", help="Watch name")] = None,
) -> None:
    """Save a portfolio to watch; `alerts` then reports what list updates changed for it."""
    from listguard.registry.watch import save_watch

    saved = save_watch(_registry(), portfolio, name)
    console.print(f"watching {saved['holdings']} holdings as {saved['watch']!r}")


def alerts(
    days: Annotated[int, typer.Option("--days", help="Deadline horizon in days")] = 30,
    on: Annotated[str, typer.Option("--on", help="Instant to check at (default now)")] = "",
    webhook: Annotated[str | None, typer.Option("--webhook", help="POST the alerts here")] = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Holdings that became listed or delisted since the last check; deadlines within N days."""
    from listguard.registry.watch import alerts as compute
    from listguard.registry.watch import post_webhook
    from listguard.timeutil import parse_when

    result = compute(_registry(), days=days, on=parse_when(on, what="--on") if on else None)
    if webhook:
        try:
            status = post_webhook(webhook, result)
        except OSError as exc:
            raise _user_error(f"webhook {webhook} failed: {exc}") from None
        Console(stderr=True).print(f"posted to {webhook}: HTTP {status}", style="dim")
    if format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    for watch_ in result:
        console.print(f"[bold]{watch_['watch']}[/]: {len(watch_['alerts'])} alert(s)")
        for a in watch_["alerts"]:
            extra = f" {a['when'][:16]} {a['what']}" if a["change"] == "deadline" else ""
            console.print(f"  {a['change']:<9} {a['list']:<16} {a['holding']}{extra}")


def export(
    out: Annotated[Path, typer.Argument(help="Output file (FollowTheMoney JSON lines)")],
) -> None:
    """Export the registry to FollowTheMoney entities (Company, Sanction, Ownership)."""
    from listguard.reports.ftm_export import export_registry

    with out.open("w", encoding="utf-8") as fh:
        count = export_registry(_registry(), fh)
    console.print(f"wrote {count} FollowTheMoney entities to {out}")


def register(app: typer.Typer) -> None:
    for command in (update, versions, diff, watch, alerts, export):
        app.command()(command)
