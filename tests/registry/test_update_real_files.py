"""`listguard update`, `diff` and `alerts` on the real OFAC files in ../shared/data/ofac."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from listguard.cli import main


@pytest.fixture
def db(registry_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "registry.sqlite"
    shutil.copy(registry_path, path)
    monkeypatch.setenv("LISTGUARD_DB", str(path))
    from listguard import cli

    cli.State.clear()
    cli.State["db"] = None
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip().startswith(("{", "[")) else out)


def test_consolidated_versions_diff_and_merge(db: Path, shared: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    ofac = shared / "data" / "ofac"
    code, _ = run(capsys, "update", str(ofac / "cons_2025-04"), "--published",
                      "2025-04-21", "--format", "json")
    assert code == 0
    code, rows = run(capsys, "update", str(ofac / "cons_2025-12"), "--published",
                     "2025-12-19", "--format", "json")
    assert code == 0
    by_list = {r["list"]: r for r in rows}  # type: ignore[union-attr]
    assert sum(r["entries"] for r in by_list.values()) == 442
    cmic = by_list["ofac-ns-cmic"]
    assert cmic["entries"] == 68 and cmic["merged"] == 68 and cmic["new_entities"] == 0
    # FSE: the one April entry is gone in December
    code, diff = run(capsys, "diff", "ofac-fse", "--format", "json")
    assert [r["entry_id"] for r in diff["removed"]] == ["26182"]  # type: ignore[index]
    code, diff = run(capsys, "diff", "ofac-ns-cmic", "--format", "json")
    assert diff["added"] == [] and diff["removed"] == []  # type: ignore[index]
    # the April files carry no alias file, December's does: aliases changed, names did not
    changed = {c["entry_id"]: c for c in diff["changed"]}  # type: ignore[index]
    assert "30923" in changed and "name" not in changed["30923"]["changes"]
    # importing the same folder again adds no version
    code, again = run(capsys, "update", str(ofac / "cons_2025-12"), "--format", "json")
    assert all(r["unchanged"] for r in again)  # type: ignore[union-attr]
    # every list sees SMIC's NS-CMIC entry on the curated entity
    code, status = run(capsys, "status", "SMIC", "--on", "2025-12-20", "--format", "json")
    assert "ofac-ns-cmic" in {m["list"] for m in status["memberships"]}  # type: ignore[index]


def test_sdn_import_one_entity_per_entry(db: Path, shared: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from listguard.registry import Registry

    code, rows = run(capsys, "update", str(shared / "data" / "ofac" / "sdn_2021-07"),
                     "--format", "json")
    assert code == 0
    (sdn,) = rows  # type: ignore[misc]
    reg = Registry.open(db)
    entities = reg.store.fetch(
        "SELECT COUNT(DISTINCT entity_id), COUNT(*) FROM entries WHERE list_id = 'ofac-sdn'")
    assert entities[0][0] == entities[0][1] == sdn["entries"]
    assert sdn["merged"] < 10  # merges only on shared identifiers / OFAC entity numbers
    assert reg.resolve("CEC").candidates  # the acronym still resolves
    assert reg.resolve("China Electronics Corporation").entity.id == "cec"  # type: ignore[union-attr]


def test_alerts_name_affected_holdings(db: Path, shared: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    portfolio = tmp_path / "book.csv"
    portfolio.write_text("name,isin\nGazprom Neft,\nApple Inc.,US0378331005\n"
                         "Public Joint Stock Company Gazprom Neft,\n", encoding="utf-8")
    assert main(["watch", str(portfolio)]) == 0
    capsys.readouterr()
    assert main(["update", str(shared / "data" / "ofac" / "cons_2025-12")]) == 0
    capsys.readouterr()
    code, result = run(capsys, "alerts", "--format", "json")
    assert code == 0
    (watch,) = result  # type: ignore[misc]
    listed = {(a["holding"], a["list"]) for a in watch["alerts"] if a["change"] == "listed"}
    assert ("Public Joint Stock Company Gazprom Neft", "ofac-ssi") in listed
    assert not any(a["holding"] == "Apple Inc." for a in watch["alerts"])
    code, again = run(capsys, "alerts", "--format", "json")
    assert again[0]["alerts"] == []  # type: ignore[index]
