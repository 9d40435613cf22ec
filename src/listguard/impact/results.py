"""What a study returns: its configuration, per-event and per-day results, and their JSON.

The JSON (``StudyResult.to_dict``) holds one object per event with ``event``, ``day0``, ``ar``
(a list of ``{day, date, ar, se, t, p, car}``), ``car`` with ``car_se``, ``car_t`` and
``car_p``, the model's parameters and the data issues; and ``aggregate``: the CAAR with every
test of :data:`listguard.impact.statistics.TESTS` (statistic, p-value, distribution), and the
same per day of the window. NaN becomes null.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

from listguard.impact.events import EventSpec
from listguard.impact.models import MODELS, Convention, ModelName
from listguard.impact.prices import DataIssue
from listguard.impact.returns import RETURN_KINDS, ReturnKind, SessionReturns
from listguard.impact.statistics import TESTS, Aggregate, Stat

Window = tuple[int, int]


@dataclass(frozen=True)
class StudyConfig:
    """How to run a study. Windows are in trading days relative to day 0, inclusive."""

    model: ModelName = "market"
    estimation: tuple[int, int] | tuple[date, date] = (-250, -11)
    """Trading days relative to day 0, or two calendar dates (the same window for all)."""
    window: Window = (-1, 1)
    returns: ReturnKind = "simple"
    min_estimation: int = 30
    """Events with fewer estimation returns than this are left out (and reported)."""
    convention: Convention = "textbook"
    confidence: float = 0.95
    context: int = 10
    """Abnormal returns are also computed this many days around day 0, for plots."""

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"unknown model {self.model!r}; use {', '.join(MODELS)}")
        if self.returns not in RETURN_KINDS:
            raise ValueError(f"unknown returns {self.returns!r}; use simple or log")
        w1, w2 = self.window
        if w1 > w2:
            raise ValueError(f"event window {list(self.window)} ends before it starts")
        e1, e2 = self.estimation
        if isinstance(e1, int) and isinstance(e2, int):
            if e1 > e2:
                raise ValueError(f"estimation window {[e1, e2]} ends before it starts")
            if e2 >= w1:
                raise ValueError(f"estimation window {[e1, e2]} must end before the event "
                                 f"window {list(self.window)} starts")
        elif isinstance(e1, date) and isinstance(e2, date):
            if e1 >= e2:
                raise ValueError(f"estimation window {e1}..{e2} ends before it starts")
        else:
            raise ValueError("estimation must be two day offsets or two dates")
        if not 0 < self.confidence < 1:
            raise ValueError("confidence must be between 0 and 1")


@dataclass(frozen=True)
class DayResult:
    """One event day: abnormal return with its standard error (including estimation error),
    t and two-sided p, and the CAR from the first day of the series with its standard error."""

    day: int
    date: date
    ar: float
    se: float
    t: float
    p: float
    car: float
    car_se: float


@dataclass(frozen=True)
class EventResult:
    spec: EventSpec
    security: str
    calendar: str
    day0: date | None
    skipped: str = ""
    """Why the event was left out; empty when it was studied."""
    estimation_start: date | None = None
    estimation_end: date | None = None
    n_estimation: int = 0
    n_requested: int = 0
    alpha: float = math.nan
    beta: tuple[float, ...] = ()
    sigma: float = math.nan
    df: int = 0
    days: tuple[DayResult, ...] = ()
    """The event window."""
    path: tuple[DayResult, ...] = ()
    """Days around day 0 (``context``) for plots. Its CAR is zero at the close before the
    event window: after that, the CAR so far; before it, minus the ARs still to come."""
    car: float = math.nan
    car_se: float = math.nan
    car_t: float = math.nan
    car_p: float = math.nan
    issues: tuple[DataIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.skipped

    def day(self, rel: int) -> DayResult | None:
        return next((d for d in self.days if d.day == rel), None)


@dataclass(frozen=True)
class StudyResult:
    config: StudyConfig
    events: tuple[EventResult, ...]
    aggregate: Aggregate | None
    window_days: tuple[int, ...]
    issues: tuple[DataIssue, ...]
    series: Mapping[str, SessionReturns] = field(default_factory=dict)
    market: str = ""

    @property
    def studied(self) -> list[EventResult]:
        return [e for e in self.events if e.ok]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: NaN and infinities become None."""
        cleaned: dict[str, Any] = _clean(_study_dict(self))
        return cleaned


def _stat(s: Stat) -> dict[str, Any]:
    return {"stat": s.value, "p": s.p, "dist": s.dist}


def _day(d: DayResult) -> dict[str, Any]:
    return {"day": d.day, "date": d.date.isoformat(), "ar": d.ar, "se": d.se, "t": d.t,
            "p": d.p, "car": d.car}


def _when(spec: EventSpec) -> str:
    return spec.when.isoformat() if isinstance(spec.when, (datetime, date)) else str(spec.when)


def _event_dict(e: EventResult) -> dict[str, Any]:
    return {
        "event": e.spec.title,
        "kind": e.spec.kind,
        "when": _when(e.spec),
        "date_only": e.spec.date_only,
        "source": e.spec.source,
        "security": e.security,
        "calendar": e.calendar,
        "day0": e.day0.isoformat() if e.day0 else None,
        "skipped": e.skipped or None,
        "estimation": {
            "start": e.estimation_start.isoformat() if e.estimation_start else None,
            "end": e.estimation_end.isoformat() if e.estimation_end else None,
            "n": e.n_estimation,
            "requested": e.n_requested,
        },
        "model": {"alpha": e.alpha, "beta": list(e.beta), "sigma": e.sigma, "df": e.df},
        "ar": [_day(d) for d in e.days],
        "car": e.car,
        "car_se": e.car_se,
        "car_t": e.car_t,
        "car_p": e.car_p,
        "issues": [i.as_dict() for i in e.issues],
    }


def _study_dict(r: StudyResult) -> dict[str, Any]:
    cfg = r.config
    agg: dict[str, Any] | None = None
    if r.aggregate is not None:
        a = r.aggregate
        agg = {
            "n_events": a.n_events,
            "caar": a.caar,
            "r_bar": a.r_bar,
            "tests": {k: _stat(a.window[k]) for k in TESTS},
            "aar": [
                {"day": day, "n": int(a.n[j]), "aar": float(a.aar[j]),
                 "caar": float(a.caar_path[j]),
                 "tests": {k: _stat(a.daily[k][j]) for k in TESTS}}
                for j, day in enumerate(r.window_days)
            ],
        }
    est = cfg.estimation
    return {
        "model": cfg.model,
        "returns": cfg.returns,
        "convention": cfg.convention,
        "estimation": [x.isoformat() if isinstance(x, date) else x for x in est],
        "window": list(cfg.window),
        "market": r.market or None,
        "events": [_event_dict(e) for e in r.events],
        "aggregate": agg,
        "issues": [i.as_dict() for i in r.issues],
    }


def _clean(value: Any) -> Any:
    """NaN and infinities become None so that the JSON is standard."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        return _clean(value.item())
    return value
