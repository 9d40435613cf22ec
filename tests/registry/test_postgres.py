"""PostgreSQL as the registry: ``--db postgresql://...`` opens it, a database that cannot be
reached or used is one line and exit 2, and the registry answers exactly as a SQLite file does
(the rest of tests/registry runs every test on both)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pg_server as pg
import pytest
from commands import EVERY_COMMAND_WITH_DB, EXPECTED_CODES

import listguard
from listguard.cli import main
from listguard.registry import BadQuery, Registry
from listguard.registry.versions import import_entries
from listguard.reports.ftm_export import export_registry

from .test_versions import V1, V2

if TYPE_CHECKING:
    from conftest import Registries

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def scratch(pg_server: pg.PgServer) -> Iterator[str]:
    """An empty database, dropped after."""
    name = pg_server.new_database()
    yield name
    pg_server.drop_database(name)


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


def test_unusable_databases_are_one_line(pg_server: pg.PgServer, scratch: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    role, password = pg.PASSWORD_ROLE, pg.PASSWORD
    wrong = pg_server.url(scratch, tcp=True, user=role, password="not-" + password)
    err = one_line_error(capsys, ["--db", wrong, "lists"])
    assert "cannot connect to PostgreSQL" in err and "password authentication failed" in err
    assert "not-right" not in err and ":***@" in err  # the password is never shown
    nobody = f"postgresql://{role}@127.0.0.1:{pg.free_port()}/{scratch}?connect_timeout=5"
    err = one_line_error(capsys, ["--db", nobody, "update", str(FIXTURES / "sdn_2024-05")])
    assert "cannot connect to PostgreSQL" in err and "refused" in err
    missing = pg_server.url("no_such_database")
    assert 'database "no_such_database" does not exist' in one_line_error(
        capsys, ["--db", missing, "lists"])
    bad_port = f"postgresql://{role}@127.0.0.1:port/{scratch}"
    assert "cannot connect" in one_line_error(capsys, ["--db", bad_port, "lists"])
    # a role that may log in but not make tables in the database
    err = one_line_error(capsys, ["--db", pg_server.url(scratch, tcp=True, user=role,
                                                        password=password), "lists"])
    assert "cannot make the registry's tables" in err and "permission denied" in err
    with pytest.raises(BadQuery):
        Registry.open(wrong)


@pytest.mark.parametrize("url", ["mysql://admin:hunter2@db.example/listguard",
                                 "sqlite:///tmp/registry.sqlite", "postgresql:registry"])
def test_other_urls_are_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_error(capsys, ["--db", url, "lists"])
    assert "databases are not supported" in err and "postgresql:// URL" in err
    assert "hunter2" not in err


def test_a_database_over_tcp_with_a_password(pg_server: pg.PgServer,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """``postgres://`` as well as ``postgresql://``; the tables are made on first use."""
    name = pg_server.new_database()
    pg_server.sql(f"ALTER DATABASE {name} OWNER TO {pg.PASSWORD_ROLE}")
    try:
        url = pg_server.url(name, tcp=True, user=pg.PASSWORD_ROLE, password=pg.PASSWORD)
        url = url.replace("postgresql://", "postgres://")
        assert main(["--db", url, "check", "buy", "Hikvision", "--on", "2021-03-16",
                     "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["verdict"] == "prohibited"
    finally:
        pg_server.drop_database(name)


def test_listguard_db_may_be_a_url(db_target: str, backend: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``$LISTGUARD_DB`` reaches ``Registry.open()`` as given (a ``Path`` would turn the
    URL's ``//`` into ``/``)."""
    monkeypatch.setenv("LISTGUARD_DB", db_target)
    monkeypatch.setattr(listguard, "_default", None)
    reg = Registry.open()
    assert reg.store.dialect == ("postgresql" if backend == "postgresql" else "sqlite")
    reg.close()
    assert listguard.status("Xiaomi", on="2021-03-10").status is not None


def answers(reg: Registry) -> dict[str, Any]:
    """Everything the registry answers, in the order it answers it."""
    store = reg.store
    out: dict[str, Any] = {
        "lists": reg.lists(), "coverage": sorted(reg.coverage().items()),
        "names": list(reg.all_names()), "identifiers": list(reg.all_identifiers()),
        "profiles": list(reg.entity_profiles()),
        "versions": [{k: v for k, v in row.items() if k != "imported"}
                     for row in store.version_rows()],
        "spans": store.curated_spans(), "closed": store.closed_lists(),
        "counts": store.list_counts(),
    }
    for (entity_id,) in store.fetch("SELECT id FROM entities ORDER BY id"):
        out[entity_id] = (reg.entity(entity_id), reg.names(entity_id),
                          reg.identifiers(entity_id), reg.links(entity_id),
                          reg.events(entity_id))
    for row in store.version_rows():
        out[f"entries {row['id']}"] = store.entry_rows(row["id"])
    for lst in reg.lists():
        out[f"events {lst.id}"] = store.list_events(lst.id)
    ftm = io.StringIO()
    export_registry(reg, ftm)
    out["ftm"] = ftm.getvalue()
    return out


def test_both_databases_answer_alike(registries: Registries, tmp_path: Path) -> None:
    """The same imports into a SQLite file and a PostgreSQL database (whose default collation
    is not byte order): every answer equal, in the same order, after a curated rebuild too."""
    targets = [registries.copy(b, tmp_path) for b in ("sqlite", "postgresql")]
    try:
        found = []
        for target in targets:
            for args in (["cons_2025-04", "--published", "2025-04-21"],
                         ["cons_2025-12", "--published", "2025-12-19"],
                         ["sdn_2021-07", "--published", "2021-07-16"]):
                assert main(["--db", target, "update", str(FIXTURES / "ofac" / args[0]),
                             *args[1:], "--format", "json"]) == 0
            reg = Registry.open(target)
            import_entries(reg, V1, source="v1", published=date(2025, 4, 1),
                           covers=("test-list",))
            reg.refresh_curated(force=True)
            import_entries(reg, V2, source="v2", published=date(2025, 12, 1),
                           covers=("test-list",))
            found.append(answers(reg))
            reg.close()
        sqlite, postgres = found
        assert sqlite.keys() == postgres.keys()
        assert [k for k in sqlite if sqlite[k] != postgres[k]] == []
    finally:
        for target in targets:
            registries.drop(target)


def test_the_full_sdn_file_imports_quickly(db_target: str, backend: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """OFAC's whole SDN file of May 2024 (14,965 entries) in well under a minute."""
    started = time.monotonic()
    assert main(["--db", db_target, "update", str(FIXTURES / "ofac" / "sdn_2024-05_full"),
                 "--published", "2024-05-03", "--format", "json"]) == 0
    took = time.monotonic() - started
    (row,) = json.loads(capsys.readouterr().out)
    assert row["entries"] == row["new_entities"] == 14965
    assert took < 60, f"{backend}: {took:.1f} s"




@pytest.mark.parametrize("args", EVERY_COMMAND_WITH_DB,
                         ids=[a[0] for a in EVERY_COMMAND_WITH_DB])
def test_every_command_opens_a_postgresql_db(
        args: tuple[str, ...], registries: Registries, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``--db postgresql://...`` is the registry of every command; no SQLite file is made."""
    from listguard import cli

    monkeypatch.delenv("LISTGUARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    cli.CONTEXT.reset()
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)  # serve: only its opening
    url = registries.copy("postgresql", tmp_path)
    try:
        code = main(["--db", url, *args])
        err = capsys.readouterr().err
        assert code in EXPECTED_CODES.get(args[0], (0,)), err
        assert not (tmp_path / "data").exists() and not list(tmp_path.glob("*.sqlite"))
        reg = Registry.open(url)
        if args[0] == "update":
            assert [v["source"] for v in reg.store.version_rows("ofac-sdn")]
        if args[0] == "watch":
            assert reg.store.fetch("SELECT name FROM watches") == [("portfolio",)]
        reg.close()
    finally:
        cli.CONTEXT.reset()
        registries.drop(url)
