"""The service under fuzzing and at its limits (issue 13).

Every operation of the OpenAPI schema is sent requests that schemathesis derives from it - valid
ones, boundary values (its coverage phase) and invalid ones (negative mode) - in process, over
ASGI, with an admin key. Nothing a caller sends may make a 5xx, and every 4xx carries the one
error shape, ``{"error": {"code", "message", "field"}}``.

The schema alone would send mostly random words as ``action``, ``role`` or ``on``, and the
service would turn nearly all of them away before the core sees them; so the hooks below
(``flatmap_*``) swap, in about half the cases, a field for a value the service takes - a real
action, a listed name, ticker or entity id, a date or datetime anywhere from year 1 to 9999 with
any UTC offset - to take the fuzzing past the first check and into the core.

The run is bounded (``LISTGUARD_FUZZ_EXAMPLES`` fuzzed requests per operation, 25 unless set,
on top of the coverage phase) and deterministic (derandomized, a fixed seed), so a failure
reproduces; ``LISTGUARD_FUZZ_EXAMPLES=500`` makes a long hunt of the same test.

Then the limits and the fixed bugs, one plain test each: an upload over
``LISTGUARD_MAX_UPLOAD_BYTES`` is a 413, a ``POST /v1/screen`` over ``LISTGUARD_SCREEN_BATCH``
rows is a 413, a key over its rate limit gets a 429 with ``Retry-After``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from listguard.api.core import Listguard
from listguard.service.app import create_app
from listguard.service.errors import CODES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
MAX_EXAMPLES = int(os.environ.get("LISTGUARD_FUZZ_EXAMPLES") or 25)
"""Fuzzed requests per operation (on top of the coverage phase's boundary cases)."""
SEED = 13
NO_LIMIT = 10**9
"""A rate limit the fuzzer never reaches."""

ACTIONS = ("buy", "sell", "hold", "dod-contract", "export", "invest")
ROLES = ("viewer", "analyst", "admin")
DECISIONS = ("cleared", "confirmed", "escalated")
KINDS = ("company", "person", "vessel", "aircraft", "any")
INPUT_FIELDS = ("name", "country", "type", "dob", "ticker", "isin", "lei", "id")


def admin_key(db: Path) -> str:
    _, secret = Listguard.open(db).create_key("fuzz", "admin")
    return secret


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def new_app(db: Path, rate_limit: int = NO_LIMIT) -> tuple[FastAPI, str]:
    app = create_app(db, rate_limit=rate_limit)
    return app, admin_key(db)


# --- the fuzzed app ---------------------------------------------------------------------------


@dataclass
class Served:
    """The app the ``served`` fixture made, and what its registry holds (for the hooks)."""

    app: FastAPI | None = None
    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    list_ids: list[str] = field(default_factory=list)


SERVED = Served()


class Deferred:
    """The ASGI app the schema is loaded against: it forwards to the app the ``served``
    fixture makes, so that collecting this module opens no registry."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if SERVED.app is None:
            raise RuntimeError("the served fixture has not made the app yet")
        await SERVED.app(scope, receive, send)


def openapi() -> dict[str, Any]:
    """The service's OpenAPI document (from its routes alone: no registry is opened)."""
    with mock.patch("listguard.service.app.ServiceState"):
        document: dict[str, Any] = create_app(None).openapi()
    return document


schema = schemathesis.openapi.from_dict(openapi())
schema.app = Deferred()
schema.config.seed = SEED


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a fresh registry holding two versions of the consolidated list (so that
    diffs have something to compare); its admin key. Jobs and caches go to the test's own
    folder."""
    tmp = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LISTGUARD_JOBS_DIR", str(tmp / "jobs"))
        env.setenv("LISTGUARD_CACHE_DIR", str(tmp / "cache"))
        db = tmp / "registry.sqlite"
        app, key = new_app(db)
        with TestClient(app) as client:
            for version in ("cons_2025-04", "cons_2025-12"):
                data = (FIXTURES / version / "cons_prim.csv").read_bytes()
                sent = client.post("/v1/updates", headers=bearer(key),
                                   files={"file": ("cons_prim.csv", data, "text/csv")})
                assert sent.status_code == 200, sent.text
            lists = client.get("/v1/lists", headers=bearer(key)).json()
        reg = Listguard.open(db).registry
        names = sorted({name for _, name, _ in reg.all_names()})
        SERVED.names = names[:: max(1, len(names) // 200)]
        SERVED.codes = sorted({i.value for i in reg.all_identifiers()
                               if i.scheme.value in ("ticker", "isin", "lei")})
        SERVED.entity_ids = sorted({entity for entity, _, _ in reg.all_names()})
        SERVED.list_ids = [str(x["id"]) for x in lists]
        SERVED.app = app
        yield key
        SERVED.app = None


# --- steering the fuzzer into the core (module doc) -------------------------------------------

OFFSETS = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-1439, 1439))


def instants() -> st.SearchStrategy[str]:
    """``on`` and ``known_at`` as the service takes them, the edges of the calendar included."""
    return st.one_of(
        st.dates().map(date.isoformat),
        st.datetimes(timezones=st.none() | st.just(UTC) | OFFSETS).map(datetime.isoformat),
        st.sampled_from(["today", "now", "2021-03-16", "2021-03-16T09:30-04:00", "0001-01-01",
                         "9999-12-31", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00+14:00"]),
    )


def queries() -> st.SearchStrategy[str]:
    """A listed name or code, as printed or slightly changed, or any text."""
    known = st.sampled_from(SERVED.names + SERVED.codes)
    return st.one_of(known, known.map(str.lower), known.map(lambda s: s[1:] or s),
                     st.text(min_size=1, max_size=60))


def swap(body: dict[str, Any], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``body`` with each of ``fields`` kept as generated or replaced by a draw (each half the
    time)."""
    kept = {name: st.one_of(st.just(body[name]), strategy)
            for name, strategy in fields.items() if name in body}
    added = {name: strategy for name, strategy in fields.items() if name not in body}
    return st.fixed_dictionaries(kept, optional=added).map(lambda drawn: {**body, **drawn})


def rows() -> st.SearchStrategy[list[dict[str, Any]]]:
    value = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                      st.text(max_size=30))
    row = st.fixed_dictionaries({}, optional={
        "name": queries() | value, "country": st.sampled_from(["CN", "China", "RU", "US", ""])
        | value, "type": st.sampled_from(KINDS) | value, "dob": instants() | value,
        "ticker": st.sampled_from(SERVED.codes) | value, "isin": value, "lei": value,
        "id": value, "note": value})
    return st.lists(row, min_size=1, max_size=6)


