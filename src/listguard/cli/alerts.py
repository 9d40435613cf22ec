"""``watch`` and ``alerts``: saved portfolios, and what list updates changed for them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from listguard.api.core import Listguard
from listguard.cli.context import FormatOption, console, core, emit, err
from listguard.errors import UsageError
from listguard.reports.csvout import OutputFormat
from listguard.watching.outbox import Pending, Policy

app = typer.Typer()


@app.command()
def watch(
    portfolio: Annotated[Path, typer.Argument(help="CSV with name, ticker or isin columns")],
    name: Annotated[str | None, typer.Option("--name", help="Watch name")] = None,
) -> None:
    """Save a portfolio to watch; `alerts` then reports what list updates changed for it."""
    saved = core().watch(portfolio, name)
    console.print(f"watching {saved.holdings} holdings as {saved.watch!r}")


@app.command()
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
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Holdings that became listed or delisted since the last check; deadlines within N days.

    Alerts are queued in the registry's outbox. With --webhook every pending alert is POSTed,
    oldest first, and counts as delivered only once the webhook answers 2xx (signed with
    $LISTGUARD_WEBHOOK_SECRET when set); exit 5 if some stay pending for the next run.
    """
    from listguard.watching import outbox

    if pending and webhook is not None:
        raise UsageError("--pending only lists undelivered alerts; drop --webhook")
    url = outbox.check_url(webhook) if webhook is not None else None
    lg = core()
    if pending:
        emit(format, outbox.pending_json(lg.pending_alerts()), list, _render_pending)
        return
    found = [w.as_dict() for w in lg.alerts(days=days, on=on, for_webhook=url is not None)]
    queue = lg.pending_alerts()
    if url is not None:
        found = outbox.payload(queue)  # what this run sends: older pending alerts first
    emit(format, found, _alert_rows, _render_alerts)
    if url is None:
        if queue:
            err.print(f"{len(queue)} alert(s) wait for a webhook: listguard alerts --pending")
        return
    _deliver(lg, url, queue, outbox.Policy(timeout, tries, backoff, outbox.env_secret()))


def _deliver(lg: Listguard, url: str, queue: list[Pending], policy: Policy) -> None:
    """POST the queue; exit 5 when some alerts stay pending."""
    from listguard.watching import outbox

    if not queue:
        err.print("no pending alerts: nothing posted", style="dim")
        return
    done = lg.deliver_alerts(url, policy, lambda line: err.print(line, markup=False))
    if done.pending:
        err.print(f"{done.pending} alert(s) stay pending; the next run retries them first",
                  markup=False)
        raise typer.Exit(outbox.EXIT_PENDING)
    err.print(f"delivered {done.delivered} alert(s) to {outbox.where(url)}", style="dim")


def _alert_rows(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"watch": w["watch"], **a} for w in result for a in w["alerts"]]


def _render_alerts(console: Console, result: list[dict[str, Any]]) -> None:
    for watch_ in result:
        console.print(f"[bold]{watch_['watch']}[/]: {len(watch_['alerts'])} alert(s)")
        for a in watch_["alerts"]:
            extra = f" {a['when'][:16]} {a['what']}" if a["change"] == "deadline" else ""
            console.print(f"  {a['change']:<9} {a['list']:<16} {a['holding']}{extra}")


def _render_pending(console: Console, rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"Pending alerts: {len(rows)}")
    cols = ("queued", "watch", "change", "list", "holding", "attempts", "last_error", "key")
    for col in ("queued", "watch", "change", "list", "holding", "tries", "last error", "key"):
        table.add_column(col, overflow="fold")
    cut = {"queued": 16, "key": 12}
    for r in rows:
        table.add_row(*("—" if r.get(c) is None else str(r[c])[:cut.get(c)] for c in cols))
    console.print(table)
