"""Market impact: event studies of listing, court and delisting events.

>>> from listguard.impact import load_prices, run_study, StudyConfig, parse_event_date
>>> xiaomi, hsi = load_prices("demo:1810.HK"), load_prices("demo:HSI")   # or any CSV/Parquet
>>> result = run_study(xiaomi, hsi, [parse_event_date("2021-01-14=DoD listing")])
>>> result.events[0].day0, result.events[0].day(0).ar                  # 2021-01-15, -0.111

Modules: ``prices`` (loading and data checks), ``calendars`` (exchange calendars, day 0),
``events`` (typed and registry events), ``returns`` (returns on the session axis),
``models`` (vectorized normal-return models), ``statistics`` (tests across events),
``study`` (the whole study), ``results`` (what it returns, and its JSON), ``report`` and
``plot`` (table and picture), ``cli`` (``listguard impact``), ``demo`` (the shipped
prices), ``yahoo`` (an optional loader; needs ``yfinance``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "TESTS": "statistics", "Aggregate": "statistics", "Stat": "statistics",
    "DataIssue": "prices", "PriceFileError": "prices", "PriceSeries": "prices",
    "DayResult": "results", "EventResult": "results", "StudyConfig": "results",
    "StudyResult": "results", "EventSpec": "events", "from_registry": "events",
    "parse_event_date": "events", "run_study": "study", "us_business_day": "calendars",
    "load_prices": "loading",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Exports load on first use, so ``listguard`` starts fast for commands that don't
    study prices."""
    if name in _EXPORTS:
        return getattr(import_module(f"listguard.impact.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'listguard.impact' has no attribute {name!r}")
