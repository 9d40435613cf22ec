"""Versioned imports: merge rules, idempotency, diffs, derived events, atomicity."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from listguard.api.updates import diff as diff_versions
from listguard.errors import UsageError
from listguard.model import EventKind, IdScheme, ListEntry, NameKind
from listguard.registry import Registry
from listguard.registry.versions import import_entries
from registry.faults import KILL_ENV, KILL_PRELUDE


@pytest.fixture
def fresh(db_target: str) -> Registry:
    """A fresh registry, on each database (``conftest.db_target``)."""
    return Registry.open(db_target)


def entry(entry_id: str, name: str, *aliases: str, isin: str = "", list_id: str = "test-list",
          listed: date | None = None) -> ListEntry:
    return ListEntry(
        list_id=list_id, entry_id=entry_id, name=name,
        aliases=tuple((a, NameKind.ALIAS) for a in aliases),
        identifiers=((IdScheme.ISIN, isin),) if isin else (),
        events=((EventKind.LISTED, listed, "stated"),) if listed else (),
    )


V1 = [entry("1", "Alpha Widgets Co., Ltd.", "ALPHA"), entry("2", "Beta Holdings Limited"),
      entry("3", "Xiaomi Corp", isin="KYG9830T1067")]
WHOLE = ("test-list",)
"""The test files hold the whole test list: a version can remove entries."""
V2 = [entry("1", "Alpha Widgets Co., Ltd.", "ALPHA", "ALPHA WIDGETS"),
      entry("3", "Xiaomi Corp", isin="KYG9830T1067"), entry("4", "Gamma Tech Ltd")]


def test_merge_on_identifier_then_exact_name(fresh: Registry) -> None:
    import_entries(fresh, V1, source="v1", published=date(2025, 4, 1))
    # the ISIN puts entry 3 on the curated Xiaomi entity, not a new one
    assert fresh.resolve("KYG9830T1067").entity.id == "xiaomi"  # type: ignore[union-attr]
    assert any(e.list_id == "test-list" for e in fresh.events("xiaomi"))
    assert fresh.resolve("Alpha Widgets").entity.id == "test-list-1"  # type: ignore[union-attr]
    assert fresh.resolve("ALPHA").entity.id == "test-list-1"  # type: ignore[union-attr]


def test_same_content_twice_makes_no_new_version(fresh: Registry) -> None:
    first = import_entries(fresh, V1, source="v1")
    again = import_entries(fresh, list(reversed(V1)), source="v1 again")
    assert not first.lists[0].unchanged
    assert again.lists[0].unchanged
    assert again.lists[0].version_id == first.lists[0].version_id
    assert len(fresh.store.version_rows("test-list")) == 1


def test_diff_and_derived_events(fresh: Registry) -> None:
    import_entries(fresh, V1, source="v1", published=date(2025, 4, 1), covers=WHOLE)
    import_entries(fresh, V2, source="v2", published=date(2025, 12, 1), covers=WHOLE)
    diff = diff_versions(fresh, "test-list").as_dict()
    assert [a["entry_id"] for a in diff["added"]] == ["4"]
    assert [r["entry_id"] for r in diff["removed"]] == ["2"]
    assert [c["entry_id"] for c in diff["changed"]] == ["1"]
    assert diff["changed"][0]["changes"]["aliases"]["added"] == ["ALPHA WIDGETS"]
    beta = [e for e in fresh.events("test-list-2") if e.list_id == "test-list"]
    assert [e.kind for e in beta] == [EventKind.LISTED, EventKind.REMOVED]
    assert beta[0].confirmed is False  # first seen in the first version: maybe listed earlier
    assert beta[1].published == date(2025, 12, 1)
    gamma = [e for e in fresh.events("test-list-4") if e.list_id == "test-list"]
    assert gamma[0].kind is EventKind.LISTED and gamma[0].confirmed
    assert gamma[0].published == date(2025, 12, 1)


def test_stated_listing_date_wins(fresh: Registry) -> None:
    import_entries(fresh, [entry("9", "Delta Corp", listed=date(2021, 12, 16))], source="s")
    (listed,) = [e for e in fresh.events("test-list-9") if e.kind is EventKind.LISTED]
    assert listed.effective.date() == date(2021, 12, 16)


def test_diff_needs_two_versions(fresh: Registry) -> None:
    import_entries(fresh, V1, source="v1")
    with pytest.raises(UsageError, match="needs two"):
        diff_versions(fresh, "test-list")


SCRIPT = KILL_PRELUDE + """
import sys
from datetime import date
sys.path.insert(0, {tests!r})
from registry.test_versions import V2
from listguard.registry import Registry
from listguard.registry.versions import import_entries
import_entries(Registry.open({db!r}), V2, source="v2", published=date(2025, 12, 1))
"""


def test_killed_import_leaves_registry_as_it_was(fresh: Registry, db_target: str) -> None:
    import_entries(fresh, V1, source="v1", published=date(2025, 4, 1))
    db = db_target
    counts = {t: fresh.store.fetch(f"SELECT COUNT(*) FROM {t}")[0][0]
              for t in ("versions", "entries", "names", "identifiers", "events", "entities")}
    fresh.close()
    env = {**os.environ, KILL_ENV: "2"}
    script = SCRIPT.format(tests=str(Path(__file__).resolve().parents[1]), db=db)
    proc = subprocess.run([sys.executable, "-c", script], env=env, check=False,
                          capture_output=True, text=True)
    assert proc.returncode == 137, proc.stderr
    after = Registry.open(db)
    for table, n in counts.items():
        assert after.store.fetch(f"SELECT COUNT(*) FROM {table}")[0][0] == n, table
    # and the interrupted import can simply be run again
    assert not import_entries(after, V2, source="v2").lists[0].unchanged
