"""Screening in the browser: upload a file, map its columns, follow the job, then review
its hits in a queue (most severe first), deciding each through the core's decisions.

A job's results are read once and kept in memory in queue order (:class:`Queue`, a few jobs
at a time), so a 10,000-row file pages as fast as a small one; the reviewers' decisions are
looked up for the page shown only.
"""

from __future__ import annotations

import io
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, StreamingResponse
from starlette.responses import Response

from listguard import settings
from listguard.api.core import Listguard, instants
from listguard.errors import ListguardError
from listguard.registry import jobs as stored_jobs
from listguard.registry.jobs import Job
from listguard.registry.keys import Role
from listguard.service import jobs
from listguard.service.routes.admin import file_name
from listguard.service.web.common import SEVERITY, Current, need, posted, render, text, when
from listguard.service.web.session import Session

router = APIRouter(include_in_schema=False)

PAGE = 25
"""Hits per page of the review queue."""
MAPPED = ("name", "country", "type", "dob", "id", "birth_place", "gender", "passport",
          "national_id")
"""The fields the analyst maps to columns (tickers, ISINs and LEIs are found by header)."""
SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".parquet"}
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_JOB = re.compile(r"^job_[0-9a-f]{16}$")


@router.get("/screen")
def screen_page(request: Request, session: Current) -> Response:
    return render(request, "screen.html", session, error="")


@router.post("/screen/upload")
async def upload(request: Request, session: Current,
                 file: Annotated[UploadFile, File()]) -> Response:
    """Keep the file aside and ask which column holds what (guessed from the headers)."""
    await posted(request, session)
    need(session, Role.ANALYST)
    name = file_name(file.filename, "upload.csv")
    if Path(name).suffix.lower() not in SUFFIXES:
        return render(request, "screen.html", session, 400,
                      error=f"{name}: send a CSV, XLSX or Parquet file")
    limit = settings.max_upload_bytes()
    data = await file.read(limit + 1)
    if len(data) > limit:
        return render(request, "screen.html", session, 413,
                      error=f"{name} is over the upload limit of {limit:,} bytes")
    _sweep_staging()
    token = secrets.token_hex(16)
    folder = _staging(token)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    try:
        columns, guessed, sample = await run_in_threadpool(_guess, folder / name)
    except ListguardError as exc:
        return render(request, "screen.html", session, 400, error=f"{name}: {exc}")
    return render(request, "map.html", session, token=token, file=name, columns=columns,
                  guessed=guessed, sample=sample, fields=MAPPED)


def _staging(token: str) -> Path:
    return settings.jobs_dir() / "uploads" / token


STAGED_SECONDS = 24 * 3600
"""An upload whose columns were never mapped is removed after a day."""


def _sweep_staging() -> None:
    import shutil
    import time

    root = settings.jobs_dir() / "uploads"
    for folder in root.iterdir() if root.is_dir() else ():
        if time.time() - folder.stat().st_mtime > STAGED_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def _guess(path: Path) -> tuple[list[str], dict[str, str], list[dict[str, str]]]:
    """The file's columns, the column each field is guessed to be in, and its first rows."""
    from listguard.screening.io import detect_columns, read_table

    frame = read_table(path)
    try:
        cols = detect_columns(frame, path=path.name)
        guessed = {"name": cols.name, "country": cols.country, "type": cols.kind,
                   "dob": cols.dob, "id": cols.identifier, "birth_place": cols.birth_place,
                   "gender": cols.gender, "passport": cols.passport,
                   "national_id": cols.national_id}
    except ListguardError:
        guessed = {}
    sample = [{str(k): text(v) for k, v in row.items()}
              for row in frame.head(3).to_dict(orient="records")]
    return [str(c) for c in frame.columns], {k: v or "" for k, v in guessed.items()}, sample


@router.post("/screen/start")
async def start(request: Request, session: Current) -> Response:
    """Start the job with the columns the analyst chose; go to its page."""
    form = await posted(request, session)
    need(session, Role.ANALYST)
    token = str(form.get("token", ""))
    folder = _staging(token) if _TOKEN.match(token) else None
    files = sorted(folder.iterdir()) if folder and folder.is_dir() else []
    if not files:
        return render(request, "screen.html", session, 400,
                      error="That upload has expired: send the file again.")
    options: dict[str, Any] = {f"{f}_column": str(form[f]) for f in MAPPED
                               if str(form.get(f) or "")}
    if "type_column" not in options and str(form.get("kind") or ""):
        options["type"] = str(form["kind"])
    on, known = when(str(form.get("on") or ""), None), when(str(form.get("known_at") or ""),
                                                            None)
    try:
        instants(on, known)
    except ListguardError as exc:
        return render(request, "screen.html", session, 400, error=str(exc))
    options.update({k: v for k, v in (("on", on), ("known_at", known)) if v})
    data = files[0].read_bytes()
    job = await run_in_threadpool(lambda: jobs.start(request.app.state.service,
                                                     session.caller.core, files[0].name,
                                                     data, options))
    for f in files:
        f.unlink()
    folder.rmdir() if folder else None
    return RedirectResponse(f"/screen/{job.id}", 303)


