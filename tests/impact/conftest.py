"""Shared fixtures for the event-study tests. Real data come from ``../shared`` (beside the
checkout); tests that need it are skipped when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from listguard.impact.prices import PriceSeries, load_prices

SHARED = Path(__file__).resolve().parents[3] / "shared"
PRICES = SHARED / "data" / "prices" / "raw"
ESTUDY2 = SHARED / "data" / "eventstudy" / "estudy2"
REFERENCE = SHARED / "reference" / "event-study.md"
HERE = Path(__file__).resolve().parent


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture(scope="session")
def xiaomi() -> PriceSeries:
    return load_prices(shared_file(PRICES / "georgelikechen__1810.HK.csv"), "1810.HK")


@pytest.fixture(scope="session")
def hsi() -> PriceSeries:
    return load_prices(shared_file(PRICES / "rushils1__HSI.csv"), "HSI")
