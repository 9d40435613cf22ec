"""The one place the screening front-end talks to the registry and the rules.

Everything else in :mod:`listguard.screening` works on a :class:`~listguard.matching.Matcher`
and an :data:`Annotator`, so it can be tested with fakes and rewired here if the registry's
API moves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from listguard.matching.matcher import Matcher
    from listguard.registry import Registry


@dataclass(frozen=True, slots=True)
class Status:
    """What the registry says about a matched entity at the screening instant."""

    name: str
    lists: tuple[str, ...]
    """List ids the entity is on at ``on`` (pending, in force or enjoined)."""
    buy: str
    """The verdict for buying its securities (``allowed``, ``unknown``, ``license_required``,
    ``prohibited``), or empty when the rules give none."""


Annotator = Callable[[Iterable[str], datetime, "datetime | None"], dict[str, Status]]
"""``annotate(entity_ids, on, known_at) -> {entity_id: Status}``."""


def matcher_from_registry(reg: Registry) -> Matcher:
    """A matcher over every name and identifier in the registry, with each entity's country,
    kind (company, person, vessel ...), dates and places of birth, countries and gender (built
    index cached on disk for large registries, see :mod:`listguard.matching.cache`)."""
    from listguard.matching.cache import cached_build
    from listguard.matching.types import PersonFacts

    names = list(reg.all_names())
    identifiers = [(i.entity_id, i.scheme, i.value) for i in reg.all_identifiers()]
    profiles = list(reg.entity_profiles())
    countries = {e.id: e.country for e in profiles if e.country}
    kinds = {e.id: e.kind for e in profiles if e.kind}
    births = {e.id: tuple(e.born.split(";")) for e in profiles if e.born}
    people = {e.id: PersonFacts(_split(e.countries), _split(e.birth_places), e.gender)
              for e in profiles if e.countries or e.birth_places or e.gender}
    return cached_build(names, identifiers, countries, kinds, births, people)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(";") if part)


def registry_annotator(reg: Registry) -> Annotator:
    """An :data:`Annotator` backed by ``listguard.rules.assess_entity``."""
    from listguard.model import Activity
    from listguard.rules import assess_entity

    def annotate(entity_ids: Iterable[str], on: datetime,
                 known_at: datetime | None) -> dict[str, Status]:
        out: dict[str, Status] = {}
        coverage = reg.coverage(known_at)
        for eid in set(entity_ids):
            try:
                status = assess_entity(reg, eid, on, known_at, coverage)
            except KeyError:
                out[eid] = Status(eid, (), "")
                continue
            verdict = status.verdicts.get(Activity.BUY)
            out[eid] = Status(status.entity.name, tuple(status.lists_in_force),
                              verdict.value if verdict is not None else "")
        return out

    return annotate


def coverage_gaps(reg: Registry, on: datetime, known_at: datetime | None) -> list[str]:
    """The coverage gaps under a screening's ``buy`` verdicts and no-match rows, in words."""
    from listguard.model import Activity
    from listguard.rules.failsafe import coverage_for

    return coverage_for(reg.coverage(known_at), Activity.BUY, on, known_at)[1]
