"""Test statistics across events: for each day of the event window (AAR) and for the window (CAAR).

Formulas follow ``shared/reference/event-study.md`` §2; names as in that note:

==========  =====================================================  ==================
key         daily statistic                                        distribution
==========  =====================================================  ==================
t           cross-sectional t: AAR / (s_AR / sqrt N)               t(N-1)
bw1980      Brown-Warner 1980: AAR / (sqrt(sum s_i^2) / N)          t(mean L - 1)
bw1985      Brown-Warner 1985: AAR / sd(AAR over estimation days)   t(days - 1)
patell      Patell Z: sum SAR / sqrt(sum df/(df-2))                 N(0,1)
patell_kp   Patell Z * sqrt(1 / (1 + (N-1) r))                      N(0,1)
bmp         Boehmer-Musumeci-Poulsen: mean SAR / (s_SAR / sqrt N)   t(N-1)
bmp_kp      BMP * sqrt((1 - r) / (1 + (N-1) r))                     t(N-1)
sign        (N+ - N/2) / sqrt(N/4)                                  N(0,1)
gsign       Cowan: (N+ - N p) / sqrt(N p (1-p))                     N(0,1)
csign       Corrado-Zivney sign                                     N(0,1)
rank        Corrado rank                                            N(0,1)
mrank       modified (standardised) rank, Campbell-Wasley           N(0,1)
wilcoxon    Wilcoxon signed-rank W+ (p from scipy, exact if small)  signed-rank
==========  =====================================================  ==================

``r`` is the Kolari-Pynnönen average cross-correlation of the events' estimation-window
abnormal returns, aligned on relative day (events on the same date are then aligned on the
same calendar day). The window versions use CAR_i, CSAR_i = sum SAR / sqrt(W_i), and for the
rank and sign tests the sum of the daily numerators over sqrt(W); ``bw1980`` over the window is
MacKinlay's J1 = CAAR / (sqrt(sum Var CAR_i) / N), with Var CAR_i = 1'V1.

``convention="estudy2"`` copies the two choices by which the R package estudy2 differs when
securities miss days: sums across securities are ``mean * N_all`` (not plain sums), and the
generalized sign test pools all estimation days; the model-side differences live in
:mod:`listguard.impact.models`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

from listguard.impact.models import BoolArray, Convention, Fit, FloatArray, IntArray

TESTS: dict[str, str] = {
    "t": "cross-sectional t",
    "bw1980": "Brown–Warner 1980",
    "bw1985": "Brown–Warner 1985",
    "patell": "Patell Z",
    "patell_kp": "Patell Z, Kolari–Pynnönen",
    "bmp": "BMP t",
    "bmp_kp": "BMP t, Kolari–Pynnönen",
    "sign": "sign Z",
    "gsign": "generalized sign Z",
    "csign": "Corrado–Zivney sign",
    "rank": "Corrado rank",
    "mrank": "modified rank",
    "wilcoxon": "Wilcoxon W+",
}
"""Every statistic computed, key -> human name, in display order."""


@dataclass(frozen=True)
class Stat:
    """A test statistic, its two-sided p-value and the distribution it is read against."""

    value: float
    p: float
    """Two-sided p-value."""
    dist: str


@dataclass(frozen=True)
class Aggregate:
    """Statistics across the events of a fit."""

    n: IntArray
    """Events with an abnormal return on each day."""
    aar: FloatArray
    caar_path: FloatArray
    caar_se_path: FloatArray
    """Standard error of the CAAR path, sqrt(sum Var CAR_i) / N (independent events)."""
    daily: dict[str, list[Stat]]
    n_events: int
    caar: float
    window: dict[str, Stat]
    r_bar: float


def _normal(z: float) -> Stat:
    """A statistic against N(0,1)."""
    return Stat(float(z), float(2 * sps.norm.sf(abs(z))) if np.isfinite(z) else np.nan, "N(0,1)")


def _student(t: float, df: float) -> Stat:
    """A statistic against Student's t with ``df`` degrees of freedom."""
    ok = np.isfinite(t) and np.isfinite(df) and df > 0
    p = float(2 * sps.t.sf(abs(t), df)) if ok else np.nan
    return Stat(float(t), p, f"t({df:g})" if np.isfinite(df) else "t")


