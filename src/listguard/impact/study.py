"""The event study: from prices and events to abnormal returns, CARs and test statistics.

>>> result = run_study(xiaomi, hsi, [EventSpec("Listed", us_business_day(date(2021, 1, 14)))])
>>> result.events[0].day0, result.events[0].days[1].ar      # day 0 and AR(0)

Steps: each security is put on its exchange calendar (:mod:`returns`); each event gets its
day 0 (:mod:`calendars`); all events are cut into one event-time panel and the normal-return
model is fitted for all of them at once (:mod:`models`); statistics across events come from
:mod:`statistics`. Whatever looks wrong in the data is reported in ``issues``, never fixed
silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats as sps

from listguard.impact import calendars
from listguard.impact.events import EventSpec
from listguard.impact.models import BoolArray, Fit, FloatArray, IntArray, Panel, fit
from listguard.impact.prices import DataIssue, PriceSeries, check_prices
from listguard.impact.results import DayResult, EventResult, StudyConfig, StudyResult
from listguard.impact.returns import SessionReturns, align
from listguard.impact.statistics import Aggregate, aggregate

__all__ = ["DayResult", "EventResult", "StudyConfig", "StudyResult", "run_study"]

SHORT = 0.8
"""An estimation window with fewer returns than this share of its days is called too short
(the event is still studied down to ``min_estimation`` returns)."""


def run_study(
    prices: PriceSeries | Mapping[str, PriceSeries],
    market: PriceSeries | None,
    events: Sequence[EventSpec],
    config: StudyConfig | None = None,
    *,
    calendar: str | Mapping[str, str] | None = None,
    factors: pd.DataFrame | None = None,
) -> StudyResult:
    """Run an event study.

    ``prices`` is one security, or several by name (then each event's ``security`` names
    its own). ``calendar`` is an exchange code (``XHKG``, ``HK``, ...) for all, or one per
    security; by default it is guessed from the name (``1810.HK``) or else from the dates.
    ``factors`` (returns, indexed by date) are the extra regressors of the factor model.
    """
    config = config or StudyConfig()
    book = {prices.label: prices} if isinstance(prices, PriceSeries) else dict(prices)
    _check_inputs(config, book, market, factors)
    issues: list[DataIssue] = []
    series: dict[str, SessionReturns] = {}
    for name, px in book.items():
        code = _calendar_for(name, px, calendar, issues)
        use_market = market if config.model != "constant-mean" else None
        series[name] = align(px, code, use_market, factors, config.returns)
    placed, left_out = _place(events, series, next(iter(book)) if len(book) == 1 else "")
    results: dict[int, EventResult] = dict(left_out)
    agg = None
    if placed:
        studied, agg, spans = _study(placed, series, config)
        results.update(studied)
        issues.extend(_file_checks(book, market, series, [p for _, p in placed], spans))
    w1, w2 = config.window
    return StudyResult(
        config=config,
        events=tuple(results[i] for i in range(len(events))),
        aggregate=agg,
        window_days=tuple(range(w1, w2 + 1)),
        issues=tuple(issues),
        series=series,
        market=market.label if market is not None else "",
    )


def _check_inputs(config: StudyConfig, book: Mapping[str, PriceSeries],
                  market: PriceSeries | None, factors: pd.DataFrame | None) -> None:
    """ValueError for no prices, or a market or factors missing or given to the wrong model."""
    if not book:
        raise ValueError("no prices given")
    if config.model in ("market", "market-adjusted") and market is None:
        raise ValueError(f"the {config.model} model needs market prices")
    if factors is not None and config.model != "factor":
        raise ValueError("factors are used only by the factor model")
    if config.model == "factor" and factors is None:
        raise ValueError("the factor model needs factors")


Placed = tuple[EventSpec, str, int]
"""An event with its security and the position of its day 0 on that security's sessions."""


