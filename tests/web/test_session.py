"""Signing in, the session cookie, CSRF and roles, without a browser (the app in process),
on SQLite and on PostgreSQL (the session secret and the keys live in the registry)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from listguard.api.core import Listguard
from listguard.service.app import create_app
from listguard.service.web import session as web_session

WEB = Path(__file__).resolve().parents[2] / "src" / "listguard" / "service" / "web"


@pytest.fixture
def app_db(db_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[tuple[TestClient, dict[str, str], Listguard]]:
    db = db_target
    monkeypatch.setenv("LISTGUARD_JOBS_DIR", str(tmp_path / "jobs"))
    core = Listguard.open(db, actor="test")
    made = {r: core.create_key(f"{r} tester", r)[1] for r in ("viewer", "analyst", "admin")}
    with TestClient(create_app(db), base_url="http://testserver") as client:
        yield client, made, core
    core.registry.close()


def login_token(client: TestClient) -> str:
    page = client.get("/login")
    found = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def sign_in(client: TestClient, key: str, next_: str = "/") -> str:
    """Sign in; the page's CSRF token."""
    answer = client.post("/login", data={"key": key, "login_token": login_token(client),
                                         "next": next_}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/").text)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]*)"', html)
    assert found and found.group(1)
    return found.group(1)


def test_pages_need_a_session(app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, _, _ = app_db
    for path in ("/", "/entities/xiaomi", "/screen", "/lists", "/watches", "/audit"):
        answer = client.get(path + "?x=1", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=" + path.replace("/", "%2F") + \
            "%3Fx%3D1"
    assert client.get("/suggest?q=Xia", headers={"X-Requested-With": "fetch"}).status_code \
        == 401


def test_the_cookie_is_signed_httponly_and_samesite(
        app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, _ = app_db
    answer = client.post("/login", data={"key": keys["viewer"],
                                         "login_token": login_token(client)},
                         follow_redirects=False)
    cookie = next(v for k, v in answer.headers.multi_items()
                  if k == "set-cookie" and v.startswith("lg_session="))
    flags = {f.strip().lower() for f in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= flags
    assert any(f.startswith("max-age=") for f in flags)
    assert keys["viewer"] not in cookie  # the key itself never leaves the login form
    assert client.get("/").status_code == 200
    page = client.get("/lists")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"

    body, _, signature = client.cookies["lg_session"].partition(".")
    client.cookies.set("lg_session", body + "." + "0" * len(signature))
    assert client.get("/", follow_redirects=False).status_code == 303  # forged: signed out


def test_login_needs_its_form_token_and_a_live_key(
        app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, _ = app_db
    assert client.post("/login", data={"key": keys["admin"]}).status_code == 403
    assert client.post("/login", data={"key": keys["admin"], "login_token": "x" * 64}
                       ).status_code == 403
    wrong = client.post("/login", data={"key": "lg_nope", "login_token": login_token(client)})
    assert wrong.status_code == 401 and "unknown or revoked" in wrong.text
    far = client.post("/login", data={"key": keys["admin"], "login_token": login_token(client),
                                      "next": "//evil.example/x"}, follow_redirects=False)
    assert far.headers["location"] == "/"  # never sent off the site


def test_a_revoked_key_ends_its_sessions(app_db: tuple[TestClient, dict[str, str], Listguard],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    client, keys, core = app_db
    monkeypatch.setattr(web_session, "KEY_CACHE_SECONDS", 0.0)
    sign_in(client, keys["analyst"])
    key_id = next(k.id for k in core.api_keys() if k.name == "analyst tester")
    core.revoke_key(key_id)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_every_post_needs_the_csrf_token(
        app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, _ = app_db
    token = sign_in(client, keys["analyst"])
    book = {"file": ("book.csv", b"name\nHikvision\n", "text/csv")}
    assert client.post("/screen/upload", files=book).status_code == 403
    assert client.post("/alerts", data={"days": "30", "csrf": "wrong"}).status_code == 403
    assert client.post("/logout").status_code == 403
    assert client.post("/alerts", data={"days": "30", "csrf": token}).status_code == 200
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False
                       ).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_roles(app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, _ = app_db
    token = sign_in(client, keys["viewer"])
    page = client.get("/")
    assert 'href="/audit"' not in page.text
    assert client.get("/audit").status_code == 403
    denied = client.post("/screen/upload", data={"csrf": token},
                         files={"file": ("b.csv", b"name\nHikvision\n", "text/csv")})
    assert denied.status_code == 403 and "needs the analyst role" in denied.text
    assert client.post("/alerts", data={"csrf": token}).status_code == 403

    sign_in(client, keys["analyst"])
    assert client.get("/audit").status_code == 403
    sign_in(client, keys["admin"])
    audit = client.get("/audit?verify=1")
    assert audit.status_code == 200 and "The chain holds" in audit.text


def test_a_decision_through_the_queue(
        app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, core = app_db
    token = sign_in(client, keys["analyst"])
    mapped = client.post("/screen/upload", data={"csrf": token}, files={
        "file": ("book.csv", b"name,country\nHikvision Digital Technology,China\n"
                             b"Acme Widgets of Nowhere,US\n", "text/csv")})
    assert mapped.status_code == 200 and 'value="name" selected' in mapped.text
    upload = re.search(r'name="token" value="([0-9a-f]+)"', mapped.text)
    assert upload
    started = client.post("/screen/start", data={"csrf": token, "token": upload.group(1),
                                                 "name": "name", "country": "country"},
                          follow_redirects=False)
    job = started.headers["location"].rsplit("/", 1)[1]
    for _ in range(300):
        if client.get(f"/screen/{job}/progress").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    queue = client.get(f"/screen/{job}")
    assert queue.status_code == 200 and 'id="row-0"' in queue.text, queue.text
    answer = client.post(f"/screen/{job}/rows/0", data={"decision": "cleared",
                                                         "comment": "another company"},
                         headers={"X-Requested-With": "fetch", "X-CSRF-Token": token})
    assert answer.status_code == 200 and "Remembered: cleared" in answer.text
    assert client.post(f"/screen/{job}/rows/1", data={"decision": "cleared", "csrf": token}
                       ).status_code == 404  # row 1 was no hit
    assert client.post(f"/screen/{job}/rows/0", data={"decision": "maybe", "csrf": token}
                       ).status_code == 400
    decided = core.registry.store.fetch("SELECT decision, comment FROM decisions")
    assert [tuple(r) for r in decided] == [("cleared", "another company")]


def test_no_asset_comes_from_elsewhere() -> None:
    """No CDN: no page or script names another host (the machines have no internet)."""
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), path
        assert "@import" not in text and "url(http" not in text, path


def test_watch_a_portfolio_and_check_its_alerts(
        app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, _ = app_db
    token = sign_in(client, keys["analyst"])
    saved = client.post("/watches", data={"csrf": token, "name": "book"}, files={
        "file": ("book.csv", b"name,ticker\nChina Mobile Ltd,0941.HK\nApple Inc.,AAPL\n",
                 "text/csv")})
    assert saved.status_code == 200 and "Watching book (2 holdings)" in saved.text
    checked = client.post("/alerts", data={"csrf": token, "days": "3650"})
    assert checked.status_code == 200 and 'id="new-alerts"' in checked.text
    assert "<h3>book</h3>" in checked.text
    bad = client.post("/watches", data={"csrf": token}, files={
        "file": ("empty.csv", b"", "text/csv")})
    assert bad.status_code == 400 and 'class="error"' in bad.text


@pytest.mark.parametrize("suffix", ["xlsx", "parquet"])
def test_spreadsheets_and_parquet_are_mapped(
        app_db: tuple[TestClient, dict[str, str], Listguard], tmp_path: Path,
        suffix: str) -> None:
    import pandas as pd

    client, keys, _ = app_db
    token = sign_in(client, keys["analyst"])
    frame = pd.DataFrame({"Legal name": ["Hikvision", "Acme"], "Domicile": ["CN", "US"]})
    path = tmp_path / f"book.{suffix}"
    frame.to_excel(path, index=False) if suffix == "xlsx" else frame.to_parquet(path)
    mapped = client.post("/screen/upload", data={"csrf": token},
                         files={"file": (path.name, path.read_bytes(), "application/octet-stream")})
    assert mapped.status_code == 200, mapped.text
    assert 'value="Legal name" selected' in mapped.text
    assert 'value="Domicile" selected' in mapped.text
    refused = client.post("/screen/upload", data={"csrf": token},
                          files={"file": ("book.exe", b"MZ", "application/octet-stream")})
    assert refused.status_code == 400 and "CSV, XLSX or Parquet" in refused.text


def test_a_file_of_people_is_mapped_with_its_person_columns(
        app_db: tuple[TestClient, dict[str, str], Listguard]) -> None:
    client, keys, _ = app_db
    token = sign_in(client, keys["analyst"])
    book = (b"full name,date of birth,nationality,gender,place of birth,passport number,"
            b"national id\nJane Doe,1970-01-01,France,female,Lyon,X1234567,\n")
    mapped = client.post("/screen/upload", data={"csrf": token},
                         files={"file": ("people.csv", book, "text/csv")})
    assert mapped.status_code == 200, mapped.text
    for label in ("Place of birth", "Gender", "Passport number", "National ID number"):
        assert label in mapped.text
    for column in ("full name", "date of birth", "nationality", "gender", "place of birth",
                   "passport number", "national id"):
        assert f'value="{column}" selected' in mapped.text, column
