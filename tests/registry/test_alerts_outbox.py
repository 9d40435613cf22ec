"""`listguard alerts`: the outbox, at-least-once webhook delivery, URLs, signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import urllib.error
from collections import Counter
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from listguard import cli
from listguard.cli import main
from listguard.registry import Registry
from listguard.registry.versions import import_entries
from listguard.watching import outbox
from listguard.watching.watch import record_alerts

from .test_versions import V1, V2

HANG = 5.0
"""Longest a scripted hang holds a request (the client gives up long before)."""
FAST = ["--timeout", "0.3", "--backoff", "0.01"]
PROXIES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture
def db(db_target: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh registry, on each database, as ``$LISTGUARD_DB``."""
    path = db_target
    monkeypatch.setenv("LISTGUARD_DB", path)
    monkeypatch.delenv(outbox.SECRET_ENV, raising=False)
    for var in PROXIES:
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.upper(), raising=False)
    cli.CONTEXT.reset()
    return path


@pytest.fixture
def book(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A watched portfolio; then a list version that lists two of its holdings."""
    portfolio = tmp_path / "book.csv"
    portfolio.write_text('name\n"Alpha Widgets Co., Ltd."\nXiaomi Corporation\nGamma Tech Ltd\n',
                         encoding="utf-8")
    assert main(["watch", str(portfolio)]) == 0
    import_entries(cli.registry(), V1, source="v1", published=date(2025, 4, 1))
    capsys.readouterr()
    return portfolio


class Hook:
    """A webhook on 127.0.0.1 answering from a script ("500", "hang", "close", "302" …), then
    204. Every request is kept: (answer, headers, raw body)."""

    def __init__(self, script: list[str]) -> None:
        self.script = list(script)
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook?token=t0ken"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with hook.lock:
                    answer = hook.script.pop(0) if hook.script else "204"
                    hook.requests.append((answer, dict(self.headers.items()), body))
                if answer == "hang":
                    hook.release.wait(HANG)
                if answer in ("hang", "close"):
                    return  # the connection closes without a response
                self.send_response(int(answer))
                if answer == "302":
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def acknowledged(self) -> list[dict[str, Any]]:
        """The alerts of every POST the hook answered 2xx."""
        return [a for answer, _, body in self.requests if answer.startswith("2")
                for group in json.loads(body) for a in group["alerts"]]

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hooks() -> Iterator[list[Hook]]:
    made: list[Hook] = []
    yield made
    for hook in made:
        hook.close()


def hook_with(hooks: list[Hook], *script: str) -> Hook:
    hooks.append(Hook(list(script)))
    return hooks[-1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, list[str]]:
    code = main(list(args))
    out, err = capsys.readouterr()
    parsed = json.loads(out) if out.strip().startswith(("[", "{")) else out or None
    return code, parsed, err.strip().splitlines()


def keys(result: list[dict[str, Any]]) -> list[str]:
    return [a["key"] for group in result for a in group["alerts"]]


def outbox_rows(db: str) -> dict[str, tuple[str | None, int, str | None]]:
    reg = Registry.open(db)
    try:
        rows = reg.store.fetch("SELECT key, delivered, attempts, last_error FROM outbox")
    finally:
        reg.close()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_failures_then_success_deliver_every_alert_exactly_once(
    db: str, book: Path, hooks: list[Hook], capsys: pytest.CaptureFixture[str]
) -> None:
    hook = hook_with(hooks, "500", "hang", "close")
    code, first, err = run(capsys, "alerts", "--webhook", hook.url, "--tries", "2", *FAST,
                           "--format", "json")
    assert code == outbox.EXIT_PENDING
    k1 = keys(first)
    assert {("Alpha Widgets Co., Ltd.", "listed"), ("Xiaomi Corporation", "listed")} <= {
        (a["holding"], a["change"]) for g in first for a in g["alerts"]}
    failed = [line for line in err if "failed:" in line]
    assert len(failed) == 2 and "HTTP 500" in failed[0] and "timed out after 0.3 s" in failed[1]
    assert all("t0ken" not in line for line in err)  # the path and query may hold secrets
    assert all(delivered is None for delivered, _, _ in outbox_rows(db).values())

    import_entries(cli.registry(), V2, source="v2", published=date(2025, 12, 1))
    code, second, err = run(capsys, "alerts", "--webhook", hook.url, "--tries", "2", *FAST,
                            "--format", "json")
    assert code == 0, err
    assert ["connection closed without a response" in line for line in err].count(True) == 1
    k2 = [k for k in keys(second) if k not in k1]
    assert keys(second)[: len(k1)] == k1  # the pending alerts go first
    assert ("Gamma Tech Ltd", "listed") in {(a["holding"], a["change"])
                                            for g in second for a in g["alerts"]}

    code, third, _ = run(capsys, "alerts", "--webhook", hook.url, *FAST, "--format", "json")
    assert code == 0 and third == []
    assert len(hook.requests) == 4  # nothing pending: nothing posted

    acked = Counter(a["key"] for a in hook.acknowledged())
    assert set(acked) == set(k1) | set(k2) and set(acked.values()) == {1}
    seen = {a["key"] for _, _, body in hook.requests for g in json.loads(body)
            for a in g["alerts"]}
    assert seen == set(acked)  # what reached the receiver, deduplicated by key: every alert
    rows = outbox_rows(db)
    assert all(delivered for delivered, _, _ in rows.values())
    assert {rows[k][1] for k in k1} == {4} and {rows[k][1] for k in k2} == {2}
    assert rows[k1[0]][2] == "connection closed without a response"
    assert run(capsys, "alerts", "--pending", "--format", "json")[1] == []


def test_refused_connection_keeps_alerts_pending(
    db: str, book: Path, hooks: list[Hook], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    code, sent, err = run(capsys, "alerts", "--webhook", url, "--tries", "2", *FAST,
                          "--format", "json")
    assert code == outbox.EXIT_PENDING
    assert [line for line in err if "failed:" in line] == [
        f"webhook {url[:-5]}: attempt {n}/2 failed: connection refused; "
        f"{len(keys(sent))} alert(s) stay pending" for n in (1, 2)]
    code, waiting, _ = run(capsys, "alerts", "--pending", "--format", "json")
    assert code == 0
    assert [w["key"] for w in waiting] == keys(sent)
    assert {(w["attempts"], w["last_error"]) for w in waiting} == {(2, "connection refused")}
    code, table = main(["alerts", "--pending"]), capsys.readouterr().out
    assert code == 0 and "refused" in table and f"Pending alerts: {len(waiting)}" in table
    # a run without a webhook neither shows nor consumes them
    code, shown, err = run(capsys, "alerts", "--format", "json")
    assert code == 0 and keys(shown) == []
    assert f"{len(waiting)} alert(s) wait for a webhook" in err[-1]
    hook = hook_with(hooks)
    code, _, err = run(capsys, "alerts", "--webhook", hook.url, *FAST, "--format", "json")
    assert code == 0, err
    assert [a["key"] for a in hook.acknowledged()] == keys(sent)
    assert run(capsys, "alerts", "--pending", "--format", "json")[1] == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://x", "http://", "gopher://127.0.0.1/",
                                 "http://127.0.0.1:port/", "http://127.0.0.1/a b"])
def test_other_urls_refused_and_nothing_consumed(
    db: str, book: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "alerts", "--webhook", url)
    assert code == 2 and out is None
    assert len(err) == 1 and "refused" in err[0] and "Traceback" not in err[0]
    code, shown, _ = run(capsys, "alerts", "--format", "json")
    assert code == 0 and len(keys(shown)) >= 2  # the alerts were not used up by the refusal


def test_bad_options_exit_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--pending", "--webhook", "http://127.0.0.1/"], ["--tries", "0"],
                 ["--timeout", "0"], ["--backoff", "-1"]):
        assert main(["alerts", *args]) == 2, args
    capsys.readouterr()


def test_signed_body_and_idempotency_header(
    db: str, book: Path, hooks: list[Hook], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(outbox.SECRET_ENV, "s3cret")
    hook = hook_with(hooks)
    code, sent, _ = run(capsys, "alerts", "--webhook", hook.url, *FAST, "--format", "json")
    assert code == 0
    ((_, head, body),) = hook.requests
    assert json.loads(body) == sent  # the POST is what was printed
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(head[outbox.SIGNATURE_HEADER], expected)
    forged = "sha256=" + hmac.new(b"s3cret", body + b" ", hashlib.sha256).hexdigest()
    assert head[outbox.SIGNATURE_HEADER] != forged
    assert head[outbox.KEY_HEADER] == hashlib.sha256("\n".join(keys(sent)).encode()).hexdigest()
    assert all(len(k) == 64 for k in keys(sent))


def test_unsigned_without_secret_and_no_retry_on_redirect(
    db: str, book: Path, hooks: list[Hook], capsys: pytest.CaptureFixture[str]
) -> None:
    hook = hook_with(hooks, "302")
    code, _, err = run(capsys, "alerts", "--webhook", hook.url, "--tries", "3", *FAST)
    assert code == outbox.EXIT_PENDING
    assert len(hook.requests) == 1  # a redirect would repeat: not retried, not followed
    assert "HTTP 302" in err[0] and "redirects are not followed" in err[0]
    assert outbox.SIGNATURE_HEADER not in hook.requests[0][1]
    assert outbox.KEY_HEADER in hook.requests[0][1]


def test_backoff_doubles_and_is_bounded(db: str, book: Path) -> None:
    reg = cli.registry()
    record_alerts(reg, channel=None)
    delays: list[float] = []
    lines: list[str] = []
    url = f"http://127.0.0.1:{free_port()}/"
    done = outbox.deliver(reg.store, url, outbox.pending(reg.store),
                          outbox.Policy(timeout=1, tries=4, backoff=0.5), lines.append,
                          sleep=delays.append)
    assert delays == [0.5, 1.0, 2.0] and len(lines) == 4
    assert done.delivered == 0 and done.pending == len(outbox.pending(reg.store)) > 0


def test_queue_and_snapshot_move_together(
    db: str, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = cli.registry()
    snapshot = reg.store.fetch("SELECT snapshot, checked FROM watches")
    real = outbox.enqueue

    def enqueue_then_die(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        real(*args, **kwargs)
        raise RuntimeError("killed after queueing")

    monkeypatch.setattr(outbox, "enqueue", enqueue_then_die)
    with pytest.raises(RuntimeError):
        record_alerts(reg, channel=None)
    assert reg.store.fetch("SELECT COUNT(*) FROM outbox") == [(0,)]
    assert reg.store.fetch("SELECT snapshot, checked FROM watches") == snapshot
    monkeypatch.setattr(outbox, "enqueue", real)
    (found,) = record_alerts(reg, channel=None)
    assert len(found["alerts"]) >= 2  # still to be computed: nothing was lost


def test_terminal_shows_each_change_once_deadlines_included(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = tmp_path / "book.csv"
    portfolio.write_text("name\nSenseTime Group Limited\n", encoding="utf-8")
    assert main(["watch", str(portfolio)]) == 0
    capsys.readouterr()
    code, first, _ = run(capsys, "alerts", "--on", "2022-01-20", "--format", "json")
    assert code == 0
    assert "deadline" in {a["change"] for a in first[0]["alerts"]}
    code, again, err = run(capsys, "alerts", "--on", "2022-01-25", "--format", "json")
    assert code == 0 and again[0]["alerts"] == [] and err == []
    assert run(capsys, "alerts", "--pending", "--format", "json")[1] == []


@pytest.mark.parametrize(("error", "reason"), [
    (urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
     "DNS lookup failed (Name or service not known)"),
    (urllib.error.URLError(ConnectionRefusedError(111, "refused")), "connection refused"),
    (TimeoutError("timed out"), "timed out after 10 s"),
])
def test_failure_reasons_are_one_line(error: Exception, reason: str) -> None:
    failure = outbox.describe(error, 10.0)
    assert failure.reason == reason and failure.retry


def test_peek_without_advance_writes_nothing(db: str, book: Path) -> None:
    from listguard.watching.watch import alerts

    reg = cli.registry()
    peeked = alerts(reg, advance=False)
    assert keys(peeked) and keys(alerts(reg, advance=False)) == keys(peeked)
    assert reg.store.fetch("SELECT COUNT(*) FROM outbox") == [(0,)]
    assert keys(alerts(reg)) == keys(peeked)  # the keys do not depend on the run
