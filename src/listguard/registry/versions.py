"""Versions of imported lists: atomic, idempotent imports, merging into entities, and diffs.

An import takes the entries a source file yields (``model.ListEntry``), groups them by list, and
for each list whose content changed writes one new version in a single transaction:

- the entries as printed (table ``entries``), so every version stays queryable and diffable;
- each entry merged into an entity: first on a shared identifier (ISIN, OFAC entity number,
  ticker, LEI, USCC), then on an exact normalized name that points to exactly one entity;
  never on a fuzzy guess. Otherwise a new entity ``<list>-<entry id>`` is made;
- names and identifiers the entity did not have yet;
- events: a listing date the source states; otherwise, for a new entry, "first seen" at the
  version's date, and for an entry gone since the previous version, "no longer listed".
  An event the registry already has (same entity, list, kind and day) is not repeated.

The whole import is one transaction: interrupted at any point, the registry stays as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from listguard.model import (
    DatedBy,
    Entity,
    Event,
    EventKind,
    Identifier,
    IdScheme,
    ListEntry,
    ListInfo,
    Name,
    NameKind,
)
from listguard.normalize import name_key
from listguard.registry import Registry
from listguard.registry.coverage import version_day as stored_version_day
from listguard.registry.store import identifier_key
from listguard.sources.errors import SourceError
from listguard.timeutil import at_ny, now, ny_date

MERGE_SCHEMES = (IdScheme.ISIN, IdScheme.OFAC_ENT, IdScheme.LEI, IdScheme.USCC, IdScheme.TICKER)



@dataclass
class ListImport:
    list_id: str
    version_id: int | None
    entries: int
    added: int = 0
    removed: int = 0
    unchanged: bool = False
    new_entities: int = 0
    merged: int = 0
    note: str = ""
    """How the version was taken when not as a plain new full version (partial, historical)."""


@dataclass
class ImportResult:
    source: str
    lists: list[ListImport] = field(default_factory=list)


def entry_payload(entry: ListEntry) -> dict[str, Any]:
    """The printed content of an entry, as stored and compared between versions."""
    return {
        "name": entry.name,
        "kind": entry.entity_kind,
        "aliases": sorted({a for a, _ in entry.aliases}),
        "identifiers": sorted({f"{s.value}:{v}" for s, v in entry.identifiers}),
        "programs": sorted(entry.programs),
        "country": entry.country,
        "linked_to": sorted(entry.linked_to),
        "dates": sorted(f"{k.value}:{d.isoformat()}:{n}" for k, d, n in entry.events),
        "remarks": entry.remarks,
    }


def content_hash(payloads: dict[str, dict[str, Any]]) -> str:
    blob = json.dumps(payloads, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


class MergeIndex:
    """The merge rule, alone: which known entity a list entry belongs to.

    A shared identifier (``MERGE_SCHEMES``) naming exactly one entity first; then, for a
    company, an exact normalized name naming exactly one entity. Never a fuzzy guess, never a
    person on a name alone (many people share one), never an acronym ("CEC Limited" is not
    China Electronics Corp.), and never two entries of one list into one entity (``claim``).
    The importer below and the screening benchmark both merge through this class.
    """

    def __init__(self) -> None:
        self.by_id: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.claimed: set[str] = set()
        """Entities that already carry an entry of the list being merged."""

    def add_identifier(self, entity_id: str, scheme: IdScheme, value: str) -> None:
        self.by_id[(scheme.value, identifier_key(scheme, value))].add(entity_id)

    def add_name(self, entity_id: str, name: str, kind: NameKind) -> None:
        if kind != NameKind.ACRONYM:
            self.by_name[name_key(name)].add(entity_id)

    def find(self, entry: ListEntry) -> str | None:
        """The entity ``entry`` belongs to (and claim it), or None for a new one."""
        ids = list(entry.identifiers)
        if entry.list_id.startswith("ofac"):
            ids.append((IdScheme.OFAC_ENT, entry.entry_id))
        for scheme, value in ids:
            if scheme not in MERGE_SCHEMES:
                continue
            found = self.by_id.get((scheme.value, identifier_key(scheme, value)), set())
            found = found - self.claimed
            if len(found) == 1:
                return self.claim(next(iter(found)))
        if entry.entity_kind != "company":
            return None
        found = self.by_name.get(name_key(entry.name), set())
        if len(found) == 1 and not found & self.claimed:
            return self.claim(next(iter(found)))
        return None

    def claim(self, entity_id: str) -> str:
        self.claimed.add(entity_id)
        return entity_id


class Merger(MergeIndex):
    """Finds the entity an entry belongs to (:class:`MergeIndex`), and collects what the
    import adds.

    Everything the merge needs is read from the store once, into dictionaries, and every row
    the import adds is written in batches: a full SDN import is a few seconds, not minutes.
    """

    def __init__(self, reg: Registry, version_id: int) -> None:
        super().__init__()
        store = reg.store
        self.store = store
        self.version_id = version_id
        self.ids_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for entity_id, scheme, key in store.fetch(
            "SELECT entity_id, scheme, key FROM identifiers"
        ):
            self.by_id[(scheme, key)].add(entity_id)
            self.ids_of[entity_id].add((scheme, key))
        self.names_of: dict[str, set[str]] = defaultdict(set)
        for entity_id, name, key, kind in store.fetch(
            "SELECT entity_id, name, key, kind FROM names"
        ):
            if kind != NameKind.ACRONYM.value:  # "CEC Limited" is not China Electronics Corp.
                self.by_name[key].add(entity_id)
            self.names_of[entity_id].add(name)
        self.entities = {r[0] for r in store.fetch("SELECT id FROM entities")}
        self.event_keys = {
            (r[0], r[1], r[2], r[3][:10])
            for r in store.fetch("SELECT entity_id, list_id, kind, effective FROM events")
        }
        self.new_entities: list[Entity] = []
        self.new_names: list[Name] = []
        self.new_ids: list[Identifier] = []
        self.new_events: list[Event] = []
        self.new_entries: list[tuple[Any, ...]] = []

    def add_entity(self, entity: Entity) -> bool:
        if entity.id in self.entities:
            return False
        self.entities.add(entity.id)
        self.new_entities.append(entity)
        return True

    def add_names(self, entity_id: str, entry: ListEntry) -> None:
        names = [(entry.name, NameKind.LISTED), *entry.aliases]
        have = self.names_of[entity_id]
        for name, kind in names:
            if name and name not in have:
                have.add(name)
                self.add_name(entity_id, name, kind)
                self.new_names.append(Name(entity_id, name, kind, source=entry.list_id))

    def add_identifiers(self, entity_id: str, entry: ListEntry) -> None:
        ids = [(IdScheme.OFAC_ENT, entry.entry_id)] if entry.list_id.startswith("ofac") else []
        have = self.ids_of[entity_id]
        for scheme, value in [*ids, *entry.identifiers]:
            key = (scheme.value, identifier_key(scheme, value))
            if key not in have:
                have.add(key)
                self.by_id[key].add(entity_id)
                self.new_ids.append(Identifier(entity_id, scheme, value, entry.list_id))

    def add_event(self, event: Event) -> None:
        key = (event.entity_id, event.list_id, event.kind.value,
               event.effective.isoformat()[:10])
        if key not in self.event_keys:
            self.event_keys.add(key)
            self.new_events.append(event)

    def flush(self) -> None:
        store, vid = self.store, self.version_id
        store.insert_entities(self.new_entities, vid)
        store.insert_names(self.new_names, vid)
        store.insert_identifiers(self.new_ids, vid)
        store.insert_events(self.new_events, vid)
        store.executemany(
            "INSERT INTO entries (version_id, list_id, entry_id, entity_id, name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)", self.new_entries,
        )
        for batch in (self.new_entities, self.new_names, self.new_ids, self.new_events,
                      self.new_entries):
            batch.clear()


FLUSH_EVERY = 2000


MIN_ENTRIES = {
    "ofac-sdn": 5000,  # 8,976 entries in July 2021, 14,965 in May 2024
    "bis-entity-list": 300,  # over 1,000 entries since 2019 (Huawei's affiliates alone: 150)
    "bis-meu": 50,  # 103 entries when created, Dec 23, 2020 (85 FR 83793)
    "ofac-ns-cmic": 50,  # 59 entries in the EO 14032 Annex, 68 by Dec 2025
}
"""Fewer entries than the whole list has ever held, for the lists whose coverage decides an
answer (``rules.failsafe.DECIDING``)."""


@dataclass(frozen=True, slots=True)
class ImportPolicy:
    """What an import refuses unless told otherwise."""

    max_removed_share: float = 0.10
    """A new full version may remove at most this share of the entries the list's previous
    full version held; more is refused unless ``allow_removals`` (a truncated or wrong file
    must not silently delist thousands)."""
    min_refused: int = 10
    """Fewer removals than this are never refused: a small list changes by whole entries (the
    one FSE entry of April 2025 was gone by December)."""
    allow_removals: bool = False
    min_entries: Mapping[str, int] = field(default_factory=lambda: dict(MIN_ENTRIES))
    """A file that claims a whole list but holds fewer entries than this is taken as partial
    (a sample or an extract): it adds what it shows and covers nothing."""
    earliest: date = date(1950, 1, 1)
    """Publication dates before this are refused (a typo such as 0001-01-01)."""
    future_days: int = 7
    """Publication dates more than this many days ahead of today are refused."""


DEFAULT_POLICY = ImportPolicy()


@dataclass
class _Import:
    """What one import call shares across its lists."""

    reg: Registry
    source: str
    published: date | None
    imported: datetime
    dated_by: DatedBy
    covers: tuple[str, ...]
    policy: ImportPolicy
    done: int = 0

    @property
    def day(self) -> date:
        return self.published or ny_date(self.imported)


def import_entries(
    reg: Registry,
    entries: Iterable[ListEntry],
    *,
    source: str,
    published: date | None = None,
    lists: Iterable[ListInfo] = (),
    covers: Iterable[str] = (),
    imported: datetime | None = None,
    dated_by: DatedBy | None = None,
    policy: ImportPolicy | None = None,
) -> ImportResult:
    """Import entries as new versions of their lists. Atomic, idempotent, serialized.

    ``covers`` names the lists the source is complete for: only a version of such a list is a
    full snapshot — it can remove entries (a covered list with no entry in the source gets an
    empty version), and it covers absence from the list (see
    :mod:`listguard.registry.coverage`). A version of any other list is partial: it adds what
    it shows and removes nothing. A full version that would remove more than
    ``policy.max_removed_share`` of the previous full version is refused. A file older than
    the list's newest version is stored in its place in time and removes nothing. A version
    is dated ``published`` (``dated_by`` says where that date came from: the file by default)
    or, without one, by the import time, and says so.

    The whole import is one write transaction, taken before anything is read (one writer at
    a time): raises :class:`~listguard.registry.store.RegistryBusy` when another writer holds
    the registry longer than the store's busy timeout.
    """
    ctx = _Import(reg, source, published, imported or now(),
                  (dated_by or DatedBy.FILE) if published else DatedBy.IMPORT_TIME,
                  tuple(covers), policy or ImportPolicy())
    _check_date(ctx)
    by_list: dict[str, dict[str, ListEntry]] = defaultdict(dict)
    for entry in entries:
        by_list[entry.list_id][entry.entry_id] = entry
    result = ImportResult(source)
    store = reg.store
    with store.transaction(write=True):
        store.upsert_lists(lists)
        known_lists = {lst.id for lst in store.lists()}
        for list_id in ctx.covers:
            if list_id not in by_list and store.version_rows(list_id):
                by_list[list_id] = {}
        for list_id in sorted(by_list):
            if list_id not in known_lists:
                store.upsert_lists([ListInfo(list_id, list_id, "", "listed_only")])
            result.lists.append(_import_list(ctx, list_id, by_list[list_id]))
    return result


def _check_date(ctx: _Import) -> None:
    if ctx.published is None:
        return
    latest = ny_date(now()) + timedelta(days=ctx.policy.future_days)
    if not ctx.policy.earliest <= ctx.published <= latest:
        raise SourceError(None, f"{ctx.source}: publication date {ctx.published} is outside "
                          f"{ctx.policy.earliest} .. {latest}; give the file's real date")


def _import_list(ctx: _Import, list_id: str, group: dict[str, ListEntry]) -> ListImport:
    store = ctx.reg.store
    payloads = {eid: entry_payload(e) for eid, e in group.items()}
    digest = content_hash(payloads)
    existing = store.fetch("SELECT id FROM versions WHERE list_id = ? AND content_hash = ?",
                           (list_id, digest))
    if existing:
        return ListImport(list_id, int(existing[0][0]), len(group), unchanged=True)
    whole, note = _is_whole(ctx, list_id, len(group))
    full = sorted((v for v in store.version_rows(list_id) if v["whole"]),
                  key=lambda v: (stored_version_day(v), v["id"]))
    earlier = [v for v in full if stored_version_day(v) <= ctx.day]
    later = full[len(earlier):]
    prev = earlier[-1] if earlier else None
    before = store.entry_rows(prev["id"]) if prev else {}
    if whole and not later:
        _check_removals(ctx, list_id, before, group)
    version_id = _insert_version(ctx, list_id, digest, len(group), whole)
    stats = ListImport(list_id, version_id, len(group), note=note)
    merger = Merger(ctx.reg, version_id)
    seen_after = stored_version_day(prev) if prev else None
    entity_of = {
        entry_id: _merge_entry(ctx, merger, stats, entry, payloads[entry_id],
                               is_new=entry_id not in before, seen_after=seen_after)
        for entry_id, entry in group.items()
    }
    if whole and not later:
        _record_removals(ctx, merger, stats, list_id, before, group, ctx.day)
    elif later:
        # An older file, stored in its place in time: what the next full version lacks was
        # removed by that version's date; it removes nothing a later version holds.
        nxt = later[0]
        stats.note = "; ".join(x for x in (note, f"historical: older than version {nxt['id']}, "
                                           "removes nothing a later version holds") if x)
        held_later = {row["entity_id"] for row in store.entry_rows(nxt["id"]).values()}
        gone = {e: {"entity_id": entity_of[e], "name": g.name} for e, g in group.items()
                if entity_of[e] not in held_later}  # by entity: two sources number differently
        _record_removals(ctx, merger, stats, list_id, gone, {}, stored_version_day(nxt))
    merger.flush()
    return stats


def _is_whole(ctx: _Import, list_id: str, entries: int) -> tuple[bool, str]:
    """Whether this file is a full version of ``list_id``, and a note when it is not."""
    if list_id not in ctx.covers:
        return False, "partial: the file is not complete for this list"
    least = ctx.policy.min_entries.get(list_id, 0)
    if entries < least:
        return False, (f"partial: {entries:,} entries where the whole list has held at least "
                       f"{least:,}; taken as a sample, it covers nothing")
    return True, ""


def _check_removals(ctx: _Import, list_id: str, before: dict[str, Any],
                    group: dict[str, ListEntry]) -> None:
    removed = len(before.keys() - group.keys())
    if not before or ctx.policy.allow_removals or removed < ctx.policy.min_refused:
        return
    share = removed / len(before)
    if share > ctx.policy.max_removed_share:
        raise SourceError(None, f"{ctx.source}: would remove {removed:,} of the {len(before):,} "
                          f"{list_id} entries of the previous version ({share:.1%}), more than "
                          f"the {ctx.policy.max_removed_share:.0%} one version may remove "
                          "(a truncated or partial file?); if it is complete and right, import "
                          "it with --allow-removals")


def _insert_version(ctx: _Import, list_id: str, digest: str, entries: int,
                    whole: bool) -> int:
    """The new version's id: one more than the highest, as SQLite numbers rows (the import
    holds the write lock, so no other writer can take the same id; PostgreSQL numbers the
    same way, with no gap where an import was rolled back)."""
    store = ctx.reg.store
    version_id = int(store.fetch("SELECT COALESCE(MAX(id), 0) + 1 FROM versions")[0][0])
    store.execute(
        "INSERT INTO versions (id, list_id, content_hash, published, imported, source, "
        "entries, dated_by, whole) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (version_id, list_id, digest, ctx.published.isoformat() if ctx.published else None,
         ctx.imported.isoformat(), ctx.source, entries, ctx.dated_by.value, int(whole)),
    )
    return version_id


def _merge_entry(ctx: _Import, merger: Merger, stats: ListImport, entry: ListEntry,
                 payload: dict[str, Any], *, is_new: bool, seen_after: date | None) -> str:
    """Merge one entry into its entity (found or new) and return the entity's id."""
    entity_id = merger.find(entry)
    if entity_id is None:
        entity_id = merger.claim(f"{entry.list_id}-{entry.entry_id}")
        stats.new_entities += merger.add_entity(
            Entity(entity_id, entry.name, entry.entity_kind, entry.country,
                   born=";".join(entry.birth_dates), countries=";".join(entry.countries),
                   birth_places=";".join(entry.birth_places), gender=entry.gender))
    else:
        stats.merged += 1
    merger.add_names(entity_id, entry)
    merger.add_identifiers(entity_id, entry)
    for event in _listing_events(entity_id, entry, merger.version_id, ctx.day,
                                 is_new=is_new, seen_after=seen_after):
        merger.add_event(event)
    merger.new_entries.append(
        (merger.version_id, entry.list_id, entry.entry_id, entity_id, entry.name,
         json.dumps(payload, ensure_ascii=False)))
    stats.added += is_new
    ctx.done += 1
    if len(merger.new_entries) >= FLUSH_EVERY:
        merger.flush()
    return entity_id


