"""The vectorized models against a plain per-event computation with numpy.linalg."""

from __future__ import annotations

import numpy as np
import pytest

from listguard.impact.models import Panel, fit

REL = np.arange(-60, 6, dtype=np.int64)
EST = (REL >= -60) & (REL <= -6)
WIN = np.flatnonzero(REL >= -1)


def random_panel(n: int, k: int, seed: int, holes: float = 0.05) -> Panel:
    rng = np.random.default_rng(seed)
    t = REL.size
    x = rng.normal(0.0, 0.01, (n, t, k))
    beta = rng.normal(1.0, 0.3, (n, k))
    y = 0.001 + np.einsum("ntk,nk->nt", x, beta) + rng.normal(0.0, 0.02, (n, t))
    y[rng.random((n, t)) < holes] = np.nan
    x[rng.random((n, t)) < holes, 0] = np.nan
    return Panel(REL, y, x, np.broadcast_to(EST, (n, t)).copy())


def per_event(panel: Panel, i: int, intercept_only: bool = False) -> dict[str, np.ndarray]:
    """One event at a time: complete cases, lstsq, explicit V = s^2 (I + X*(X'X)^-1 X*')."""
    y, x = panel.stock[i], panel.regressors[i]
    if intercept_only:
        x = x[:, :0]
    design = np.column_stack([np.ones(len(y)), x])
    ok = panel.estimation[i] & np.isfinite(y) & np.isfinite(design).all(axis=1)
    coef, *_ = np.linalg.lstsq(design[ok], y[ok], rcond=None)
    resid = y[ok] - design[ok] @ coef
    s2 = resid @ resid / (ok.sum() - design.shape[1])
    xs = design[WIN]
    v = s2 * (np.eye(len(WIN)) + xs @ np.linalg.inv(design[ok].T @ design[ok]) @ xs.T)
    return {"coef": coef, "s2": np.array(s2), "ar": y[WIN] - xs @ coef, "v": v, "n": ok.sum()}


@pytest.mark.parametrize(("model", "k"), [("market", 1), ("factor", 3), ("constant-mean", 1)])
def test_ols_models_match_per_event_lstsq(model: str, k: int) -> None:
    panel = random_panel(40, k, seed=k)
    fitted = fit(panel, model)  # type: ignore[arg-type]
    for i in range(panel.n_events):
        want = per_event(panel, i, intercept_only=model == "constant-mean")
        assert fitted.n[i] == want["n"]
        assert fitted.alpha[i] == pytest.approx(want["coef"][0], rel=1e-9, abs=1e-12)
        np.testing.assert_allclose(fitted.beta[i], want["coef"][1:], rtol=1e-9)
        assert fitted.sigma2[i] == pytest.approx(float(want["s2"]), rel=1e-9)
        np.testing.assert_allclose(fitted.ar[i, WIN], want["ar"], rtol=1e-9, atol=1e-15)
        present = np.isfinite(want["ar"])
        np.testing.assert_allclose(fitted.sigma2[i] * fitted.c_factor(WIN)[i][present],
                                   np.diag(want["v"])[present], rtol=1e-9)
        mask = np.zeros((panel.n_events, WIN.size), dtype=bool)
        mask[i] = present
        one_v_one = want["v"][np.ix_(present, present)].sum()
        assert fitted.car_variance(WIN, mask)[i] == pytest.approx(one_v_one, rel=1e-9)


def test_market_adjusted() -> None:
    panel = random_panel(10, 1, seed=7, holes=0.0)
    fitted = fit(panel, "market-adjusted")
    ar = panel.stock - panel.regressors[:, :, 0]
    np.testing.assert_allclose(fitted.ar, ar)
    np.testing.assert_allclose(fitted.sigma2, np.var(ar[:, EST], axis=1, ddof=1))
    np.testing.assert_allclose(fitted.car_variance(WIN), fitted.sigma2 * WIN.size)
    assert not fitted.estimated


def test_estudy2_convention_changes_only_the_variance() -> None:
    panel = random_panel(5, 1, seed=3)
    a, b = fit(panel, "market"), fit(panel, "market", "estudy2")
    np.testing.assert_allclose(a.ar, b.ar, equal_nan=True)
    np.testing.assert_allclose(b.sigma2, a.sigma2 * (a.n - 2) / (a.n - 1))


def test_events_that_cannot_be_fitted() -> None:
    panel = random_panel(3, 1, seed=11, holes=0.0)
    panel.stock[0, EST] = np.nan  # no estimation data
    panel.regressors[1, :, 0] = 0.001  # a market that never moves
    fitted = fit(panel, "market", min_obs=30)
    assert np.isnan(fitted.sigma2[:2]).all() and np.isnan(fitted.ar[:2]).all()
    assert np.isfinite(fitted.sigma2[2])


def test_model_checks() -> None:
    panel = random_panel(2, 2, seed=1)
    with pytest.raises(ValueError, match="exactly one regressor"):
        fit(panel, "market")
    with pytest.raises(ValueError, match="unknown model"):
        fit(panel, "capm")  # type: ignore[arg-type]
