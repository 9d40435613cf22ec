"""What the news tests share: the fixtures folder, and one reader over the built registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from listguard.api.core import Listguard
from listguard.news.reading import NewsReader
from listguard.registry import Registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "news"


@pytest.fixture(scope="session")
def reader(reg: Registry) -> NewsReader:
    """The gazetteer and matcher over the shipped registry (built once)."""
    return Listguard(registry=reg).news_reader
