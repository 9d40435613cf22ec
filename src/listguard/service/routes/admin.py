"""Changes: importing list files, keys, reviewer decisions, watches and alerts, the audit
trail."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

from listguard import settings
from listguard.errors import UsageError
from listguard.service.auth import Admin, Analyst
from listguard.service.errors import ServiceError
from listguard.service.routes.models import DecisionRequest, KeyRequest

router = APIRouter(prefix="/v1", tags=["changes"])


async def _saved(upload: UploadFile, folder: Path) -> Path:
    """The upload written to ``folder`` under its own name (413 over the upload limit)."""
    limit = settings.max_upload_bytes()
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise ServiceError(413, f"the file is over the upload limit of {limit:,} bytes",
                           field="file")
    target = folder / file_name(upload.filename)
    target.write_bytes(data)
    return target


def file_name(given: str | None, default: str = "upload") -> str:
    """The upload's own name (its suffix says its format), safe to write in a folder of ours:
    no folders, not ``.`` or ``..``, at most 200 bytes (cut before the suffix)."""
    name = Path(given or "").name.replace("\x00", "")
    if name in ("", ".", ".."):
        return default
    if len(name.encode()) > 200:
        suffix = Path(name).suffix if len(Path(name).suffix) <= 20 else ""
        name = name.encode()[:180].decode(errors="ignore") + suffix
    return name


@router.post("/updates")
async def update(caller: Admin, file: Annotated[UploadFile, File()],
                 published: Annotated[str | None, Form()] = None) -> list[dict[str, Any]]:
    """Import a list file (named as the list publishes it: ``sdn.csv``, ``CONS_PRIM.CSV``,
    ``SDN.XML`` ...) as a new version: all or nothing, the same checks as ``listguard
    update``."""
    try:
        stated = date.fromisoformat(published) if published else None
    except ValueError:
        raise ServiceError(422, f"published {published!r} is not a date (YYYY-MM-DD)",
                           field="published") from None
    with tempfile.TemporaryDirectory() as tmp:
        path = await _saved(file, Path(tmp))
        return await run_in_threadpool(
            lambda: caller.core.update([str(path)], published=stated).rows())


@router.post("/decisions", status_code=201)
def decide(body: DecisionRequest,
           caller: Analyst) -> dict[str, Any]:
    """Record that a hit is ``cleared`` (a false positive), ``confirmed`` or ``escalated``;
    the same input against the same party is then resolved by it until the party changes."""
    return caller.core.decide(dict(body.input), body.entity_id, body.decision,
                              body.comment).as_dict()


@router.post("/keys", status_code=201)
def create_key(body: KeyRequest,
               caller: Admin) -> dict[str, Any]:
    """A new key; the ``key`` field is shown this once and stored only as its hash."""
    key, secret = caller.core.create_key(body.name, body.role)
    return {**key.as_dict(), "key": secret}


@router.get("/keys")
def list_keys(caller: Admin) -> list[dict[str, Any]]:
    """Every key (never the key itself)."""
    return [k.as_dict() for k in caller.core.api_keys()]


@router.delete("/keys/{key_id}")
def revoke_key(key_id: str, caller: Admin) -> dict[str, str]:
    caller.core.revoke_key(key_id)
    return {"revoked": key_id}


@router.post("/watches", status_code=201)
async def watch(caller: Analyst, file: Annotated[UploadFile, File()],
                name: Annotated[str | None, Form()] = None) -> dict[str, Any]:
    """Save a portfolio (CSV with name, ticker or isin columns) to watch."""
    with tempfile.TemporaryDirectory() as tmp:
        path = await _saved(file, Path(tmp))
        label = name or Path(file.filename or "portfolio").stem
        return await run_in_threadpool(lambda: caller.core.watch(path, label).as_dict())


@router.post("/alerts")
def alerts(caller: Analyst,
           days: Annotated[int, Query(ge=0, le=3650)] = 30) -> list[dict[str, Any]]:
    """What list updates changed for the watched portfolios since the last call (each alert
    is given once; deadlines within ``days``)."""
    return [w.as_dict() for w in caller.core.alerts(days=days)]


@router.get("/audit/verify")
def audit_verify(caller: Admin) -> dict[str, Any]:
    """Walk the audit trail's hash chain; the first record that does not hold, if any."""
    return caller.core.audit_verify().as_dict()


@router.get("/audit", response_class=PlainTextResponse)
def audit_export(caller: Admin, from_: Annotated[str | None, Query(alias="from")] = None,
                 to: str | None = None,
                 format: Annotated[str, Query(pattern="^(jsonl|csv)$")] = "jsonl"
                 ) -> PlainTextResponse:
    """The audit records from ``from`` to before ``to``, as JSON lines or CSV."""
    text = caller.core.audit_export(format, since=from_, until=to)
    return PlainTextResponse(text, media_type="application/x-ndjson" if format == "jsonl"
                             else "text/csv")


@router.get("/audit/{seq}/replay")
def audit_replay(seq: Annotated[int, PathParam(le=2**63 - 1)], caller: Admin) -> dict[str, Any]:
    """A recorded check asked again, as known at its time and as known now."""
    if seq < 1:
        raise UsageError("an audit record number is 1 or more")
    return caller.core.audit_replay(seq).as_dict()
