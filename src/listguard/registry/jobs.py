"""Screening jobs: a file uploaded to the service, screened in the background.

A job is ``queued``, then ``running`` (with ``rows`` and ``done`` counting progress), then
``done`` (its results written to ``folder``) or ``failed`` (``error`` says why in one line).
The row is the job's only state, so any worker process of the service can answer for it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from listguard.registry.store import SQLStore


@dataclass(frozen=True)
class Job:
    id: str
    actor: str
    created: str
    status: str
    file_name: str
    options: dict[str, Any]
    folder: str
    rows: int
    done: int
    summary: dict[str, Any]
    error: str
    finished: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "file": self.file_name,
                "created": self.created, "finished": self.finished, "rows": self.rows,
                "done": self.done, "progress": round(self.done / self.rows, 4) if self.rows
                else (1.0 if self.status == "done" else 0.0),
                "summary": self.summary, "error": self.error or None,
                "options": self.options}



def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def create(store: SQLStore, actor: str, file_name: str, options: dict[str, Any],
           root: str) -> Job:
    """A queued job whose files go in ``root/<job id>``."""
    job_id = "job_" + secrets.token_hex(8)
    folder = str(Path(root) / job_id)
    with store.transaction(write=True):
        store.execute("INSERT INTO jobs (id, actor, created, status, file_name, options, "
                      "folder) VALUES (?, ?, ?, 'queued', ?, ?, ?)",
                      (job_id, actor, _now(), file_name, json.dumps(options), folder))
    found = get(store, job_id)
    assert found is not None
    return found


def get(store: SQLStore, job_id: str) -> Job | None:
    rows = store.fetch("SELECT id, actor, created, status, file_name, options, folder, rows, "
                       "done, summary, error, finished FROM jobs WHERE id = ?", (job_id,))
    if not rows:
        return None
    r = rows[0]
    return Job(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), json.loads(r[5]),
               str(r[6]), int(r[7]), int(r[8]), json.loads(r[9]), str(r[10]),
               str(r[11]) if r[11] else None)


def progress(store: SQLStore, job_id: str, *, status: str | None = None,
             rows: int | None = None, done: int | None = None) -> None:
    """Move a job on: its status, its row count, the rows screened so far."""
    sets, params = [], []
    for column, value in (("status", status), ("rows", rows), ("done", done)):
        if value is not None:
            sets.append(f"{column} = ?")
            params.append(value)
    if sets:
        with store.transaction(write=True):
            store.execute(f"UPDATE jobs SET {', '.join(sets)} WHERE id = ?", (*params, job_id))


def finish(store: SQLStore, job_id: str, *, summary: dict[str, Any] | None = None,
           error: str = "") -> None:
    """``done`` with its summary, or ``failed`` with the error."""
    with store.transaction(write=True):
        store.execute("UPDATE jobs SET status = ?, summary = ?, error = ?, finished = ? "
                      "WHERE id = ?",
                      ("failed" if error else "done", json.dumps(summary or {}), error, _now(),
                       job_id))