def _place(events: Sequence[EventSpec], series: Mapping[str, SessionReturns],
           default: str) -> tuple[list[tuple[int, Placed]], dict[int, EventResult]]:
    """Day 0 of every event (by index); the events without prices from day 0 are left out."""
    placed: list[tuple[int, Placed]] = []
    left_out: dict[int, EventResult] = {}
    for i, spec in enumerate(events):
        key = spec.security or default
        if key not in series:
            raise ValueError(f"event {spec.title!r}: no prices for security {key!r}")
        s = series[key]
        d0 = calendars.day0(s.calendar, spec.when, s.dates[0], s.dates[-1])
        pos = s.position(d0) if d0 is not None else None
        if d0 is None or pos is None or d0 > s.last_price:
            left_out[i] = EventResult(spec, key, s.calendar, d0.date() if d0 is not None else None,
                                      skipped=f"no prices on or after day 0 (prices end "
                                      f"{s.last_price.date()})")
        else:
            placed.append((i, (spec, key, pos)))
    return placed, left_out


def _study(placed: list[tuple[int, Placed]], series: Mapping[str, SessionReturns],
           config: StudyConfig) -> tuple[dict[int, EventResult], Aggregate | None,
                                         list[tuple[int, int]]]:
    """Fit all placed events at once; their results by index, the aggregate, and the range
    of session positions each one uses."""
    events = [p for _, p in placed]
    panel, est_rel, spans = _panel(events, series, config)
    fitted = fit(panel, config.model, config.convention, min_obs=config.min_estimation)
    win_cols = panel.columns(*config.window)
    window = _day_arrays(fitted, win_cols, np.isfinite(fitted.ar[:, win_cols]), panel.rel)
    path_cols = panel.columns(min(config.window[0], -config.context),
                              max(config.window[1], config.context))
    est_end = np.array([e[1] for e in est_rel])
    path_present = (np.isfinite(fitted.ar[:, path_cols])
                    & (panel.rel[path_cols][None, :] > est_end[:, None]))
    path = _day_arrays(fitted, path_cols, path_present, panel.rel, anchor=config.window[0] - 1)
    by_security: dict[str, list[tuple[int, EventSpec]]] = {}
    for spec, key, pos in events:
        by_security.setdefault(key, []).append((pos, spec))
    groups = {key: _Group(sorted(v, key=lambda x: x[0])) for key, v in by_security.items()}
    results: dict[int, EventResult] = {}
    ok_rows: list[int] = []
    for row, (i, (spec, key, pos)) in enumerate(placed):
        lo, hi = pos + est_rel[row][0], pos + est_rel[row][1]
        res = _event_result(spec, key, pos, row, series[key], panel, fitted, est_rel[row],
                            config, window, path, groups[key].within(lo, hi))
        results[i] = res
        if res.ok:
            ok_rows.append(row)
    agg = _aggregate(fitted, ok_rows, win_cols, config) if ok_rows else None
    return results, agg, spans


def _calendar_for(name: str, px: PriceSeries, calendar: str | Mapping[str, str] | None,
                  issues: list[DataIssue]) -> str:
    """The security's exchange calendar: given, guessed from its name, or inferred (and said)."""
    if isinstance(calendar, str):
        return calendars.calendar_code(calendar)
    if isinstance(calendar, Mapping) and name in calendar:
        return calendars.calendar_code(calendar[name])
    guess = calendars.guess_from_name(f"{name} {px.source}")
    if guess:
        return guess
    code, score = calendars.infer_from_dates(px.dates)
    issues.append(DataIssue(px.label, f"exchange calendar {code} inferred from the dates "
                            f"({score:.0%} of days agree); name it to be sure", level="info"))
    return code


