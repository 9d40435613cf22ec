"""Shared fixtures: a registry built from the shipped data in a temporary file.

The suite runs whole from a clone: no test reads ``../shared``. Tests that need real list
files, prices or research tables read the slices and small copies in ``tests/fixtures``
(``tests/fixtures/README.md`` lists them; ``tests/fixtures/cut_from_shared.py`` re-cuts them).
There used to be a ``shared`` fixture that skipped a test when ``../shared`` was absent; it is
gone on purpose, so a test that asks for it fails at setup ("fixture 'shared' not found")
instead of silently skipping in a clone or in CI. Only ``benchmarks/`` read the full files.

The registry-level tests run on both databases: a test that asks for ``db_target`` (or
``new_db``, ``backend``) runs once with a SQLite file and once with a PostgreSQL database
(``[sqlite]``, ``[postgresql]`` in its id). Each gets a fresh copy of a registry built once per
test process: a file copy, or ``CREATE DATABASE ... TEMPLATE`` on a PostgreSQL server that
the suite starts itself (``pg_server``; how, and how it runs as root, is in
``tests/pg_server.py``). Without the PostgreSQL server binaries the ``[postgresql]`` tests
fail, saying how to install them; they are never skipped.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pg_server as pg
import pytest

from listguard.registry import Registry

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    # A test that drops its database ends the connections a registry it did not close still
    # holds; psycopg then warns when it collects them.
    config.addinivalue_line(
        "filterwarnings", "ignore:connection .* was deleted while still open:ResourceWarning")


@pytest.fixture(scope="session")
def registry_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "registry.sqlite"
    Registry.open(path).close()
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.PgServer]:
    """A PostgreSQL server of this test process's own (``tests/pg_server.py``)."""
    if pg.find_bindir() is None:  # fail, never skip: CI installs them (make sysdeps)
        pytest.fail(pg.INSTALL_HINT, pytrace=False)
    server = pg.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_registry(pg_server: pg.PgServer) -> str:
    """A database holding a registry built from the shipped data: every test's template."""
    name = pg_server.new_database(prefix="registry")
    Registry.open(pg_server.url(name)).close()
    return name


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database a registry-level test runs on."""
    return str(request.param)


class Registries:
    """Fresh copies of the built registry, on either database (``--db`` targets)."""

    def __init__(self, request: pytest.FixtureRequest, sqlite_base: Path) -> None:
        self.request = request
        self.sqlite_base = sqlite_base
        self.count = itertools.count(1)

    def server(self) -> pg.PgServer:
        server: pg.PgServer = self.request.getfixturevalue("pg_server")
        return server

    def copy(self, backend: str, folder: Path) -> str:
        if backend == "sqlite":
            path = folder / f"registry-{next(self.count)}.sqlite"
            shutil.copy(self.sqlite_base, path)
            return str(path)
        template = self.request.getfixturevalue("pg_registry")
        return self.server().url(self.server().new_database(template))

    def empty(self, backend: str, folder: Path) -> str:
        """A target holding nothing yet (no tables)."""
        if backend == "sqlite":
            return str(folder / f"empty-{next(self.count)}.sqlite")
        return self.server().url(self.server().new_database())

    def drop(self, target: str) -> None:
        if pg.is_url(target):
            self.server().drop_database(pg.database_of(target))


@pytest.fixture(scope="session")
def registries(request: pytest.FixtureRequest, registry_path: Path) -> Registries:
    return Registries(request, registry_path)


@pytest.fixture
def new_db(backend: str, registries: Registries, tmp_path: Path
           ) -> Iterator[Callable[[], str]]:
    """Makes fresh copies of the built registry on this test's database; dropped after."""
    made: list[str] = []

    def make() -> str:
        made.append(registries.copy(backend, tmp_path))
        return made[-1]

    yield make
    for target in made:
        registries.drop(target)


@pytest.fixture
def db_target(new_db: Callable[[], str]) -> str:
    """A fresh copy of the built registry: a SQLite file path or a PostgreSQL URL."""
    return new_db()


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

