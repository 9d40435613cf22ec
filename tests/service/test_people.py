"""People through the service: ``POST /v1/screen`` reads a row's date of birth, nationality,
gender, place of birth, passport and national ID number as the command line does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from listguard.api.core import Listguard
from listguard.service.app import create_app
from tests.service.test_fuzz import admin_key, bearer

CONS = Path(__file__).resolve().parents[1] / "fixtures" / "ofac" / "cons_2025-12"
MARTELLY = "ofac-ns-mbs-50476"  # MARTELLY, Michel Joseph: DOB 12 Feb 1961, Haiti, ID 0032768386


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    monkeypatch.setenv("LISTGUARD_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "registry.sqlite"
    Listguard.open(db).update([str(CONS)])
    app = create_app(db)
    with TestClient(app) as c:
        yield c, admin_key(db)


@pytest.mark.parametrize(("row", "decision"), [
    ({"name": "Michel Joseph Martelly"}, "match"),
    ({"name": "Michel Joseph Martelly", "dob": "1961-02-12", "country": "Haiti"}, "match"),
    ({"name": "Michel Joseph Martelly", "dob": "1975-07-07"}, "no_match"),
    ({"name": "Jean Dupont", "national_id": "0032768386"}, "match"),
    ({"name": "Sweet Micky"}, "review"),
    ({"name": "Sweet Micky", "gender": "female", "birth_place": "Lyon, France"}, "no_match"),
])
def test_a_person_row(client: tuple[TestClient, str], row: dict[str, str],
                      decision: str) -> None:
    c, key = client
    sent = c.post("/v1/screen", headers=bearer(key), json={"rows": [row], "type": "person",
                                                            "on": "2025-12-31"})
    assert sent.status_code == 200, sent.text
    answer = sent.json()["rows"][0]
    assert answer["decision"] == decision, answer["explanation"]
    if decision != "no_match":
        assert answer["entity_id"] == MARTELLY
