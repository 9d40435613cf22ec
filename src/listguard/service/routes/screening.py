"""Screening: one name (search), rows sent as JSON (screen), a file as a job (screenings)."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from listguard import settings
from listguard.api.core import instants
from listguard.errors import NotFound
from listguard.registry import jobs as stored_jobs
from listguard.screening.attributes import read_kind
from listguard.service import jobs
from listguard.service.answer import JSONAnswer
from listguard.service.auth import Analyst, Caller, Viewer
from listguard.service.errors import ServiceError
from listguard.service.routes.models import ScreenRequest

router = APIRouter(prefix="/v1", tags=["screening"])

FIELDS = {"name": "name_column", "country": "country_column", "type": "type_column",
          "dob": "dob_column", "ticker": "ticker_column", "isin": "isin_column",
          "lei": "lei_column", "id": "id_column", "birth_place": "birth_place_column",
          "gender": "gender_column", "passport": "passport_column",
          "national_id": "national_id_column"}
"""The row fields a screen compares, and the screen's option naming each."""
RESULT_TYPES = {"csv": "text/csv", "html": "text/html",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/search")
def search(caller: Viewer, q: Annotated[str, Query(min_length=1, max_length=1000)],
           limit: Annotated[int, Query(ge=1, le=50)] = 5, country: str | None = None,
           on: str | None = None, known_at: str | None = None) -> JSONAnswer:
    """The closest listed parties to one name, scored and explained."""
    return JSONAnswer(caller.core.search(q, limit=limit, country=country, on=on,
                                         known_at=known_at).as_dict())


@router.post("/screen")
def screen(body: ScreenRequest,
           caller: Analyst) -> dict[str, Any]:
    """Screen rows sent as JSON (at most ``LISTGUARD_SCREEN_BATCH``); each comes back with
    its decision, the listed party, its lists and buy verdict at ``on``, the explanation,
    and - unless ``decisions`` is false - the reviewers' earlier decision about it."""
    if len(body.rows) > settings.screen_batch():
        raise ServiceError(413, f"{len(body.rows):,} rows; one request may carry "
                           f"{settings.screen_batch():,} (send a file to /v1/screenings)",
                           field="rows")
    frame = pd.DataFrame.from_records(body.rows).astype(object)
    frame = frame.where(frame.notna(), None)
    columns = {f: f for f in FIELDS if f in frame.columns}
    if "name" not in columns and not {"ticker", "isin", "lei", "id"} & columns.keys():
        raise ServiceError(422, "each row needs a name (or a ticker, isin, lei or id)",
                           field="rows")
    rows = caller.core.screen(frame, on=body.on, known_at=body.known_at, kind=body.type,
                              progress=False, **{FIELDS[f]: c for f, c in columns.items()})
    if body.decisions:
        rows = caller.core.resolve_decisions(rows, dict(columns))
    return {"on": body.on, "rows": _records(rows)}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for record in frame.to_dict(orient="records"):
        out.append({str(k): (None if isinstance(v, float) and math.isnan(v) else v)
                    for k, v in record.items()})
    return out


@router.post("/screenings", status_code=202)
async def start_screening(
        request: Request, caller: Analyst, file: Annotated[UploadFile, File()],
        options: Annotated[str, Form()] = "{}") -> dict[str, Any]:
    """Upload a CSV, XLSX or Parquet file to screen in the background: a job to follow
    (``options``: JSON with ``on``, ``known_at``, ``type``, ``name_column``,
    ``country_column``, ``type_column``, ``dob_column``, ``id_column``, ``sheet``, and for
    people ``birth_place_column``, ``gender_column``, ``passport_column``,
    ``national_id_column``)."""
    limit = settings.max_upload_bytes()
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ServiceError(413, f"the file is over the upload limit of {limit:,} bytes",
                           field="file")
    try:
        chosen = json.loads(options)
    except ValueError:
        raise ServiceError(422, "options is not JSON", field="options") from None
    allowed = {"on", "known_at", "type", "name_column", "country_column", "type_column",
               "dob_column", "id_column", "sheet", "birth_place_column", "gender_column",
               "passport_column", "national_id_column"}
    if not isinstance(chosen, dict) or set(chosen) - allowed:
        raise ServiceError(422, f"options may hold: {', '.join(sorted(allowed))}",
                           field="options")
    wrong = sorted(k for k, v in chosen.items() if v is not None and not isinstance(v, str))
    if wrong:
        raise ServiceError(422, f"options {', '.join(wrong)}: give text", field="options")
    instants(chosen.get("on"), chosen.get("known_at"))  # a bad instant: 400 now, not later
    if chosen.get("type") is not None and read_kind(chosen["type"]) is None:
        raise ServiceError(422, f"options type {chosen['type']!r}: use company, person, "
                           "vessel, aircraft or any", field="options")
    job = await run_in_threadpool(
        lambda: jobs.start(request.app.state.service, caller.core,
                           file.filename or "upload.csv", data, chosen))
    return job.as_dict()


@router.get("/screenings/{job_id}")
def screening(job_id: str, caller: Viewer) -> dict[str, Any]:
    """A job's state and progress; its summary when done, its error when failed."""
    return _job(caller, job_id).as_dict()


@router.get("/screenings/{job_id}/result")
def screening_result(caller: Viewer, job_id: str,
                     format: Annotated[str, Query(pattern="^(csv|xlsx|html)$")] = "csv"
                     ) -> FileResponse:
    """A finished job's rows (CSV or XLSX) or its HTML report."""
    job = _job(caller, job_id)
    if job.status != "done":
        raise ServiceError(409, f"job {job_id} is {job.status}; results come when it is done")
    path = jobs.result_file(job, format)
    return FileResponse(path, media_type=RESULT_TYPES[format],
                        filename=f"{job_id}.{'html' if format == 'html' else format}")


def _job(caller: Caller, job_id: str) -> stored_jobs.Job:
    found = stored_jobs.get(caller.core.registry.store, job_id)
    if found is None:
        raise NotFound(f"no screening job {job_id!r}")
    return found
