"""Returns on an exchange's session axis: the security, the market and any factors aligned.

Prices are put on the security's exchange calendar (one row per session, NaN where the file
has no price), then turned into returns: simple ``P_t / P_{t-1} - 1`` or log
``ln(P_t / P_{t-1})``. A session without a price makes that day's return and the next day's
missing; no return ever spans two sessions, so a security and a market that trade on
different calendars are compared day by day, never a two-day return against a one-day one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

import numpy as np
import pandas as pd

from listguard.impact import calendars
from listguard.impact.models import FloatArray
from listguard.impact.prices import PriceSeries

ReturnKind = Literal["simple", "log"]
RETURN_KINDS: tuple[str, ...] = get_args(ReturnKind)


def from_prices(close: FloatArray, kind: ReturnKind = "simple") -> FloatArray:
    """Returns of a price array (first element NaN; NaN next to any missing price)."""
    out = np.full(close.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = close[1:] / close[:-1]
        out[1:] = np.log(ratio) if kind == "log" else ratio - 1.0
    return out


@dataclass(frozen=True)
class SessionReturns:
    """One security on its exchange's sessions, with its regressors on the same days."""

    name: str
    calendar: str
    dates: pd.DatetimeIndex
    close: FloatArray
    stock: FloatArray
    regressors: FloatArray
    """(T, K): the market (K = 1), the factors, or nothing (K = 0)."""
    regressor_names: tuple[str, ...]
    market_close: FloatArray | None
    first_price: pd.Timestamp
    last_price: pd.Timestamp
    days: list[date]
    """``dates`` as datetime.date objects (fast to index one by one)."""

    def position(self, day: pd.Timestamp) -> int | None:
        i = int(self.dates.searchsorted(day))
        return i if i < len(self.dates) and self.dates[i] == day else None


def align(
    security: PriceSeries,
    calendar: str,
    market: PriceSeries | None = None,
    factors: pd.DataFrame | None = None,
    kind: ReturnKind = "simple",
) -> SessionReturns:
    """Put ``security``, ``market`` and ``factors`` (already returns, indexed by date) on the
    sessions of ``calendar`` from the first to the last price of the security or market."""
    if kind not in RETURN_KINDS:
        raise ValueError(f"unknown returns {kind!r}; use simple or log")
    lo, hi = security.dates[0], security.dates[-1]
    if market is not None:
        lo, hi = min(lo, market.dates[0]), max(hi, market.dates[-1])
    days = calendars.sessions(calendar, lo, hi)
    close = security.close.reindex(days).to_numpy(dtype=float)
    columns: list[FloatArray] = []
    names: list[str] = []
    market_close = None
    if market is not None:
        market_close = market.close.reindex(days).to_numpy(dtype=float)
        columns.append(from_prices(market_close, kind))
        names.append(market.label)
    if factors is not None:
        table = factors.copy()
        table.index = pd.DatetimeIndex(table.index).normalize()
        for col in table.columns:
            columns.append(table[col].reindex(days).to_numpy(dtype=float))
            names.append(str(col))
    regressors = np.column_stack(columns) if columns else np.empty((len(days), 0))
    return SessionReturns(
        name=security.label,
        calendar=calendar,
        dates=days,
        close=close,
        stock=from_prices(close, kind),
        regressors=regressors,
        regressor_names=tuple(names),
        market_close=market_close,
        first_price=security.dates[0],
        last_price=security.dates[-1],
        days=list(days.date),
    )