def _job(core: Listguard, job_id: str) -> Job | None:
    return stored_jobs.get(core.registry.store, job_id) if _JOB.match(job_id) else None


@router.get("/screen/{job_id}/progress")
def progress(session: Current, job_id: str) -> Response:
    job = _job(session.caller.core, job_id)
    if job is None:
        return JSONResponse({"status": "missing"}, 404)
    return JSONResponse(job.as_dict())


@router.get("/screen/{job_id}")
def job_page(request: Request, session: Current, job_id: str, page: int = 1) -> Response:
    core = session.caller.core
    job = _job(core, job_id)
    if job is None:
        return render(request, "error.html", session, 404, title="Not found",
                      message=f"no screening job {job_id!r}")
    if job.status != "done":
        return render(request, "progress.html", session, job=job.as_dict())
    queue = QUEUES.get(job)
    pages = max(1, -(-len(queue.order) // PAGE))
    page = min(max(1, page), pages)
    cards = queue.cards(core, queue.order[(page - 1) * PAGE: page * PAGE])
    return render(request, "queue.html", session, job=job.as_dict(), cards=cards, page=page,
                  pages=pages, total=len(queue.order), rows=len(queue.frame),
                  summary=job.summary, first=(page - 1) * PAGE)


@router.post("/screen/{job_id}/rows/{row}")
async def decide(request: Request, session: Current, job_id: str, row: int) -> Response:
    """Clear, confirm or escalate one hit (with a comment), through the core."""
    form = await posted(request, session)
    need(session, Role.ANALYST)
    return await run_in_threadpool(_decide, request, session, job_id, row,
                                   str(form.get("decision") or ""),
                                   str(form.get("comment") or "")[:4000])


def _decide(request: Request, session: Session, job_id: str, row: int, decision: str,
            comment: str) -> Response:
    """Record the decision (on a worker thread, with its core); the card again, or the
    queue page for a browser without script."""
    core = session.caller.core
    job = _job(core, job_id)
    if job is None or job.status != "done":
        return render(request, "error.html", session, 404, title="Not found",
                      message=f"no finished screening job {job_id!r}")
    queue = QUEUES.get(job)
    if row not in queue.positions:
        return render(request, "error.html", session, 404, title="Not found",
                      message=f"row {row} of {job_id} is not a hit to review")
    try:
        core.decide(queue.input_of(row), queue.entity_of(row), decision, comment)
    except ListguardError as exc:
        return render(request, "error.html", session, 400, title="Not saved",
                      message=str(exc))
    if request.headers.get("x-requested-with"):
        card = queue.cards(core, [row])[0]
        return render(request, "_card.html", session, card=card, job=job.as_dict())
    page = queue.positions[row] // PAGE + 1
    return RedirectResponse(f"/screen/{job_id}?page={page}#row-{row}", 303)


@router.get("/screen/{job_id}/download")
def download(session: Current, job_id: str, format: str = "csv") -> Response:
    """The screened rows with the reviewers' decisions (CSV), the rows as screened (XLSX),
    or the HTML report."""
    core = session.caller.core
    job = _job(core, job_id)
    if job is None or job.status != "done" or format not in ("csv", "xlsx", "html"):
        return JSONResponse({"error": "no such finished job or format"}, 404)
    if format != "csv":
        return FileResponse(jobs.result_file(job, format), filename=f"{job_id}.{format}")
    queue = QUEUES.get(job)
    out = core.resolve_decisions(queue.frame, queue.columns)
    buffer = io.StringIO()
    from listguard.screening.io import for_spreadsheet

    for_spreadsheet(out).to_csv(buffer, index=False)
    return StreamingResponse(iter([buffer.getvalue()]), media_type="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{job_id}.csv"'})


@dataclass
class Queue:
    """A finished job's rows, and its hits in review order."""

    frame: pd.DataFrame
    order: list[int]
    positions: dict[int, int]
    columns: dict[str, str | None]
    prefix: str

    def input_of(self, row: int) -> dict[str, Any]:
        return {f: text(self.frame[c].iloc[row]) for f, c in self.columns.items()
                if c and text(self.frame[c].iloc[row])}

    def entity_of(self, row: int) -> str:
        return text(self.frame[self.prefix + "entity_id"].iloc[row])

    def cards(self, core: Listguard, rows: list[int]) -> list[dict[str, Any]]:
        """What the queue shows of each hit: the input row, the listed party, the
        explanation, and the reviewers' decision about it, if any."""
        if not rows:
            return []
        part = core.resolve_decisions(self.frame.iloc[rows], self.columns)
        reg = core.registry
        names = {li.id: li.name for li in reg.lists()}
        cards = []
        for row, (_, record) in zip(rows, part.iterrows(), strict=True):
            p = self.prefix
            shown = [c for c in self.frame.columns if not str(c).startswith(p + "decision")
                     and c not in _RESULT_COLUMNS and not str(c).startswith("screen_")]
            entity_id = text(record[p + "entity_id"])
            cards.append({
                "row": row, "position": self.positions[row],
                "input": [(str(c), text(record[c])) for c in shown],
                "decision": text(record[p + "decision"]), "score": text(record[p + "score"]),
                "matched": text(record[p + "matched_name"]),
                "lists": [li for li in text(record[p + "lists"]).split(";") if li],
                "list_names": names, "buy": text(record[p + "buy"]),
                "explanation": text(record[p + "explanation"]),
                "party": _party(core, entity_id),
                "review": text(record["review_status"]), "note": text(record["review_note"]),
            })
        return cards


_RESULT_COLUMNS = {"decision", "score", "entity_id", "entity_name", "matched_name", "lists",
                   "buy", "explanation", "review_status", "review_note"}


def _party(core: Listguard, entity_id: str) -> dict[str, Any]:
    """The listed party's record: names, country, kind, dates of birth, identifiers, remarks."""
    reg = core.registry
    found = reg.store.entity(entity_id)
    if found is None:
        return {"id": entity_id, "name": entity_id, "names": [], "identifiers": []}
    return {"id": found.id, "name": found.name, "kind": found.kind,
            "country": found.country, "born": found.born, "note": found.note,
            "names": [n.name for n in reg.names(entity_id) if n.name != found.name][:8],
            "identifiers": [f"{i.scheme.value.upper()} {i.value}"
                            for i in reg.identifiers(entity_id)][:8]}


class Queues:
    """The queues of the last few jobs reviewed, read once each."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[str, Queue] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job: Job) -> Queue:
        with self._lock:
            if job.id in self._items:
                self._items.move_to_end(job.id)
                return self._items[job.id]
        queue = build_queue(job)
        with self._lock:
            self._items[job.id] = queue
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return queue


def build_queue(job: Job) -> Queue:
    """The job's rows; its hits (match, review) most severe first: on a list now, then by
    the buy verdict, matches before reviews, then by score."""
    from listguard.screening.io import detect_columns

    path = jobs.result_file(job, "csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    prefix = "" if "decision" in frame.columns and "entity_id" in frame.columns else "screen_"
    inputs = frame[[c for c in frame.columns if c not in _RESULT_COLUMNS
                    and not str(c).startswith("screen_")]]
    opts = job.options
    try:
        cols = detect_columns(inputs, name=opts.get("name_column"),
                              country=opts.get("country_column"),
                              kind=opts.get("type_column"), dob=opts.get("dob_column"),
                              identifier=opts.get("id_column"),
                              birth_place=opts.get("birth_place_column"),
                              gender=opts.get("gender_column"),
                              passport=opts.get("passport_column"),
                              national_id=opts.get("national_id_column"))
        # The same fields, by the same names, as a screen's decisions are resolved with
        # (api.screening.screen_file), so a decision made here is remembered there.
        columns: dict[str, str | None] = {
            "name": cols.name, "country": cols.country, "type": cols.kind, "dob": cols.dob,
            "ticker": cols.ticker, "isin": cols.isin, "lei": cols.lei, "id": cols.identifier,
            "birth_place": cols.birth_place, "gender": cols.gender,
            "passport": cols.passport, "national_id": cols.national_id}
    except ListguardError:
        columns = {"name": opts.get("name_column")}
    decision = frame[prefix + "decision"]
    flagged = [i for i, d in enumerate(decision) if d in ("match", "review")]
    lists, buy = frame[prefix + "lists"].tolist(), frame[prefix + "buy"].tolist()
    score = pd.to_numeric(frame[prefix + "score"], errors="coerce").fillna(0.0).tolist()
    kinds = decision.tolist()
    flagged.sort(key=lambda i: (lists[i] == "", SEVERITY.get(buy[i], 5),
                                kinds[i] != "match", -float(score[i]), i))
    return Queue(frame, flagged, {r: n for n, r in enumerate(flagged)},
                 {k: v for k, v in columns.items() if v}, prefix)


QUEUES = Queues()