def screened_input() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"name": queries()}, optional={
        "country": st.text(max_size=10), "type": st.sampled_from(KINDS),
        "dob": instants(), "ticker": st.sampled_from(SERVED.codes)})


def portfolio() -> st.SearchStrategy[bytes]:
    """A small CSV portfolio with name and ticker columns."""
    line = st.tuples(queries(), st.sampled_from(SERVED.codes) | st.just(""))
    return st.lists(line, min_size=1, max_size=5).map(
        lambda lines: ("name,ticker\n" + "".join(
            '"{}",{}\n'.format(n.replace('"', '""').replace("\n", " "), t)
            for n, t in lines)).encode())


@schema.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    if not isinstance(body, dict):
        return st.just(body)
    label = context.operation.label
    if label == "POST /v1/check":
        return swap(body, action=st.sampled_from(ACTIONS), query=queries(), on=instants(),
                    known_at=instants())
    if label == "POST /v1/screen":
        return swap(body, rows=rows(), on=instants(), known_at=instants(),
                    type=st.sampled_from(KINDS))
    if label == "POST /v1/decisions":
        return swap(body, input=screened_input(), entity_id=st.sampled_from(SERVED.entity_ids),
                    decision=st.sampled_from(DECISIONS))
    if label == "POST /v1/keys":
        return swap(body, role=st.sampled_from(ROLES))
    if label in ("POST /v1/watches", "POST /v1/screenings"):
        options = st.fixed_dictionaries({}, optional={"on": instants(), "type": st.sampled_from(
            KINDS)}).map(json.dumps)
        return swap(body, file=portfolio(), options=options) if "options" in body else \
            swap(body, file=portfolio())
    return st.just(body)


