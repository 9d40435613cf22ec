"""Export the registry to FollowTheMoney JSON lines, for OpenSanctions-ecosystem tools."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from listguard.model import Entity, Event, EventKind, Identifier, IdScheme, Link, Name, NameKind
from listguard.registry import Registry
from listguard.sources.ftm import write_ftm


def registry_objects(reg: Registry) -> Iterator[object]:
    """Every list, entity, name, identifier, link and event of the registry, as model objects."""
    store = reg.store
    yield from reg.lists()
    for r in store.fetch("SELECT id, name, kind, country, note FROM entities"):
        yield Entity(*r)
    for entity_id, name, kind, lang, source in store.fetch(
        "SELECT entity_id, name, kind, lang, source FROM names"
    ):
        yield Name(entity_id, name, NameKind(kind), lang, source)
    for entity_id, scheme, value, source in store.fetch(
        "SELECT entity_id, scheme, value, source FROM identifiers"
    ):
        yield Identifier(entity_id, IdScheme(scheme), value, source)
    for r in store.fetch("SELECT subject_id, relation, object_id, source FROM links"):
        yield Link(*r)
    for event in store.fetch(f"SELECT {store._EVENT_COLS} FROM events WHERE entity_id != ''"):
        parsed: Event = store._event(event)
        if parsed.kind is not EventKind.NOTE:
            yield parsed


def export_registry(reg: Registry, fh: TextIO) -> int:
    """Write the registry as FtM entities; returns how many were written."""
    return write_ftm(registry_objects(reg), fh)
