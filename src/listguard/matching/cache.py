"""The built index, kept on disk between runs, keyed by what it was built from.

Building the index over the full OFAC lists takes a few seconds; every ``listguard search``
would pay them. :func:`cached_build` keys a pickle of the built :class:`.Matcher` by a SHA-256
of the names, identifiers, countries, kinds and births it is built from *and* of the matching code
itself, so a changed list or a changed matcher simply misses the cache. Small inputs (under
``MIN_CACHED_NAMES`` names) are built every time: that is quicker than reading a file.

The cache directory is ``$LISTGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/listguard``, else
``~/.cache/listguard``; it is created private to the user. A file is read only if it belongs to
the user and nobody else may write to it, since a pickle runs code when loaded; a file that
fails to load is rebuilt and overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from listguard import settings
from listguard.matching.matcher import Matcher
from listguard.matching.types import PersonFacts
from listguard.model import IdScheme, NameKind

MIN_CACHED_NAMES = 5000
KEEP_FILES = 3
"""Index files kept in the cache directory (the newest ones)."""


def cache_dir() -> Path:
    return settings.cache_dir()


def code_fingerprint() -> str:
    """A hash of the matching package's source: a changed matcher never reads an old index."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(names: list[tuple[str, str, NameKind]],
                identifiers: list[tuple[str, IdScheme, str]],
                countries: Mapping[str, str], kinds: Mapping[str, str] | None = None,
                births: Mapping[str, tuple[str, ...]] | None = None,
                people: Mapping[str, PersonFacts] | None = None) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for entity_id, name, kind in sorted(names):
        digest.update(f"n\x1f{entity_id}\x1f{name}\x1f{kind}\x1e".encode())
    for entity_id, scheme, value in sorted(identifiers):
        digest.update(f"i\x1f{entity_id}\x1f{scheme}\x1f{value}\x1e".encode())
    for entity_id, country in sorted(countries.items()):
        digest.update(f"c\x1f{entity_id}\x1f{country}\x1e".encode())
    for entity_id, entity_kind in sorted((kinds or {}).items()):
        digest.update(f"k\x1f{entity_id}\x1f{entity_kind}\x1e".encode())
    for entity_id, born in sorted((births or {}).items()):
        digest.update(f"b\x1f{entity_id}\x1f{';'.join(born)}\x1e".encode())
    for entity_id, facts in sorted((people or {}).items()):
        digest.update(f"p\x1f{entity_id}\x1f{facts!r}\x1e".encode())
    return digest.hexdigest()


def cached_build(
    names: Iterable[tuple[str, str, NameKind]],
    identifiers: Iterable[tuple[str, IdScheme, str]] = (),
    countries: Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
    births: Mapping[str, tuple[str, ...]] | None = None,
    people: Mapping[str, PersonFacts] | None = None,
    *,
    directory: Path | None = None,
) -> Matcher:
    """:meth:`Matcher.build`, through the on-disk cache when the input is large enough."""
    names = list(names)
    identifiers = list(identifiers)
    countries = dict(countries or {})
    kinds = dict(kinds or {})
    births = dict(births or {})
    people = dict(people or {})
    if len(names) < MIN_CACHED_NAMES:
        return Matcher.build(names, identifiers, countries, kinds, births, people)
    folder = directory or cache_dir()
    key = content_key(names, identifiers, countries, kinds, births, people)
    path = folder / f"matcher-{key[:40]}.pickle"
    matcher = _load(path)
    if matcher is not None:
        return matcher
    matcher = Matcher.build(names, identifiers, countries, kinds, births, people)
    with contextlib.suppress(OSError):  # a read-only home is no reason to fail a screening
        _store(matcher, path)
    return matcher


def _trusted(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _load(path: Path) -> Matcher | None:
    try:
        if not path.is_file() or not _trusted(path) or not _trusted(path.parent):
            return None
        with path.open("rb") as fh:
            matcher = pickle.load(fh)  # our own file: the user's, writable by no one else
    except Exception:  # a truncated or foreign file: rebuild
        return None
    return matcher if isinstance(matcher, Matcher) else None


def _store(matcher: Matcher, path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".matcher-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    old = sorted(path.parent.glob("matcher-*.pickle"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_FILES]:
        stale.unlink(missing_ok=True)
