"""The registry's storage: one interface, an embedded SQLite engine by default.

``Store`` is what the rest of listguard talks to. ``SQLStore`` implements it over a DB-API
connection (``ph`` is its placeholder style): SQLite
(:func:`listguard.registry.connect_sqlite`), and, through :class:`listguard.registry.pg.PgStore`,
PostgreSQL. Callers write portable SQL with ``?`` placeholders; the store converts them. The
schema is made by the numbered migrations in :mod:`listguard.registry.migrations`.

Rows come back in a stated order wherever the order can show (``ORDER BY rowid``: the order
they were written, which is what SQLite gave without one), so both databases answer alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from listguard.errors import ListguardError
from listguard.model import (
    Entity,
    Event,
    EventKind,
    Identifier,
    IdScheme,
    Link,
    ListInfo,
    Name,
    NameKind,
)
from listguard.normalize import name_key, strict_name_key, ticker_index_key
from listguard.sources.curated import CuratedCoverage


def identifier_key(scheme: IdScheme, value: str) -> str:
    """The indexed form of an identifier value."""
    if scheme is IdScheme.TICKER:
        return ticker_index_key(value) or value.strip().upper()
    return "".join(value.split()).upper()


VERSION_COLUMNS = ("id", "list_id", "content_hash", "published", "imported", "source", "entries",
                   "dated_by", "whole")
"""A stored version's fields, as :meth:`SQLStore.version_rows` gives them."""


