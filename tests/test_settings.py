"""One settings module: every ``LISTGUARD_*`` variable the code reads is declared there, and
the README's settings table lists exactly those."""

from __future__ import annotations

import re
from pathlib import Path

from listguard import settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_variable_read_is_declared() -> None:
    used = set()
    for path in (ROOT / "src" / "listguard").rglob("*.py"):
        used |= set(re.findall(r"LISTGUARD_[A-Z_]+[A-Z]", path.read_text(encoding="utf-8")))
    declared = {s.name for s in settings.SETTINGS}
    assert used - {"LISTGUARD_MAX"} <= declared, used - declared  # LISTGUARD_MAX_* in prose


def test_readme_table_matches() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `(LISTGUARD_[A-Z_]+)`", table, re.M))
    assert listed == {s.name for s in settings.SETTINGS}


def test_paths_follow_the_variables(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LISTGUARD_DB", str(tmp_path / "r.sqlite"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LISTGUARD_CACHE_DIR", raising=False)
    assert settings.db_path() == tmp_path / "r.sqlite"
    assert settings.cache_dir() == tmp_path / "cache" / "listguard"
    monkeypatch.delenv("LISTGUARD_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert settings.db_path() == tmp_path / "data" / "listguard" / "registry.sqlite"
