"""The lists (versions, coverage, counts, diffs), watches and alerts, and the audit trail."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from listguard import settings
from listguard.errors import ListguardError
from listguard.registry.keys import Role
from listguard.service.routes.admin import file_name
from listguard.service.web.common import Current, need, posted, render
from listguard.service.web.session import Session

router = APIRouter(include_in_schema=False)

RECENT_ALERTS = 200
AUDIT_SHOWN = 200


@router.get("/lists")
def lists_page(request: Request, session: Current) -> Response:
    core = session.caller.core
    versions: dict[str, list[dict[str, Any]]] = {}
    for v in core.versions():
        versions.setdefault(v.list_id, []).append(v.as_dict())
    return render(request, "lists.html", session,
                  lists=[s.as_dict() for s in core.lists()], versions=versions)


@router.get("/lists/{list_id}/diff")
def diff_page(request: Request, session: Current, list_id: str) -> Response:
    """Entries added, removed and changed between two versions (default: the two newest)."""
    core = session.caller.core
    chosen = {k: request.query_params.get(k) or "" for k in ("from", "to")}
    versions = [v.as_dict() for v in core.versions(list_id)]
    error, diff = "", None
    try:
        numbers = {k: int(v) if v else None for k, v in chosen.items()}
        diff = core.diff(list_id, numbers["from"], numbers["to"]).as_dict()
        for entry in diff["changed"]:
            entry["words"] = {f: word_diff(c["from"], c["to"]) for f, c in
                              entry["changes"].items()
                              if isinstance(c, dict) and isinstance(c.get("from"), str)
                              and isinstance(c.get("to"), str)}
    except ValueError:
        error = "from and to are version numbers"
    except ListguardError as exc:
        error = str(exc)
    return render(request, "diff.html", session, list_id=list_id, versions=versions,
                  diff=diff, error=error, chosen=chosen)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Two texts as runs of words kept (``=``), removed (``-``) and added (``+``)."""
    import difflib

    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(b[j1:j2])))
    return runs


@router.get("/watches")
def watches_page(request: Request, session: Current) -> Response:
    return _watches(request, session, found=None, error="")


def _watches(request: Request, session: Session, found: list[dict[str, Any]] | None,
             error: str, status: int = 200, saved: str = "") -> Response:
    store = session.caller.core.registry.store
    rows = store.fetch("SELECT name, holdings, created, checked FROM watches ORDER BY name")
    watches = [{"name": r[0], "holdings": len(json.loads(r[1])), "created": r[2],
                "checked": r[3]} for r in rows]
    recent = store.fetch("SELECT watch, checked, alert, queued, delivered, channel FROM "
                         "outbox ORDER BY queued DESC, seq DESC")[:RECENT_ALERTS]
    history = [{"watch": r[0], "checked": r[1], **json.loads(r[2]), "queued": r[3],
                "delivered": r[4], "channel": r[5]} for r in recent]
    return render(request, "watches.html", session, status, watches=watches, found=found,
                  history=history, error=error, saved=saved)


@router.post("/watches")
async def save_watch(request: Request, session: Current,
                     file: Annotated[UploadFile, File()]) -> Response:
    """Save a portfolio to watch (CSV with name, ticker or isin columns)."""
    form = await posted(request, session)
    need(session, Role.ANALYST)
    limit = settings.max_upload_bytes()
    data = await file.read(limit + 1)
    if len(data) > limit:
        return await run_in_threadpool(_watches, request, session, None,
                                       f"over the upload limit of {limit:,} bytes", 413)
    label = str(form.get("name") or "").strip()[:200] or Path(
        file_name(file.filename, "portfolio.csv")).stem
    return await run_in_threadpool(_save, request, session, data,
                                   file_name(file.filename, "portfolio.csv"), label)


def _save(request: Request, session: Session, data: bytes, name: str, label: str
          ) -> Response:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            saved = session.caller.core.watch(path, label)
        except ListguardError as exc:
            return _watches(request, session, None, str(exc), 400)
    return _watches(request, session, None, "",
                    saved=f"Watching {saved.watch} ({saved.holdings} holdings).")


@router.post("/alerts")
async def check_alerts(request: Request, session: Current) -> Response:
    """What list updates changed for the watched portfolios since they were last checked."""
    form = await posted(request, session)
    need(session, Role.ANALYST)
    try:
        days = max(0, min(3650, int(str(form.get("days") or "30"))))
    except ValueError:
        days = -1
    return await run_in_threadpool(_alerts, request, session, days)


def _alerts(request: Request, session: Session, days: int) -> Response:
    if days < 0:
        return _watches(request, session, None, "days: give a whole number", 400)
    found = [w.as_dict() for w in session.caller.core.alerts(days=days)]
    return _watches(request, session, found, "")


@router.get("/audit")
def audit_page(request: Request, session: Current, q: str = "", since: str = "",
               until: str = "", verify: str = "") -> Response:
    """The audit trail (admin): search it by words and dates, verify its hash chain."""
    need(session, Role.ADMIN)
    core = session.caller.core
    error, records = "", []
    try:
        lines = core.audit_export("jsonl", since=since or None, until=until or None)
        words = q.lower().split()
        for line in reversed(lines.splitlines()):
            if all(w in line.lower() for w in words):
                records.append(json.loads(line))
                if len(records) >= AUDIT_SHOWN:
                    break
    except ListguardError as exc:
        error = str(exc)
    checked = core.audit_verify().as_dict() if verify else None
    return render(request, "audit.html", session, records=records, q=q, since=since,
                  until=until, error=error, verified=checked, shown=AUDIT_SHOWN)
