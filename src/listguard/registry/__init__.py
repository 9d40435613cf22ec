"""The registry: every listed entity, its names, identifiers and dated events, point in time.

>>> reg = Registry.open()            # the embedded SQLite registry, built from the shipped data
>>> Registry.open("postgresql://listguard@db.internal/listguard")   # or in PostgreSQL
>>> reg.resolve("1810.HK").entity.name
'Xiaomi Corporation'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from listguard import settings
from listguard.errors import ListguardError
from listguard.model import (
    Coverage,
    Entity,
    Event,
    Identifier,
    IdScheme,
    Link,
    ListInfo,
    Name,
    NameKind,
)
from listguard.normalize import isin_valid, name_key, strict_name_key, ticker_key
from listguard.registry.coverage import list_coverage
from listguard.registry.store import RegistryBusy, SQLStore, identifier_key, redact
from listguard.sources import curated

CURATED_HASH = "curated_hash"


__all__ = ["BadQuery", "Registry", "RegistryBusy", "Resolution", "default_path"]


class BadQuery(ListguardError, ValueError):
    """A query that cannot be looked up at all (empty, or only punctuation)."""


@dataclass
class Resolution:
    """What a query resolved to: one entity, several candidates, or nothing."""

    query: str
    entity: Entity | None = None
    candidates: list[Entity] = field(default_factory=list)
    matched_by: str = ""
    """``isin``, ``ticker`` or ``name``: how the query met the entity."""

    @property
    def ambiguous(self) -> bool:
        return self.entity is None and len(self.candidates) > 1


def default_path() -> Path:
    """``$LISTGUARD_DB``, else ``$XDG_DATA_HOME/listguard/registry.sqlite``."""
    return settings.db_path()


def connect_sqlite(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level="DEFERRED")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


class Registry:
    """Queries over a :class:`~listguard.registry.store.SQLStore`."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store

    @classmethod
    def open(cls, path: Path | str | None = None) -> Registry:
        """Open (creating or refreshing from the shipped data if needed) a registry.

        ``path`` is a SQLite file path or a PostgreSQL URL (``postgresql://user@host:port/db``
        or ``postgres://``; the database must exist, its tables are made on first use). Any
        other URL is refused. Default: ``$LISTGUARD_DB``, else the user's SQLite file.
        """
        target = str(path) if path is not None else settings.db_target()
        store: SQLStore
        if target.startswith(("postgresql://", "postgres://")):
            from listguard.registry.pg import open_store

            store = open_store(target)
        elif "://" in target or target.startswith(("postgresql:", "postgres:")):
            scheme = target.split(":", 1)[0]
            raise BadQuery(f"--db {redact(target)!r}: {scheme} databases are not supported; "
                           "give a SQLite file path or a postgresql:// URL")
        else:
            file = Path(target)
            if file.is_dir():
                raise BadQuery(f"--db {target!r} is a folder; give a SQLite file path")
            try:
                store = SQLStore(connect_sqlite(file))
            except sqlite3.DatabaseError as exc:
                raise BadQuery(f"--db {target!r}: not a listguard registry ({exc})") from None
        store.create_schema()
        reg = cls(store)
        reg.refresh_curated()
        return reg

    def close(self) -> None:
        self.store.conn.close()

    def refresh_curated(self, force: bool = False) -> bool:
        """Rebuild the curated part if the shipped data changed. Atomic. True if rebuilt."""
        digest = curated.content_hash()
        if not force and self.store.get_meta(CURATED_HASH) == digest:
            return False
        data = curated.load()
        names = [Name(e.id, e.name, NameKind.PRIMARY) for e in data.entities] + data.names
        with self.store.transaction(write=True):
            if not force and self.store.get_meta(CURATED_HASH) == digest:
                return False  # another process rebuilt it while this one waited
            self.store.delete_version_rows(None)
            self.store.upsert_lists(data.lists)
            self.store.insert_entities(data.entities)
            self.store.insert_names(names)
            self.store.insert_identifiers(data.identifiers)
            self.store.insert_links(data.links)
            self.store.insert_events(data.events)
            self.store.replace_coverage(data.coverage)
            self.store.set_meta(CURATED_HASH, digest)
        return True

    # --- lookups ------------------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        """Exact lookup: ISIN, then ticker, then normalized name, then a bare ticker code."""
        text = query.strip()
        if not text or not name_key(text).strip():
            raise BadQuery("the query is empty; give a company name, ticker or ISIN")
        found: set[str] = set()
        how = ""
        if isin_valid(text):
            found, how = self.store.entity_ids_by_identifier(IdScheme.ISIN, text.upper()), "isin"
        ticker = ticker_key(text)
        if not found and ticker is not None:
            code, market = ticker
            if market is not None:
                found = self.store.entity_ids_by_identifier(IdScheme.TICKER, f"{code}@{market}")
            elif code.isdigit():
                found = self.store.entity_ids_by_ticker_code(code)
            how = "ticker" if found else how
        if not found:
            found = self.store.entity_ids_by_name_key(strict_name_key(text), strict=True)
            found = found or self.store.entity_ids_by_name_key(name_key(text))
            how = "name"
        if not found and ticker is not None and ticker[1] is None:
            found, how = self.store.entity_ids_by_ticker_code(ticker[0]), "ticker"
        entities = self.store.entities(found)
        if len(entities) == 1:
            return Resolution(query, entities[0], entities, how)
        return Resolution(query, None, entities, how if entities else "")

    def entity(self, entity_id: str) -> Entity:
        found = self.store.entity(entity_id)
        if found is None:
            raise KeyError(entity_id)
        return found

    def names(self, entity_id: str) -> list[Name]:
        return self.store.names(entity_id)

    def identifiers(self, entity_id: str) -> list[Identifier]:
        return self.store.identifiers(entity_id)

    def links(self, entity_id: str) -> list[Link]:
        return self.store.links(entity_id)

    def events(self, entity_id: str) -> list[Event]:
        """Events of the entity and of the whole lists it is on, in order."""
        return self.store.events(entity_id)

    def lists(self) -> list[ListInfo]:
        return self.store.lists()

    def coverage(self, known_at: datetime | None = None) -> dict[str, Coverage]:
        """Per list, how far its data goes (as known at ``known_at``): see
        :mod:`listguard.registry.coverage`."""
        return list_coverage(self.store, self.lists(), known_at)

    def list_info(self, list_id: str) -> ListInfo | None:
        return next((lst for lst in self.lists() if lst.id == list_id), None)

    def all_names(self) -> Iterator[tuple[str, str, NameKind]]:
        return self.store.all_names()

    def all_identifiers(self) -> Iterator[Identifier]:
        return self.store.all_identifiers()

    def entity_profiles(self) -> Iterator[Entity]:
        """Every entity with what screening compares beside names (no note)."""
        return self.store.entity_profiles()

    def identifier_lookup(self, scheme: IdScheme, value: str) -> set[str]:
        return self.store.entity_ids_by_identifier(scheme, identifier_key(scheme, value))
