"""CLI commands for list sources: ``update``, ``diff``, ``watch``, ``alerts``, ``export``."""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from listguard.model import DatedBy, ListEntry
from listguard.registry.versions import DEFAULT_POLICY, import_entries
from listguard.reports.console import make_console
from listguard.reports.csvout import OutputFormat, write_csv
from listguard.sources.detect import Detected, detect_all
from listguard.sources.errors import SourceError

if TYPE_CHECKING:
    from listguard.registry import Registry
    from listguard.registry.versions import ImportPolicy, ImportResult

console = make_console()


def _registry() -> Registry:
    from listguard.cli import registry

    return registry()


def _user_error(message: str) -> Exception:
    from listguard.cli import UserError

    return UserError(message)


def _download(url: str, folder: Path) -> Path:
    """Fetch ``url`` into ``folder``, stopping at the file-size limit (``listguard.limits``)."""
    from listguard.limits import current, too_big

    limits = current()
    name = Path(urllib.parse.urlparse(url).path).name or "download"
    target = folder / name
    written = 0
    try:
        with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as fh:
            while chunk := response.read(1 << 20):
                written += len(chunk)
                if written > limits.max_file_bytes:
                    raise SourceError(url, too_big(written, limits, "the download is"))
                fh.write(chunk)
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
    allow_removals: Annotated[bool, typer.Option(
        "--allow-removals", help="Accept a version that removes more than --max-removed of "
        "the list's entries")] = False,
    max_removed: Annotated[float, typer.Option(
        "--max-removed", help="Percent of a list's entries one version may remove", min=0,
        max=100)] = DEFAULT_POLICY.max_removed_share * 100,
    wait: Annotated[float, typer.Option(
        "--wait", help="Seconds to wait for another import to finish", min=0)] = 30.0,
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Import list files as new versions: all sources or none, one writer at a time.

    A file that would remove more than --max-removed percent of a list's entries is refused
    (a truncated or partial file?) unless --allow-removals; a file older than the list's
    newest version is stored in its place in time and removes nothing.
    """
    from listguard.registry.versions import ImportPolicy

    try:
        stated = date.fromisoformat(published) if published else None
    except ValueError:
        raise _user_error(f"--published {published!r} is not a date (YYYY-MM-DD)") from None
    policy = ImportPolicy(max_removed_share=max_removed / 100, allow_removals=allow_removals)
    reg = _registry()
    reg.store.set_busy_timeout(wait)
    with tempfile.TemporaryDirectory() as tmp:
        parsed = [_read_source(source, i, len(sources), Path(tmp))
                  for i, source in enumerate(sources, 1)]
        results = _import_all(reg, parsed, stated, policy)
    _print_imports(results, format)


@dataclass
class _Parsed:
    """One source, read and checked before anything is written."""

    label: str
    found: Detected
    entries: list[ListEntry]


def _read_source(source: str, index: int, total: int, tmp: Path) -> list[_Parsed]:
    label = f"source {index} of {total} ({source})" if total > 1 else source
    try:
        path = (_download(source, tmp) if source.startswith(("http://", "https://"))
                else Path(source))
        return [_Parsed(label, found, found.read()) for found in detect_all(path)]
    except SourceError as exc:
        if total > 1:
            raise SourceError(exc.path, f"{label}: {exc.message}; nothing was imported",
                              line=exc.line, field=exc.field) from None
        raise


def _import_all(reg: Registry, parsed: list[list[_Parsed]], stated: date | None,
                policy: ImportPolicy) -> list[ImportResult]:
    """Every source in one write transaction: one refused or failing source imports none."""
    results = []
    many = len(parsed) > 1
    with reg.store.transaction(write=True):
        for group in parsed:
            for item in group:
                own_date = item.found.publication_date()
                dated_by = (DatedBy.FILE if own_date else
                            DatedBy.PUBLISHED_OPTION if stated else DatedBy.IMPORT_TIME)
                try:
                    results.append(import_entries(
                        reg, item.entries, source=f"{item.found.kind}:{item.found.path}",
                        published=own_date or stated, covers=item.found.list_ids,
                        dated_by=dated_by, policy=policy))
                except SourceError as exc:
                    if not many:
                        raise
                    raise SourceError(exc.path, f"{item.label}: {exc.message}; nothing was "
                                      "imported", line=exc.line, field=exc.field) from None
    return results


def _print_imports(results: list[ImportResult], format: str) -> None:
    rows = [
        {"source": r.source, "list": li.list_id, "version": li.version_id, "entries": li.entries,
         "added": li.added, "removed": li.removed, "unchanged": li.unchanged,
         "new_entities": li.new_entities, "merged": li.merged, "note": li.note}
        for r in results for li in r.lists
    ]
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if format == "csv":
        write_csv(rows)
        return
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


def diff(
    list_id: Annotated[str, typer.Argument(help="List id, e.g. ofac-sdn")],
    from_version: Annotated[int | None, typer.Option("--from", help="Older version id")] = None,
    to_version: Annotated[int | None, typer.Option("--to", help="Newer version id")] = None,
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
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
    if format == "csv":
        write_csv({"change": key, **{k: v for k, v in e.items() if k != "changes"},
                   "fields": list(e.get("changes", {}))}
                  for key in ("added", "removed", "changed") for e in result[key])
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
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Imported versions: id, content hash, stated publication date, import time, source."""
    rows = _registry().store.version_rows(list_id)
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if format == "csv":
        from listguard.registry.store import VERSION_COLUMNS

        write_csv(rows, fieldnames=list(VERSION_COLUMNS))
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
    webhook: Annotated[str | None, typer.Option(
        "--webhook", help="POST pending alerts here (http or https); exit 5 if some stay "
        "pending")] = None,
    pending: Annotated[bool, typer.Option(
        "--pending", help="List the alerts not yet delivered; compute no new ones")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds each webhook request may take", min=0.01, max=300)] = 10.0,
    tries: Annotated[int, typer.Option(
        "--tries", help="POSTs per batch in this run", min=1, max=10)] = 3,
    backoff: Annotated[float, typer.Option(
        "--backoff", help="Seconds before the second try; doubles after each", min=0,
        max=60)] = 0.5,
    format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Holdings that became listed or delisted since the last check; deadlines within N days.

    Alerts are queued in the registry's outbox. With --webhook every pending alert is POSTed,
    oldest first, and counts as delivered only once the webhook answers 2xx (signed with
    $LISTGUARD_WEBHOOK_SECRET when set); exit 5 if some stay pending for the next run.
    """
    from listguard.registry import outbox
    from listguard.registry.watch import record_alerts
    from listguard.timeutil import parse_when

    err = Console(stderr=True, soft_wrap=True, highlight=False)
    if pending and webhook is not None:
        raise _user_error("--pending only lists undelivered alerts; drop --webhook")
    try:
        url = outbox.check_url(webhook) if webhook is not None else None
    except outbox.BadWebhookURL as exc:
        raise _user_error(str(exc)) from None
    when = parse_when(on, what="--on") if on else None
    reg = _registry()
    if pending:
        rows = outbox.pending_json(outbox.pending(reg.store))
        if format == "json":
            sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
            return
        if format == "csv":
            write_csv(rows)
            return
        table = Table(title=f"Pending alerts: {len(rows)}")
        cols = ("queued", "watch", "change", "list", "holding", "attempts", "last_error", "key")
        for col in ("queued", "watch", "change", "list", "holding", "tries", "last error",
                    "key"):
            table.add_column(col, overflow="fold")
        cut = {"queued": 16, "key": 12}
        for r in rows:
            table.add_row(*("—" if r.get(c) is None else str(r[c])[:cut.get(c)] for c in cols))
        console.print(table)
        return
    result = record_alerts(reg, days=days, on=when, channel=None if url else outbox.TERMINAL)
    queue = outbox.pending(reg.store)
    if url is not None:
        result = outbox.payload(queue)  # what this run sends: older pending alerts first
    if format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    elif format == "csv":
        write_csv({"watch": w["watch"], **a} for w in result for a in w["alerts"])
    else:
        for watch_ in result:
            console.print(f"[bold]{watch_['watch']}[/]: {len(watch_['alerts'])} alert(s)")
            for a in watch_["alerts"]:
                extra = f" {a['when'][:16]} {a['what']}" if a["change"] == "deadline" else ""
                console.print(f"  {a['change']:<9} {a['list']:<16} {a['holding']}{extra}")
    if url is None:
        if queue:
            err.print(f"{len(queue)} alert(s) wait for a webhook: listguard alerts --pending")
        return
    if not queue:
        err.print("no pending alerts: nothing posted", style="dim")
        return
    policy = outbox.Policy(timeout, tries, backoff, outbox.env_secret())
    done = outbox.deliver(reg.store, url, queue, policy, lambda line: err.print(line, markup=False))
    if done.pending:
        err.print(f"{done.pending} alert(s) stay pending; the next run retries them first",
                  markup=False)
        raise typer.Exit(outbox.EXIT_PENDING)
    err.print(f"delivered {done.delivered} alert(s) to {outbox.where(url)}", style="dim")


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
