"""What every executor screens with, built once on the driver.

A :class:`ScreeningIndex` is the matcher the local engine uses (the registry's names and
identifiers, :func:`listguard.screening.adapter.matcher_from_registry`) and what the rules
say of *every* listed party at the screening instant (``on``, as known at ``known_at``): its
name, its lists and its ``buy`` verdict. The local engine asks the rules only about the
parties its rows met; an executor cannot reach the registry, so the driver asks about all of
them first (a few thousand parties: seconds) and the answers travel with the matcher. Each
answer depends only on the party and the instant, so a row gets the same answer either way.

The index is pickled once on the driver (:func:`payload`) and broadcast; each Python worker
unpickles it once (:func:`load`) and keeps it for every later task, the way the local
engine's worker processes load theirs from a file (:mod:`listguard.matching.workers`).
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from listguard.matching.matcher import Matcher
from listguard.screening.adapter import Annotator, Status


@dataclass(frozen=True)
class ScreeningIndex:
    """The matcher, and each listed party's status at the screening instant."""

    matcher: Matcher
    statuses: dict[str, Status]
    on: datetime
    known_at: datetime | None
    facts: dict[str, int] = field(default_factory=dict)
    """Sizes for the run's manifest: entities, names."""

    def annotate(self, entity_ids: Iterable[str], on: datetime,
                 known_at: datetime | None) -> dict[str, Status]:
        """An :data:`~listguard.screening.adapter.Annotator` over the statuses computed on the
        driver (``on`` and ``known_at`` were fixed when the index was built)."""
        if on != self.on or known_at != self.known_at:
            raise ValueError("the index was built for another screening instant")
        return {e: self.statuses.get(e, Status(e, (), "")) for e in entity_ids}


def build_index(matcher: Matcher, annotator: Annotator, on: datetime,
                known_at: datetime | None) -> ScreeningIndex:
    """The index over ``matcher``, every party it knows annotated at ``on``/``known_at``."""
    entity_ids = list(matcher.index.entity_ids)
    statuses = annotator(entity_ids, on, known_at)
    facts = {"entities": len(entity_ids), "names": len(matcher.index.names)}
    return ScreeningIndex(matcher, dict(statuses), on, known_at, facts)


@dataclass(frozen=True)
class Payload:
    """The pickled index and its SHA-256 (the key under which workers keep it loaded)."""

    data: bytes
    sha256: str


def payload(index: ScreeningIndex) -> Payload:
    data = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    return Payload(data, hashlib.sha256(data).hexdigest())


_LOADED: dict[str, ScreeningIndex] = {}
"""Indexes this Python worker has unpickled, by SHA-256 (the newest only)."""


def load(key: str, data: bytes) -> ScreeningIndex:
    """The index ``data`` holds, unpickled once per worker process. ``data`` is the driver's
    own pickle, broadcast by Spark to its executors; its SHA-256 is checked against ``key``."""
    found = _LOADED.get(key)
    if found is not None:
        return found
    if hashlib.sha256(data).hexdigest() != key:
        raise ValueError("the broadcast screening index does not match its SHA-256")
    index = pickle.loads(data)  # the driver's pickle of a ScreeningIndex (checked above)
    if not isinstance(index, ScreeningIndex):
        raise TypeError("the broadcast screening index is not a ScreeningIndex")
    _LOADED.clear()
    _LOADED[key] = index
    gc.freeze()  # the index lives as long as the worker: no collection need walk it again
    return index
