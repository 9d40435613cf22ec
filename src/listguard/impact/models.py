"""Normal-return models, fitted for many events at once.

Every function here works on an event-time *panel*: row ``i`` is event ``i``, column ``j`` is
the trading day ``rel[j]`` relative to that event's day 0. Missing returns are NaN. Fitting
10,000 events is a handful of array operations, with no Python loop over events.

Models (MacKinlay 1997; Campbell, Lo & MacKinlay 1997, ch. 4):

- ``market``: OLS of the security on the market, ``R = a + b Rm + e``.
- ``factor``: OLS on user-supplied factor returns, ``R = a + sum_k b_k F_k + e``.
- ``constant-mean``: ``R = mu + e``.
- ``market-adjusted``: ``AR = R - Rm`` (nothing estimated).

For the OLS models the residual variance is ``SSR / (L - k)`` (``k`` estimated parameters) and
the variance of abnormal returns includes the estimation error (MacKinlay eq. 8):
``V = s^2 [I + X*(X'X)^-1 X*']``. With centred regressors ``x`` this is, for one day,
``C = 1 + 1/L + (x - xbar)' S^-1 (x - xbar)``, Patell's correction factor, and for a sum of
``W`` days ``1'V1 = s^2 [W + W^2/L + d' S^-1 d]`` with ``d = sum (x - xbar)``.

The ``estudy2`` convention reproduces the R package estudy2 exactly: residual standard
deviation with ``L - 1`` degrees of freedom, and Patell's correction computed from the market
over *all* estimation days rather than the security's complete cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

ModelName = Literal["market", "market-adjusted", "constant-mean", "factor"]
MODELS: tuple[str, ...] = get_args(ModelName)
Convention = Literal["textbook", "estudy2"]


@dataclass(frozen=True)
class Panel:
    """Returns of N events in event time.

    ``stock`` is (N, T); ``regressors`` is (N, T, K): the market (K = 1) or the factors;
    ``estimation`` marks, per event, the columns of its estimation window.
    """

    rel: IntArray
    stock: FloatArray
    regressors: FloatArray
    estimation: BoolArray

    @property
    def n_events(self) -> int:
        """N, the number of events."""
        return int(self.stock.shape[0])

    def columns(self, first: int, last: int) -> IntArray:
        """Column indices of relative days ``first..last`` (inclusive)."""
        return np.flatnonzero((self.rel >= first) & (self.rel <= last)).astype(np.int64)


@dataclass(frozen=True)
class Fit:
    """A fitted normal-return model for every event of a panel.

    ``ar`` holds abnormal returns for every column (estimation days included, NaN where a
    return is missing). ``used`` marks the estimation observations actually used.
    """

    model: str
    ar: FloatArray
    used: BoolArray
    n: IntArray
    """L: estimation observations used, per event."""
    df: IntArray
    """Degrees of freedom of the residual variance, L - k."""
    sigma2: FloatArray
    alpha: FloatArray
    beta: FloatArray
    """(N, K) slopes; empty second axis for the constant-mean model."""
    regressors: FloatArray
    xbar: FloatArray
    """(N, K) mean of the regressors used in the estimation-error term."""
    sxx_inv: FloatArray
    """(N, K, K) inverse centred cross-product of the regressors."""
    estimated: bool
    """False for market-adjusted returns: no estimation error in the variance."""

    @property
    def sigma(self) -> FloatArray:
        """The residual standard deviation of each event."""
        return np.sqrt(self.sigma2)

    def _quad(self, d: FloatArray) -> FloatArray:
        """d' S^-1 d for d of shape (N, ..., K); zero when there are no regressors."""
        if d.shape[-1] == 0:
            return np.zeros(d.shape[:-1])
        spec = "nk,nkl,nl->n" if d.ndim == 2 else "nwk,nkl,nwl->nw"
        return np.asarray(np.einsum(spec, d, self.sxx_inv, d), dtype=np.float64)

    def c_factor(self, cols: IntArray) -> FloatArray:
        """Var(AR) / sigma^2 for each event and column: Patell's C (1 when nothing is estimated)."""
        if not self.estimated:
            return np.ones((self.ar.shape[0], cols.size))
        dev = self.regressors[:, cols, :] - self.xbar[:, None, :]
        return 1.0 + 1.0 / self.n[:, None] + self._quad(dev)

    def car_variance(self, cols: IntArray, present: BoolArray | None = None) -> FloatArray:
        """Var(CAR) = 1'V1 over ``cols`` for each event (only days where ``present``)."""
        return self.car_variance_path(cols, present)[:, -1]

    def car_variance_path(self, cols: IntArray, present: BoolArray | None = None) -> FloatArray:
        """Var of the cumulative AR from ``cols[0]`` to each column of ``cols``: (N, W)."""
        if present is None:
            present = np.isfinite(self.ar[:, cols])
        w = np.cumsum(present, axis=1).astype(float)
        if not self.estimated:
            return np.asarray(self.sigma2[:, None] * w, dtype=np.float64)
        dev = np.where(present[..., None], self.regressors[:, cols, :] - self.xbar[:, None, :], 0.0)
        d = np.cumsum(dev, axis=1)
        return self.sigma2[:, None] * (w + w**2 / self.n[:, None] + self._quad(d))


