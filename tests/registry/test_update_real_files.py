"""`listguard update`, `diff` and `alerts` on real OFAC files: the copies and slices in
tests/fixtures/ofac (see its README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listguard.cli import main

OFAC = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"


@pytest.fixture
def db(db_target: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh registry, on each database, as ``$LISTGUARD_DB``."""
    path = db_target
    monkeypatch.setenv("LISTGUARD_DB", path)
    from listguard import cli

    cli.CONTEXT.reset()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip().startswith(("{", "[")) else out)


def test_consolidated_versions_diff_and_merge(db: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(capsys, "update", str(OFAC / "cons_2025-04"), "--published",
                      "2025-04-21", "--format", "json")
    assert code == 0
    code, rows = run(capsys, "update", str(OFAC / "cons_2025-12"), "--published",
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
    code, again = run(capsys, "update", str(OFAC / "cons_2025-12"), "--format", "json")
    assert all(r["unchanged"] for r in again)  # type: ignore[union-attr]
    code, versions = run(capsys, "versions", "ofac-ns-cmic", "--format", "json")
    assert [v["published"] for v in versions] == ["2025-04-21", "2025-12-19"]  # type: ignore[index]
    assert all(len(v["content_hash"]) == 64 and v["imported"] for v in versions)  # type: ignore[index]
    # every list sees SMIC's NS-CMIC entry on the curated entity
    code, status = run(capsys, "status", "SMIC", "--on", "2025-12-20", "--format", "json")
    assert "ofac-ns-cmic" in {m["list"] for m in status["memberships"]}  # type: ignore[index]


def test_sdn_import_one_entity_per_entry(db: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A slice of the July 2021 SDN set (276 entries; it keeps 16319 CEC LIMITED and 30627 CEC
    BELARUS, which share the acronym with the curated China Electronics Corporation)."""
    from listguard.registry import Registry

    code, rows = run(capsys, "update", str(OFAC / "sdn_2021-07"), "--format", "json")
    assert code == 0
    (sdn,) = rows  # type: ignore[misc]
    reg = Registry.open(db)
    entities = reg.store.fetch(
        "SELECT COUNT(DISTINCT entity_id), COUNT(*) FROM entries WHERE list_id = 'ofac-sdn'")
    assert entities[0][0] == entities[0][1] == sdn["entries"] == 276
    assert sdn["merged"] < 10  # merges only on shared identifiers / OFAC entity numbers
    assert reg.resolve("CEC").candidates  # the acronym still resolves
    assert reg.resolve("China Electronics Corporation").entity.id == "cec"  # type: ignore[union-attr]


def test_alerts_name_affected_holdings(db: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    portfolio = tmp_path / "book.csv"
    portfolio.write_text("name,isin\nGazprom Neft,\nApple Inc.,US0378331005\n"
                         "Public Joint Stock Company Gazprom Neft,\n", encoding="utf-8")
    assert main(["watch", str(portfolio)]) == 0
    capsys.readouterr()
    assert main(["update", str(OFAC / "cons_2025-12")]) == 0
    capsys.readouterr()
    code, result = run(capsys, "alerts", "--format", "json")
    assert code == 0
    (watch,) = result  # type: ignore[misc]
    listed = {(a["holding"], a["list"]) for a in watch["alerts"] if a["change"] == "listed"}
    assert ("Public Joint Stock Company Gazprom Neft", "ofac-ssi") in listed
    assert not any(a["holding"] == "Apple Inc." for a in watch["alerts"])
    code, again = run(capsys, "alerts", "--format", "json")
    assert again[0]["alerts"] == []  # type: ignore[index]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&lol2;</lastName></sdnEntry></sdnList>
"""


def _bad_inputs(tmp: Path) -> list[tuple[str, Path, str]]:
    sdn = (OFAC / "sdn_2021-07" / "sdn.csv").read_bytes()
    truncated = tmp / "truncated"
    truncated.mkdir()
    cut = sdn[: len(sdn) // 2]
    (truncated / "sdn.csv").write_bytes(cut[: cut.rindex(b",") + 1] + b'"unterminated')
    missing = tmp / "missing"
    missing.mkdir()
    (missing / "sdn.csv").write_bytes(b'36,"AEROCARIBBEAN AIRLINES"\n')
    encoding = tmp / "encoding"
    encoding.mkdir()
    (encoding / "sdn.csv").write_bytes(b"\x00\x01\x02\xff\xfe garbage \x00" * 100)
    hostile = tmp / "SDN.XML"
    hostile.write_bytes(BILLION_LAUGHS)
    return [("truncated", truncated, "sdn.csv"), ("missing column", missing, "sdn.csv line 1"),
            ("binary junk", encoding, "sdn.csv"), ("hostile XML", hostile, "SDN.XML")]


def test_bad_files_exit_2_and_leave_registry_whole(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from listguard.registry import Registry

    assert main(["update", str(OFAC / "cons_2025-12")]) == 0
    capsys.readouterr()
    reg = Registry.open(db)
    tables = ("versions", "entries", "entities", "names", "identifiers", "events")
    before = {t: reg.store.fetch(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}
    reg.close()
    for what, path, where in _bad_inputs(tmp_path):
        code = main(["update", str(path)])
        _, err = capsys.readouterr()
        assert code == 2, what
        assert where in err, (what, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, what
    reg = Registry.open(db)
    assert {t: reg.store.fetch(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables} == before


def test_deadline_alerts_and_webhook(db: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import http.server
    import threading

    received: list[object] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            size = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(size)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    portfolio = tmp_path / "book.csv"
    portfolio.write_text("name\nSenseTime Group Limited\nXiaomi Corporation\n", encoding="utf-8")
    assert main(["watch", str(portfolio)]) == 0
    capsys.readouterr()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    code, result = run(capsys, "alerts", "--on", "2022-01-20", "--days", "30", "--webhook", url,
                       "--format", "json")
    server.shutdown()
    assert code == 0
    deadlines = [a for a in result[0]["alerts"] if a["change"] == "deadline"]  # type: ignore[index]
    assert [(a["holding"], a["when"][:10]) for a in deadlines] == [
        ("SenseTime Group Limited", "2022-02-08")]
    assert received == [result]
