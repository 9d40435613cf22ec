"""``update``: import list files (paths or URLs) as new versions, all or nothing; ``diff``:
what changed between two of them.

Every source is read and checked first (a file listguard will not read fails before anything
is written); then all of them are imported in one write transaction, so a refused or failing
source imports none, and the error names it ("source 2 of 3 (...)").
"""

from __future__ import annotations

import tempfile
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from listguard.api.results import DiffAnswer, EntryBrief, EntryChange
from listguard.errors import UsageError
from listguard.limits import current, too_big
from listguard.model import DatedBy, ListEntry
from listguard.registry import Registry
from listguard.registry.versions import ImportPolicy, ImportResult, import_entries
from listguard.sources.detect import Detected, detect_all
from listguard.sources.errors import SourceError


def update_sources(reg: Registry, sources: Sequence[str], *, published: date | None = None,
                   policy: ImportPolicy | None = None) -> list[ImportResult]:
    """Import every source (file, folder or http(s) URL); ``published`` dates the files that
    state no date of their own."""
    with tempfile.TemporaryDirectory() as tmp:
        parsed = [_read_source(source, i, len(sources), Path(tmp))
                  for i, source in enumerate(sources, 1)]
        return _import_all(reg, parsed, published, policy or ImportPolicy())


@dataclass
class _Parsed:
    """One source, read and checked before anything is written."""

    label: str
    found: Detected
    entries: list[ListEntry]


def _read_source(source: str, index: int, total: int, tmp: Path) -> list[_Parsed]:
    label = f"source {index} of {total} ({source})" if total > 1 else source
    try:
        path = (_download(source, tmp) if source.startswith(("http://", "https://"))
                else Path(source))
        return [_Parsed(label, found, found.read()) for found in detect_all(path)]
    except SourceError as exc:
        if total > 1:
            raise SourceError(exc.path, f"{label}: {exc.message}; nothing was imported",
                              line=exc.line, field=exc.field) from None
        raise


def _import_all(reg: Registry, parsed: list[list[_Parsed]], stated: date | None,
                policy: ImportPolicy) -> list[ImportResult]:
    """Every source in one write transaction: one refused or failing source imports none."""
    results = []
    many = len(parsed) > 1
    with reg.store.transaction(write=True):
        for group in parsed:
            for item in group:
                own_date = item.found.publication_date()
                dated_by = (DatedBy.FILE if own_date else
                            DatedBy.PUBLISHED_OPTION if stated else DatedBy.IMPORT_TIME)
                try:
                    results.append(import_entries(
                        reg, item.entries, source=f"{item.found.kind}:{item.found.path}",
                        published=own_date or stated, covers=item.found.list_ids,
                        dated_by=dated_by, policy=policy))
                except SourceError as exc:
                    if not many:
                        raise
                    raise SourceError(exc.path, f"{item.label}: {exc.message}; nothing was "
                                      "imported", line=exc.line, field=exc.field) from None
    return results


def _download(url: str, folder: Path) -> Path:
    """Fetch ``url`` into ``folder``, stopping at the file-size limit (``listguard.limits``)."""

    limits = current()
    name = Path(urllib.parse.urlparse(url).path).name or "download"
    target = folder / name
    written = 0
    try:
        with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as fh:
            while chunk := response.read(1 << 20):
                written += len(chunk)
                if written > limits.max_file_bytes:
                    raise SourceError(url, too_big(written, limits, "the download is"))
                fh.write(chunk)
    except OSError as exc:
        raise SourceError(url, f"download failed: {exc}") from None
    return target




DIFF_FIELDS = ("name", "aliases", "identifiers", "programs", "country", "linked_to", "dates",
               "remarks")
"""The printed fields of an entry a diff compares (``registry.versions.entry_payload``)."""


def diff(reg: Registry, list_id: str, from_id: int | None = None,
         to_id: int | None = None) -> DiffAnswer:
    """Entries added, removed and changed between two versions (default: the two newest)."""
    from_id, to_id = _diff_pair(reg, list_id, from_id, to_id)
    old, new = reg.store.entry_rows(from_id), reg.store.entry_rows(to_id)

    def brief(entry_id: str, row: dict[str, Any]) -> EntryBrief:
        return EntryBrief(entry_id, row["name"], row["entity_id"])

    changed = []
    for entry_id in sorted(old.keys() & new.keys()):
        fields = {key: _field_change(old[entry_id].get(key), new[entry_id].get(key))
                  for key in DIFF_FIELDS if old[entry_id].get(key) != new[entry_id].get(key)}
        if fields:
            changed.append(EntryChange(brief(entry_id, new[entry_id]), fields))
    return DiffAnswer(list_id, from_id, to_id,
                      added=[brief(e, new[e]) for e in sorted(new.keys() - old.keys())],
                      removed=[brief(e, old[e]) for e in sorted(old.keys() - new.keys())],
                      changed=changed)


def _diff_pair(reg: Registry, list_id: str, from_id: int | None,
               to_id: int | None) -> tuple[int, int]:
    """The two versions to compare; UsageError naming the versions there are."""
    ids = [v["id"] for v in reg.store.version_rows(list_id)]
    if len(ids) < 2 and (from_id is None or to_id is None):
        raise UsageError(f"list {list_id!r} has {len(ids)} imported version(s); a diff needs "
                         "two")
    to_id = to_id if to_id is not None else ids[-1]
    if to_id not in ids:
        raise UsageError(f"list {list_id!r} has no version {to_id}; versions: {ids}")
    from_id = from_id if from_id is not None else ids[ids.index(to_id) - 1]
    if from_id not in ids:
        raise UsageError(f"list {list_id!r} has no version {from_id}; versions: {ids}")
    return from_id, to_id


def _field_change(old: Any, new: Any) -> dict[str, Any]:
    if isinstance(old, list) and isinstance(new, list):
        return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new))}
    return {"from": old, "to": new}
