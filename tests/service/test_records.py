"""Keys, decisions and the audit trail through the core and the command line (no server)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pg_server as pg
import pytest

from listguard.api.core import Listguard
from listguard.cli import main
from listguard.errors import UsageError

HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."


@pytest.fixture
def db(db_target: str) -> str:
    """A fresh registry on each database (SQLite file, PostgreSQL URL)."""
    return db_target



def test_keys_from_the_command_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "keys", "create", "--role", "analyst", "--name", "ana"]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("lg_") and len(secret) > 40
    assert main(["--db", str(db), "keys", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [k["role"] for k in listed] == ["analyst"] and secret not in json.dumps(listed)
    stored = [k.as_dict() for k in Listguard.open(db).api_keys()]  # only the hash is kept
    assert secret not in json.dumps(stored)
    assert main(["--db", str(db), "keys", "revoke", listed[0]["id"]]) == 0
    assert main(["--db", str(db), "keys", "revoke", listed[0]["id"]]) == 2
    assert main(["--db", str(db), "keys", "create", "--role", "owner", "--name", "x"]) == 2
    assert "unknown role 'owner'" in capsys.readouterr().err


def test_decisions_resolve_the_same_input(db: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.csv"
    pd.DataFrame({"name": [HIKVISION, "Zzyzx Widgets of Nowhere"],
                  "country": ["China", "US"]}).to_csv(book, index=False)
    out = tmp_path / "out.csv"
    args = ["--db", str(db), "screen", str(book), "--on", "2021-03-16", "--jobs", "1",
            "--out", str(out), "--decisions"]
    assert main(args) == 3
    assert list(pd.read_csv(out, keep_default_na=False)["review_status"]) == ["", ""]
    assert main(["--db", str(db), "decide", "hikvision", "confirmed", "--name", HIKVISION,
                 "--country", "China", "--comment", "the issuer itself"]) == 0
    assert main(args) == 3
    screened = pd.read_csv(out, keep_default_na=False)
    assert list(screened["review_status"]) == ["confirmed", ""]
    assert "the issuer itself" in screened.loc[0, "review_note"]
    # another input (no country) is another input: not resolved by that decision
    lg = Listguard.open(db)
    rows = lg.screen(pd.DataFrame({"name": [HIKVISION]}), on="2021-03-16", progress=False)
    assert list(lg.resolve_decisions(rows, {"name": "name"})["review_status"]) == [""]
    with pytest.raises(UsageError, match="unknown decision"):
        lg.decide({"name": HIKVISION}, "hikvision", "ok")
    with pytest.raises(UsageError, match="no listed entity"):
        lg.decide({"name": HIKVISION}, "nobody-at-all", "cleared")


def test_the_audit_trail_holds_and_replays(db: str, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    lg = Listguard.open(db, actor="key_test", audit_reads=True)
    lg.check("Hikvision", "buy", on="2021-03-16")
    lg.check("=HYPERLINK(\"http://x\")", "buy", on="2021-03-16")  # a formula, as a query
    lg.decide({"name": HIKVISION}, "hikvision", "confirmed", "issuer")
    assert main(["--db", str(db), "audit", "verify"]) == 0
    assert "3 records verified" in capsys.readouterr().out
    assert main(["--db", str(db), "audit", "replay", "1", "--format", "json"]) == 0
    replay = json.loads(capsys.readouterr().out)
    assert replay["recorded"] == replay["replayed_as_known_then"] == "prohibited"
    assert main(["--db", str(db), "audit", "replay", "3"]) == 2  # a decision, not a check
    assert main(["--db", str(db), "audit", "export", "--format", "csv"]) == 0
    cells = [c for row in csv.reader(io.StringIO(capsys.readouterr().out)) for c in row]
    assert "key_test" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]  # no cell a spreadsheet runs
    lines = [json.loads(x) for x in lg.audit_export("jsonl").splitlines()]
    assert [r["seq"] for r in lines] == [1, 2, 3] and lines[1]["prev"] == lines[0]["hash"]
    assert lines[0]["basis"]["engine"]["match_threshold"] == 0.85


@pytest.mark.parametrize(("tamper", "bad"), [
    ("UPDATE audit SET actor = 'someone else' WHERE seq = 2", 2),
    ("DELETE FROM audit WHERE seq = 2", 2),
    ("UPDATE audit SET seq = seq + 10 WHERE seq = 1", 1),
])
def test_any_tampering_is_named(db: str, tamper: str, bad: int) -> None:
    lg = Listguard.open(db, audit_reads=True)
    for query in ("Hikvision", "Xiaomi", "SMIC"):
        lg.check(query, "buy", on="2021-03-16")
    assert lg.audit_verify().ok
    pg.tamper(db, tamper)
    verdict = lg.audit_verify()
    assert not verdict.ok and verdict.bad_seq == bad, verdict