def _wilcoxon(x: FloatArray) -> Stat:
    """Wilcoxon's signed-rank W+ of the finite non-zero values, with scipy's p-value."""
    x = x[np.isfinite(x)]
    nz = x[x != 0]
    if nz.size == 0:
        return Stat(np.nan, np.nan, "signed-rank")
    ranks = sps.rankdata(np.abs(nz))
    w_plus = float(ranks[nz > 0].sum())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = float(sps.wilcoxon(nz, zero_method="wilcox").pvalue)
    return Stat(w_plus, p, "signed-rank")


def _div(a: FloatArray | float, b: FloatArray | float) -> FloatArray:
    """a / b, NaN or inf where b is zero, without warnings."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.divide(a, b), dtype=np.float64)


CHUNK = 1024
"""Events processed at a time by the full-sample passes: small temporaries, reused memory."""


def _chunks(n: int) -> list[slice]:
    """Row slices of :data:`CHUNK` events covering ``n``."""
    return [slice(a, min(a + CHUNK, n)) for a in range(0, n, CHUNK)]


def average_correlation(resid: FloatArray, present: BoolArray) -> float:
    """Average pairwise correlation of the rows of ``resid`` over the ``present`` cells.

    Uses sum_{i != j} z_i . z_j = |sum_i z_i|^2 - sum_i |z_i|^2 on rows standardised over
    their own observations: O(N T) instead of O(N^2 T), and exactly the mean of the pairwise
    correlations when no row misses a day (approximately so otherwise).
    """
    if int(present.any(axis=1).sum()) < 2:
        return 0.0
    z_sum = np.zeros(resid.shape[1])
    z_sq = np.zeros(resid.shape[1])
    for rows in _chunks(resid.shape[0]):
        here = present[rows]
        count = np.maximum(here.sum(axis=1), 1)
        mean = _div(np.where(here, resid[rows], 0.0).sum(axis=1), count)
        dev = np.where(here, resid[rows] - mean[:, None], 0.0)
        sd = np.sqrt(_div((dev**2).sum(axis=1), count))
        z = np.where(here & (sd[:, None] > 0), _div(dev, sd[:, None]), 0.0)
        z_sum += z.sum(axis=0)
        z_sq += (z**2).sum(axis=0)
    m = present.sum(axis=0).astype(float)
    pairs = (m * m - m).sum()
    return float((z_sum**2 - z_sq).sum() / pairs) if pairs > 0 else 0.0


def row_ranks(values: FloatArray) -> tuple[FloatArray, FloatArray, IntArray]:
    """Average ranks (1 = smallest; ties share their mean rank; NaN stays NaN), medians and
    counts of the finite values of each row."""
    width = values.shape[1]
    order = np.argsort(values, axis=1)  # NaN sort last
    ordered = np.take_along_axis(values, order, axis=1)
    count = np.isfinite(values).sum(axis=1)
    pos = np.arange(width)
    starts = np.ones(values.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ends = np.ones(values.shape, dtype=bool)
    ends[:, :-1] = starts[:, 1:]
    first = np.maximum.accumulate(np.where(starts, pos, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends, pos, width)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty(values.shape)
    np.put_along_axis(ranks, order, (first + last) / 2 + 1, axis=1)
    ranks[~np.isfinite(values)] = np.nan
    lo = np.maximum(count - 1, 0) // 2
    hi = np.minimum(count // 2, width - 1)
    median = (np.take_along_axis(ordered, lo[:, None], axis=1)[:, 0]
              + np.take_along_axis(ordered, hi[:, None], axis=1)[:, 0]) / 2
    median[count == 0] = np.nan
    return ranks, median, count.astype(np.int64)


@dataclass(frozen=True)
class _FullSample:
    """Column sums over each event's estimation and window days, for the rank and sign tests."""

    n_t: FloatArray
    """Events per column."""
    rank_dev: FloatArray
    """Sum of K_it - (T_i + 1) / 2 (Corrado)."""
    uniform: FloatArray
    """Sum of K_it / (T_i + 1) - 1/2 (modified rank)."""
    sign: FloatArray
    """Sum of sign(AR_it - median_i) (Corrado-Zivney)."""
    t_bar: float
    """Mean number of days per event, T."""


