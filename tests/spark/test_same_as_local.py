"""The Spark engine gives the local engine's rows: the same 50,000 rows screened both ways,
compared cell by cell - through the Python API (a DataFrame each way) and through the
command line (the same CSV file, ``--engine local`` and ``--engine spark``)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
from pyspark.sql import SparkSession
from typer.testing import CliRunner

from listguard.cli import app
from listguard.matching.matcher import Matcher
from listguard.screening.adapter import Annotator
from listguard.screening.api import OUTPUT_COLUMNS
from listguard.screening.api import screen as local_screen
from listguard.screening.io import detect_columns
from listguard.spark import screen as spark_screen
from listguard.spark.api import column_options

from .conftest import ON


def test_the_same_50000_rows_through_both_engines(
        spark: SparkSession, rows_50k: pd.DataFrame, matcher: Matcher,
        annotator: Annotator) -> None:
    local = local_screen(rows_50k, on=ON, matcher=matcher, annotator=annotator,
                         progress=False)
    frame = spark.createDataFrame(rows_50k).repartition(4)  # rows out of order on purpose
    screened = spark_screen(frame, on=ON, matcher=matcher, annotator=annotator,
                            row_id="customer_id")
    got = screened.toPandas().sort_values("customer_id").reset_index(drop=True)
    assert list(got.columns) == [*rows_50k.columns, *OUTPUT_COLUMNS, "_error"]
    assert (got["_error"] == "").all()
    pd.testing.assert_frame_equal(got.drop(columns="_error"), local, check_dtype=False)
    decisions = set(local["decision"])
    assert decisions == {"match", "review", "no_match", "not_screened"}  # every kind met
    assert (local["lists"] != "").sum() > 1000 and (local["buy"] == "prohibited").any()


def test_the_command_line_writes_the_same_rows_with_either_engine(
        spark: SparkSession, rows_50k: pd.DataFrame, db_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    # a NUL byte makes the local engine refuse the whole file as binary
    rows_50k.replace("\x00", "\x01", regex=True).to_csv(source, index=False)
    runner = CliRunner()
    local = runner.invoke(app, ["--db", str(db_copy), "screen", str(source), "--on", ON,
                                "--out", str(tmp_path / "local.csv"), "--jobs", "2"])
    assert local.exit_code == 3, local.output
    out = tmp_path / "spark.csv"
    remote = runner.invoke(app, ["--db", str(db_copy), "screen", str(source), "--on", ON,
                                 "--engine", "spark", "--master", "local[2]",
                                 "--out", str(out)])
    assert remote.exit_code == 3, remote.output
    expected = pd.read_csv(tmp_path / "local.csv", dtype=str, keep_default_na=False)
    parts = sorted(out.glob("part-*.csv"))
    got = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts])
    got = got.sort_values("_row_id", key=lambda ids: ids.astype(int))
    assert got["_row_id"].is_unique and len(got) == len(expected) == 50_000
    got = got.drop(columns=["_row_id", "_error"]).reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    assert got["score"].astype(float).tolist() == expected["score"].astype(float).tolist()
    pd.testing.assert_frame_equal(got.drop(columns="score"), expected.drop(columns="score"))
    counts = local.output.split("Screened 50,000 rows")[1].split(":")[1].split(".")[0]
    assert counts in remote.output  # the same summary line: "N match, N review ..."
    assert (out / "_listguard.json").is_file() and (out / "_SUCCESS").is_file()


def test_every_column_option_of_the_local_engine_reaches_the_spark_engine() -> None:
    """A column option added to the local engine reaches the Spark engine by its name."""
    local = {p for p in inspect.signature(local_screen).parameters if p.endswith("_column")}
    assert {"name_column", "type_column", "id_column", "dob_column"} <= local
    detected = set(inspect.signature(detect_columns).parameters)
    assert set(column_options(dict.fromkeys(local))) <= detected
    command = next(c for c in app.registered_commands if c.name == "screen")
    assert command.callback is not None
    options = {p for p in inspect.signature(command.callback).parameters
               if p.endswith("_column")}
    assert options == local  # the command passes every one of them on, by name