def _panel(
    placed: Sequence[Placed],
    series: Mapping[str, SessionReturns],
    config: StudyConfig,
) -> tuple[Panel, list[tuple[int, int]], list[tuple[int, int]]]:
    """Cut every event's days into one event-time panel.

    Returns the panel, each event's estimation window (relative days) and the range of
    positions on its security's axis the event uses (for data checks)."""
    w1, w2 = config.window
    est_rel = _estimation_windows(placed, series, config)
    first = min(min(r[0] for r in est_rel), w1)
    last = max(w2, config.context)
    rel = np.arange(first, last + 1, dtype=np.int64)

    keys = list(series)
    bases = np.cumsum([0] + [len(series[k].dates) for k in keys])
    stock_all = np.concatenate([series[k].stock for k in keys])
    reg_all = np.concatenate([series[k].regressors for k in keys])
    offset = {k: int(b) for k, b in zip(keys, bases, strict=False)}
    base = np.array([offset[key] for _, key, _ in placed])
    length = np.array([len(series[key].dates) for _, key, _ in placed])
    at = np.array([p for _, _, p in placed])[:, None] + rel[None, :]
    inside = (at >= 0) & (at < length[:, None])
    idx = np.where(inside, base[:, None] + at, 0)
    stock = np.where(inside, stock_all[idx], np.nan)
    regressors = np.where(inside[..., None], reg_all[idx], np.nan)
    lo_rel = np.array([r[0] for r in est_rel])[:, None]
    hi_rel = np.array([r[1] for r in est_rel])[:, None]
    estimation = (rel[None, :] >= lo_rel) & (rel[None, :] <= hi_rel) & (rel[None, :] < w1)
    lo_hi = [(p + r[0], p + max(w2, config.context)) for (_, _, p), r in zip(placed, est_rel,
                                                                            strict=True)]
    return Panel(rel, stock, regressors, estimation), est_rel, lo_hi


def _estimation_windows(placed: Sequence[Placed], series: Mapping[str, SessionReturns],
                        config: StudyConfig) -> list[tuple[int, int]]:
    """Each event's estimation window in days relative to its day 0 (dates given are found on
    its security's sessions)."""
    e1, e2 = config.estimation
    est_rel: list[tuple[int, int]] = []
    for _, key, pos in placed:
        if isinstance(e1, int) and isinstance(e2, int):
            est_rel.append((e1, e2))
        else:
            dates = series[key].dates
            lo = int(dates.searchsorted(pd.Timestamp(e1), side="left"))
            hi = int(dates.searchsorted(pd.Timestamp(e2), side="right")) - 1
            est_rel.append((lo - pos, hi - pos))
    return est_rel


@dataclass(frozen=True)
class _DayArrays:
    """Every event's numbers on a run of columns, (N, W) each, computed at once."""

    cols: IntArray
    present: BoolArray
    ar: FloatArray
    se: FloatArray
    t: FloatArray
    p: FloatArray
    car: FloatArray
    car_se: FloatArray
    car_t: FloatArray
    """t and two-sided p of the CAR over all the columns."""
    car_p: FloatArray


def _day_arrays(fitted: Fit, cols: IntArray, present: BoolArray, rel: IntArray,
                anchor: int | None = None) -> _DayArrays:
    """AR with its standard error (estimation error included), t and p, and the CAR.

    The CAR is cumulated from the first column; with ``anchor`` (a relative day) it is zero
    at the end of that day instead: after it, the sum of the ARs since; up to it, minus the
    sum of the ARs still to come before it (so a picture shows the move around the window)."""
    ar = fitted.ar[:, cols]
    se = np.sqrt(fitted.sigma2[:, None] * fitted.c_factor(cols))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = ar / se
        p = np.asarray(2 * sps.t.sf(np.abs(t), fitted.df[:, None]), dtype=np.float64)
    values = np.where(present, ar, 0.0)
    if anchor is None:
        car = np.cumsum(values, axis=1)
        var = fitted.car_variance_path(cols, present)
    else:
        after = rel[cols] > anchor
        car = np.cumsum(np.where(after, values, 0.0), axis=1)
        var = fitted.car_variance_path(cols, present & after)
        before = ~after
        tail = np.cumsum(np.where(before, values, 0.0)[:, ::-1], axis=1)[:, ::-1]
        tail_var = fitted.car_variance_path(cols[::-1], (present & before)[:, ::-1])[:, ::-1]
        zero = np.zeros((ar.shape[0], 1))
        car = np.where(before, -np.hstack([tail[:, 1:], zero]), car)
        var = np.where(before, np.hstack([tail_var[:, 1:], zero]), var)
    car_se = np.sqrt(var)
    with np.errstate(invalid="ignore", divide="ignore"):
        car_t = car[:, -1] / car_se[:, -1]
        car_p = np.asarray(2 * sps.t.sf(np.abs(car_t), fitted.df), dtype=np.float64)
    return _DayArrays(cols, present, ar, se, t, p, car, car_se, car_t, car_p)


