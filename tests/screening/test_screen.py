"""``listguard.screen`` with a fake adapter: rows in, one decided row out per row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from listguard.matching import Matcher
from listguard.screening.adapter import Annotator
from listguard.screening.api import OUTPUT_COLUMNS, screen, summarize
from listguard.screening.io import ScreeningInputError, detect_columns, read_table, write_table
from listguard.screening.report import write_html

ON = "2021-03-20"


def test_screen_a_list(matcher: Matcher, annotator: Annotator) -> None:
    out = screen(["Xiaomi Corporation", "Bank of China", "SMIC"], on=ON, matcher=matcher,
                 annotator=annotator)  # an acronym alone is at most a review
    assert list(out.columns) == ["name", *OUTPUT_COLUMNS]
    assert list(out["decision"]) == ["match", "no_match", "review"]
    assert list(out["entity_id"]) == ["xiaomi", "", "smic"]
    assert out.loc[0, "lists"] == "ns-cmic" and out.loc[0, "buy"] == "prohibited"
    assert "Xiaomi Corporation" in str(out.loc[0, "explanation"])


def test_explanations_read_as_sentences(matcher: Matcher, annotator: Annotator) -> None:
    out = screen(["Xiaomi Corporation", "Bank of China", "Kunlun Bank"], on="2020-01-02",
                 matcher=matcher, annotator=annotator)
    assert out.loc[0, "explanation"] == (
        "match 1.00: 'Xiaomi Corporation' ~ 'Xiaomi Corporation'. exact_name 1.00: the query "
        "is this listed name as printed. The party is on no list at the screening instant.")
    assert str(out.loc[1, "explanation"]).startswith("closest: no_match")
    assert "kunlun, bank" in str(out.loc[2, "explanation"])


def test_on_is_passed_to_the_rules(matcher: Matcher, annotator: Annotator) -> None:
    out = screen(["Xiaomi Corporation"], on="2020-01-02", matcher=matcher, annotator=annotator)
    assert out.loc[0, "lists"] == "" and out.loc[0, "buy"] == "allowed"
    on = annotator.calls[0][1]  # type: ignore[attr-defined]
    assert isinstance(on, datetime) and on.date().isoformat() == "2020-01-02"


def test_dataframe_columns_detected(matcher: Matcher, annotator: Annotator) -> None:
    frame = pd.DataFrame({"Security Name": ["Unknown Co", "Apple"], "ISIN": ["", "KYG9830T1067"],
                          "Qty": ["1", "2"]})
    out = screen(frame, on=ON, matcher=matcher, annotator=annotator)
    assert list(out.columns[:3]) == ["Security Name", "ISIN", "Qty"]
    assert list(out["decision"]) == ["no_match", "match"]
    assert "identifier_match" in str(out.loc[1, "explanation"])


def test_worker_processes_give_the_same_rows(
        matcher: Matcher, annotator: Annotator, monkeypatch: pytest.MonkeyPatch) -> None:
    from listguard.matching import matcher as matcher_module

    monkeypatch.setattr(matcher_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(matcher_module, "BATCH", 2)
    frame = pd.DataFrame({"name": ["Xiaomi Corporation", "", "Bank of China", SMIC, "x\x00y"] * 3,
                          "isin": ["", "KYG9830T1067", "", "", ""] * 3})
    alone = screen(frame, on=ON, matcher=matcher, annotator=annotator, processes=1)
    shared = screen(frame, on=ON, matcher=matcher, annotator=annotator, processes=2)
    pd.testing.assert_frame_equal(alone, shared)
    assert list(shared["decision"][:5]) == ["match", "match", "no_match", "match", "no_match"]


SMIC = "Semiconductor Manufacturing International Corp."
"""A name that is a match (several words, legal form aside); ``SMIC`` alone is a review."""

BAD_ROWS = [
    ("", "not_screened", "empty name"),
    ("   ", "not_screened", "empty name"),
    ("\x00\x01\x02", "not_screened", "no letters or digits"),
    ("!!!???", "not_screened", "no letters or digits"),
    ("Xiaomi\x00 Corporation", "match", "control or undecodable characters removed"),
    ("Xiaomi Corporation " + "x" * 5000, "no_match", "name cut to its first 300"),
]


@pytest.mark.parametrize(("value", "decision", "note"), BAD_ROWS)
def test_bad_rows_are_explained_and_others_screened(
        matcher: Matcher, annotator: Annotator, value: str, decision: str, note: str) -> None:
    out = screen([value, SMIC], on=ON, matcher=matcher, annotator=annotator)
    assert len(out) == 2
    assert out.loc[0, "decision"] == decision
    assert note in str(out.loc[0, "explanation"])
    assert out.loc[1, "decision"] == "match"


def test_summarize(matcher: Matcher, annotator: Annotator) -> None:
    out = screen([SMIC, "", "Nothing Alike"], on=ON, matcher=matcher, annotator=annotator)
    assert summarize(out) == {"match": 1, "review": 0, "no_match": 1, "not_screened": 1}


def test_output_columns_never_overwrite_input(matcher: Matcher, annotator: Annotator) -> None:
    frame = pd.DataFrame({"name": [SMIC], "score": ["A+"]})
    out = screen(frame, on=ON, matcher=matcher, annotator=annotator)
    assert out.loc[0, "score"] == "A+" and float(out["screen_score"].iloc[0]) > 0.85


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_formats_round_trip(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame({"name": ["Xiaomi", "小米集团"], "ticker": ["1810 HK", ""]})
    path = tmp_path / f"in{suffix}"
    write_table(frame, path)
    back = read_table(path)
    assert list(back["name"]) == ["Xiaomi", "小米集团"]
    assert detect_columns(back).ticker == "ticker"


COLUMN_ERRORS = [
    ({"qty": ["1"], "price": ["2"]}, {}, "no usable column"),
    ({"company": ["a"], "issuer": ["b"]}, {"name": "Nom"}, "no column 'Nom'"),
    ({"Name": ["Acme"], "name": ["Acme"]}, {}, "several columns"),
    ({"a": ["Acme Corp"], "b": ["Other Corp"]}, {}, "cannot tell which column"),
]


@pytest.mark.parametrize(("data", "kwargs", "message"), COLUMN_ERRORS)
def test_column_errors(data: dict[str, list[str]], kwargs: dict[str, str],
                       message: str) -> None:
    with pytest.raises(ScreeningInputError, match=message) as info:
        detect_columns(pd.DataFrame(data), path="f.csv", **kwargs)
    assert "\n" not in str(info.value)


def test_single_text_column_is_the_name() -> None:
    frame = pd.DataFrame({"holding": ["Acme Corp"], "qty": ["3"]})
    assert detect_columns(frame).name == "holding"


@pytest.mark.parametrize(("content", "suffix", "message"), [
    (b"", ".csv", "empty"),
    (b"\x00\x01\x02\x03binary", ".csv", "binary"),
    (b"name\nA\n", ".doc", "unsupported file type"),
    (b'name,x\n"unclosed,1\n', ".csv", "malformed CSV"),
])
def test_unreadable_files(tmp_path: Path, content: bytes, suffix: str, message: str) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(content)
    with pytest.raises(ScreeningInputError, match=message):
        read_table(path)


def test_html_report(tmp_path: Path, matcher: Matcher, annotator: Annotator) -> None:
    out = screen(["SMIC", "<script>x</script>", ""], on=ON, matcher=matcher,
                 annotator=annotator)
    path = tmp_path / "r.html"
    write_html(out, path, {"on": ON})
    text = path.read_text(encoding="utf-8")
    assert "Flagged rows whose party is on a list at the screening instant (1)" in text
    assert "Flagged rows whose party is on no list then (0)" in text
    assert "Rows not screened (1)" in text
    assert "<script>x" not in text


@pytest.mark.parametrize(("text", "columns"), [
    ("name\nBank of China\nChina Mobile Games & Entertainment\n", ["name"]),
    ("name;country\nXiaomi, Corp;CN\n", ["name", "country"]),
    ("name\tticker\nXiaomi Corp\t1810 HK\n", ["name", "ticker"]),
])
def test_csv_delimiter_from_the_header(tmp_path: Path, text: str, columns: list[str]) -> None:
    """One column of names with spaces is one column; ; and tab separated files are read."""
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == columns
    assert len(frame) == text.count("\n") - 1
