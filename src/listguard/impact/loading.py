"""``load_prices`` for users: files, the shipped demo prices, or DataFrames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from listguard.impact import demo
from listguard.impact.prices import PriceSeries
from listguard.impact.prices import load_prices as _load_prices


def load_prices(
    source: str | Path | pd.DataFrame | pd.Series, name: str = "", *, column: str | None = None
) -> PriceSeries:
    """Read prices from CSV/Parquet (``demo:1810.HK`` and ``demo:HSI`` are shipped) or a
    DataFrame; see :func:`listguard.impact.prices.load_prices`."""
    if isinstance(source, (str, Path)):
        resolved = demo.resolve(source)
        return _load_prices(resolved, name or resolved.stem, column=column)
    return _load_prices(source, name, column=column)
