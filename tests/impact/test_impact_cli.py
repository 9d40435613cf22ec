"""``listguard impact`` through typer, on the shipped demo prices."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import typer
from matplotlib import image
from typer.testing import CliRunner

from listguard.api import core as core_module
from listguard.cli.context import CONTEXT
from listguard.cli.impact import register
from listguard.cli.impact_run import impact_command
from listguard.impact import load_prices, parse_event_date, run_study
from listguard.model import Entity, Event, EventKind

NY = ZoneInfo("America/New_York")
DEMO = ["--prices", "demo:1810.HK", "--market", "demo:HSI"]


def app() -> typer.Typer:
    cli = typer.Typer()

    @cli.callback()
    def main() -> None:
        """listguard (test harness)."""

    register(cli)
    return cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app(), ["impact", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table() -> None:
    code, out, err = run("Xiaomi", *DEMO, "--event-date", "2021-01-14=Listed")
    assert code == 0, err
    assert "2021-01-15" in out and "-11.11%" in out and "-13.55%" in out
    assert "broken half-day" in out


def test_json() -> None:
    code, out, err = run("Xiaomi", *DEMO, "--event-date", "2021-01-14=Listed",
                         "--event-date", "2021-03-12", "--format", "json", "--window", "-2,2")
    assert code == 0, err

    def no_nan(token: str) -> float:
        raise AssertionError(f"non-standard JSON number {token}")

    doc = json.loads(out, parse_constant=no_nan)
    assert [e["event"] for e in doc["events"]] == ["Listed", "2021-03-12"]
    first = doc["events"][0]
    assert first["day0"] == "2021-01-15"
    assert [d["day"] for d in first["ar"]] == [-2, -1, 0, 1, 2]
    assert {"day", "date", "ar", "t", "p"} <= set(first["ar"][2])
    assert first["car"] == pytest.approx(sum(d["ar"] for d in first["ar"]))
    assert 0 < first["car_p"] < 1 and first["car_t"] < 0
    api = run_study(load_prices("demo:1810.HK"), load_prices("demo:HSI"),
                    [parse_event_date("2021-01-14")])
    zero = api.events[0].day(0)
    assert zero is not None and first["ar"][2]["ar"] == pytest.approx(zero.ar, rel=1e-12)
    agg = doc["aggregate"]
    assert agg["n_events"] == 2
    assert {"stat", "p"} <= set(agg["tests"]["bmp_kp"])
    assert len(agg["aar"]) == 5 and "patell" in agg["aar"][0]["tests"]


def test_plot(tmp_path: Path) -> None:
    target = tmp_path / "xiaomi.png"
    code, _, err = run("Xiaomi", *DEMO, "--event-date", "2021-01-14=Listed",
                       "--event-date", "2021-03-12=Injunction", "--plot", str(target))
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = image.imread(target)
    assert pixels.shape[1] >= 1200 and pixels.shape[0] >= 800
    assert np.std(pixels[..., :3]) > 0.05  # not a blank picture


BAD = [
    (["--prices", "/nowhere/p.csv", "--market", "demo:HSI", "--event-date", "2021-01-14"],
     "p.csv: no such file"),
    ([*DEMO, "--event-date", "2021-02-30"], "--event-date '2021-02-30'"),
    ([*DEMO, "--event-date", "2021-01-14", "--window", "1"], "--window '1'"),
    ([*DEMO, "--event-date", "2021-01-14", "--window", "2,-2"], "ends before it starts"),
    ([*DEMO, "--event-date", "2021-01-14", "--estimation", "-250,0"], "must end before"),
    ([*DEMO, "--event-date", "2021-01-14", "--model", "capm"], "--model 'capm'"),
    ([*DEMO, "--event-date", "2021-01-14", "--format", "xml"], "--format 'xml'"),
    ([*DEMO, "--event-date", "2021-01-14", "--exchange", "MOON"], "unknown exchange"),
    ([*DEMO, "--events", "listing,ban"], "unknown event 'ban'"),
    ([*DEMO], "no events"),
    (["--prices", "demo:nothing", "--market", "demo:HSI", "--event-date", "2021-01-14"],
     "no demo prices 'nothing'"),
    (["--prices", "/", "--market", "demo:HSI", "--event-date", "2021-01-14"],
     "is a folder, expected a file"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = run("Xiaomi", *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err + out


def test_bad_price_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Close\n2021-01-14,10\n2021-01-15,ten\n", encoding="utf-8")
    code, _, err = run("X", "--prices", str(bad), "--market", "demo:HSI",
                       "--event-date", "2021-01-14")
    assert code == 2
    assert "bad.csv line 3, field 'Close': 'ten' is not a number" in err


def test_nothing_studied_exits_1() -> None:
    code, out, _ = run("Xiaomi", *DEMO, "--event-date", "2030-01-02")
    assert code == 1
    assert "left out" in out


@dataclass
class FakeResolution:
    entity: Entity | None
    candidates: list[Entity] = field(default_factory=list)


class FakeRegistry:
    xiaomi = Entity("xiaomi", "Xiaomi Corporation")

    @classmethod
    def open(cls, path: object = None) -> FakeRegistry:
        return cls()

    def resolve(self, query: str) -> FakeResolution:
        if query.lower().startswith("xiaomi"):
            return FakeResolution(self.xiaomi, [self.xiaomi])
        if query == "china":
            return FakeResolution(None, [Entity("a", "China A"), Entity("b", "China B")])
        return FakeResolution(None)

    def events(self, entity_id: str) -> list[Event]:
        def at(y: int, m: int, d: int, kind: EventKind) -> Event:
            when = datetime(y, m, d, tzinfo=NY)
            return Event(entity_id, "dod-1237", kind, when, when.date(), "test")

        return [at(2021, 1, 14, EventKind.LISTED), at(2021, 3, 12, EventKind.ENJOINED),
                at(2021, 5, 11, EventKind.NOTE)]


@pytest.fixture
def fake_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core opens this registry (the command's registry comes from the core)."""
    monkeypatch.setattr(core_module, "Registry", FakeRegistry)
    CONTEXT.reset()