@schema.hook
def flatmap_query(context: Any, query: Any) -> st.SearchStrategy[Any]:
    if not isinstance(query, dict):
        return st.just(query)
    label = context.operation.label
    if label == "GET /v1/search":
        return swap(query, q=queries(), on=instants(), known_at=instants(),
                    country=st.sampled_from(["CN", "China", "RU", "US"]))
    if label in ("GET /v1/entities/{entity_id}", "GET /v1/audit"):
        return swap(query, on=instants(), known_at=instants()) if "{" in label else \
            swap(query, **{"from": instants(), "to": instants()})
    if label == "GET /v1/lists/{list_id}/diff":
        return swap(query, **{"from": st.integers(0, 12), "to": st.integers(0, 12)})
    return st.just(query)


@schema.hook
def flatmap_path_parameters(context: Any, path: Any) -> st.SearchStrategy[Any]:
    if not isinstance(path, dict):
        return st.just(path)
    if "entity_id" in path:
        return swap(path, entity_id=st.sampled_from(SERVED.entity_ids))
    if "list_id" in path:
        return swap(path, list_id=st.sampled_from(SERVED.list_ids))
    if "seq" in path:
        return swap(path, seq=st.integers(1, 60))
    return st.just(path)


def one_error_shape(ctx: Any, response: Any, case: Any) -> None:
    """A 4xx (and a 5xx, should one slip through) is ``{"error": {"code", "message",
    "field"}}`` and nothing else."""
    if response.status_code < 400:
        return
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} with a body that is not JSON: "
                             f"{response.content[:200]!r}") from None
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message", "field"}, body
    assert error["code"] == CODES.get(response.status_code, "error"), body
    assert isinstance(error["message"], str) and error["message"].strip(), body
    assert error["field"] is None or isinstance(error["field"], str), body


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case: Any, served: str) -> None:
    case.call_and_validate(headers=bearer(served), checks=[not_a_server_error, one_error_shape])


# --- the limits -------------------------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    """A client of a new app over a fresh registry, and an admin key."""
    monkeypatch.setenv("LISTGUARD_JOBS_DIR", str(tmp_path / "jobs"))
    monkeypatch.setenv("LISTGUARD_CACHE_DIR", str(tmp_path / "cache"))
    app, key = new_app(tmp_path / "registry.sqlite")
    with TestClient(app) as client:
        yield client, key


def assert_error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == CODES[status] and error["message"]
    if field is not None:
        assert error["field"] == field
    return error


