"""Known answers from shared/reference/event-study.md: the hand-checkable EasyEventStudies
example (§3.2), the Xiaomi worked example (§4.4) and the five-firm sample (§4.5).

The note prints rounded figures; each is checked to half a unit of its last digit.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from listguard.impact import EventSpec, StudyConfig, load_prices, parse_event_date, run_study
from listguard.impact.models import Panel, fit
from listguard.impact.prices import PriceSeries
from listguard.impact.study import EventResult

from .conftest import PRICES


def test_easy_event_studies_example() -> None:
    """Estimation: market [5, 5, 7], stock [6, 8, 10]; event: market [3, 5], stock [12, 16].

    OLS: alpha = -0.5, beta = 1.5; residuals [-1, 1, 0], s^2 = 2; AR = [8, 9];
    V = s^2 (I + X*(X'X)^-1 X*') = [[8, 2], [2, 3]]; Var(CAR) = 1'V1 = 15."""
    stock = np.array([[6.0, 8.0, 10.0, 12.0, 16.0]])
    market = np.array([[5.0, 5.0, 7.0, 3.0, 5.0]])
    panel = Panel(
        rel=np.arange(-3, 2, dtype=np.int64),
        stock=stock,
        regressors=market[..., None],
        estimation=np.array([[True, True, True, False, False]]),
    )
    fitted = fit(panel, "market", min_obs=3)
    assert fitted.alpha[0] == pytest.approx(-0.5)
    assert fitted.beta[0, 0] == pytest.approx(1.5)
    assert fitted.sigma2[0] == pytest.approx(2.0)
    cols = panel.columns(0, 1)
    np.testing.assert_allclose(fitted.ar[0, cols], [8.0, 9.0])
    np.testing.assert_allclose(fitted.sigma2[0] * fitted.c_factor(cols)[0], [8.0, 3.0])
    np.testing.assert_allclose(fitted.car_variance_path(cols)[0], [8.0, 15.0])
    assert fitted.car_variance(cols)[0] == pytest.approx(15.0)


# §4.4: Xiaomi against the HSI, market model, simple returns, estimation [-250, -11].
# (US date of the event, HK day 0, AR(0), CAR[0,+1], CAR[-1,+1], t of CAR[-1,+1]) in percent.
XIAOMI = [
    ("2021-01-14", date(2021, 1, 15), -11.11, -10.83, -13.55, -2.57),
    ("2021-03-12", date(2021, 3, 15), 6.36, 13.30, 19.69, 3.63),
    ("2021-05-11", date(2021, 5, 12), 4.81, 3.78, 3.51, 0.62),
]


def _xiaomi(xiaomi: PriceSeries, hsi: PriceSeries, us_date: str, window: tuple[int, int],
            estimation: tuple[int, int] | tuple[date, date] = (-250, -11)) -> EventResult:
    config = StudyConfig(window=window, estimation=estimation)
    return run_study(xiaomi, hsi, [parse_event_date(us_date)], config).events[0]


@pytest.mark.parametrize(("us_date", "day0", "ar0", "car01", "car11", "t11"), XIAOMI)
def test_xiaomi_worked_example(xiaomi: PriceSeries, hsi: PriceSeries, us_date: str,
                               day0: date, ar0: float, car01: float, car11: float,
                               t11: float) -> None:
    wide = _xiaomi(xiaomi, hsi, us_date, (-1, 1))
    assert wide.day0 == day0
    assert wide.n_estimation == 240
    zero = wide.day(0)
    assert zero is not None
    assert zero.ar * 100 == pytest.approx(ar0, abs=0.005)
    assert wide.car * 100 == pytest.approx(car11, abs=0.005)
    assert wide.car_t == pytest.approx(t11, abs=0.005)
    narrow = _xiaomi(xiaomi, hsi, us_date, (0, 1))
    assert narrow.car * 100 == pytest.approx(car01, abs=0.005)


def test_xiaomi_january_parameters(xiaomi: PriceSeries, hsi: PriceSeries) -> None:
    """alpha = 0.00518 per day, beta = 1.234, sigma = 3.02%, AR(0) t = -3.67; the window is
    2020-01-13..2020-12-30."""
    e = _xiaomi(xiaomi, hsi, "2021-01-14", (-1, 1))
    assert e.alpha == pytest.approx(0.00518, abs=5e-6)
    assert e.beta[0] == pytest.approx(1.234, abs=5e-4)
    assert e.sigma * 100 == pytest.approx(3.02, abs=0.005)
    assert (e.estimation_start, e.estimation_end) == (date(2020, 1, 13), date(2020, 12, 30))
    zero = e.day(0)
    assert zero is not None and zero.t == pytest.approx(-3.67, abs=0.005)


def test_xiaomi_march_with_the_clean_window(xiaomi: PriceSeries, hsi: PriceSeries) -> None:
    """A fixed 2020 estimation window that leaves out the January event:
    AR(0) +6.11%, CAR[0,+1] +12.77%, CAR[-1,+1] +19.08%, t 3.62."""
    clean = (date(2020, 1, 13), date(2020, 12, 30))
    wide = _xiaomi(xiaomi, hsi, "2021-03-12", (-1, 1), clean)
    narrow = _xiaomi(xiaomi, hsi, "2021-03-12", (0, 1), clean)
    zero = wide.day(0)
    assert zero is not None and zero.ar * 100 == pytest.approx(6.11, abs=0.005)
    assert narrow.car * 100 == pytest.approx(12.77, abs=0.005)
    assert wide.car * 100 == pytest.approx(19.08, abs=0.005)
    assert wide.car_t == pytest.approx(3.62, abs=0.005)
    assert not any("contains another event" in i.message for i in wide.issues)


def test_rolling_window_contains_the_january_event(xiaomi: PriceSeries,
                                                   hsi: PriceSeries) -> None:
    result = run_study(xiaomi, hsi, [parse_event_date("2021-01-14=Listed"),
                                     parse_event_date("2021-03-12=Injunction")])
    march = result.events[1]
    assert any("'Listed'" in i.message for i in march.issues)


# §4.5: five firms, market model on the HSI, estimation [-250, -11], window [0, +1].
FIRMS = {"0941.HK": (date(2020, 11, 13), -9.40), "0728.HK": (date(2020, 11, 13), -12.52),
         "0762.HK": (date(2020, 11, 13), -9.32), "0981.HK": (date(2020, 12, 4), -1.47),
         "0883.HK": (date(2020, 12, 4), -5.76)}
SAMPLE_STATS = {"t": -4.08, "patell": -6.21, "bmp": -3.22, "sign": -2.24, "gsign": -2.06,
                "rank": -3.11}


@pytest.fixture(scope="module")
def five_firms() -> dict[str, PriceSeries]:
    return {t: load_prices(PRICES / f"luciusneo__raw__{t}.csv", t) for t in FIRMS}


def test_five_firm_sample(five_firms: dict[str, PriceSeries], hsi: PriceSeries) -> None:
    events = [EventSpec(t, day0, security=t) for t, (day0, _) in FIRMS.items()]
    result = run_study(five_firms, hsi, events, StudyConfig(window=(0, 1)))
    for e in result.events:
        assert e.n_estimation == 240
        assert e.car * 100 == pytest.approx(FIRMS[e.security][1], abs=0.005)
    agg = result.aggregate
    assert agg is not None
    assert agg.caar * 100 == pytest.approx(-7.69, abs=0.005)
    for key, value in SAMPLE_STATS.items():
        assert agg.window[key].value == pytest.approx(value, abs=0.005), key
    assert agg.daily["rank"][0].value == pytest.approx(-2.84, abs=0.005)
    # The note's r = 0.221 pairs residuals by calendar date; listguard pairs them by
    # relative day (the pairing of the ARs that are averaged), which the real-data tests
    # check independently. Both shrink the BMP t in the way Kolari-Pynnonen prescribe:
    r = agg.r_bar
    expected = agg.window["bmp"].value * np.sqrt((1 - r) / (1 + 4 * r))
    assert agg.window["bmp_kp"].value == pytest.approx(expected)
    assert 0.1 < r < 0.3
