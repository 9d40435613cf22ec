"""The CLI's contract: JSON shape, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from listguard.cli import main


@pytest.fixture(autouse=True)
def _db(registry_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTGUARD_DB", str(registry_path))
    from listguard import cli

    cli.CONTEXT.reset()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_xiaomi_json_cites_injunction(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "buy", "Xiaomi", "--on", "2021-03-16", "--format",
                       "json")
    assert code == 0
    answer = json.loads(out)
    assert answer["verdict"] == "allowed"
    assert answer["entity"]["name"].startswith("Xiaomi")
    assert answer["as_of"] == "2021-03-16T12:00:00-04:00"
    assert any("1:21-cv-00280" in r["citation"] for r in answer["reasons"])
    for reason in answer["reasons"]:
        assert {"list", "basis", "rule", "from", "until", "citation"} <= reason.keys()


def test_known_at_changes_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "buy", "Xiaomi", "--on", "2021-03-16", "--known-at",
                       "2021-03-11", "--format", "json")
    assert code == 0
    assert json.loads(out)["verdict"] == "prohibited"


def test_unlisted_query_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "buy", "Apple Inc.", "--on", "2021-03-16", "--format",
                       "json")
    answer = json.loads(out)
    assert code == 0
    assert answer["verdict"] == "allowed" and answer["entity"] is None
    assert "no listed entity matches" in answer["message"]


@pytest.mark.parametrize(("args", "fragment"), [
    (("check", "purchase", "Xiaomi", "--on", "2021-03-16"), "unknown activity 'purchase'"),
    (("check", "buy", "Xiaomi", "--on", "2021-13-45"), "--on '2021-13-45'"),
    (("check", "buy", "Xiaomi", "--on", "yesterday-ish"), "--on"),
    (("check", "buy", "Xiaomi", "--known-at", "soon"), "--known-at"),
    (("check", "buy", "", "--on", "2021-03-16"), "query is empty"),
    (("check", "buy", " ... ", "--on", "2021-03-16"), "query is empty"),
    (("check", "buy", "Xiaomi", "--format", "xml"), "--format"),
])
def test_bad_input_exit_2_one_line(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                   fragment: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_status_and_timeline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "SMIC", "--on", "2021-07-01", "--format", "json")
    assert code == 0
    answer = json.loads(out)
    states = {m["list"]: m["state"] for m in answer["memberships"]}
    assert states["dod-1237"] in ("superseded", "removed")
    assert states["ofac-ns-cmic"] == "pending"
    assert states["bis-entity-list"] == "in force"
    assert answer["verdicts"]["buy"]["verdict"] == "allowed"
    assert answer["verdicts"]["export"]["verdict"] == "license_required"
    assert any(d["what"].startswith("purchase and sale ban") for d in answer["deadlines"])
    code, out, _ = run(capsys, "timeline", "Xiaomi", "--format", "json")
    kinds = [e["event"] for e in json.loads(out)["events"]]
    assert kinds.index("listed") < kinds.index("enjoined") < kinds.index("vacated")


def test_lists_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lists", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    assert rows["dod-1237"]["entities"] == 44
    assert rows["ofac-ns-cmic"]["entities"] == rows["ofac-ns-cmic"]["listed_now"] == 68
    assert rows["dod-1237"]["listed_now"] == 0  # all removed June 3, 2021
    assert rows["ofac-sdn"]["version"] is None  # nothing imported yet
    for row in rows.values():
        assert {"id", "name", "entities", "version", "published", "imported"} <= row.keys()


def test_entry_point_no_traceback(registry_path: Path) -> None:
    exe = Path(sys.executable).with_name("listguard")
    env = {**os.environ, "LISTGUARD_DB": str(registry_path)}
    proc = subprocess.run([str(exe), "check", "sell", "Xiaomi", "--on", "not-a-date"],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_ambiguous_query_exit_3_lists_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "buy", "China Mobile", "--on", "2021-09-01")
    assert code == 3
    assert "REVIEW" in out
    assert "china-mobile-ltd" in out and "china-mobile-group" in out


def test_status_of_an_unlisted_name_shows_each_activity(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "Apple Inc.", "--on", "2021-09-01", "--format", "json")
    answer = json.loads(out)
    assert code == 0
    assert answer["entity"] is None and answer["memberships"] == []
    assert answer["verdicts"]["buy"]["verdict"] == "allowed"
    assert answer["verdicts"]["export"]["verdict"] == "unknown"  # the Entity List is a selection


def test_export_followthemoney(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "registry.ftm.json"
    assert main(["export", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    schemas = {r["schema"] for r in rows}
    assert {"Company", "Sanction", "Ownership"} <= schemas
    xiaomi = next(r for r in rows if r["id"] == "xiaomi")
    assert "KYG9830T1067" in xiaomi["properties"]["isinCode"]
    sanctions = [r for r in rows if r["schema"] == "Sanction"
                 and r["properties"]["entity"] == ["xiaomi"]]
    assert sanctions and all(r["properties"].get("startDate") for r in sanctions)


def test_chinese_language_holdings_resolve() -> None:
    """Every holding of examples/portfolio_zh.csv resolves to its entity by its Chinese name."""
    import csv

    from listguard.registry import Registry

    root = Path(__file__).resolve().parents[1]
    reg = Registry.open()
    expected = {"小米集团": "xiaomi", "中芯国际集成电路制造有限公司": "smic",
                "中国移动有限公司": "china-mobile-ltd",
                "杭州海康威视数字技术股份有限公司": "hikvision", "华为技术有限公司": "huawei"}
    with (root / "examples" / "portfolio_zh.csv").open(encoding="utf-8") as fh:
        names = [row["名称"] for row in csv.DictReader(fh)]
    assert {n: reg.resolve(n).entity.id for n in names} == expected  # type: ignore[union-attr]