def _full_sample(ar: FloatArray, full: BoolArray) -> _FullSample:
    """The rank and sign sums of :class:`_FullSample` over the ``full`` cells of ``ar``."""
    width = ar.shape[1]
    sums = np.zeros((3, width))
    for rows in _chunks(ar.shape[0]):
        values = np.where(full[rows], ar[rows], np.nan)
        ranks, median, count = row_ranks(values)
        t1 = count[:, None] + 1.0
        sums[0] += np.nansum(ranks - t1 / 2, axis=0)
        sums[1] += np.nansum(ranks / t1 - 0.5, axis=0)
        sums[2] += np.nansum(np.sign(values - median[:, None]), axis=0)
    return _FullSample(full.sum(axis=0).astype(float), sums[0], sums[1], sums[2],
                       float(full.sum(axis=1).mean()))


def _estimation_sums(ar: FloatArray, used: BoolArray) -> tuple[FloatArray, FloatArray,
                                                                FloatArray]:
    """Per column: sum and count of estimation ARs; per event: estimation ARs above zero."""
    total = np.zeros(ar.shape[1])
    positive = np.zeros(ar.shape[0])
    for rows in _chunks(ar.shape[0]):
        values = np.where(used[rows], ar[rows], 0.0)
        total += values.sum(axis=0)
        positive[rows] = (values > 0).sum(axis=1)
    return total, used.sum(axis=0).astype(float), positive


def _kp_bmp(r: float, n: FloatArray | float) -> FloatArray:
    """Kolari-Pynnönen factor for the BMP t; NaN where 1 + (N-1) r is not positive."""
    ratio = _div(1.0 - min(r, 1.0), 1.0 + (np.asarray(n, dtype=float) - 1.0) * r)
    return np.sqrt(np.where(ratio >= 0, ratio, np.nan))


def _kp_patell(r: float, n: FloatArray | float) -> FloatArray:
    """Kolari-Pynnönen factor for Patell's Z; NaN where 1 + (N-1) r is not positive."""
    ratio = _div(1.0, 1.0 + (np.asarray(n, dtype=float) - 1.0) * r)
    return np.sqrt(np.where(ratio >= 0, ratio, np.nan))


_Test = tuple[list[Stat], Stat]
"""One statistic: its value on each window day, and over the whole window."""


@dataclass(frozen=True)
class _Sample:
    """The events the statistics use (a residual variance and a window return each)."""

    fit: Fit
    cols: IntArray
    keep: BoolArray
    """Which events of the fit are used."""
    ar: FloatArray
    """Their abnormal returns on every column."""
    used: BoolArray
    """Their estimation days."""
    sigma2: FloatArray
    vfac: FloatArray
    """df / (df - 2), the variance of a standardised abnormal return."""
    window: FloatArray
    """Their abnormal returns on the window columns."""
    pres: BoolArray
    """Where ``window`` has a return."""
    n_tau: IntArray
    """Events with a return on each window day."""
    nf: FloatArray
    n_all: int
    compat: bool
    """The estudy2 convention."""
    car: FloatArray
    """Per event, the CAR over the window."""
    caar: float

    @property
    def days(self) -> range:
        """The window days, as positions in ``cols``."""
        return range(self.cols.size)

    def across(self, total: FloatArray, count: FloatArray) -> FloatArray:
        """A sum across events; estudy2 takes mean * number of securities instead."""
        if self.compat:
            return _div(total, count) * self.n_all
        return np.asarray(total, dtype=np.float64)

    def col_sum(self, values: FloatArray, mask: BoolArray) -> FloatArray:
        """Per column, the sum across events of ``values`` where ``mask`` (see across)."""
        return self.across(np.where(mask, values, 0.0).sum(axis=0), mask.sum(axis=0))


def _sample(fit: Fit, cols: IntArray, convention: Convention) -> _Sample:
    """Keep the events of ``fit`` with a residual variance and a return in the window."""
    keep = np.isfinite(fit.sigma2) & np.isfinite(fit.ar[:, cols]).any(axis=1)
    every = bool(keep.all())
    ar_all = fit.ar if every else fit.ar[keep]
    df = fit.df[keep].astype(float)
    n_all = int(keep.sum())
    a = ar_all[:, cols]
    pres = np.isfinite(a)
    n_tau = pres.sum(axis=0)
    car = np.where(pres, a, 0.0).sum(axis=1)
    return _Sample(
        fit=fit,
        cols=cols,
        keep=keep,
        ar=ar_all,
        used=fit.used if every else fit.used[keep],
        sigma2=fit.sigma2[keep],
        vfac=_div(df, df - 2),
        window=a,
        pres=pres,
        n_tau=n_tau,
        nf=n_tau.astype(float),
        n_all=n_all,
        compat=convention == "estudy2",
        car=car,
        caar=float(car.mean()) if n_all else np.nan,
    )