@pytest.mark.usefixtures("fake_registry")
def test_registry_events() -> None:
    code, out, err = run("Xiaomi", *DEMO, "--events", "listing,injunction,vacated",
                         "--event-date", "2021-05-11=joint status report", "--format", "json")
    assert code == 0
    assert "no 'vacated' event for Xiaomi Corporation" in err
    doc = json.loads(out)
    assert doc["title"] == "Xiaomi Corporation"
    assert [(e["event"], e["day0"]) for e in doc["events"]] == [
        ("Listed", "2021-01-15"), ("Injunction", "2021-03-15"),
        ("joint status report", "2021-05-12")]


@pytest.mark.usefixtures("fake_registry")
@pytest.mark.parametrize(("query", "code", "message"), [
    ("china", 3, "'china' names 2 listed entities"),
    ("nobody", 2, "not in the registry"),
])
def test_registry_misses(query: str, code: int, message: str) -> None:
    got, _, err = run(query, *DEMO, "--events", "listing")
    assert got == code and message in err


def test_real_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    """The acceptance command against the project's own registry."""
    monkeypatch.setenv("LISTGUARD_DB", str(tmp_path / "registry.sqlite"))
    target = tmp_path / "xiaomi.png"
    code = impact_command("Xiaomi", Path("demo:1810.HK"), Path("demo:HSI"),
                          "listing,injunction,vacated", None, "market", "-250,-11", "-1,1",
                          "json", target)
    assert code == 0 and target.exists()
    doc = json.loads(capsys.readouterr().out)
    days = {e["kind"]: e["day0"] for e in doc["events"]}
    assert days["listing"] == "2021-01-15" and days["injunction"] == "2021-03-15"
    listing = next(e for e in doc["events"] if e["kind"] == "listing")
    assert next(d["ar"] for d in listing["ar"] if d["day"] == 0) == pytest.approx(-0.1111,
                                                                                 abs=5e-5)
