"""The whole study on the shipped demo prices: models, returns, edge cases, output."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from listguard.impact import (
    EventSpec,
    PriceSeries,
    StudyConfig,
    load_prices,
    parse_event_date,
    run_study,
)

LISTING = "2021-01-14"


@pytest.fixture(scope="module")
def demo() -> tuple[PriceSeries, PriceSeries]:
    return load_prices("demo:1810.HK"), load_prices("demo:HSI")


def closes(prices: PriceSeries, *days: str) -> list[float]:
    return [float(prices.close[d]) for d in days]


def test_market_adjusted_is_the_return_gap(demo: tuple[PriceSeries, PriceSeries]) -> None:
    """event-study.md §4.2: Xiaomi -10.26% against the HSI +0.27% on 2021-01-15, a
    market-adjusted AR of -10.53%."""
    xiaomi, hsi = demo
    result = run_study(xiaomi, hsi, [parse_event_date(LISTING)],
                       StudyConfig(model="market-adjusted"))
    zero = result.events[0].day(0)
    assert zero is not None
    x0, x1 = closes(xiaomi, "2021-01-14", "2021-01-15")
    h0, h1 = closes(hsi, "2021-01-14", "2021-01-15")
    assert zero.ar == pytest.approx((x1 / x0 - 1) - (h1 / h0 - 1), rel=1e-12)
    assert zero.ar * 100 == pytest.approx(-10.53, abs=0.005)


def test_log_returns(demo: tuple[PriceSeries, PriceSeries]) -> None:
    xiaomi, hsi = demo
    result = run_study(xiaomi, hsi, [parse_event_date(LISTING)],
                       StudyConfig(model="market-adjusted", returns="log"))
    zero = result.events[0].day(0)
    x0, x1 = closes(xiaomi, "2021-01-14", "2021-01-15")
    h0, h1 = closes(hsi, "2021-01-14", "2021-01-15")
    assert zero is not None and zero.ar == pytest.approx(np.log(x1 / x0) - np.log(h1 / h0))


def test_constant_mean(demo: tuple[PriceSeries, PriceSeries]) -> None:
    xiaomi, _ = demo
    result = run_study(xiaomi, None, [parse_event_date(LISTING)],
                       StudyConfig(model="constant-mean"))
    event = result.events[0]
    r = xiaomi.close.pct_change()
    est = r.loc[str(event.estimation_start):str(event.estimation_end)]
    zero = event.day(0)
    assert len(est) == event.n_estimation == 240
    assert zero is not None and zero.ar == pytest.approx(r["2021-01-15"] - est.mean())
    assert zero.se == pytest.approx(est.std(ddof=1) * np.sqrt(1 + 1 / 240))


def test_factor_model(demo: tuple[PriceSeries, PriceSeries]) -> None:
    """Market plus a user factor, against lstsq on the same rows."""
    xiaomi, hsi = demo
    days = xiaomi.dates
    factor = pd.DataFrame({"tech": np.sin(np.arange(len(days)) / 7.0) / 100}, index=days)
    result = run_study(xiaomi, hsi, [parse_event_date(LISTING)], StudyConfig(model="factor"),
                       factors=factor)
    event = result.events[0]
    r = xiaomi.close.pct_change()
    m = hsi.close.reindex(days).pct_change()
    rows = slice(str(event.estimation_start), str(event.estimation_end))
    x = np.column_stack([np.ones(240), m[rows], factor["tech"][rows]])
    coef, *_ = np.linalg.lstsq(x, r[rows].to_numpy(), rcond=None)
    assert (event.alpha, *event.beta) == pytest.approx(tuple(coef), rel=1e-9)
    ar0 = r["2021-01-15"] - coef @ [1, m["2021-01-15"], factor["tech"]["2021-01-15"]]
    zero = event.day(0)
    assert zero is not None and zero.ar == pytest.approx(ar0, rel=1e-9)
    assert event.df == 240 - 3


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"window": (2, 1)}, "ends before it starts"),
    ({"estimation": (-10, 0)}, "must end before"),
    ({"estimation": (date(2020, 5, 1), date(2020, 1, 1))}, "ends before it starts"),
    ({"model": "capm"}, "unknown model"),
    ({"returns": "excess"}, "unknown returns"),
])
def test_config_checks(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StudyConfig(**kwargs)  # type: ignore[arg-type]


def test_events_that_cannot_be_studied(demo: tuple[PriceSeries, PriceSeries]) -> None:
    xiaomi, hsi = demo
    events = [parse_event_date("2020-02-03=too early"), parse_event_date("2020-06-01=short"),
              parse_event_date("2025-01-02=too late"), parse_event_date(LISTING)]
    result = run_study(xiaomi, hsi, events)
    early, short, late, ok = result.events
    assert "too short an estimation window" in early.skipped
    assert short.ok and short.n_estimation == 91
    assert any(i.message.startswith("too short an estimation window: estimation window has 91 "
                                    "of 240") for i in short.issues)
    assert "no prices on or after day 0" in late.skipped
    assert ok.ok and result.aggregate is not None and result.aggregate.n_events == 2


def test_a_missing_day_in_the_window(demo: tuple[PriceSeries, PriceSeries]) -> None:
    xiaomi, hsi = demo
    holed = load_prices(xiaomi.frame.drop(pd.Timestamp("2021-01-18")), "1810.HK")
    event = run_study(holed, hsi, [parse_event_date(LISTING)], StudyConfig(window=(-1, 2)))
    result = event.events[0]
    assert [d.day for d in result.days if np.isfinite(d.ar)] == [-1, 0]
    assert any("event-window days" in i.message for i in result.issues)
    assert any("with no price" in i.message for i in event.issues)
    assert result.car == pytest.approx(sum(d.ar for d in result.days if np.isfinite(d.ar)))


def test_json_is_standard(demo: tuple[PriceSeries, PriceSeries]) -> None:
    xiaomi, hsi = demo
    result = run_study(xiaomi, hsi, [parse_event_date(LISTING),
                                     parse_event_date("2030-01-01=later")])
    text = json.dumps(result.to_dict(), allow_nan=False)
    assert '"skipped": "no prices on or after day 0' in text


def test_a_local_date_and_an_exact_time_agree(demo: tuple[PriceSeries, PriceSeries]) -> None:
    xiaomi, hsi = demo
    events = [EventSpec("local", date(2021, 1, 15)),
              parse_event_date("2021-01-14T19:00-05:00=evening"),
              parse_event_date("2021-01-14=US date")]
    result = run_study(xiaomi, hsi, events)
    assert {e.day0 for e in result.events} == {date(2021, 1, 15)}
    assert len({e.car for e in result.events}) == 1