def _days(arrays: _DayArrays, row: int, rel: IntArray, dates: list[date],
          pos0: int) -> tuple[DayResult, ...]:
    """One event's DayResults on the columns of ``arrays`` that fall within its prices."""
    present = arrays.present[row].tolist()
    nan = math.nan
    columns = zip(rel[arrays.cols].tolist(), present, arrays.ar[row].tolist(),
                  arrays.se[row].tolist(), arrays.t[row].tolist(), arrays.p[row].tolist(),
                  arrays.car[row].tolist(), arrays.car_se[row].tolist(), strict=True)
    out = []
    for day, ok, ar, se, t, p, car, car_se in columns:
        at = pos0 + day
        if 0 <= at < len(dates):
            out.append(DayResult(day, dates[at], ar if ok else nan, se, t if ok else nan,
                                 p if ok else nan, car, car_se))
    return tuple(out)


def _event_result(
    spec: EventSpec, key: str, pos: int, row: int, s: SessionReturns, panel: Panel,
    fitted: Fit, est: tuple[int, int], config: StudyConfig, window: _DayArrays,
    path: _DayArrays, neighbours: Sequence[tuple[EventSpec, int]],
) -> EventResult:
    """One event's result: its estimation window and issues, then its ARs and CAR if fitted."""
    dates = s.days
    lo, hi = pos + est[0], pos + est[1]
    requested = _requested_returns(config, s, lo, hi)
    n_used = int(fitted.n[row])
    est_start = dates[max(lo, 0)] if hi >= 0 else None
    est_end = dates[hi] if 0 <= hi < len(dates) else None
    issues = _estimation_issues(spec.title, dates, pos, row, est, panel, fitted, config,
                                requested)
    issues += _neighbour_issues(spec, dates, lo, hi, neighbours)
    base = EventResult(spec, key, s.calendar, dates[pos], estimation_start=est_start,
                       estimation_end=est_end, n_estimation=n_used, n_requested=requested)
    if not np.isfinite(fitted.sigma2[row]):
        reason = (f"too short an estimation window: {n_used} returns, fewer than the "
                  f"{config.min_estimation} needed")
        return replace(base, skipped=reason, issues=tuple(issues))
    present = window.present[row]
    if not present.any():
        return replace(base, skipped="no abnormal return in the event window",
                       issues=tuple(issues))
    if not present.all():
        gone = tuple(dates[pos + int(r)] for r in panel.rel[window.cols][~present]
                     if 0 <= pos + int(r) < len(dates))
        issues.append(DataIssue(spec.title, f"no abnormal return on {int((~present).sum())} "
                                "event-window days; the CAR leaves them out", gone))
    return replace(
        base,
        alpha=float(fitted.alpha[row]),
        beta=tuple(float(b) for b in fitted.beta[row]),
        sigma=float(np.sqrt(fitted.sigma2[row])),
        df=int(fitted.df[row]),
        days=_days(window, row, panel.rel, s.days, pos),
        path=_days(path, row, panel.rel, s.days, pos),
        car=float(window.car[row, -1]),
        car_se=float(window.car_se[row, -1]),
        car_t=float(window.car_t[row]),
        car_p=float(window.car_p[row]),
        issues=tuple(issues),
    )


def _requested_returns(config: StudyConfig, s: SessionReturns, lo: int, hi: int) -> int:
    """How many estimation returns the window asks for (sessions between two dates given)."""
    if isinstance(config.estimation[0], date):
        lo_day, hi_day = pd.Timestamp(config.estimation[0]), pd.Timestamp(config.estimation[1])
        return len(calendars.sessions(s.calendar, lo_day, hi_day))
    return max(0, hi - lo + 1)


