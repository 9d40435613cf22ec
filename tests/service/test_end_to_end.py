"""The service end to end, as a team uses it: ``listguard serve`` on a loopback port, keys of
each role, a screening job, reviewer decisions remembered and re-opened by a new list
version, and an audit trail that verifies until a record is altered.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pg_server as pg
import pytest

from listguard.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_key(db: str, role: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--db", str(db), "keys", "create", "--role", role, "--name", f"{role}-1"]) == 0
    return capsys.readouterr().out.strip()



@pytest.fixture
def service(db_target: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``listguard serve`` on a free loopback port over a fresh registry (SQLite and
    PostgreSQL); its URL and db."""
    db = db_target
    port = free_port()
    env = {**os.environ, "LISTGUARD_JOBS_DIR": str(tmp_path / "jobs"),
           "LISTGUARD_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "listguard.cli", "--db", str(db), "serve",
                             "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the service did not start: " + (proc.stderr.read() if proc.stderr
                                                          else ""))
        yield url, db
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def upload(client: httpx.Client, key: str, version: str) -> httpx.Response:
    data = (FIXTURES / version / "cons_prim.csv").read_bytes()
    return client.post("/v1/updates", headers=auth(key),
                       files={"file": ("cons_prim.csv", data, "text/csv")})


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_team_uses_the_service(service: tuple[str, str], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    url, db = service
    viewer, analyst, admin = (make_key(db, r, capsys) for r in ("viewer", "analyst", "admin"))
    client = httpx.Client(base_url=url, timeout=60)

    # keys and roles
    ask = {"action": "buy", "query": "Hikvision", "on": "2021-03-16"}
    assert client.post("/v1/check", json=ask).status_code == 401
    answer = client.post("/v1/check", json=ask, headers=auth(viewer))
    assert answer.status_code == 200 and answer.json()["verdict"] == "prohibited"
    assert upload(client, viewer, "cons_2025-04").status_code == 403
    assert upload(client, admin, "cons_2025-04").status_code == 200

    # a file screened as a job, to completion
    book = "name,country\nLUKOIL OAO,Russia\nAcme Widgets of Nowhere,US\n"
    started = client.post("/v1/screenings", headers=auth(analyst),
                          files={"file": ("book.csv", book.encode(), "text/csv")},
                          data={"options": json.dumps({"on": "2025-06-01"})})
    assert started.status_code == 202, started.text
    job = started.json()
    for _ in range(300):
        job = client.get(f"/v1/screenings/{job['id']}", headers=auth(viewer)).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert job["status"] == "done", job
    assert job["summary"]["match"] == 1 and job["progress"] == 1.0
    rows = client.get(f"/v1/screenings/{job['id']}/result", headers=auth(viewer)).text
    assert "LUKOIL OAO" in rows and ",match," in rows
    report = client.get(f"/v1/screenings/{job['id']}/result?format=html",
                        headers=auth(viewer))
    assert report.status_code == 200 and "listguard screening report" in report.text

    # a reviewer clears the hit; the same input is then resolved by that decision
    screen = {"rows": [{"name": "LUKOIL OAO", "country": "Russia"}], "on": "2025-06-01"}
    first = client.post("/v1/screen", json=screen, headers=auth(analyst)).json()["rows"][0]
    assert first["decision"] == "match" and first["review_status"] == ""
    decided = {"input": {"name": "LUKOIL OAO", "country": "Russia"},
               "entity_id": first["entity_id"], "decision": "cleared",
               "comment": "our client is another Lukoil"}
    assert client.post("/v1/decisions", json=decided, headers=auth(viewer)).status_code == 403
    assert client.post("/v1/decisions", json=decided, headers=auth(analyst)).status_code == 201
    again = client.post("/v1/screen", json=screen, headers=auth(analyst)).json()["rows"][0]
    assert again["review_status"] == "cleared" and "another Lukoil" in again["review_note"]

    # a new list version changes the party: the hit re-opens, saying what changed
    assert upload(client, admin, "cons_2025-12").status_code == 200
    reopened = client.post("/v1/screen", json=screen, headers=auth(analyst)).json()["rows"][0]
    assert reopened["review_status"] == "reopened", reopened
    assert "changed since" in reopened["review_note"]

    # the audit trail: exported, verified, then tampered with
    exported = client.get("/v1/audit", headers=auth(admin))
    actions = [json.loads(line)["action"] for line in exported.text.splitlines()]
    for action in ("key.create", "check", "import", "screen", "decide"):
        assert action in actions
    assert client.get("/v1/audit", headers=auth(analyst)).status_code == 403
    assert client.get("/v1/audit/verify", headers=auth(admin)).json()["ok"] is True
    capsys.readouterr()
    assert main(["--db", str(db), "audit", "verify"]) == 0
    pg.tamper(db, "UPDATE audit SET answer = '{}' WHERE seq = 5")
    assert main(["--db", str(db), "audit", "verify"]) == 6
    assert "record 5" in capsys.readouterr().err
    assert client.get("/v1/audit/verify", headers=auth(admin)).json()["bad_seq"] == 5