@np.errstate(invalid="ignore", divide="ignore")  # degenerate samples give NaN statistics
def aggregate(fit: Fit, cols: IntArray, convention: Convention = "textbook") -> Aggregate:
    """All statistics of :data:`TESTS` for window columns ``cols`` of a fitted panel."""
    s = _sample(fit, cols, convention)
    aar = _div(np.where(s.pres, s.window, 0.0).sum(axis=0), s.nf)
    est_total, est_count, est_pos = _estimation_sums(s.ar, s.used)
    r_bar = average_correlation(s.ar, s.used)
    tests: dict[str, _Test] = {
        **_t_test(s, aar),
        **_brown_warner(s, aar, _div(est_total, est_count)[est_count > 0]),
        **_standardised_tests(s, r_bar),
        **_sign_tests(s, est_pos),
        **_rank_tests(s),
        "wilcoxon": ([_wilcoxon(s.window[:, j]) for j in s.days], _wilcoxon(s.car)),
    }
    var_path = fit.car_variance_path(cols, None)[s.keep]
    return Aggregate(
        n=s.n_tau.astype(np.int64),
        aar=aar,
        caar_path=np.cumsum(np.nan_to_num(aar)),
        caar_se_path=_div(np.sqrt(np.nansum(var_path, axis=0)), float(s.n_all)),
        daily={k: tests[k][0] for k in TESTS},
        n_events=s.n_all,
        caar=s.caar,
        window={k: tests[k][1] for k in TESTS},
        r_bar=r_bar,
    )


def _t_test(s: _Sample, aar: FloatArray) -> dict[str, _Test]:
    """The cross-sectional t: AAR over its standard error across events; CAAR likewise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sd_ar = np.nanstd(s.window, axis=0, ddof=1)
    daily = []
    for j in s.days:
        nj = float(s.nf[j])
        daily.append(_student(float(_div(aar[j], sd_ar[j] / np.sqrt(nj))), nj - 1))
    n_ev = float(s.n_all)
    sd_car = float(np.std(s.car, ddof=1)) if s.n_all > 1 else np.nan
    return {"t": (daily, _student(float(_div(s.caar, sd_car / np.sqrt(n_ev))), n_ev - 1))}


def _brown_warner(s: _Sample, aar: FloatArray, est_aar: FloatArray) -> dict[str, _Test]:
    """Brown-Warner 1980 (the events' own variances) and 1985 (the AAR's estimation spread)."""
    w_days = s.cols.size
    if s.compat:
        bw80_den = np.full(w_days, np.sqrt(s.sigma2.sum()) / s.n_all)
    else:
        bw80_den = _div(np.sqrt(np.where(s.pres, s.sigma2[:, None], 0.0).sum(axis=0)), s.nf)
    sd_est_aar = float(np.std(est_aar, ddof=1)) if est_aar.size > 1 else np.nan
    bw80_df = float(np.mean(s.fit.n[s.keep])) - 1 if s.n_all else np.nan
    bw85_df = float(est_aar.size - 1)
    bw80 = [_student(float(_div(aar[j], bw80_den[j])), bw80_df) for j in s.days]
    bw85 = [_student(float(_div(aar[j], sd_est_aar)), bw85_df) for j in s.days]
    n_ev = float(s.n_all)
    var_car = _car_var(s.fit, s.cols, s.keep, s.pres)
    return {
        "bw1980": (bw80, _normal(float(_div(s.caar, np.sqrt(var_car.sum()) / n_ev)))),
        "bw1985": (bw85, _student(float(_div(s.caar, np.sqrt(w_days) * sd_est_aar)), bw85_df)),
    }


def _standardised_tests(s: _Sample, r_bar: float) -> dict[str, _Test]:
    """Patell's Z and the BMP t on standardised abnormal returns, each also Kolari-Pynnönen."""
    c = s.fit.c_factor(s.cols)[s.keep]
    sar = _div(s.window, np.sqrt(s.sigma2[:, None] * c))
    if s.compat:
        patell_den = np.full(s.cols.size, np.sqrt(s.vfac.sum()))
    else:
        patell_den = np.sqrt(np.where(s.pres, s.vfac[:, None], 0.0).sum(axis=0))
    patell = _div(s.col_sum(sar, s.pres), patell_den)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        bmp = _div(np.nanmean(sar, axis=0), np.nanstd(sar, axis=0, ddof=1) / np.sqrt(s.nf))
    daily: dict[str, list[Stat]] = {"patell": [], "patell_kp": [], "bmp": [], "bmp_kp": []}
    for j in s.days:
        nj = float(s.nf[j])
        daily["patell"].append(_normal(float(patell[j])))
        daily["patell_kp"].append(_normal(float(patell[j] * _kp_patell(r_bar, nj))))
        daily["bmp"].append(_student(float(bmp[j]), nj - 1))
        daily["bmp_kp"].append(_student(float(bmp[j] * _kp_bmp(r_bar, nj)), nj - 1))
    n_ev = float(s.n_all)
    w_i = s.pres.sum(axis=1).astype(float)
    csar = _div(np.where(s.pres, sar, 0.0).sum(axis=1), np.sqrt(w_i))
    sd_csar = float(np.std(csar, ddof=1)) if s.n_all > 1 else np.nan
    bmp_w = float(_div(csar.mean(), sd_csar / np.sqrt(n_ev)))
    patell_w = float(_div(csar.sum(), np.sqrt(s.vfac.sum())))
    return {
        "patell": (daily["patell"], _normal(patell_w)),
        "patell_kp": (daily["patell_kp"], _normal(float(patell_w * _kp_patell(r_bar, n_ev)))),
        "bmp": (daily["bmp"], _student(bmp_w, n_ev - 1)),
        "bmp_kp": (daily["bmp_kp"], _student(float(bmp_w * _kp_bmp(r_bar, n_ev)), n_ev - 1)),
    }