def fit(
    panel: Panel,
    model: ModelName = "market",
    convention: Convention = "textbook",
    min_obs: int = 3,
) -> Fit:
    """Fit ``model`` on each event's estimation window; abnormal returns for every column.

    Events with fewer than ``max(min_obs, k + 2)`` usable estimation returns get NaN
    parameters and NaN abnormal returns (the study layer reports them).
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    y = panel.stock
    x = panel.regressors
    if model == "constant-mean":
        x = x[:, :, :0]
    elif model in ("market", "market-adjusted") and x.shape[2] != 1:
        raise ValueError(f"the {model} model needs exactly one regressor, the market")
    elif model == "factor" and x.shape[2] == 0:
        raise ValueError("the factor model needs at least one factor")
    parts = []
    for a in range(0, y.shape[0], CHUNK):
        rows = slice(a, a + CHUNK)
        yy, xx, est = y[rows], x[rows], panel.estimation[rows]
        used = est & np.isfinite(yy) & np.all(np.isfinite(xx), axis=2)
        n = used.sum(axis=1).astype(np.int64)
        if model == "market-adjusted":
            parts.append(_fit_market_adjusted(yy, xx, used, n, min_obs, convention))
        else:
            parts.append(_fit_ols(model, yy, xx, used, n, est, min_obs, convention))
    return parts[0] if len(parts) == 1 else _concat(parts)


CHUNK = 2048
"""Events fitted at a time: the temporaries stay small and their memory is reused."""


def _concat(parts: list[Fit]) -> Fit:
    """The fits of consecutive chunks of events as one."""

    def cat(name: str) -> Any:
        return np.concatenate([getattr(p, name) for p in parts])

    first = parts[0]
    return Fit(
        model=first.model, ar=cat("ar"), used=cat("used"), n=cat("n"), df=cat("df"),
        sigma2=cat("sigma2"), alpha=cat("alpha"), beta=cat("beta"),
        regressors=cat("regressors"), xbar=cat("xbar"), sxx_inv=cat("sxx_inv"),
        estimated=first.estimated,
    )


def _masked_mean(values: FloatArray, mask: BoolArray, n: FloatArray) -> FloatArray:
    """Mean of ``values`` (N, T) or (N, T, K) over the True cells of ``mask`` (N, T)."""
    m = mask if values.ndim == 2 else mask[..., None]
    total = np.where(m, values, 0.0).sum(axis=1)
    nn = n if values.ndim == 2 else n[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(total / nn, dtype=np.float64)


def _fit_ols(
    model: str,
    y: FloatArray,
    x: FloatArray,
    used: BoolArray,
    n: IntArray,
    estimation: BoolArray,
    min_obs: int,
    convention: Convention,
) -> Fit:
    """OLS of each event's returns on its regressors over its estimation days used."""
    k = x.shape[2]
    valid = n >= max(min_obs, k + 2)
    nf = np.where(valid, n, 1).astype(float)
    m = _moments(y, x, used, nf)
    if k:
        # A regressor that does not vary, or regressors that move together, make S singular.
        valid &= _invertible(m.sxx, m.raw)
    eye = np.broadcast_to(np.eye(k), m.sxx.shape)
    sxx_inv = np.linalg.inv(np.where(valid[:, None, None], m.sxx, eye))
    beta = (sxx_inv @ m.sxy[..., None])[..., 0]
    alpha = m.ybar - (beta * m.xbar).sum(axis=1)
    ar = y - alpha[:, None] - (x @ beta[..., None])[..., 0]
    df, sigma2 = _residual_variance(ar, used, n, k, valid, convention)
    xbar = m.xbar
    if convention == "estudy2" and k:
        xbar, sxx_inv = _estudy2_centring(x, estimation, valid, eye)
    fitted = Fit(
        model=model, ar=ar, used=used, n=n, df=df, sigma2=sigma2, alpha=alpha, beta=beta,
        regressors=x, xbar=xbar, sxx_inv=sxx_inv, estimated=True,
    )
    return _invalidate(fitted, valid)


