"""Speed of the event-study engine: 10,000 events, 250-day estimation windows.

    python benchmarks/bench_impact.py [--events 10000] [--repeat 3]

Synthetic daily returns for 400 securities over 2,000 sessions. The same study is computed
twice in one run:

- vectorized: listguard.impact's event-time panel and ``models.fit`` (all events at once);
- a plain loop over events: per event, cut the windows, fit the market model by OLS, compute
  AR, CAR and their t statistics and the standardised ARs, then the classical cross-sectional
  tests (t, Patell, BMP, sign) from the collected per-event results.

The vectorized side does exactly that work, all events at once, and must give the same
numbers; the script prints both absolute times (best of ``--repeat``) and their ratio. It
also times the full battery across events (all 13 tests, ``statistics.aggregate``) and a
whole ``run_study`` on prices (calendars, data checks, result objects).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from listguard.impact import EventSpec, StudyConfig, load_prices, run_study
from listguard.impact.models import Panel, fit
from listguard.impact.statistics import aggregate

EST = (-250, -11)
WINDOW = (-1, 1)
SECURITIES = 400
SESSIONS = 2000


def synthetic(events: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    market = rng.normal(0.0003, 0.011, SESSIONS)
    beta = rng.normal(1.0, 0.3, SECURITIES)
    stock = 0.0002 + beta[:, None] * market[None, :] + rng.normal(0, 0.02, (SECURITIES, SESSIONS))
    stock[rng.random(stock.shape) < 0.01] = np.nan  # a few missing days
    who = rng.integers(0, SECURITIES, events)
    day0 = rng.integers(-EST[0] + 1, SESSIONS - WINDOW[1] - 1, events)
    return stock, market, who, day0


def panel_of(stock: np.ndarray, market: np.ndarray, who: np.ndarray,
             day0: np.ndarray) -> Panel:
    rel = np.arange(EST[0], WINDOW[1] + 1, dtype=np.int64)
    pos = day0[:, None] + rel[None, :]
    return Panel(
        rel=rel,
        stock=stock[who[:, None], pos],
        regressors=market[pos][..., None],
        estimation=np.broadcast_to((rel >= EST[0]) & (rel <= EST[1]), pos.shape).copy(),
    )


def vectorized(stock: np.ndarray, market: np.ndarray, who: np.ndarray,
               day0: np.ndarray) -> dict[str, np.ndarray | float]:
    """The loop's work, all events at once: fit, AR, CAR and its t, SAR; four tests."""
    panel = panel_of(stock, market, who, day0)
    fitted = fit(panel, "market", min_obs=30)
    cols = panel.columns(*WINDOW)
    ar = fitted.ar[:, cols]
    here = np.isfinite(ar)
    car = np.where(here, ar, 0.0).sum(axis=1)
    car_t = car / np.sqrt(fitted.car_variance(cols, here))
    sar = ar / np.sqrt(fitted.sigma2[:, None] * fitted.c_factor(cols))
    csar = np.where(here, sar, 0.0).sum(axis=1) / np.sqrt(here.sum(axis=1))
    df = fitted.df.astype(float)
    ok = np.isfinite(fitted.sigma2)
    m = ok.sum()
    return {"ar": ar, "car": np.where(ok, car, 0.0), "car_t": car_t, "caar": car[ok].mean(),
            "patell": csar[ok].sum() / np.sqrt((df[ok] / (df[ok] - 2)).sum()),
            "bmp": csar[ok].mean() / (csar[ok].std(ddof=1) / np.sqrt(m)),
            "t": car[ok].mean() / (car[ok].std(ddof=1) / np.sqrt(m)),
            "sign": ((car[ok] > 0).sum() - 0.5 * m) / np.sqrt(0.25 * m)}


def full_battery(stock: np.ndarray, market: np.ndarray, who: np.ndarray,
                 day0: np.ndarray) -> dict[str, float]:
    """Everything across events: AAR per day and CAAR with all 13 tests (ranks, KP, ...)."""
    panel = panel_of(stock, market, who, day0)
    fitted = fit(panel, "market", min_obs=30)
    agg = aggregate(fitted, panel.columns(*WINDOW))
    return {k: agg.window[k].value for k in ("patell", "bmp", "t", "sign")}