def _estimation_issues(
    subject: str, dates: list[date], pos: int, row: int, est: tuple[int, int], panel: Panel,
    fitted: Fit, config: StudyConfig, requested: int,
) -> list[DataIssue]:
    """An estimation window that reaches into the event window, starts before the prices or
    misses returns."""
    issues: list[DataIssue] = []
    lo = pos + est[0]
    n_used = int(fitted.n[row])
    if est[1] >= config.window[0]:
        issues.append(DataIssue(subject, "the estimation dates reach into the event window; "
                                "those days are left out of the estimation"))
    if lo < 0:
        issues.append(DataIssue(subject, f"the estimation window starts {-lo} sessions before "
                                f"the first price ({dates[0]})"))
    if n_used < requested:
        at = panel.rel + pos
        gaps = panel.estimation[row] & ~fitted.used[row] & (at >= 0) & (at < len(dates))
        missing = tuple(dates[a] for a in at[gaps])
        short = "too short an estimation window: " if n_used < SHORT * requested else ""
        issues.append(DataIssue(subject, f"{short}estimation window has {n_used} of "
                                f"{requested} returns", missing))
    return issues


def _neighbour_issues(spec: EventSpec, dates: list[date], lo: int, hi: int,
                      neighbours: Sequence[tuple[EventSpec, int]]) -> list[DataIssue]:
    """The other events of the same security whose day 0 is in the estimation window."""
    return [
        DataIssue(spec.title, f"the estimation window contains another event, "
                  f"{other.title!r} (day 0 {dates[opos]}); its move is in the model",
                  level="info")
        for other, opos in neighbours
        if other is not spec and lo <= opos <= hi
    ]


class _Group:
    """The events of one security by day-0 position, to find those inside a window."""

    def __init__(self, events: list[tuple[int, EventSpec]]) -> None:
        self.events = events
        self.positions = np.array([p for p, _ in events])

    def within(self, lo: int, hi: int) -> list[tuple[EventSpec, int]]:
        """The events whose day 0 is at a position from ``lo`` to ``hi``."""
        a = int(np.searchsorted(self.positions, lo, side="left"))
        b = int(np.searchsorted(self.positions, hi, side="right"))
        return [(spec, pos) for pos, spec in self.events[a:b]]


def _aggregate(fitted: Fit, rows: list[int], cols: IntArray, config: StudyConfig) -> Aggregate:
    """The statistics across the events of ``rows`` (those studied)."""
    keep = np.zeros(fitted.ar.shape[0], dtype=bool)
    keep[rows] = True
    sub = Fit(
        model=fitted.model, ar=fitted.ar[keep], used=fitted.used[keep], n=fitted.n[keep],
        df=fitted.df[keep], sigma2=fitted.sigma2[keep], alpha=fitted.alpha[keep],
        beta=fitted.beta[keep], regressors=fitted.regressors[keep], xbar=fitted.xbar[keep],
        sxx_inv=fitted.sxx_inv[keep], estimated=fitted.estimated,
    )
    return aggregate(sub, cols, config.convention)


def _file_checks(
    book: Mapping[str, PriceSeries], market: PriceSeries | None,
    series: Mapping[str, SessionReturns], placed: Sequence[Placed],
    spans: Sequence[tuple[int, int]],
) -> list[DataIssue]:
    """Checks of each file over the days the study uses."""
    out: list[DataIssue] = []
    market_span: list[pd.Timestamp] = []
    market_days: pd.DatetimeIndex | None = None
    market_early: pd.DatetimeIndex | None = None
    spans_by_security: dict[str, list[tuple[int, int]]] = {}
    for (_, key, _), sp in zip(placed, spans, strict=True):
        spans_by_security.setdefault(key, []).append(sp)
    for name, px in book.items():
        s = series[name]
        mine = spans_by_security.get(name, [])
        if not mine:
            continue
        lo = s.dates[max(0, min(a for a, _ in mine))]
        hi = s.dates[min(len(s.dates) - 1, max(b for _, b in mine))]
        early = calendars.early_closes(s.calendar, lo, hi)
        out.extend(check_prices(px, s.dates, early, (lo, hi)))
        market_span += [lo, hi]
        market_days, market_early = s.dates, early
    if market is not None and market_span and market_days is not None:
        span = (min(market_span), max(market_span))
        out.extend(check_prices(market, market_days, market_early, span))
    return out
