"""``listguard news``: read, watch, review, accept, reject, attach - and their misuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listguard import cli
from listguard.cli import main
from listguard.registry import Registry

from .conftest import FIXTURES


@pytest.fixture
def db(registry_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built registry without SMIC's curated Entity List listing."""
    target = tmp_path / "registry.sqlite"
    target.write_bytes(registry_path.read_bytes())
    reg = Registry.open(target)
    with reg.store.transaction(write=True):
        reg.store.execute("DELETE FROM events WHERE list_id = 'bis-entity-list' AND "
                          "entity_id = 'smic'")
    reg.close()
    monkeypatch.setenv("LISTGUARD_ERROR_LOG", str(tmp_path / "errors.log"))
    cli.CONTEXT.reset()
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_read_prints_the_json_contract(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "--db", str(db), "news", "read",
                         str(FIXTURES / "07-pledgetimes-xiaomi-translated.txt"),
                         "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"source", "title", "kind", "published", "official_citation",
                         "entities", "claims", "counts", "proposals"}
    assert data["entities"][0]["id"] == "xiaomi" and data["entities"][0]["spans"]
    wrong = next(c for c in data["claims"] if c["date"] == "2021-01-15")
    assert wrong["status"] == "conflicts" and wrong["registry"][0]["effective"] == "2021-01-14"
    assert set(wrong) >= {"entity", "mention", "list", "kind", "date", "precision",
                          "date_text", "evidence", "status", "message", "registry",
                          "citation", "official", "candidates"}
    assert data["proposals"] == []  # read alone proposes nothing


def test_the_review_loop_from_the_command_line(capsys: pytest.CaptureFixture[str],
                                               db: Path) -> None:
    article = str(FIXTURES / "13-thompsonhine-entity-list-smic.txt")
    code, out, _ = run(capsys, "--db", str(db), "news", "watch", article, "--format", "json")
    assert code == 0
    proposals = [p for d in json.loads(out) for p in d["proposals"]]
    assert [p["entity_id"] for p in proposals] == ["smic"]
    code, out, _ = run(capsys, "--db", str(db), "news", "review", "--format", "json")
    assert code == 0 and [p["id"] for p in json.loads(out)] == [proposals[0]["id"]]
    code, out, _ = run(capsys, "--db", str(db), "check", "export", "0981 HK", "--on",
                       "2021-06-01", "--format", "json")
    assert json.loads(out)["verdict"] == "unknown"
    code, out, _ = run(capsys, "--db", str(db), "news", "accept", proposals[0]["id"])
    assert code == 0 and "UNCONFIRMED" in out
    code, out, _ = run(capsys, "--db", str(db), "check", "export", "0981 HK", "--on",
                       "2021-06-01", "--format", "json")
    answer = json.loads(out)
    assert answer["verdict"] == "license_required" and answer["confirmed"] is False
    code, out, _ = run(capsys, "--db", str(db), "news", "attach", proposals[0]["id"],
                       "--citation", "85 FR 83416 (Dec 22, 2020), FR Doc 2020-28031")
    assert code == 0
    code, out, _ = run(capsys, "--db", str(db), "check", "export", "0981 HK", "--on",
                       "2021-06-01", "--format", "json")
    assert json.loads(out)["confirmed"] is True


@pytest.mark.parametrize("args", [
    ("news", "read", "no-such-file.txt"),
    ("news", "read", str(FIXTURES / "SOURCES.md"), "--published", "yesterday"),
    ("news", "accept", "P-nothere"),
    ("news", "reject", "P-nothere"),
    ("news", "review", "--status", "maybe"),
    ("news", "watch", str(FIXTURES / "make_1260h_pdf.py").replace(".py", ".missing")),
])
def test_misuse_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: Path,
                                       args: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "--db", str(db), *args)
    assert code == 2, (args, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err


def test_a_table_is_the_default(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db), "news", "read",
                       str(FIXTURES / "19-dod-1260h-2021-06-03.pdf"))
    assert code == 0 and "Claims" in out and "hikvision" in out


def test_read_takes_standard_input(capsys: pytest.CaptureFixture[str], db: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    text = "Xiaomi sued the Pentagon on January 29, 2021 over its blacklisting.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, err = run(capsys, "--db", str(db), "news", "read", "-", "--published",
                         "2021-02-01", "--format", "json")
    assert code == 0, err
    claim = json.loads(out)["claims"][0]
    assert (claim["entity"]["id"], claim["kind"], claim["date"], claim["status"]) == \
        ("xiaomi", "lawsuit", "2021-01-29", "consistent")