def _sign_tests(s: _Sample, est_pos: FloatArray) -> dict[str, _Test]:
    """The sign test (half positive) and Cowan's generalized sign test (the estimation share)."""
    positive = s.col_sum((s.window > 0).astype(float), s.pres)
    n_est = s.used.sum(axis=1)
    p_hat = (  # estudy2 pools all estimation days; the textbook averages the events' shares
        float(est_pos.sum() / n_est.sum()) if s.compat else float(np.mean(_div(est_pos, n_est)))
    )

    def sign_z(pos: float, n: float) -> Stat:
        """(N+ - N/2) / sqrt(N/4)."""
        return _normal(float(_div(pos - 0.5 * n, np.sqrt(0.25 * n))))

    def gsign_z(pos: float, n: float) -> Stat:
        """(N+ - N p) / sqrt(N p (1 - p))."""
        return _normal(float(_div(pos - n * p_hat, np.sqrt(n * p_hat * (1 - p_hat)))))

    pos_w = float((s.car > 0).sum())
    n_ev = float(s.n_all)
    return {
        "sign": ([sign_z(positive[j], float(s.nf[j])) for j in s.days], sign_z(pos_w, n_ev)),
        "gsign": ([gsign_z(positive[j], float(s.nf[j])) for j in s.days], gsign_z(pos_w, n_ev)),
    }


def _rank_tests(s: _Sample) -> dict[str, _Test]:
    """Corrado-Zivney sign, Corrado rank and modified rank, over estimation + window days."""
    full = s.used.copy()
    full[:, s.cols] |= s.pres
    fs = _full_sample(s.ar, full)
    g_sum = _div(s.across(fs.sign, fs.n_t), np.sqrt(fs.n_t))
    d_mean = _div(s.across(fs.rank_dev, fs.n_t), fs.n_t)
    u_sum = _div(s.across(fs.uniform, fs.n_t), np.sqrt(fs.n_t))
    root_w = np.sqrt(s.cols.size)
    out: dict[str, _Test] = {}
    for key, per_day in (("csign", g_sum), ("rank", d_mean), ("mrank", u_sum)):
        spread = np.sqrt(np.nansum(per_day**2) / fs.t_bar)
        num = per_day[s.cols]
        daily = [_normal(float(_div(num[j], spread))) for j in s.days]
        out[key] = (daily, _normal(float(_div(np.nansum(num), root_w * spread))))
    return out


def _car_var(fit: Fit, cols: IntArray, keep: BoolArray, pres: BoolArray) -> FloatArray:
    """Var CAR_i = 1'V1 of the kept events, over the window days each has a return on."""
    full_pres = np.zeros((fit.ar.shape[0], cols.size), dtype=bool)
    full_pres[keep] = pres
    return fit.car_variance(cols, full_pres)[keep]
