"""What the service holds between requests: the registry it serves, one core per thread,
and the screening index, built once and shared.

Each thread that answers requests gets its own core (a database connection is one thread's),
all of them sharing one built matcher. Before each request the registry's *generation* (its
newest list version and curated-data hash) is read: when another request or another worker
process has imported a list since, the matcher is built anew (from the on-disk index cache
when it can be).
"""

from __future__ import annotations

import threading
from pathlib import Path

from listguard.api.check import Checker
from listguard.api.core import Listguard
from listguard.matching.matcher import Matcher
from listguard.registry import CURATED_HASH, Registry


class ServiceState:
    """The registry ``db`` the service answers from."""

    def __init__(self, db: str | Path | None) -> None:
        self.db = db
        self._local = threading.local()
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None
        self._generation: tuple[object, ...] | None = None
        self.open_core()  # fail at start, not at the first request, if the db is wrong

    def open_core(self) -> Listguard:
        """A new core over the registry (for a background job, or this thread)."""
        core = Listguard.open(self.db, audit_reads=True)
        core.registry  # noqa: B018 - opens (and if needed builds) the registry now
        return core

    def core(self, actor: str) -> Listguard:
        """This thread's core, asked by ``actor``, with an up-to-date shared matcher."""
        local = self._local
        base: Listguard | None = getattr(local, "core", None)
        if base is None:
            base = local.core = self.open_core()
            local.generation = None
        generation = self.generation(base.registry)
        if local.generation != generation:
            base._checker = Checker(base.registry, self.matcher(base.registry, generation))
            local.generation = generation
        return base.as_actor(actor)

    @staticmethod
    def generation(reg: Registry) -> tuple[object, ...]:
        newest = reg.store.fetch("SELECT MAX(id) FROM versions")[0][0]
        return newest, reg.store.get_meta(CURATED_HASH)

    def matcher(self, reg: Registry, generation: tuple[object, ...]) -> Matcher:
        with self._lock:
            if self._matcher is None or self._generation != generation:
                from listguard.screening.adapter import matcher_from_registry

                self._matcher = matcher_from_registry(reg)
                self._generation = generation
            return self._matcher
