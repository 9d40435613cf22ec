"""The news routes of the service: read a text, propose, review - with keys and the audit
trail - on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from listguard.api.core import Listguard
from listguard.registry import Registry
from listguard.service.app import create_app

from .conftest import FIXTURES


def key(db: str, role: str) -> str:
    return Listguard.open(db).create_key(f"{role}-news", role)[1]


@pytest.fixture
def db(db_target: str) -> str:
    reg = Registry.open(db_target)
    with reg.store.transaction(write=True):
        reg.store.execute("DELETE FROM events WHERE list_id = 'bis-entity-list' AND "
                          "entity_id = 'smic'")
    reg.close()
    return db_target


def test_read_propose_accept_through_the_service(db: str) -> None:
    viewer, analyst, admin = (key(db, r) for r in ("viewer", "analyst", "admin"))
    client = TestClient(create_app(db))
    text = (FIXTURES / "13-thompsonhine-entity-list-smic.txt").read_text(encoding="utf-8")
    body = {"text": text, "propose": True}
    assert client.post("/v1/news/read", json=body).status_code == 401
    assert client.post("/v1/news/read", json=body,
                       headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    read = client.post("/v1/news/read", json=body,
                       headers={"Authorization": f"Bearer {analyst}"})
    assert read.status_code == 200, read.text
    proposals = read.json()["proposals"]
    assert [p["entity_id"] for p in proposals] == ["smic"]
    waiting = client.get("/v1/news/proposals", headers={"Authorization": f"Bearer {viewer}"})
    assert [p["id"] for p in waiting.json()] == [proposals[0]["id"]]
    rejected = client.post(f"/v1/news/proposals/{proposals[0]['id']}/reject", json={},
                           headers={"Authorization": f"Bearer {analyst}"})
    assert rejected.status_code == 400 and rejected.json()["error"]["field"] == "comment"
    accepted = client.post(f"/v1/news/proposals/{proposals[0]['id']}/accept",
                           json={"comment": "85 FR 83416"},
                           headers={"Authorization": f"Bearer {analyst}"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    check = client.post("/v1/check", json={"action": "export", "query": "0981 HK",
                                           "on": "2021-06-01"},
                        headers={"Authorization": f"Bearer {viewer}"}).json()
    assert check["verdict"] == "license_required" and check["confirmed"] is False
    audit = client.get("/v1/audit", headers={"Authorization": f"Bearer {admin}"}).text
    assert '"action":"news.propose"' in audit and '"action":"news.accept"' in audit


def test_the_service_fetches_nothing_and_refuses_bad_bodies(db: str) -> None:
    analyst = key(db, "analyst")
    client = TestClient(create_app(db))
    headers = {"Authorization": f"Bearer {analyst}"}
    assert client.post("/v1/news/read", json={"url": "http://example.com"},
                       headers=headers).status_code == 422
    assert client.post("/v1/news/read", json={"text": ""}, headers=headers).status_code == 422
    missing = client.post("/v1/news/proposals/P-nothere/accept", json={}, headers=headers)
    assert missing.status_code == 400 and "no proposal" in missing.json()["error"]["message"]
