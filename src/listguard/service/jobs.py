"""Screening jobs: an uploaded file screened in the background, with progress.

``start`` saves the upload under ``LISTGUARD_JOBS_DIR/<job id>/``, records the job (queued)
and screens it on a thread of its own with its own core; progress is written to the job's
row every chunk, so any worker process can answer ``GET /v1/screenings/{id}``. The results
(``result.csv``, ``report.html``; XLSX on request) stay in the job's folder.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from listguard import settings
from listguard.api.core import Listguard, instants
from listguard.api.screening import ScreenFileRequest
from listguard.registry import jobs
from listguard.registry.jobs import Job
from listguard.service.state import ServiceState

RESULT = "result.csv"
REPORT = "report.html"


def start(state: ServiceState, core: Listguard, file_name: str, data: bytes,
          options: dict[str, Any]) -> Job:
    """Record the job and screen the file in the background."""
    suffix = Path(file_name).suffix.lower()[:20] or ".csv"  # a file name is at most 255 bytes
    job = jobs.create(core.registry.store, core.actor, file_name, options,
                      str(settings.jobs_dir()))
    folder = Path(job.folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"input{suffix}"
    source.write_bytes(data)
    thread = threading.Thread(target=_run, args=(state, core.actor, job.id, source, options),
                              name=f"listguard-{job.id}", daemon=True)
    thread.start()
    return job


def _run(state: ServiceState, actor: str, job_id: str, source: Path,
         options: dict[str, Any]) -> None:
    """Screen the job's file; the job ends ``done`` or ``failed`` (one line saying why)."""
    core = state.open_core().as_actor(actor)
    store = core.registry.store
    try:
        when, known = instants(options.get("on"), options.get("known_at"))
        request = ScreenFileRequest(
            source, when, known, name_column=options.get("name_column"),
            country_column=options.get("country_column"),
            type_column=options.get("type_column"), kind=options.get("type"),
            dob_column=options.get("dob_column"), id_column=options.get("id_column"),
            out=source.with_name(RESULT), report=source.with_name(REPORT), jobs=1,
            sheet=options.get("sheet"), birth_place_column=options.get("birth_place_column"),
            gender_column=options.get("gender_column"),
            passport_column=options.get("passport_column"),
            national_id_column=options.get("national_id_column"))
        jobs.progress(store, job_id, status="running")
        result = core.screen_file(request, _progress(store, job_id))
        from listguard.screening.api import flagged_by_listing

        jobs.finish(store, job_id, summary={**result.counts,
                                            **flagged_by_listing(result.rows)})
    except Exception as exc:
        jobs.finish(store, job_id, error=str(exc).splitlines()[0][:500] or type(exc).__name__)


def _progress(store: Any, job_id: str) -> Callable[[int], contextlib.AbstractContextManager[
        Callable[[int], None] | None]]:
    """A progress factory (see :data:`listguard.api.screening.Progress`) writing the job's
    row count and rows done."""

    @contextlib.contextmanager
    def factory(total: int) -> Iterator[Callable[[int], None] | None]:
        jobs.progress(store, job_id, rows=total)
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            jobs.progress(store, job_id, done=done[0])

        yield advance

    return factory


def result_file(job: Job, fmt: str) -> Path:
    """The job's results as ``csv``, ``html`` or ``xlsx`` (made on first request)."""
    folder = Path(job.folder)
    if fmt == "html":
        return folder / REPORT
    if fmt == "xlsx":
        target = folder / "result.xlsx"
        if not target.exists():
            from listguard.screening.io import read_table, write_table

            write_table(read_table(folder / RESULT), target)
        return target
    return folder / RESULT
