"""Shared fixtures: a registry built from the shipped data in a temporary file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from listguard.registry import Registry

SHARED = Path(__file__).resolve().parents[2] / "shared"


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


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    return SHARED
