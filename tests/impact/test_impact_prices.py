"""Loading price files and the data checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listguard.impact import calendars
from listguard.impact.prices import PriceFileError, check_prices, load_prices

LAYOUTS = {
    "yfinance history": (
        "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\n"
        "2021-01-14 00:00:00+08:00,32.5,33,32,32.65,100,0,0\n"
        "2021-01-15 00:00:00+08:00,29,30,28.5,29.3,200,0,0\n"
    ),
    "yahoo with nulls": (
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2021-01-14,1,1,1,40,32.65,100\n"
        "2021-01-13,null,null,null,null,null,null\n"
        "2021-01-15,1,1,1,35,29.3,200\n"
    ),
    "tushare descending": (
        "ts_code,trade_date,open,high,low,close,vol\n"
        "1810.HK,20210115,29,30,28.5,29.3,200\n"
        "1810.HK,20210114,32.5,33,32,32.65,100\n"
    ),
    "wsj us dates": (
        "Date, Open, High, Low, Close\n"
        "01/15/21, 29, 30, 28.5, 29.3\n"
        "01/14/21, 32.5, 33, 32, 32.65\n"
    ),
    "yfinance multi-index": (
        "Price,Close,High,Low,Open,Volume\n"
        "Ticker,1810.HK,1810.HK,1810.HK,1810.HK,1810.HK\n"
        "Date,,,,,\n"
        "2021-01-14,32.65,33,32,32.5,100\n"
        "2021-01-15,29.3,30,28.5,29,200\n"
    ),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layouts_read_the_same(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(LAYOUTS[layout], encoding="utf-8")
    prices = load_prices(path)
    assert list(prices.dates.strftime("%Y-%m-%d")) == ["2021-01-14", "2021-01-15"]
    np.testing.assert_allclose(prices.close.to_numpy(), [32.65, 29.3])


def test_null_rows_are_dropped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "hsi.csv"
    path.write_text(LAYOUTS["yahoo with nulls"], encoding="utf-8")
    prices = load_prices(path)
    assert len(prices.frame) == 2
    assert [str(d) for i in prices.issues for d in i.dates] == ["2021-01-13"]


def test_parquet_and_frames(tmp_path: Path) -> None:
    frame = pd.DataFrame({"date": pd.to_datetime(["2021-01-15", "2021-01-14"]),
                          "close": [29.3, 32.65], "volume": [200, 100]})
    path = tmp_path / "p.parquet"
    frame.to_parquet(path)
    for source in (path, frame, frame.set_index("date"), frame.set_index("date")["close"]):
        prices = load_prices(source, "x")
        np.testing.assert_allclose(prices.close.to_numpy(), [32.65, 29.3])


BAD = [
    ("Date,Close\n2021-01-14,32.65\n2021-01-15,abc\n", "line 3, field 'Close'", "not a number"),
    ("Date,Close\n2021-01-14,32.65\n2021-02-30,30\n", "line 3, field 'Date'", "not a date"),
    ("Date,Close\n2021-01-14,32.65\n2021-01-14,30\n", "line 3", "appears twice"),
    ("When,Close\n2021-01-14,32.65\n", "line 1", "no date column"),
    ("Date,Open\n2021-01-14,32.65\n", "line 1", "no close column"),
    ("Date,Close\n", "prices.csv", "no rows"),
    ("Date,Close\n2021-01-14,null\n", "prices.csv", "no rows with a price"),
]


@pytest.mark.parametrize(("text", "where", "what"), BAD)
def test_bad_files_name_the_line_and_field(tmp_path: Path, text: str, where: str,
                                           what: str) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PriceFileError) as info:
        load_prices(path)
    message = str(info.value)
    assert message.startswith("prices.csv")
    assert where in message and what in message
    assert "\n" not in message


def test_missing_file() -> None:
    with pytest.raises(PriceFileError, match="no such file"):
        load_prices(Path("/nonexistent/prices.csv"))


def test_checks(tmp_path: Path) -> None:
    """Hong Kong, 2020-12-21..2021-01-05: 12-24 and 12-31 are half-days, 12-25/28 holidays."""
    rows = [
        "2020-12-21,10,10.5,9.5,10,100",
        "2020-12-22,10,10.5,9.5,10.2,100",
        # 2020-12-23 missing
        "2020-12-24,10.3,10.3,10.3,10.3,0",  # broken half-day row
        "2020-12-25,10.3,10.3,10.3,10.3,50",  # Christmas: no session
        "2020-12-29,10,10.5,9.5,10.1,0",  # zero volume on a full day
        "2020-12-30,20,20.5,19.5,20.4,100",  # +100%: suspicious jump
        "2020-12-31,20.4,20.4,20.4,20.4,0",  # broken half-day row
        "2021-01-04,20,21,19,20.6,100",
    ]
    path = tmp_path / "1810.HK.csv"
    path.write_text("Date,Open,High,Low,Close,Volume\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    prices = load_prices(path)
    lo, hi = prices.dates[0], prices.dates[-1]
    days = calendars.sessions("XHKG", lo, hi)
    issues = check_prices(prices, days, calendars.early_closes("XHKG", lo, hi))

    def dates_of(fragment: str) -> list[str]:
        hits = [i for i in issues if fragment in i.message]
        assert len(hits) == 1, fragment
        return [str(d) for d in hits[0].dates]

    assert dates_of("with no price") == ["2020-12-23", "2020-12-28"]
    assert dates_of("exchange was closed") == ["2020-12-25"]
    assert dates_of("broken half-day") == ["2020-12-24", "2020-12-31"]
    assert dates_of("zero volume") == ["2020-12-29"]
    assert dates_of("unadjusted split") == ["2020-12-30"]
    assert len(issues) == 5


def test_yahoo_loader_is_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from listguard.impact.yahoo import fetch_yahoo

    monkeypatch.setitem(sys.modules, "yfinance", None)
    with pytest.raises(ImportError, match="pip install yfinance"):
        fetch_yahoo("1810.HK", "2021-01-01")


def test_ranks_with_ties_and_gaps() -> None:
    from scipy import stats

    from listguard.impact.statistics import row_ranks

    values = np.array([[3.0, np.nan, 1.0, 3.0, 2.0, 3.0],
                       [0.0, 0.0, -1.0, np.nan, np.nan, 5.0],
                       [np.nan] * 6])
    ranks, median, count = row_ranks(values)
    want = stats.rankdata(values, axis=1, nan_policy="omit")
    np.testing.assert_array_equal(ranks, want)
    np.testing.assert_array_equal(count, [5, 4, 0])
    np.testing.assert_array_equal(median[:2], [3.0, 0.0])
    assert np.isnan(median[2])
