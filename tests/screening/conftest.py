"""A fake registry adapter: a small matcher and a canned annotator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pytest

from listguard.matching import Matcher
from listguard.model import IdScheme, NameKind
from listguard.screening.adapter import Annotator, Status

NAMES = [
    ("xiaomi", "Xiaomi Corporation", NameKind.PRIMARY),
    ("smic", "Semiconductor Manufacturing International Corporation", NameKind.PRIMARY),
    ("china-mobile", "China Mobile Limited", NameKind.PRIMARY),
    ("cctc", "China Construction Technology Co., Ltd.", NameKind.PRIMARY),
    ("kunlun", "Bank of Kunlun", NameKind.PRIMARY),
]
IDS = [("xiaomi", IdScheme.ISIN, "KYG9830T1067"), ("smic", IdScheme.TICKER, "0981 HK")]


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher.build(NAMES, IDS)


class FakeAnnotator:
    def __init__(self) -> None:
        self.calls: list[tuple[set[str], datetime, datetime | None]] = []

    def __call__(self, ids: Iterable[str], on: datetime,
                 known_at: datetime | None) -> dict[str, Status]:
        wanted = set(ids)
        self.calls.append((wanted, on, known_at))
        lists = ("ns-cmic",) if on.year >= 2021 else ()
        return {e: Status(f"Entity {e}", lists, "prohibited" if lists else "allowed")
                for e in wanted}


@pytest.fixture()
def annotator() -> Annotator:
    return FakeAnnotator()