def loop(
    stock: np.ndarray, market: np.ndarray, who: np.ndarray, day0: np.ndarray
) -> dict[str, np.ndarray | float]:
    n, width = len(who), WINDOW[1] - WINDOW[0] + 1
    ar_all = np.full((n, width), np.nan)
    car = np.full(n, np.nan)
    car_t = np.full(n, np.nan)
    csar = np.full(n, np.nan)
    vfac = np.full(n, np.nan)
    for i in range(n):
        s, p = who[i], day0[i]
        y = stock[s, p + EST[0] : p + EST[1] + 1]
        x = market[p + EST[0] : p + EST[1] + 1]
        ok = np.isfinite(y) & np.isfinite(x)
        y, x = y[ok], x[ok]
        length = len(y)
        if length < 30:
            continue
        xm, ym = x.mean(), y.mean()
        sxx = ((x - xm) ** 2).sum()
        b = ((x - xm) * (y - ym)).sum() / sxx
        a = ym - b * xm
        s2 = ((y - a - b * x) ** 2).sum() / (length - 2)
        xw = market[p + WINDOW[0] : p + WINDOW[1] + 1]
        ar = stock[s, p + WINDOW[0] : p + WINDOW[1] + 1] - a - b * xw
        ar_all[i] = ar
        here = np.isfinite(ar)
        c = 1 + 1 / length + (xw - xm) ** 2 / sxx
        w = here.sum()
        d = (xw[here] - xm).sum()
        var = s2 * (w + w * w / length + d * d / sxx)
        car[i] = ar[here].sum()
        car_t[i] = car[i] / np.sqrt(var)
        csar[i] = (ar[here] / np.sqrt(s2 * c[here])).sum() / np.sqrt(w)
        vfac[i] = (length - 2) / (length - 4)
    ok = np.isfinite(car)
    m = ok.sum()
    return {
        "ar": ar_all,
        "car": np.where(ok, car, 0.0),
        "car_t": car_t,
        "caar": car[ok].mean(),
        "patell": csar[ok].sum() / np.sqrt(vfac[ok].sum()),
        "bmp": csar[ok].mean() / (csar[ok].std(ddof=1) / np.sqrt(m)),
        "t": car[ok].mean() / (car[ok].std(ddof=1) / np.sqrt(m)),
        "sign": ((car[ok] > 0).sum() - 0.5 * m) / np.sqrt(0.25 * m),
    }


def best_of(repeat: int, func: Callable[[], object]) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - start)
    return min(times), out


def end_to_end(stock: np.ndarray, market: np.ndarray, who: np.ndarray, day0: np.ndarray) -> float:
    """The public API on prices: calendars, data checks and result objects included."""
    days = pd.bdate_range("2012-01-02", periods=SESSIONS + 400, freq="C", holidays=None)[:SESSIONS]
    from listguard.impact.calendars import sessions

    days = sessions("XNYS", days[0], days[-1] + pd.Timedelta(days=400))[:SESSIONS]
    to_price = lambda r: 100 * np.exp(np.nancumsum(np.nan_to_num(r)))  # noqa: E731
    book = {
        f"S{k:03d}": load_prices(pd.Series(to_price(stock[k]), index=days), f"S{k:03d}")
        for k in range(SECURITIES)
    }
    index = load_prices(pd.Series(to_price(market), index=days), "INDEX")
    events = [
        EventSpec("e", date.fromisoformat(str(days[d].date())), security=f"S{s:03d}")
        for s, d in zip(who, day0, strict=True)
    ]
    start = time.perf_counter()
    run_study(
        book, index, events, StudyConfig(estimation=EST, window=WINDOW, context=0), calendar="XNYS"
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-end-to-end", action="store_true")
    args = parser.parse_args()
    data = synthetic(args.events)
    t_vec, vec = best_of(args.repeat, lambda: vectorized(*data))
    t_loop, plain = best_of(args.repeat, lambda: loop(*data))
    t_all, battery = best_of(args.repeat, lambda: full_battery(*data))
    assert isinstance(vec, dict) and isinstance(plain, dict) and isinstance(battery, dict)
    for key in ("ar", "car", "car_t"):
        np.testing.assert_allclose(vec[key], plain[key], rtol=1e-8, atol=1e-12,
                                   equal_nan=True, err_msg=key)
    for key in ("caar", "patell", "bmp", "t", "sign"):
        np.testing.assert_allclose(vec[key], plain[key], rtol=1e-8, err_msg=key)
        if key in battery:
            np.testing.assert_allclose(battery[key], plain[key], rtol=1e-8, err_msg=key)
    print(f"{args.events:,} events x {SESSIONS} sessions, estimation [{EST[0]}, {EST[1]}], "
          f"window [{WINDOW[0]}, {WINDOW[1]}], market model; both ways agree "
          f"(best of {args.repeat})")
    print(f"  per-event work (fit, AR, CAR, t, SAR; 4 tests), plain loop: {t_loop * 1000:7.1f} ms")
    print(f"  the same, vectorized:                                       {t_vec * 1000:7.1f} ms")
    print(f"  speed-up: {t_loop / t_vec:.1f}x")
    print(f"  vectorized with all 13 tests across events (ranks, KP, ...):  "
          f"{t_all * 1000:7.1f} ms")
    if not args.no_end_to_end:
        print(
            f"  run_study end to end on prices (calendars, checks, result objects): "
            f"{end_to_end(*data):.2f} s"
        )


if __name__ == "__main__":
    main()
