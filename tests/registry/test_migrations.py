"""The schema as numbered migrations (``listguard/registry/migrations``), on SQLite and on
PostgreSQL: applied from an empty database, brought forward from a registry made before
migrations existed (``tests/fixtures/registry_legacy``: the old ``schema.sql`` and the watch
and outbox tables, verbatim), applied once when two processes open a new registry at once,
and refused when the registry is newer than listguard."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from listguard.cli import main
from listguard.registry import Registry, migrations
from listguard.registry.migrations import SchemaTooNew, render
from listguard.registry.store import SQLStore
from listguard.registry.versions import import_entries

from .test_versions import V1

if TYPE_CHECKING:
    from conftest import Registries

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "registry_legacy"
APPLIED = {m.version: m.name for m in migrations.all_migrations()}
TABLES = {"schema_migrations", "meta", "lists", "versions", "list_coverage", "entities",
          "names", "identifiers", "links", "events", "entries", "watches", "outbox",
          "api_keys", "audit", "decisions", "jobs", "news_proposals"}
ADDED = ("dated_by", "whole", "first_seen", "seen_after", "born")
"""The columns an older registry got on open (``SQLStore.ADDED_COLUMNS`` then)."""


def open_store(target: str) -> SQLStore:
    """A bare store over ``target``, no migration run."""
    if target.startswith("postgresql://"):
        from listguard.registry.pg import open_store as open_pg

        return open_pg(target)
    from listguard.registry import connect_sqlite

    return SQLStore(connect_sqlite(Path(target)))


def legacy_statements(dialect: str, *, oldest: bool) -> list[str]:
    """The old schema; ``oldest``: as first made, before the columns added on open. For
    PostgreSQL (which listguard never used before migrations) the same tables in its types."""
    text = (LEGACY / "schema.sql").read_text() + (LEGACY / "watching.sql").read_text()
    if oldest:
        text = re.sub(rf"\n\s+({'|'.join(ADDED)}) [^\n]*", "", text)
        text = re.sub(r",(\s*\))", r"\1", text)  # the comma before a column now gone
    if dialect == "postgresql":
        text = text.replace("INTEGER PRIMARY KEY", render("{id}", dialect))
        text = re.sub(r"\bTEXT\b", render("{text}", dialect), text)
    return migrations.statements(text)


def make_legacy(target: str, *, oldest: bool) -> None:
    """A registry as an older listguard left it: a version of a list with its entity, names,
    events (one dated "first seen", one stated) and entries, and a watch with a queued
    alert. Its curated part is missing: opening it rebuilds that."""
    store = open_store(target)
    for statement in legacy_statements(store.dialect, oldest=oldest):
        store.execute(statement)
    new = "" if oldest else ", first_seen"
    flag = "" if oldest else ", ?"
    rows = [
        ("INSERT INTO lists (id, name, authority, regime) VALUES (?, ?, ?, ?)",
         ("test-list", "Test list", "test", "listed_only")),
        ("INSERT INTO versions (list_id, content_hash, published, imported, source, entries) "
         "VALUES (?, ?, ?, ?, ?, ?)",
         ("test-list", "f" * 64, "2025-04-01", "2025-04-02T10:00:00-04:00", "v1", 2)),
        ("INSERT INTO entities (id, name, kind, version_id) VALUES (?, ?, ?, ?)",
         ("test-list-1", "Legacy Widgets Co., Ltd.", "company", 1)),
        ("INSERT INTO names (entity_id, name, kind, key, strict_key, version_id) "
         "VALUES (?, ?, ?, ?, ?, ?)",
         ("test-list-1", "Legacy Widgets Co., Ltd.", "listed", "legacy widgets",
          "legacy widgets co ltd", 1)),
        (f"INSERT INTO events (entity_id, list_id, kind, effective, published, citation, "
         f"confirmed, version_id{new}) VALUES (?, ?, ?, ?, ?, ?, ?, ?{flag})",
         ("test-list-1", "test-list", "listed", "2025-04-01T12:00:00-04:00", "2025-04-01",
          "test-list version 1: first seen in the first imported version", 0, 1,
          *(() if oldest else (1,)))),
        (f"INSERT INTO events (entity_id, list_id, kind, effective, published, citation, "
         f"confirmed, version_id{new}) VALUES (?, ?, ?, ?, ?, ?, ?, ?{flag})",
         ("test-list-1", "test-list", "listed", "2021-06-03T12:00:00-04:00", "2021-06-03",
          "listing date stated by the source (entry 1)", 1, 1, *(() if oldest else (0,)))),
        ("INSERT INTO entries (version_id, list_id, entry_id, entity_id, name, data) "
         "VALUES (?, ?, ?, ?, ?, ?)",
         (1, "test-list", "1", "test-list-1", "Legacy Widgets Co., Ltd.", '{"name": "x"}')),
        ("INSERT INTO watches (name, source, holdings, snapshot, created, checked) "
         "VALUES (?, ?, ?, ?, ?, ?)", ("book", "/book.csv", "[]", "{}", "t0", "t0")),
        ("INSERT INTO outbox (key, watch, checked, seq, alert, queued) "
         "VALUES (?, ?, ?, ?, ?, ?)", ("k" * 64, "book", "t0", 0, "{}", "t0")),
    ]
    with store.transaction(write=True):
        for sql, params in rows:
            store.execute(sql, params)
    store.conn.close()


def schema_of(store: SQLStore) -> dict[str, set[str]]:
    return {t: store.columns(t) for t in sorted(store.tables())}


def test_tokens_are_filled_in_per_database() -> None:
    assert render("a {text}, b {id}{rowid}, c '{}'", "sqlite") == \
        "a TEXT, b INTEGER PRIMARY KEY, c '{}'"
    assert render("a {text}, b {id}{rowid}", "postgresql") == (
        'a TEXT COLLATE "C", b BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n'
        "    rowid BIGINT GENERATED ALWAYS AS IDENTITY")
    with pytest.raises(ValueError, match="unknown migration token"):
        render("{blob}", "sqlite")
    found = migrations.all_migrations()
    assert [(m.version, m.name) for m in found] == sorted(APPLIED.items())
    assert migrations.rowid_tables(found[0]) == ["entities", "names", "identifiers", "links"]


def test_migrations_apply_from_empty(backend: str, registries: Registries,
                                     tmp_path: Path) -> None:
    target = registries.empty(backend, tmp_path)
    try:
        reg = Registry.open(target)
        store = reg.store
        assert migrations.applied(store) == APPLIED
        assert set(store.tables()) == TABLES
        assert set(ADDED) <= store.columns("versions") | store.columns("events") | \
            store.columns("entities")
        assert migrations.migrate(store) == []  # up to date: nothing to do
        assert reg.resolve("1810.HK").entity.id == "xiaomi"  # type: ignore[union-attr]
        reg.close()
    finally:
        registries.drop(target)


@pytest.mark.parametrize("oldest", [False, True], ids=["before-migrations", "first-schema"])
def test_a_registry_made_before_migrations_is_brought_forward(
        backend: str, registries: Registries, tmp_path: Path, oldest: bool) -> None:
    """Recognised by its tables, given the columns it lacks (with the first_seen backfill),
    the base migration recorded as applied, the rest applied; nothing it held is lost and
    it ends with the same schema as a registry made new."""
    target, fresh = registries.empty(backend, tmp_path), registries.empty(backend, tmp_path)
    try:
        make_legacy(target, oldest=oldest)
        reg = Registry.open(target)
        store = reg.store
        assert migrations.applied(store) == APPLIED
        made_new = Registry.open(fresh)
        assert schema_of(store) == schema_of(made_new.store)
        made_new.close()
        assert store.fetch("SELECT id, source, dated_by, whole FROM versions") == \
            [(1, "v1", "", 1)]
        events = [e for e in reg.events("test-list-1") if e.list_id == "test-list"]
        assert [(e.effective.date(), e.first_seen) for e in events] == [
            (date(2021, 6, 3), False), (date(2025, 4, 1), True)]
        assert reg.entity("test-list-1").born == ""
        assert reg.resolve("Legacy Widgets Co., Ltd.").entity.id == "test-list-1"  # type: ignore[union-attr]
        assert store.entry_rows(1)["1"]["entity_id"] == "test-list-1"
        assert store.fetch("SELECT name FROM watches") == [("book",)]
        assert store.fetch("SELECT COUNT(*) FROM outbox WHERE delivered IS NULL") == [(1,)]
        assert reg.resolve("1810.HK").entity.id == "xiaomi"  # the curated part, rebuilt  # type: ignore[union-attr]
        # and it goes on as any registry: the next version is number 2
        done = import_entries(reg, V1, source="v2", published=date(2025, 5, 1))
        assert done.lists[0].version_id == 2
        reg.close()
        again = Registry.open(target)
        assert migrations.migrate(again.store) == []
        again.close()
    finally:
        registries.drop(target)
        registries.drop(fresh)


OPEN = """
import sys
from listguard.registry import Registry
Registry.open(sys.argv[1]).close()
"""


def test_two_processes_opening_a_new_registry_migrate_it_once(
        backend: str, registries: Registries, tmp_path: Path) -> None:
    target = registries.empty(backend, tmp_path)
    try:
        procs = [subprocess.Popen([sys.executable, "-c", OPEN, target], stderr=subprocess.PIPE,
                                  text=True) for _ in range(3)]
        for proc in procs:
            assert proc.wait(60) == 0, proc.communicate()[1]
        reg = Registry.open(target)
        assert reg.store.fetch("SELECT version FROM schema_migrations ORDER BY version") == \
            [(v,) for v in sorted(APPLIED)]
        assert reg.store.fetch("SELECT COUNT(*) FROM meta WHERE key = 'curated_hash'") == [(1,)]
        assert reg.resolve("1810.HK").entity.id == "xiaomi"  # type: ignore[union-attr]
        reg.close()
    finally:
        registries.drop(target)


def test_a_registry_from_a_newer_listguard_is_refused(
        db_target: str, capsys: pytest.CaptureFixture[str]) -> None:
    reg = Registry.open(db_target)
    with reg.store.transaction(write=True):
        reg.store.execute("INSERT INTO schema_migrations (version, name, applied) "
                          "VALUES (?, ?, ?)", (999, "future", "2099-01-01T00:00:00+00:00"))
    reg.close()
    with pytest.raises(SchemaTooNew, match=r"migration 0999 \(future\), newer than"):
        Registry.open(db_target)
    assert main(["--db", db_target, "lists"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "upgrade listguard" in err