def test_an_upload_over_the_limit_is_413(fresh: tuple[TestClient, str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    client, key = fresh
    monkeypatch.setenv("LISTGUARD_MAX_UPLOAD_BYTES", "1000")
    big = b"name,country\n" + b"Acme Widgets of Nowhere,US\n" * 100
    for path, form in (("/v1/updates", {}), ("/v1/screenings", {"options": "{}"}),
                       ("/v1/watches", {})):
        sent = client.post(path, headers=bearer(key), data=form,
                           files={"file": ("book.csv", big, "text/csv")})
        error = assert_error(sent, 413, "file")
        assert "1,000 bytes" in error["message"]
    # at the limit, the same upload is taken
    started = client.post("/v1/screenings", headers=bearer(key), data={"options": "{}"},
                          files={"file": ("book.csv", big[:1000], "text/csv")})
    assert started.status_code == 202, started.text


def test_a_screen_over_the_batch_is_413(fresh: tuple[TestClient, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    client, key = fresh
    monkeypatch.setenv("LISTGUARD_SCREEN_BATCH", "5")
    rows = [{"name": f"Acme Widgets {i}", "country": "US"} for i in range(6)]
    sent = client.post("/v1/screen", headers=bearer(key), json={"rows": rows})
    error = assert_error(sent, 413, "rows")
    assert "6 rows" in error["message"] and "5" in error["message"]
    taken = client.post("/v1/screen", headers=bearer(key), json={"rows": rows[:5]})
    assert taken.status_code == 200, taken.text
    assert len(taken.json()["rows"]) == 5


def test_the_rate_limit_is_429_with_retry_after(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTGUARD_CACHE_DIR", str(tmp_path / "cache"))
    app, key = new_app(tmp_path / "registry.sqlite", rate_limit=2)
    with TestClient(app) as client:
        answers = [client.get("/v1/lists", headers=bearer(key)) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [200, 200]
    limited = answers[2]
    error = assert_error(limited, 429)
    assert "2 requests a minute" in error["message"]
    wait = int(limited.headers["Retry-After"])
    assert 1 <= wait <= 30  # 2 a minute: the next one within 30 s


# --- what the fuzzer found (each was a 500) ---------------------------------------------------


def test_an_instant_at_the_edge_of_the_calendar_is_a_400(fresh: tuple[TestClient, str]) -> None:
    client, key = fresh
    edge = "9999-12-31T23:59:59-12:00"  # in year 10000 in New York
    for sent in (
        client.post("/v1/check", headers=bearer(key),
                    json={"action": "buy", "query": "Hikvision", "on": edge}),
        client.post("/v1/check", headers=bearer(key),
                    json={"action": "buy", "query": "Hikvision", "known_at": edge}),
        client.get("/v1/search", headers=bearer(key),
                   params={"q": "Hikvision", "known_at": edge}),
        client.post("/v1/check", headers=bearer(key),  # before year 1 in New York
                    json={"action": "buy", "query": "Hikvision", "on": "0001-01-01T00:00+14:00"}),
        client.get("/v1/entities/hikvision", headers=bearer(key), params={"known_at": edge}),
        client.get("/v1/audit", headers=bearer(key), params={"from": edge}),
    ):
        assert "out of range" in assert_error(sent, 400)["message"]


def test_an_audit_record_number_past_the_database_is_a_422(
        fresh: tuple[TestClient, str]) -> None:
    client, key = fresh
    sent = client.get(f"/v1/audit/{2**64}/replay", headers=bearer(key))
    assert_error(sent, 422, "seq")


@pytest.mark.parametrize("name", ["..", "/", "a/..", "x" * 300 + ".csv", "a." + "x" * 300])
def test_any_upload_file_name_is_taken(fresh: tuple[TestClient, str], name: str) -> None:
    client, key = fresh
    portfolio = b"name\nHangzhou Hikvision Digital Technology Co., Ltd.\n"
    watched = client.post("/v1/watches", headers=bearer(key),
                          files={"file": (name, portfolio, "text/csv")})
    assert watched.status_code == 201, watched.text
    started = client.post("/v1/screenings", headers=bearer(key),
                          files={"file": (name, portfolio, "text/csv")})
    assert started.status_code == 202, started.text
    imported = client.post("/v1/updates", headers=bearer(key),
                           files={"file": (name, portfolio, "text/csv")})
    assert_error(imported, 400)  # not a list file, whatever its name


def test_a_body_that_is_not_json_says_so(fresh: tuple[TestClient, str]) -> None:
    client, key = fresh
    headers = {**bearer(key), "Content-Type": "application/json"}
    broken = client.post("/v1/check", headers=headers, content=b'{"action": ')
    error = assert_error(broken, 422)
    assert error["field"] is None and error["message"].startswith("the body is not JSON")
    missing = client.post("/v1/check", headers=bearer(key))
    assert assert_error(missing, 422)["message"] == "the request needs a JSON body"


@pytest.mark.parametrize(("options", "status", "field"), [
    ({"on": 5}, 422, "options"),
    ({"on": "the day after"}, 400, "on"),
    ({"type": "robot"}, 422, "options"),
    ({"colour": "red"}, 422, "options"),
])
def test_a_job_with_bad_options_is_refused_up_front(
        fresh: tuple[TestClient, str], options: dict[str, object], status: int,
        field: str) -> None:
    """Bad job options are the caller's mistake now, not a job that fails later."""
    client, key = fresh
    sent = client.post("/v1/screenings", headers=bearer(key),
                       files={"file": ("book.csv", b"name\nAcme\n", "text/csv")},
                       data={"options": json.dumps(options)})
    assert_error(sent, status, field)