def _record_removals(ctx: _Import, merger: Merger, stats: ListImport, list_id: str,
                     before: Mapping[str, Any], after: Mapping[str, Any], day: date) -> None:
    """A removal, dated ``day``, for every entry of ``before`` that ``after`` lacks."""
    for entry_id, old in before.items():
        if entry_id in after:
            continue
        stats.removed += 1
        merger.add_event(Event(
            old["entity_id"], list_id, EventKind.REMOVED, at_ny(day), day,
            f"{ctx.source}: no longer listed (version {merger.version_id})",
            list_entry_id=entry_id, listed_name=old["name"],
            note="removal date not stated by the source: the date of the first version "
                 "without the entry", version_id=merger.version_id,
        ))


def _listing_events(
    entity_id: str, entry: ListEntry, version_id: int, version_day: date,
    *, is_new: bool, seen_after: date | None,
) -> list[Event]:
    first_version = seen_after is None
    stated = [(d, note) for kind, d, note in entry.events if kind is EventKind.LISTED]
    events = [
        Event(entity_id, entry.list_id, EventKind.LISTED, at_ny(d), d,
              f"{note or 'listing date stated by the source'} (entry {entry.entry_id})",
              listed_name=entry.name, list_entry_id=entry.entry_id, version_id=version_id)
        for d, note in stated
    ]
    if not stated and is_new:
        how = "first seen in the first imported version" if first_version else "first seen"
        events.append(Event(
            entity_id, entry.list_id, EventKind.LISTED, at_ny(version_day), version_day,
            f"{entry.list_id} version {version_id}: {how}", confirmed=not first_version,
            listed_name=entry.name, list_entry_id=entry.entry_id,
            note="listing date not stated by the source: the date of the first version with "
                 "the entry" + ("; the entity may have been listed earlier" if first_version
                                else f"; it was not in the version of {seen_after}"),
            version_id=version_id, first_seen=True, seen_after=seen_after,
        ))
    return events

