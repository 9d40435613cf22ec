"""Dates as articles write them, resolved against the article's own date."""

from __future__ import annotations

from datetime import date

import pytest

from listguard.news import dates

MONDAY_15_MARCH_2021 = date(2021, 3, 15)

CASES = [
    # (text, the article's date, expected date, precision)
    ("the court ruled last Friday (March 12)", MONDAY_15_MARCH_2021, date(2021, 3, 12), "day"),
    ("it was listed on 14 January", MONDAY_15_MARCH_2021, date(2021, 1, 14), "day"),
    ("it was listed on January 14th", MONDAY_15_MARCH_2021, date(2021, 1, 14), "day"),
    ("a listing on December 3", MONDAY_15_MARCH_2021, date(2020, 12, 3), "day"),
    ("the order of March 19", MONDAY_15_MARCH_2021, date(2021, 3, 19), "day"),  # days ahead
    ("the designation in March", MONDAY_15_MARCH_2021, date(2021, 3, 1), "month"),
    ("the designation in November", MONDAY_15_MARCH_2021, date(2020, 11, 1), "month"),
    ("added this month", MONDAY_15_MARCH_2021, date(2021, 3, 1), "month"),
    ("added last month", MONDAY_15_MARCH_2021, date(2021, 2, 1), "month"),
    ("the judge ruled on Friday", MONDAY_15_MARCH_2021, date(2021, 3, 12), "day"),
    ("the judge ruled Monday", MONDAY_15_MARCH_2021, date(2021, 3, 15), "day"),
    ("the judge ruled last Monday", MONDAY_15_MARCH_2021, date(2021, 3, 8), "day"),
    ("the order issued yesterday", MONDAY_15_MARCH_2021, date(2021, 3, 14), "day"),
    ("signed on 3/12/2021", None, date(2021, 3, 12), "day"),
    ("effective 2020-12-18", None, date(2020, 12, 18), "day"),
    ("on May 25, 2021, at 4:09 pm", None, date(2021, 5, 25), "day"),
    ("on 7 January 2025", None, date(2025, 1, 7), "day"),
    ("in January 2021", None, date(2021, 1, 1), "month"),
    ("placed on its blacklist in 2019", None, date(2019, 1, 1), "year"),
]


@pytest.mark.parametrize(("text", "published", "expected", "precision"), CASES)
def test_a_date_is_resolved(text: str, published: date | None, expected: date,
                            precision: str) -> None:
    found = dates.best(dates.mentions(text, published), len(text))
    assert found is not None, text
    assert (found.when, found.precision) == (expected, precision)


def test_without_the_article_date_a_yearless_date_stays_unresolved() -> None:
    assert dates.best(dates.mentions("it was listed on 14 January", None), 0) is None
    assert dates.best(dates.mentions("the judge ruled on Friday", None), 0) is None


def test_the_stated_date_wins_over_the_weekday() -> None:
    found = dates.mentions("last Friday (March 12)", date(2021, 3, 20))
    assert dates.best(found, 0).when == date(2021, 3, 12)  # type: ignore[union-attr]


def test_may_the_verb_is_no_month() -> None:
    assert dates.mentions("the prohibitions may apply", date(2021, 3, 15)) == []
