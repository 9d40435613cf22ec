"""Shared fixtures: a registry built from the shipped data in a temporary file.

The suite runs whole from a clone: no test reads ``../shared``. Tests that need real list
files, prices or research tables read the slices and small copies in ``tests/fixtures``
(``tests/fixtures/README.md`` lists them; ``tests/fixtures/cut_from_shared.py`` re-cuts them).
There used to be a ``shared`` fixture that skipped a test when ``../shared`` was absent; it is
gone on purpose, so a test that asks for it fails at setup ("fixture 'shared' not found")
instead of silently skipping in a clone or in CI. Only ``benchmarks/`` read the full files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from listguard.registry import Registry


@pytest.fixture(scope="session")
def registry_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "registry.sqlite"
    Registry.open(path).close()
    return path


@pytest.fixture(scope="session")
def reg(registry_path: Path) -> Iterator[Registry]:
    registry = Registry.open(registry_path)
    yield registry
    registry.close()


@pytest.fixture(autouse=True)
def _small_lists_are_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test files are slices of real lists (40 SDN rows): let a slice count as a whole
    list, as if the lists were that small. ``test_a_sample_is_taken_as_partial`` restores the
    real floors."""
    from listguard.registry import versions

    monkeypatch.setattr(versions, "MIN_ENTRIES", {})

