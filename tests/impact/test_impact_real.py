"""Real prices, checked against a separate, straightforward numpy computation in the test.

The independent computation reads the raw CSV files with pandas alone, pairs the stock with
the Hang Seng Index by date, and fits each event with ``np.linalg.lstsq``; the variance of the
CAR is 1'V1 with V = s^2 (I + X*(X'X)^-1 X*') built as explicit matrices. Nothing of
listguard.impact is used for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listguard.impact import EventSpec, StudyConfig, load_prices, parse_event_date, run_study

from .conftest import PRICES

EST = (-250, -11)


def raw_closes(path: Path) -> pd.Series:
    """Close by date from a raw file (yfinance dump, Yahoo CSV or yfinance multi-index)."""
    head = path.read_text(encoding="utf-8").splitlines()[:2]
    multi = head[0].startswith("Price,") and head[1].startswith("Ticker,")
    frame = pd.read_csv(path, skiprows=[1, 2] if multi else None, na_values=["null"])
    first = frame.columns[0]
    frame.index = pd.to_datetime(frame[first].astype(str).str[:10])
    return frame["Close"].dropna().astype(float)


@dataclass
class Independent:
    ar: np.ndarray
    t: np.ndarray
    car: float
    car_t: float
    alpha: float
    beta: float
    sar: np.ndarray
    resid: np.ndarray
    df: int


def independent(stock: Path, market: Path, day0: str, window: tuple[int, int]) -> Independent:
    both = pd.concat([raw_closes(stock), raw_closes(market)], axis=1, join="inner").dropna()
    rets = both.pct_change().to_numpy()
    i0 = both.index.get_loc(pd.Timestamp(day0))
    est = np.arange(i0 + EST[0], i0 + EST[1] + 1)
    win = np.arange(i0 + window[0], i0 + window[1] + 1)
    y, m = rets[est, 0], rets[est, 1]
    x = np.column_stack([np.ones_like(m), m])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    dof = len(y) - 2
    s2 = resid @ resid / dof
    xs = np.column_stack([np.ones(len(win)), rets[win, 1]])
    v = s2 * (np.eye(len(win)) + xs @ np.linalg.inv(x.T @ x) @ xs.T)
    ar = rets[win, 0] - xs @ coef
    car = ar.sum()
    car_var = np.ones(len(win)) @ v @ np.ones(len(win))
    return Independent(ar=ar, t=ar / np.sqrt(np.diag(v)), car=car, car_t=car / np.sqrt(car_var),
                       alpha=coef[0], beta=coef[1], sar=ar / np.sqrt(np.diag(v)), resid=resid,
                       df=dof)


XIAOMI_FILE = "georgelikechen__1810.HK.csv"
HSI_FILE = "rushils1__HSI.csv"


@pytest.mark.parametrize(("us_date", "hk_day0"), [("2021-01-14", "2021-01-15"),
                                                  ("2021-03-12", "2021-03-15"),
                                                  ("2021-05-11", "2021-05-12")])
@pytest.mark.parametrize("window", [(-1, 1), (0, 0), (-3, 5)])
def test_xiaomi_against_independent_numpy(us_date: str, hk_day0: str,
                                          window: tuple[int, int]) -> None:
    stock, market = PRICES / XIAOMI_FILE, PRICES / HSI_FILE
    want = independent(stock, market, hk_day0, window)
    result = run_study(load_prices(stock, "1810.HK"), load_prices(market, "HSI"),
                       [parse_event_date(us_date)], StudyConfig(window=window))
    got = result.events[0]
    assert got.day0 == date.fromisoformat(hk_day0)
    np.testing.assert_allclose([d.ar for d in got.days], want.ar, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose([d.t for d in got.days], want.t, rtol=1e-9)
    assert got.car == pytest.approx(want.car, rel=1e-10)
    assert got.car_t == pytest.approx(want.car_t, rel=1e-9)
    assert (got.alpha, got.beta[0]) == pytest.approx((want.alpha, want.beta), rel=1e-9)


def test_xiaomi_day0_listing_ar() -> None:
    """The acceptance check: Xiaomi's AR on 2021-01-15, market model, [-250, -11]."""
    stock, market = PRICES / XIAOMI_FILE, PRICES / HSI_FILE
    want = independent(stock, market, "2021-01-15", (0, 0))
    result = run_study(load_prices(stock), load_prices(market), [parse_event_date("2021-01-14")])
    zero = result.events[0].day(0)
    assert zero is not None and zero.date == date(2021, 1, 15)
    assert zero.ar == pytest.approx(want.ar[0], rel=1e-10)
    # Close to close Xiaomi fell 10.26% while the HSI rose 0.27% (event-study.md §4.2).
    closes = raw_closes(stock)
    assert closes["2021-01-15"] / closes["2021-01-14"] - 1 == pytest.approx(-0.1026, abs=5e-5)


