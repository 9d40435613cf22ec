"""Shared fixtures for the event-study tests. The real prices and the estudy2 data are in
``tests/fixtures/prices`` and ``tests/fixtures/eventstudy`` (copies and date-window slices of
the files in ``../shared``; each folder's README says which and how)."""

from __future__ import annotations

from pathlib import Path

import pytest

from listguard.impact.prices import PriceSeries, load_prices

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
PRICES = FIXTURES / "prices" / "raw"
ESTUDY2 = FIXTURES / "eventstudy" / "estudy2"
REFERENCE = FIXTURES / "eventstudy" / "event-study-3.1.md"


@pytest.fixture(scope="session")
def xiaomi() -> PriceSeries:
    return load_prices(PRICES / "georgelikechen__1810.HK.csv", "1810.HK")


@pytest.fixture(scope="session")
def hsi() -> PriceSeries:
    return load_prices(PRICES / "rushils1__HSI.csv", "HSI")
