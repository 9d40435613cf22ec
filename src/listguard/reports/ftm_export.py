"""Export the registry to FollowTheMoney JSON lines, for OpenSanctions-ecosystem tools."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from listguard.model import EventKind
from listguard.registry import Registry
from listguard.sources.ftm import write_ftm


def registry_objects(reg: Registry) -> Iterator[object]:
    """Every list, entity, name, identifier, link and event of the registry, as model objects."""
    store = reg.store
    yield from reg.lists()
    yield from store.all_entities()
    yield from store.all_name_rows()
    yield from store.all_identifiers()
    yield from store.all_links()
    for event in store.entity_events():
        if event.kind is not EventKind.NOTE:
            yield event


def export_registry(reg: Registry, fh: TextIO) -> int:
    """Write the registry as FtM entities; returns how many were written."""
    return write_ftm(registry_objects(reg), fh)
