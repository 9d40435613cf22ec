"""Optional: daily prices from Yahoo Finance through the ``yfinance`` package.

Not a dependency of listguard and never used by its tests: install ``yfinance`` yourself to
use it. Yahoo's data has known defects (see the data checks in :mod:`prices`), so keep the
files you study and their date of download.

>>> from listguard.impact.yahoo import fetch_yahoo
>>> xiaomi = fetch_yahoo("1810.HK", "2020-01-01", "2021-07-01")
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pandas as pd

from listguard.impact.prices import PriceFileError, PriceSeries, load_prices


def fetch_yahoo(ticker: str, start: date | str, end: date | str | None = None) -> PriceSeries:
    """Dividend-adjusted daily prices of ``ticker`` (Yahoo's symbol: ``1810.HK``, ``^HSI``)."""
    try:
        yfinance: Any = importlib.import_module("yfinance")
    except ImportError:
        raise ImportError("the Yahoo Finance loader needs the optional package yfinance "
                          "(pip install yfinance); or give a CSV or Parquet file") from None
    frame = yfinance.download(ticker, start=str(start), end=None if end is None else str(end),
                              auto_adjust=True, progress=False)
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise PriceFileError(f"<yahoo:{ticker}>", "Yahoo Finance returned no prices")
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = frame.columns.get_level_values(0)
    return load_prices(frame, ticker)