TELECOMS = ["0941.HK", "0728.HK", "0762.HK"]


def test_state_telecoms_2020_11_13() -> None:
    """China Mobile, China Telecom and China Unicom on the HK day after EO 13959 (signed
    US 2020-11-12): one calendar date, so the Kolari-Pynnönen adjustment matters."""
    window = (0, 1)
    market = PRICES / HSI_FILE
    files = {t: PRICES / f"luciusneo__raw__{t}.csv" for t in TELECOMS}
    want = {t: independent(f, market, "2020-11-13", window) for t, f in files.items()}
    book = {t: load_prices(f, t) for t, f in files.items()}
    eo = parse_event_date("2020-11-12=EO 13959")
    events = [EventSpec(eo.title, eo.when, security=t, date_only=True) for t in TELECOMS]
    result = run_study(book, load_prices(market, "HSI"), events, StudyConfig(window=window))
    assert {e.day0 for e in result.events} == {date(2020, 11, 13)}
    for e in result.events:
        assert e.car == pytest.approx(want[e.security].car, rel=1e-10)
        np.testing.assert_allclose([d.ar for d in e.days], want[e.security].ar, rtol=1e-10)

    n = len(TELECOMS)
    cars = np.array([want[t].car for t in TELECOMS])
    csar = np.array([want[t].sar.sum() / np.sqrt(len(want[t].sar)) for t in TELECOMS])
    dfs = np.array([want[t].df for t in TELECOMS], dtype=float)
    t_cs = cars.mean() / (cars.std(ddof=1) / np.sqrt(n))
    patell = csar.sum() / np.sqrt((dfs / (dfs - 2)).sum())
    bmp = csar.mean() / (csar.std(ddof=1) / np.sqrt(n))
    resid = np.array([want[t].resid for t in TELECOMS])
    r_bar = np.mean([np.corrcoef(resid[i], resid[j])[0, 1]
                     for i in range(n) for j in range(i + 1, n)])
    agg = result.aggregate
    assert agg is not None
    assert agg.caar == pytest.approx(cars.mean(), rel=1e-10)
    assert agg.window["t"].value == pytest.approx(t_cs, rel=1e-9)
    assert agg.window["patell"].value == pytest.approx(patell, rel=1e-9)
    assert agg.window["bmp"].value == pytest.approx(bmp, rel=1e-9)
    assert agg.r_bar == pytest.approx(r_bar, rel=1e-9)
    kp = bmp * np.sqrt((1 - r_bar) / (1 + (n - 1) * r_bar))
    assert agg.window["bmp_kp"].value == pytest.approx(kp, rel=1e-9)
    assert agg.window["patell_kp"].value == pytest.approx(
        patell / np.sqrt(1 + (n - 1) * r_bar), rel=1e-9)
    # The news: China Telecom fell 7.8% and China Mobile 5% on the day.
    day0 = {e.security: e.day(0) for e in result.events}
    assert r_bar > 0.3  # same-date state telecoms move together
    assert all(d is not None and d.ar < -0.04 for d in day0.values())


def test_no_missing_days_in_the_real_windows() -> None:
    """The independent computation pairs rows by date; that equals the calendar axis only
    because these files miss no Hong Kong session in the windows used."""
    result = run_study(load_prices(PRICES / XIAOMI_FILE, "1810.HK"),
                       load_prices(PRICES / HSI_FILE, "HSI"),
                       [parse_event_date(d) for d in ("2021-01-14", "2021-03-12", "2021-05-11")])
    assert not any("no price" in i.message for i in result.issues)
    assert all(e.n_estimation == e.n_requested == 240 for e in result.events)
