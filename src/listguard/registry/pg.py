"""PostgreSQL as the registry's database: :class:`PgStore` over a psycopg 3 connection.

``Registry.open("postgresql://user@host:port/db")`` (or ``postgres://``; any libpq URL, such
as ``postgresql://user@/db?host=/run/postgresql`` for a unix socket) opens the registry in an
existing database, making its tables on first use (:mod:`listguard.registry.migrations`). It
answers exactly as a SQLite file does; where the two databases differ, this module and the
migrations' tokens say how:

- the connection is in autocommit mode and :meth:`PgStore.transaction` sends ``BEGIN`` itself,
  so no reader ever sits idle in a transaction;
- a write transaction takes the registry's write lock first, a transaction-level advisory
  lock (``pg_advisory_xact_lock``), as SQLite's ``BEGIN IMMEDIATE`` does: one writer at a
  time, the second waiting up to the busy timeout (``lock_timeout``), then
  :class:`~listguard.registry.store.RegistryBusy`. A transaction opened without ``write``
  takes the same lock before its first change, as SQLite does;
- many rows are inserted with ``COPY`` (a full SDN import is a few seconds);
- text compares by code point (``COLLATE "C"`` in the migrations), as in SQLite, and rows
  come back in the order written (``ORDER BY rowid``: the migrations give each table read
  that way a ``rowid``). ``LIKE`` is case-sensitive here and not in SQLite: the registry's
  one ``LIKE`` (a ticker code in ``code@market`` keys) compares upper-cased text on both;
- version ids are numbered as SQLite numbers rows (highest + 1, under the write lock), so a
  rolled-back import leaves no gap;
- a server that cannot be reached, a wrong password, a database not in UTF-8 or one where the
  tables cannot be made is a one-line :class:`~listguard.registry.BadQuery` (exit 2) that
  never shows the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict

from listguard.registry.store import SQLStore, busy, redact

LOCK_KEY = 0x6C697374_67756172
"""The advisory lock that is the registry's write lock (any fixed number; one per database)."""
CONNECT_TIMEOUT = 10
"""Seconds to wait for the server unless the URL says (``connect_timeout``)."""
COPY_FROM = 50
"""Rows from which an insert goes through ``COPY`` rather than one statement per row."""

_INSERT = re.compile(r"^INSERT INTO (\w+) \(([\w, ]+)\) VALUES \((?:%s, )*%s\)$")


def one_line(exc: BaseException, secret: str | None = None) -> str:
    """A psycopg error as one line (libpq's messages run over several), never showing
    ``secret`` (a password libpq may quote back from a malformed URL)."""
    text = " ".join(str(exc).split())
    if secret:
        text = text.replace(secret, "***")
    return text[:400] or type(exc).__name__


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def open_store(url: str) -> PgStore:
    """A store over a new connection to ``url``; a BadQuery (exit 2) if there is none."""
    from listguard.registry import BadQuery

    where = redact(url)
    defaults: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT,
                                "application_name": "listguard"}
    try:
        given = conninfo_to_dict(url)
        conn = psycopg.connect(url, autocommit=True, client_encoding="UTF8",
                               **{k: v for k, v in defaults.items() if k not in given})
    except psycopg.Error as exc:
        raise BadQuery(f"--db {where!r}: cannot connect to PostgreSQL: "
                       f"{one_line(exc, _password(url))}") from None
    encoding = conn.execute("SHOW server_encoding").fetchone()
    if not encoding or str(encoding[0]).upper() not in ("UTF8", "UTF-8"):
        conn.close()
        raise BadQuery(f"--db {where!r}: the database's encoding is {encoding and encoding[0]}; "
                       "listguard needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8')")
    return PgStore(conn, where)


class PgStore(SQLStore):
    """:class:`~listguard.registry.store.SQLStore` over PostgreSQL (module doc)."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any], where: str = "") -> None:
        super().__init__(conn, ph="%s")
        self.where = where
        self._locked = False

    def q(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        text = self.q(sql)
        with self._writing(text):
            self.conn.execute(text, tuple(params))

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        insert = _INSERT.match(sql)
        with self._writing(sql):
            if insert and len(rows) >= COPY_FROM:
                with self.conn.cursor().copy(
                        f"COPY {insert.group(1)} ({insert.group(2)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                self.conn.cursor().executemany(sql, rows)

    @contextmanager
    def _writing(self, sql: str) -> Iterator[None]:
        """Take the write lock before a transaction's first change; a lock wait that runs
        out is RegistryBusy."""
        if self._depth and not self._locked and sql.lstrip()[:6].upper() != "SELECT":
            self._lock()
        try:
            yield
        except pgerrors.LockNotAvailable:
            raise busy(self.busy_timeout) from None

    # --- transactions -------------------------------------------------------------------------

    def _begin(self, write: bool) -> None:
        self._locked = False
        self.conn.execute("BEGIN")
        if write:
            try:
                self._lock()
            except BaseException:
                self.conn.rollback()
                raise

    def _join_write(self) -> None:
        if not self._locked:
            self._lock()

    def _lock(self) -> None:
        ms = int(self.busy_timeout * 1000)
        try:
            if ms <= 0:
                got = self.conn.execute("SELECT pg_try_advisory_xact_lock(%s)",
                                        (LOCK_KEY,)).fetchone()
                if not got or not got[0]:
                    raise busy(self.busy_timeout)
            else:
                self.conn.execute(f"SET LOCAL lock_timeout = {ms}")
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        except pgerrors.LockNotAvailable:
            raise busy(self.busy_timeout) from None
        self._locked = True

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a writer waits for another writer's lock (``lock_timeout``)."""
        self.busy_timeout = seconds

    # --- the catalog --------------------------------------------------------------------------

    def create_schema(self) -> None:
        from listguard.registry import BadQuery

        try:
            super().create_schema()
        except psycopg.Error as exc:
            raise BadQuery(f"--db {self.where!r}: cannot make the registry's tables: "
                           f"{one_line(exc)}") from None

    def tables(self) -> set[str]:
        return {r[0] for r in self.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}

    def columns(self, table: str) -> set[str]:
        return {r[0] for r in self.fetch(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?", (table,))}
