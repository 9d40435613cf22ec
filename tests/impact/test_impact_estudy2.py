"""Known answers: the 12 statistics of estudy2's vignette, through the public API.

estudy2's example prices (7 US stocks and the S&P 500) go through load_prices and run_study
on the NYSE calendar with log returns; with the estudy2 conventions every statistic must
match the vignette's printed table to 1e-6 (it prints 7-8 significant digits).
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from listguard.impact import EventSpec, StudyConfig, load_prices, run_study
from listguard.impact.study import StudyResult

from .conftest import ESTUDY2, HERE, REFERENCE

COLUMNS = ["mean", "bw1980", "bw1985", "t", "patell", "bmp", "sign", "gsign", "csign", "rank",
           "mrank", "wilcoxon"]
EVENT = date(2020, 3, 16)


def vignette() -> pd.DataFrame:
    return pd.read_csv(HERE / "data" / "estudy2_vignette.csv", comment="#", index_col="date")


def study(convention: str, drop: tuple[str, ...] = ()) -> StudyResult:
    prices = pd.read_csv(ESTUDY2 / "prices.csv", index_col="date",
                         parse_dates=True)
    index = pd.read_csv(ESTUDY2 / "prices_indx.csv", index_col="date",
                        parse_dates=True)
    book = {name: load_prices(prices[name].dropna(), name) for name in prices if name not in drop}
    market = load_prices(index["^GSPC"], "^GSPC")
    config = StudyConfig(
        model="market",
        estimation=(date(2019, 4, 1), date(2020, 3, 13)),
        window=(0, 4),
        returns="log",
        convention=convention,  # type: ignore[arg-type]
    )
    events = [EventSpec(name, EVENT, security=name) for name in book]
    return run_study(book, market, events, config, calendar="XNYS")


def table(result: StudyResult) -> pd.DataFrame:
    agg = result.aggregate
    assert agg is not None
    rows = {"mean": agg.aar}
    for key in COLUMNS[1:]:
        rows[key] = np.array([s.value for s in agg.daily[key]])
    return pd.DataFrame(rows)


def test_fixture_matches_the_reference_note() -> None:
    """The CSV fixture is a faithful copy of the table in event-study.md."""
    text = REFERENCE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (2020-03-\d\d) \|(.+)\|$", text, flags=re.MULTILINE)
    parsed = {d: [float(x.replace("−", "-")) for x in rest.split("|")] for d, rest in rows}
    fixture = vignette()
    assert len(parsed) == len(fixture) == 5
    for day, values in parsed.items():
        assert values == pytest.approx(fixture.loc[day, COLUMNS].tolist(), abs=0)


def test_estudy2_vignette_reproduced() -> None:
    result = study("estudy2")
    assert [e.n_estimation for e in result.events] == [240, 227, 212, 240, 240, 240, 240]
    got = table(result)
    want = vignette()
    for key in COLUMNS:
        np.testing.assert_allclose(got[key], want[key].to_numpy(), rtol=0, atol=1e-6,
                                   err_msg=key)


def test_short_histories_are_reported() -> None:
    result = study("estudy2")
    zm = next(e for e in result.events if e.security == "ZM")
    # 241 sessions from 2019-04-01 to 2020-03-13; ZM's prices start on 2019-04-18.
    assert zm.n_requested == 241
    assert any("227 of 241" in i.message for i in zm.issues)


@pytest.mark.parametrize("key", ["mean", "t", "bw1985", "sign", "gsign", "csign", "rank",
                                 "mrank", "wilcoxon", "bmp"])
def test_conventions_agree_without_missing_days(key: str) -> None:
    """With no security missing a day, the two conventions differ only in the residual
    variance's degrees of freedom, which the rank, sign and cross-sectional tests ignore."""
    complete = ("ZM", "UBER")
    a = table(study("estudy2", complete))[key]
    b = table(study("textbook", complete))[key]
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_patell_differs_only_by_the_degrees_of_freedom() -> None:
    complete = ("ZM", "UBER")
    a = table(study("estudy2", complete))["patell"]
    b = table(study("textbook", complete))["patell"]
    length = 240
    np.testing.assert_allclose(b, a * np.sqrt((length - 2) / (length - 1)), rtol=1e-10)
    assert not np.allclose(a, b, rtol=1e-6, atol=0)
