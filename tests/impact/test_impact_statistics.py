"""Statistics across events, against plain loops written from event-study.md §2."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from listguard.impact.models import Fit, Panel, fit
from listguard.impact.statistics import TESTS, aggregate, average_correlation

REL = np.arange(-120, 4, dtype=np.int64)
EST = REL <= -11
WINDOW = (-1, 2)


@pytest.fixture(scope="module")
def fitted() -> Fit:
    rng = np.random.default_rng(2024)
    n, t = 12, REL.size
    market = rng.normal(0, 0.01, (n, t))
    stock = 1.1 * market + rng.standard_t(4, (n, t)) * 0.015
    stock[:, REL == 0] += 0.03  # an event effect
    stock[rng.random((n, t)) < 0.04] = np.nan
    stock[3, :40] = np.nan  # a short history
    return fit(Panel(REL, stock, market[..., None], np.broadcast_to(EST, (n, t)).copy()))


def window_columns() -> np.ndarray:
    first, last = WINDOW
    return np.flatnonzero((first <= REL) & (last >= REL))


def loops(f: Fit, cols: np.ndarray) -> dict[str, list[float]]:
    """Each statistic event by event and day by day, with Python loops."""
    n = f.ar.shape[0]
    out: dict[str, list[float]] = {k: [] for k in ("rank", "mrank", "csign", "gsign", "sign",
                                                   "patell", "bmp", "bw1985", "t")}
    full = [np.flatnonzero(f.used[i] | np.isin(np.arange(f.ar.shape[1]), cols)
                           & np.isfinite(f.ar[i])) for i in range(n)]
    ranks, signs = {}, {}
    for i in range(n):
        vals = f.ar[i, full[i]]
        r = sps.rankdata(vals)
        med = np.median(vals)
        for j, c in enumerate(full[i]):
            ranks[i, c] = r[j]
            signs[i, c] = np.sign(vals[j] - med)
    t_i = np.array([len(x) for x in full], dtype=float)
    t_bar = t_i.mean()
    days = sorted({c for x in full for c in x})

    def spread(term: str) -> float:
        total = 0.0
        for c in days:
            who = [i for i in range(n) if (i, c) in ranks]
            if term == "rank":
                total += (np.mean([ranks[i, c] - (t_i[i] + 1) / 2 for i in who])) ** 2
            elif term == "mrank":
                total += (sum(ranks[i, c] / (t_i[i] + 1) - 0.5 for i in who) / np.sqrt(len(who))
                          ) ** 2
            else:
                total += (sum(signs[i, c] for i in who) / np.sqrt(len(who))) ** 2
        return float(np.sqrt(total / t_bar))

    s_rank, s_mrank, s_sign = spread("rank"), spread("mrank"), spread("csign")
    p_hat = np.mean([np.mean(f.ar[i, f.used[i]] > 0) for i in range(n)])
    est_days = np.flatnonzero(f.used.any(axis=0))
    est_aar = [np.mean(f.ar[f.used[:, c], c]) for c in est_days]
    for c in cols:
        who = [i for i in range(n) if np.isfinite(f.ar[i, c])]
        m = len(who)
        ar = f.ar[who, c]
        out["rank"].append(np.mean([ranks[i, c] - (t_i[i] + 1) / 2 for i in who]) / s_rank)
        out["mrank"].append(sum(ranks[i, c] / (t_i[i] + 1) - 0.5 for i in who) / np.sqrt(m)
                            / s_mrank)
        out["csign"].append(sum(signs[i, c] for i in who) / np.sqrt(m) / s_sign)
        pos = float((ar > 0).sum())
        out["sign"].append((pos - 0.5 * m) / np.sqrt(0.25 * m))
        out["gsign"].append((pos - m * p_hat) / np.sqrt(m * p_hat * (1 - p_hat)))
        sar = []
        vfac = []
        for i in who:
            x = f.regressors[i, f.used[i], 0]
            c_it = 1 + 1 / len(x) + (f.regressors[i, c, 0] - x.mean()) ** 2 / (
                (x - x.mean()) ** 2).sum()
            sar.append(f.ar[i, c] / np.sqrt(f.sigma2[i] * c_it))
            df = f.used[i].sum() - 2
            vfac.append(df / (df - 2))
        out["patell"].append(sum(sar) / np.sqrt(sum(vfac)))
        out["bmp"].append(np.mean(sar) / (np.std(sar, ddof=1) / np.sqrt(m)))
        out["bw1985"].append(np.mean(ar) / np.std(est_aar, ddof=1))
        out["t"].append(np.mean(ar) / (np.std(ar, ddof=1) / np.sqrt(m)))
    return out


def test_daily_statistics_match_loops(fitted: Fit) -> None:
    cols = window_columns()
    agg = aggregate(fitted, cols)
    for key, values in loops(fitted, cols).items():
        got = [s.value for s in agg.daily[key]]
        np.testing.assert_allclose(got, values, rtol=1e-10, err_msg=key)


def test_window_statistics(fitted: Fit) -> None:
    cols = window_columns()
    agg = aggregate(fitted, cols)
    a = fitted.ar[:, cols]
    car = np.nansum(a, axis=1)
    n = len(car)
    assert agg.caar == pytest.approx(car.mean())
    assert agg.window["t"].value == pytest.approx(car.mean() / (car.std(ddof=1) / np.sqrt(n)))
    sign = ((car > 0).sum() - 0.5 * n) / np.sqrt(0.25 * n)
    assert agg.window["sign"].value == pytest.approx(sign)
    w = sps.wilcoxon(car)
    ranks = sps.rankdata(np.abs(car))
    assert agg.window["wilcoxon"].value == ranks[car > 0].sum()
    assert agg.window["wilcoxon"].p == pytest.approx(w.pvalue)
    # The rank test over the window sums the daily numerators: sqrt(W) times their mean.
    daily = np.array([s.value for s in agg.daily["rank"]])
    assert agg.window["rank"].value == pytest.approx(daily.sum() / np.sqrt(len(cols)))
    assert set(agg.window) == set(TESTS)
    for s in agg.window.values():
        assert 0 <= s.p <= 1


def test_p_values_follow_their_distributions(fitted: Fit) -> None:
    cols = window_columns()
    agg = aggregate(fitted, cols)
    day0 = int(np.flatnonzero(REL[cols] == 0)[0])
    z = agg.daily["patell"][day0]
    assert z.p == pytest.approx(2 * sps.norm.sf(abs(z.value)))
    t = agg.daily["t"][day0]
    assert t.p == pytest.approx(2 * sps.t.sf(abs(t.value), agg.n[day0] - 1))
    assert t.value > 3  # the planted +3% effect on day 0 is found


def test_average_correlation_is_the_mean_pairwise_correlation() -> None:
    rng = np.random.default_rng(5)
    common = rng.normal(size=200)
    data = 0.6 * common + rng.normal(size=(6, 200)) * np.linspace(0.5, 2, 6)[:, None]
    pairwise = np.mean([np.corrcoef(data[i], data[j])[0, 1]
                        for i in range(6) for j in range(i + 1, 6)])
    present = np.ones_like(data, dtype=bool)
    assert average_correlation(data, present) == pytest.approx(pairwise, rel=1e-12)
    assert average_correlation(data[:1], present[:1]) == 0.0