def redact(url: str) -> str:
    """The URL with its password (if any) shown as ``***``, for messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return url.split("://", 1)[0] + "://..."


class RegistryBusy(ListguardError):
    """Another writer holds the registry: nothing was written."""


def busy(seconds: float) -> RegistryBusy:
    return RegistryBusy(
        f"another process is writing to the registry; gave up after waiting {seconds:g} s "
        "(try again, or give --wait a longer time)"
    )


class Store(Protocol):
    """What the registry needs from a database."""

    def get_meta(self, key: str) -> str | None: ...
    def lists(self) -> list[ListInfo]: ...
    def entity(self, entity_id: str) -> Entity | None: ...
    def entities(self, ids: Iterable[str]) -> list[Entity]: ...
    def entity_ids_by_name_key(self, key: str, *, strict: bool = False) -> set[str]: ...
    def entity_ids_by_identifier(self, scheme: IdScheme, key: str) -> set[str]: ...
    def entity_ids_by_ticker_code(self, code: str) -> set[str]: ...
    def names(self, entity_id: str) -> list[Name]: ...
    def identifiers(self, entity_id: str) -> list[Identifier]: ...
    def links(self, entity_id: str) -> list[Link]: ...
    def events(self, entity_id: str) -> list[Event]: ...
    def list_events(self, list_id: str) -> list[Event]: ...
    def all_names(self) -> Iterator[tuple[str, str, NameKind]]: ...
    def all_identifiers(self) -> Iterator[Identifier]: ...
    def entity_profiles(self) -> Iterator[tuple[str, str, str, str]]: ...
    def curated_coverage(self) -> dict[str, CuratedCoverage]: ...
    def curated_spans(self) -> dict[str, tuple[str, str]]: ...
    def closed_lists(self) -> dict[str, str]: ...
    def list_counts(self) -> dict[str, tuple[int, str | None]]: ...
    def transaction(self, *, write: bool = False) -> Any: ...


class SQLStore:
    """A ``Store`` over a DB-API 2 connection. ``ph`` is the placeholder (``?`` or ``%s``).

    As it stands it speaks SQLite; :class:`listguard.registry.pg.PgStore` overrides the few
    methods where PostgreSQL differs (transactions and the write lock, bulk inserts, the
    catalog).
    """

    dialect = "sqlite"
    """Which database this is, for the migrations' tokens (``sqlite`` or ``postgresql``)."""

    def __init__(self, conn: Any, ph: str = "?") -> None:
        self.conn = conn
        self.ph = ph
        self._depth = 0
        self.busy_timeout = 30.0

    # --- plumbing -----------------------------------------------------------------------------

    def q(self, sql: str) -> str:
        return sql.replace("?", self.ph) if self.ph != "?" else sql

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.cursor()
        cur.execute(self.q(sql), tuple(params))
        rows: list[tuple[Any, ...]] = cur.fetchall()
        return rows

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.cursor().execute(self.q(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._many(self.q(sql), [tuple(r) for r in rows])

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.conn.cursor().executemany(sql, rows)

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[None]:
        """All or nothing: commit on success, roll back on any exception or interruption.

        ``write`` takes the registry's write lock first (SQLite ``BEGIN IMMEDIATE``), before
        anything is read, so two writers never both build on the same previous state: the
        second waits up to the busy timeout (:meth:`set_busy_timeout`), then
        :class:`RegistryBusy`. Readers are never blocked (WAL). A transaction opened inside
        another joins it: the outer one commits or rolls back everything.
        """
        if self._depth:
            if write:
                self._join_write()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin(write)
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()
        finally:
            self._depth = 0

    def _begin(self, write: bool) -> None:
        if write:
            self._begin_write()

    def _join_write(self) -> None:
        """A write transaction inside an open one (SQLite: it joins as it is)."""

    def _begin_write(self) -> None:
        if getattr(self.conn, "in_transaction", False):
            self.conn.commit()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except Exception as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise busy(self.busy_timeout) from None
            raise

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a writer waits for another writer's lock."""
        self.busy_timeout = seconds
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def create_schema(self) -> None:
        """Bring the schema up to date: the migrations it lacks (:mod:`.migrations`)."""
        from listguard.registry import migrations

        migrations.migrate(self)

    def tables(self) -> set[str]:
        """The tables the database holds."""
        return {r[0] for r in self.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def columns(self, table: str) -> set[str]:
        """The columns of ``table`` (none if there is no such table)."""
        return {r[1] for r in self.fetch(f"PRAGMA table_info({table})")}

    # --- meta ---------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self.fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.execute("DELETE FROM meta WHERE key = ?", (key,))
        self.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- writes -------------------------------------------------------------------------------

    def upsert_lists(self, lists: Iterable[ListInfo]) -> None:
        for lst in lists:
            self.execute("DELETE FROM lists WHERE id = ?", (lst.id,))
            self.execute(
                "INSERT INTO lists (id, name, authority, regime, url, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (lst.id, lst.name, lst.authority, lst.regime, lst.url, lst.description),
            )

    def delete_version_rows(self, version_id: int | None) -> None:
        """Delete the rows one version (or, with None, the curated data) contributed."""
        cond = "version_id IS NULL" if version_id is None else "version_id = ?"
        params: tuple[Any, ...] = () if version_id is None else (version_id,)
        for table in ("entities", "names", "identifiers", "links", "events"):
            # accepted news proposals (migration 0005) are no curated rows: a refresh keeps them
            extra = " AND proposal IS NULL" if table == "events" and version_id is None else ""
            self.execute(f"DELETE FROM {table} WHERE {cond}{extra}", params)

    def insert_entities(self, rows: Iterable[Entity], version_id: int | None = None) -> None:
        self.executemany(
            "INSERT INTO entities (id, name, kind, country, note, version_id, born, countries, "
            "birth_places, gender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((e.id, e.name, e.kind, e.country, e.note, version_id, e.born, e.countries,
              e.birth_places, e.gender) for e in rows),
        )

    def insert_names(self, rows: Iterable[Name], version_id: int | None = None) -> None:
        self.executemany(
            "INSERT INTO names (entity_id, name, kind, lang, source, key, strict_key, version_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((n.entity_id, n.name, n.kind.value, n.lang, n.source, name_key(n.name),
              strict_name_key(n.name), version_id) for n in rows),
        )

    def insert_identifiers(
        self, rows: Iterable[Identifier], version_id: int | None = None
    ) -> None:
        self.executemany(
            "INSERT INTO identifiers (entity_id, scheme, value, source, key, version_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((i.entity_id, i.scheme.value, i.value, i.source, identifier_key(i.scheme, i.value),
              version_id) for i in rows),
        )

    def insert_links(self, rows: Iterable[Link], version_id: int | None = None) -> None:
        self.executemany(
            "INSERT INTO links (subject_id, relation, object_id, source, version_id) "
            "VALUES (?, ?, ?, ?, ?)",
            ((lk.subject_id, lk.relation, lk.object_id, lk.source, version_id) for lk in rows),
        )

    def insert_events(self, rows: Iterable[Event], version_id: int | None = None) -> None:
        self.executemany(
            "INSERT INTO events (entity_id, list_id, kind, effective, published, citation, "
            "confirmed, listed_name, list_entry_id, note, seq, version_id, first_seen, "
            "seen_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((e.entity_id, e.list_id, e.kind.value, e.effective.isoformat(),
              e.published.isoformat(), e.citation, int(e.confirmed), e.listed_name,
              e.list_entry_id, e.note, e.seq, version_id, int(e.first_seen),
              e.seen_after.isoformat() if e.seen_after else None) for e in rows),
        )

    def replace_coverage(self, rows: Iterable[CuratedCoverage]) -> None:
        self.execute("DELETE FROM list_coverage")
        self.executemany(
            "INSERT INTO list_coverage (list_id, complete, reviewed_to, confirmed, source, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((c.list_id, int(c.complete), c.reviewed_to.isoformat() if c.reviewed_to else None,
              int(c.confirmed), c.source, c.note) for c in rows),
        )

    # --- reads --------------------------------------------------------------------------------

    def lists(self) -> list[ListInfo]:
        rows = self.fetch(
            "SELECT id, name, authority, regime, url, description FROM lists ORDER BY id"
        )
        return [ListInfo(*r) for r in rows]

    def entity(self, entity_id: str) -> Entity | None:
        rows = self.fetch(
            "SELECT id, name, kind, country, note, born, countries, birth_places, gender "
            "FROM entities WHERE id = ?", (entity_id,)
        )
        return Entity(*rows[0]) if rows else None

    def entities(self, ids: Iterable[str]) -> list[Entity]:
        found = [self.entity(i) for i in sorted(set(ids))]
        return [e for e in found if e is not None]

    def entity_ids_by_name_key(self, key: str, *, strict: bool = False) -> set[str]:
        column = "strict_key" if strict else "key"
        rows = self.fetch(f"SELECT entity_id FROM names WHERE {column} = ?", (key,))
        return {r[0] for r in rows}

    def entity_ids_by_identifier(self, scheme: IdScheme, key: str) -> set[str]:
        rows = self.fetch(
            "SELECT entity_id FROM identifiers WHERE scheme = ? AND key = ?", (scheme.value, key)
        )
        return {r[0] for r in rows}

    def entity_ids_by_ticker_code(self, code: str) -> set[str]:
        rows = self.fetch(
            "SELECT entity_id FROM identifiers WHERE scheme = 'ticker' AND key LIKE ?",
            (f"{code}@%",),
        )
        return {r[0] for r in rows}

    def names(self, entity_id: str) -> list[Name]:
        rows = self.fetch(
            "SELECT entity_id, name, kind, lang, source FROM names WHERE entity_id = ? "
            "ORDER BY CASE kind WHEN 'primary' THEN 0 ELSE 1 END, kind, name, rowid",
            (entity_id,),
        )
        return [Name(r[0], r[1], NameKind(r[2]), r[3], r[4]) for r in rows]

    def identifiers(self, entity_id: str) -> list[Identifier]:
        rows = self.fetch(
            "SELECT entity_id, scheme, value, source FROM identifiers WHERE entity_id = ? "
            "ORDER BY rowid",
            (entity_id,),
        )
        return [Identifier(r[0], IdScheme(r[1]), r[2], r[3]) for r in rows]

    def links(self, entity_id: str) -> list[Link]:
        rows = self.fetch(
            "SELECT subject_id, relation, object_id, source FROM links "
            "WHERE subject_id = ? OR object_id = ? ORDER BY rowid",
            (entity_id, entity_id),
        )
        return [Link(*r) for r in rows]

    _EVENT_COLS = (
        "entity_id, list_id, kind, effective, published, citation, confirmed, listed_name, "
        "list_entry_id, note, seq, version_id, first_seen, seen_after"
    )

    @staticmethod
    def _event(r: Sequence[Any]) -> Event:
        return Event(
            entity_id=r[0], list_id=r[1], kind=EventKind(r[2]),
            effective=datetime.fromisoformat(r[3]), published=date.fromisoformat(r[4]),
            citation=r[5], confirmed=bool(r[6]), listed_name=r[7], list_entry_id=r[8],
            note=r[9], seq=r[10], version_id=r[11], first_seen=bool(r[12]),
            seen_after=date.fromisoformat(r[13]) if r[13] else None,
        )

    def events(self, entity_id: str) -> list[Event]:
        """The entity's own events plus whole-list events of every list it is on."""
        rows = self.fetch(
            f"SELECT {self._EVENT_COLS} FROM events WHERE entity_id = ? OR (entity_id = '' "
            "AND list_id IN (SELECT list_id FROM events WHERE entity_id = ?)) "
            "ORDER BY CASE WHEN entity_id = ? THEN 0 ELSE 1 END, id",
            (entity_id, entity_id, entity_id),
        )
        return sorted((self._event(r) for r in rows), key=lambda e: (e.effective, e.seq))

    def list_events(self, list_id: str) -> list[Event]:
        rows = self.fetch(f"SELECT {self._EVENT_COLS} FROM events WHERE list_id = ? ORDER BY id",
                          (list_id,))
        return sorted((self._event(r) for r in rows), key=lambda e: (e.effective, e.seq))

    def all_names(self) -> Iterator[tuple[str, str, NameKind]]:
        for r in self.fetch("SELECT entity_id, name, kind FROM names ORDER BY rowid"):
            yield r[0], r[1], NameKind(r[2])

    def all_identifiers(self) -> Iterator[Identifier]:
        for r in self.fetch("SELECT entity_id, scheme, value, source FROM identifiers "
                            "ORDER BY rowid"):
            yield Identifier(r[0], IdScheme(r[1]), r[2], r[3])

    def entity_profiles(self) -> Iterator[Entity]:
        """Every entity with what screening compares beside names (kind, countries, dates and
        places of birth, gender), without its note."""
        for r in self.fetch("SELECT id, name, kind, country, born, countries, birth_places, "
                            "gender FROM entities ORDER BY rowid"):
            yield Entity(r[0], r[1], r[2], r[3], born=r[4], countries=r[5], birth_places=r[6],
                         gender=r[7])

    def all_entities(self) -> Iterator[Entity]:
        for r in self.fetch("SELECT id, name, kind, country, note FROM entities ORDER BY rowid"):
            yield Entity(*r)

    def all_name_rows(self) -> Iterator[Name]:
        for r in self.fetch("SELECT entity_id, name, kind, lang, source FROM names "
                            "ORDER BY rowid"):
            yield Name(r[0], r[1], NameKind(r[2]), r[3], r[4])

    def all_links(self) -> Iterator[Link]:
        for r in self.fetch("SELECT subject_id, relation, object_id, source FROM links "
                            "ORDER BY rowid"):
            yield Link(*r)

    def entity_events(self) -> Iterator[Event]:
        """Every event of an entity (not of a whole list), in the order written."""
        for r in self.fetch(f"SELECT {self._EVENT_COLS} FROM events WHERE entity_id != '' "
                            "ORDER BY id"):
            yield self._event(r)

    def curated_coverage(self) -> dict[str, CuratedCoverage]:
        rows = self.fetch("SELECT list_id, complete, reviewed_to, confirmed, source, note "
                          "FROM list_coverage")
        return {r[0]: CuratedCoverage(r[0], bool(r[1]),
                                      date.fromisoformat(r[2]) if r[2] else None,
                                      bool(r[3]), r[4], r[5]) for r in rows}

    def curated_spans(self) -> dict[str, tuple[str, str]]:
        """Per list: the first and last effective day of its curated (shipped) events."""
        rows = self.fetch("SELECT list_id, MIN(effective), MAX(effective) FROM events "
                          "WHERE version_id IS NULL GROUP BY list_id")
        return {r[0]: (r[1][:10], r[2][:10]) for r in rows}

    def closed_lists(self) -> dict[str, str]:
        """Per list that ended as a whole (superseded or wholly removed): the day it ended."""
        rows = self.fetch("SELECT list_id, MIN(effective) FROM events WHERE entity_id = '' "
                          "AND kind IN ('superseded', 'removed') GROUP BY list_id")
        return {r[0]: r[1][:10] for r in rows}

    def list_counts(self) -> dict[str, tuple[int, str | None]]:
        """Per list: how many entities have ever been listed on it, and its newest event date."""
        rows = self.fetch(
            "SELECT list_id, COUNT(DISTINCT CASE WHEN entity_id != '' THEN entity_id END), "
            "MAX(published) FROM events GROUP BY list_id"
        )
        return {r[0]: (int(r[1]), r[2]) for r in rows}

    def version_rows(self, list_id: str | None = None) -> list[dict[str, Any]]:
        sql = f"SELECT {', '.join(VERSION_COLUMNS)} FROM versions"
        params: tuple[Any, ...] = ()
        if list_id:
            sql += " WHERE list_id = ?"
            params = (list_id,)
        return [dict(zip(VERSION_COLUMNS, r, strict=True))
                for r in self.fetch(sql + " ORDER BY id", params)]

    def newest_version_rows(self) -> list[dict[str, Any]]:
        """The newest version of each list (:meth:`version_rows` keeps them all)."""
        sql = (f"SELECT {', '.join(VERSION_COLUMNS)} FROM versions WHERE id IN "
               "(SELECT MAX(id) FROM versions GROUP BY list_id) ORDER BY id")
        return [dict(zip(VERSION_COLUMNS, r, strict=True)) for r in self.fetch(sql)]

    def entry_rows(self, version_id: int) -> dict[str, dict[str, Any]]:
        rows = self.fetch(
            "SELECT entry_id, entity_id, name, data FROM entries WHERE version_id = ? "
            "ORDER BY entry_id",
            (version_id,),
        )
        return {r[0]: {"entity_id": r[1], "name": r[2], **json.loads(r[3])} for r in rows}
