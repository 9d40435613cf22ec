"""``serve``, ``keys``, ``decide`` and ``audit``: listguard as a service for a team.

``listguard serve`` runs the HTTP API (:mod:`listguard.service`) over the registry ``--db``
names; ``keys`` makes and revokes its API keys; ``decide`` records a reviewer's decision;
``audit`` verifies, exports and replays the hash-chained audit trail.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from listguard.cli.context import CONTEXT, FormatOption, console, core, emit, emit_json, err
from listguard.errors import UsageError
from listguard.reports.csvout import OutputFormat

app = typer.Typer()
keys_app = typer.Typer(help="API keys for `listguard serve`: create, list, revoke.",
                       no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail: verify its hash chain, export it, replay a "
                             "recorded check.", no_args_is_help=True)

EXIT_TAMPERED = 6
"""``audit verify``: the chain does not hold (a record was edited, removed or reordered)."""


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port", min=0, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes", min=1,
                                         max=64)] = 1,
) -> None:
    """Run the web app (at /) and the HTTP API (OpenAPI at /docs) over the registry --db
    names. Keys: `listguard keys create`."""
    import os

    import uvicorn

    db = CONTEXT.db
    core().registry  # noqa: B018 - a wrong --db fails here, in one line, not in a worker
    if db:
        os.environ["LISTGUARD_DB"] = str(db)  # the workers open the same registry
    from listguard.registry.store import redact

    shown = redact(str(db)) if db else "the default registry"
    err.print(f"listguard serving {shown} on http://{host}:{port} (web app at /, API docs "
              "at /docs)", highlight=False)
    uvicorn.run("listguard.service.main:app", host=host, port=port, workers=workers,
                log_level="warning", access_log=False)


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option("--role", help="viewer, analyst or admin")],
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key")],
) -> None:
    """Make a key and print it once (only its hash is kept)."""
    key, secret = core().create_key(name, role)
    sys.stdout.write(secret + "\n")
    err.print(f"created {key.id} ({key.role.value}) for {key.name!r}; the key above is "
              "shown once: keep it in a secret store", highlight=False)


@keys_app.command("list")
def keys_list(format: FormatOption = OutputFormat.TABLE) -> None:
    """Every key: id, name, role, created, revoked (never the key itself)."""
    rows = [k.as_dict() for k in core().api_keys()]

    def render(console_: object, data: list[dict[str, object]]) -> None:
        table = Table(title="API keys")
        for col in ("id", "name", "role", "created", "revoked"):
            table.add_column(col)
        for r in data:
            table.add_row(*(str(r[c] or "") for c in ("id", "name", "role", "created",
                                                      "revoked")))
        console.print(table)

    emit(format, rows, list, render)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (key_...)")]) -> None:
    """Revoke a key: it stops working within seconds."""
    core().revoke_key(key_id)
    console.print(f"revoked {key_id}")


@app.command()
def decide(
    entity_id: Annotated[str, typer.Argument(help="The listed party's entity id")],
    decision: Annotated[str, typer.Argument(help="cleared, confirmed or escalated")],
    name: Annotated[str, typer.Option("--name", help="The input's name, as screened")],
    comment: Annotated[str, typer.Option("--comment", help="Why")] = "",
    country: Annotated[str | None, typer.Option("--country")] = None,
    kind: Annotated[str | None, typer.Option("--type")] = None,
    dob: Annotated[str | None, typer.Option("--dob")] = None,
) -> None:
    """Record a reviewer's decision about a screened input against a listed party; the same
    input (name and attributes) is then resolved by it (`screen --decisions`) until the
    party's data changes."""
    values = {"name": name, "country": country, "type": kind, "dob": dob}
    found = core().decide({k: v for k, v in values.items() if v}, entity_id, decision,
                          comment)
    console.print(f"{found.decision.value}: {name!r} against {entity_id} ({found.id})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the hash chain; exit 6 naming the first record that does not hold."""
    verdict = core().audit_verify()
    if verdict.ok:
        console.print(f"audit trail holds: {verdict.checked:,} records verified")
        return
    err.print(f"[red]audit trail broken[/] at record {verdict.bad_seq}: {verdict.reason} "
              f"({verdict.checked:,} records before it hold)", highlight=False)
    raise typer.Exit(EXIT_TAMPERED)


@audit_app.command("export")
def audit_export(
    since: Annotated[str | None, typer.Option("--from", help="From this instant")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Before this instant")] = None,
    format: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
) -> None:
    """The records (who, when, what was asked, what it rested on, the answer, the hashes)."""
    sys.stdout.write(core().audit_export(format, since=since, until=until))


@audit_app.command("replay")
def audit_replay(
    seq: Annotated[int, typer.Argument(help="The record's number")],
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Ask a recorded check again, as known at its time and as known today."""
    if seq < 1:
        raise UsageError("an audit record number is 1 or more")
    replay = core().audit_replay(seq)
    data = replay.as_dict()
    if format is OutputFormat.JSON:
        emit_json(data)
        return
    console.print(f"record {seq}: recorded {data['recorded']}; as known then "
                  f"{data['replayed_as_known_then']}; today {data['today']}"
                  + ("  [yellow](today's answer differs)[/]" if replay.differs else ""))
