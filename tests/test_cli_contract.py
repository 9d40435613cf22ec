"""Every command, misused: one line on stderr, exit 2, never a traceback.

And a fault of listguard's own: one line, exit 1, the traceback in a log file it names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from commands import EVERY_COMMAND_WITH_DB, EXPECTED_CODES

from listguard import cli
from listguard.cli import app, main

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _db(registry_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LISTGUARD_DB", str(registry_path))
    monkeypatch.setenv("LISTGUARD_ERROR_LOG", str(tmp_path / "errors.log"))
    monkeypatch.chdir(tmp_path)
    cli.CONTEXT.reset()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_is_listed() -> None:
    assert {"check", "status", "timeline", "lists", "update", "versions", "diff", "watch",
            "alerts", "export", "screen", "search", "impact"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("extra", [(), ("--no-such-option",), ("--format", "xml"),
                                   ("--on", "the-day-after")])
def test_misuse_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], command: str,
                                       extra: tuple[str, ...]) -> None:
    if command == "serve" and not extra:
        extra = ("--port", "-1")  # with nothing wrong it would serve until stopped
    code, out, err = run(capsys, command, *extra)
    assert "Traceback" not in out + err
    if code == 0:  # a command that needs nothing (lists, alerts) and took no bad value
        assert extra == () or err == ""
        return
    assert code == 2, (command, extra, code, err)
    assert len(err.strip().splitlines()) == 1, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("listguard ")


def test_unsupported_database_url_is_refused(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Only SQLite files and PostgreSQL URLs (tests/registry/test_postgres.py) are registries;
    another URL is refused, and never taken for a file name."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--db", "mysql://localhost/listguard", "lists")
    assert code == 2 and "not supported" in err
    assert not (tmp_path / "mysql:").exists()


def test_an_internal_error_is_one_line_and_logged(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated fault")

    from listguard.api.check import Checker

    monkeypatch.setattr(Checker, "check", broken)
    code, out, err = run(capsys, "check", "buy", "Xiaomi")
    assert code == 1
    assert "internal error" in err and "simulated fault" in err and "errors.log" in err
    assert "Traceback" not in out + err
    assert "RuntimeError: simulated fault" in (tmp_path / "errors.log").read_text()


def test_piped_tables_do_not_wrap(registry_path: Path) -> None:
    exe = Path(sys.executable).with_name("listguard")
    env = {**os.environ, "LISTGUARD_DB": str(registry_path), "COLUMNS": "40"}
    out = subprocess.run([str(exe), "lists"], capture_output=True, text=True, env=env,
                         check=True).stdout
    line = next(row for row in out.splitlines() if "bis-entity-list" in row)
    assert "2019-05-16" in line  # ids and dates whole, on one line


@pytest.mark.parametrize("args", [
    ("check", "buy", "Xiaomi", "--on", "2021-03-16"),
    ("status", "SMIC", "--on", "2021-07-01"),
    ("timeline", "Xiaomi"),
    ("lists",),
    ("versions",),
    ("search", "Xiaomi"),
    ("impact", "Xiaomi", "--prices", "demo:1810.HK", "--market", "demo:HSI", "--events",
     "listing"),
])
def test_csv_wherever_json(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    import csv
    import io

    code, out, err = run(capsys, *args, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) >= 1 and all(len(r) == len(rows[0]) for r in rows)


def test_every_command_is_in_the_db_table() -> None:
    assert {a[0] for a in EVERY_COMMAND_WITH_DB} == set(COMMANDS)


@pytest.mark.parametrize("args", EVERY_COMMAND_WITH_DB, ids=[a[0] for a in EVERY_COMMAND_WITH_DB])
def test_db_option_is_used_by_every_command(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            args: tuple[str, ...]) -> None:
    """``--db X`` opens X, whatever the command (it once left ``search`` on the default)."""
    monkeypatch.delenv("LISTGUARD_DB")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "chosen.sqlite"
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    code, _, err = run(capsys, "--db", str(db), *args)
    assert code in EXPECTED_CODES.get(args[0], (0,)), err
    assert db.exists()
    assert not (tmp_path / "data").exists()


def test_a_download_stops_at_the_size_limit(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Endless(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            for _ in range(64):  # 4 MiB, bounded
                self.wfile.write(b"1," * 32768)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("LISTGUARD_MAX_FILE_BYTES", str(1 << 20))
        url = f"http://127.0.0.1:{server.server_address[1]}/sdn.csv"
        code, _, err = run(capsys, "update", url, "--published", "2024-05-03")
    finally:
        server.shutdown()
    assert code == 2 and "the download is" in err and "limit" in err