@dataclass(frozen=True)
class _Moments:
    """Means and cross-products of each event's estimation observations."""

    ybar: FloatArray
    xbar: FloatArray
    raw: FloatArray
    """X'X, uncentred."""
    sxx: FloatArray
    """The centred cross-product of the regressors, S."""
    sxy: FloatArray


def _moments(y: FloatArray, x: FloatArray, used: BoolArray, nf: FloatArray) -> _Moments:
    """Cross-products from raw sums: no (N, T, K) temporaries beyond the zero-filled inputs."""
    y0 = np.where(used, y, 0.0)
    x0 = np.where(used[..., None], x, 0.0)
    x0t = x0.transpose(0, 2, 1)
    ybar = y0.sum(axis=1) / nf
    xbar = x0.sum(axis=1) / nf[:, None]
    raw = x0t @ x0
    sxx = raw - nf[:, None, None] * xbar[:, :, None] * xbar[:, None, :]
    sxy = (x0t @ y0[..., None])[..., 0] - nf[:, None] * xbar * ybar[:, None]
    return _Moments(ybar, xbar, raw, sxx, sxy)


def _invertible(sxx: FloatArray, raw: FloatArray) -> BoolArray:
    """Events whose regressors each vary and are not collinear (S far from singular)."""
    diag = np.diagonal(sxx, axis1=1, axis2=2)
    varies = np.all(diag > 1e-12 * np.diagonal(raw, axis1=1, axis2=2), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        corr_det = np.linalg.det(sxx) / np.prod(np.where(diag > 0, diag, 1.0), axis=1)
    return np.asarray(varies & (corr_det > 1e-12), dtype=np.bool_)


def _residual_variance(
    ar: FloatArray, used: BoolArray, n: IntArray, k: int, valid: BoolArray,
    convention: Convention,
) -> tuple[IntArray, FloatArray]:
    """Degrees of freedom L - k - 1 and the residual variance (estudy2: over L - 1)."""
    resid = np.where(used, ar, 0.0)
    ssr = np.einsum("nt,nt->n", resid, resid)
    df = (n - k - 1).astype(np.int64)
    divisor = n - 1 if convention == "estudy2" else df  # estudy2: sd() of the residuals
    return df, ssr / np.where(valid, divisor, 1)


def _estudy2_centring(
    x: FloatArray, estimation: BoolArray, valid: BoolArray, eye: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """estudy2's regressor means and S^-1: the market centred on every estimation day it has,
    whatever the security."""
    xmask = estimation & np.all(np.isfinite(x), axis=2)
    nx = xmask.sum(axis=1).astype(float)
    xbar_c = _masked_mean(x, xmask, np.where(nx > 0, nx, 1.0))
    xdev = np.where(xmask[..., None], x - xbar_c[:, None, :], 0.0)
    sxx_c = np.einsum("ntk,ntl->nkl", xdev, xdev)
    return xbar_c, np.linalg.inv(np.where(valid[:, None, None], sxx_c, eye))


def _fit_market_adjusted(
    y: FloatArray,
    x: FloatArray,
    used: BoolArray,
    n: IntArray,
    min_obs: int,
    convention: Convention,
) -> Fit:
    """Market-adjusted returns, AR = R - Rm, with their variance over the estimation days."""
    n_events = y.shape[0]
    valid = n >= max(min_obs, 2)
    ar = y - x[:, :, 0]
    nf = np.where(valid, n, 1).astype(float)
    mean = _masked_mean(ar, used, nf)
    dev = np.where(used, ar - mean[:, None], 0.0)
    df = (n - 1).astype(np.int64)
    sigma2 = (dev**2).sum(axis=1) / np.where(valid, df, 1)
    return _invalidate(
        Fit(
            model="market-adjusted",
            ar=ar,
            used=used,
            n=n,
            df=df,
            sigma2=sigma2,
            alpha=np.zeros(n_events),
            beta=np.ones((n_events, 1)),
            regressors=x,
            xbar=np.zeros((n_events, 1)),
            sxx_inv=np.zeros((n_events, 1, 1)),
            estimated=False,
        ),
        valid,
    )


def _invalidate(fitted: Fit, valid: BoolArray) -> Fit:
    """NaN out everything estimated for events whose estimation failed."""
    if valid.all():
        return fitted
    bad = ~valid
    fitted.ar[bad] = np.nan
    fitted.sigma2[bad] = np.nan
    fitted.alpha[bad] = np.nan
    fitted.beta[bad] = np.nan
    return fitted
