"""The picture, and the demo prices shipped with the package."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from matplotlib import image

from listguard.impact import EventSpec, StudyConfig, load_prices, parse_event_date, run_study
from listguard.impact.demo import demo_path
from listguard.impact.plot import draw

from .conftest import PRICES

ROOT = Path(__file__).resolve().parents[2]


def picture(path: Path) -> tuple[int, int]:
    pixels = image.imread(path)
    return int(pixels.shape[0]), int(pixels.shape[1])


@pytest.mark.parametrize("events", [1, 3, 6])
def test_draw_single_security(tmp_path: Path, events: int) -> None:
    days = ["2020-08-03", "2020-09-01", "2020-10-05", "2021-01-14", "2021-03-12", "2021-05-11"]
    result = run_study(load_prices("demo:1810.HK"), load_prices("demo:HSI"),
                       [parse_event_date(d) for d in days[-events:]])
    out = draw(result, tmp_path / "p.png", "Xiaomi")
    height, width = picture(out)
    assert width == 1650 and height > 900


def test_draw_several_securities(tmp_path: Path) -> None:
    """Three state telecoms on one date: a panel each and the average."""
    book = {t: load_prices(PRICES / f"luciusneo__raw__{t}.csv", t)
            for t in ("0941.HK", "0728.HK", "0762.HK")}
    hsi = load_prices(PRICES / "rushils1__HSI.csv", "HSI")
    events = [EventSpec("EO 13959", date(2020, 11, 13), security=t) for t in book]
    result = run_study(book, hsi, events, StudyConfig(window=(0, 1)))
    out = draw(result, tmp_path / "telecoms.png", "State telecoms")
    assert picture(out)[1] == 1650


def test_nothing_to_draw(tmp_path: Path) -> None:
    result = run_study(load_prices("demo:1810.HK"), load_prices("demo:HSI"),
                       [parse_event_date("2030-01-01")])
    with pytest.raises(ValueError, match="nothing to plot"):
        draw(result, tmp_path / "none.png")


@pytest.mark.parametrize(("name", "raw"), [("1810.HK", "georgelikechen__1810.HK.csv"),
                                           ("HSI", "rushils1__HSI.csv")])
def test_demo_rows_are_copied_unchanged(name: str, raw: str) -> None:
    shipped = demo_path(name).read_text(encoding="utf-8").splitlines()
    source = (PRICES / raw).read_text(encoding="utf-8").splitlines()
    assert shipped[0] == source[0]
    start = source.index(shipped[1])
    assert source[start:start + len(shipped) - 1] == shipped[1:]


def test_demo_covers_the_xiaomi_study() -> None:
    xiaomi = load_prices("demo:1810.HK")
    before = xiaomi.dates[xiaomi.dates < "2021-01-15"]
    assert len(before) >= 251  # 250 returns before day 0 need 251 prices
    result = run_study(xiaomi, load_prices("demo:HSI"),
                       [parse_event_date(d) for d in ("2021-01-14", "2021-03-12", "2021-05-25")],
                       StudyConfig(window=(-10, 10)))
    assert all(e.ok and e.n_estimation == 240 for e in result.events)
