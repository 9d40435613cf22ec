"""Failure behaviour: a task killed or failing mid-run is retried by Spark and the output
holds each input row exactly once (by its row id); rows that cannot be screened are in the
output with the reason, never dropped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from pyspark import TaskContext
from pyspark.sql import SparkSession

from listguard.matching.matcher import Matcher
from listguard.model import NameKind
from listguard.registry import Registry
from listguard.screening.adapter import Annotator, Status
from listguard.screening.io import Columns
from listguard.spark import screen as spark_screen
from listguard.spark.batches import ScreenBatches, output_columns
from listguard.spark.index import build_index
from listguard.timeutil import as_instant

from .conftest import ON, make_rows


@pytest.fixture()
def small_batches(spark: SparkSession) -> Iterator[None]:
    """Arrow batches of 250 rows, so a task has sent some rows out before it dies."""
    key = "spark.sql.execution.arrow.maxRecordsPerBatch"
    old = spark.conf.get(key)
    spark.conf.set(key, "250")
    yield
    spark.conf.set(key, str(old))


@pytest.mark.parametrize("how", ["worker killed", "exception"])
@pytest.mark.usefixtures("small_batches")
def test_a_task_failing_mid_run_is_retried_without_duplicate_or_missing_rows(
        spark: SparkSession, reg: Registry, matcher: Matcher, annotator: Annotator,
        tmp_path: Path, how: str) -> None:
    source = tmp_path / "in"
    rows = make_rows(reg, 4000, seed=7)
    for part in range(4):  # four files, read as Spark packs them into tasks
        source.mkdir(exist_ok=True)
        rows.iloc[part * 1000 : (part + 1) * 1000].to_parquet(source / f"part-{part}.parquet")
    frame = spark.read.parquet(str(source))
    screened = spark_screen(frame, on=ON, matcher=matcher, annotator=annotator)
    marker = tmp_path / "failed-once"
    kill = how == "worker killed"

    def fail_once(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        # The same task as the screening (no shuffle between): its retry screens again.
        context = TaskContext.get()
        assert context is not None
        for i, batch in enumerate(batches):
            yield batch
            if context.partitionId() == 0 and context.attemptNumber() == 0 and i == 1:
                marker.write_text(f"attempt 0 of task {context.taskAttemptId()}")
                if kill:
                    os._exit(1)  # the Python worker dies, as on a lost executor
                raise RuntimeError("injected failure")

    out = tmp_path / "out"
    screened.mapInPandas(fail_once, screened.schema).write.parquet(str(out))
    assert marker.exists()  # the failure happened, and the job still succeeded
    got = pd.read_parquet(out).sort_values("_row_id").reset_index(drop=True)
    clean = screened.toPandas().sort_values("_row_id").reset_index(drop=True)
    assert got["_row_id"].is_unique and len(got) == len(rows)
    assert sorted(got["customer_id"]) == rows["customer_id"].tolist()
    pd.testing.assert_frame_equal(got, clean)


def test_malformed_and_hostile_rows_are_reported_not_dropped(
        spark: SparkSession, db_copy: Path, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from listguard.cli import app

    source = tmp_path / "bank.csv"
    source.write_bytes(
        b"customer_id;name;country\n"
        b"1;Xiaomi Corporation;CN\n"
        b"2;;US\n"
        b'3;"broken; quoted";x;extra;fields\n'
        b"4;" + b"Very Long Name " * 40 + b";US\n"
        b"5;Hua\xffwei Technologies;CN\n"
        b"6;\"=cmd|' /C calc'!A0\";US\n"
        b"7;---;\n")
    out = tmp_path / "screened.csv"
    result = CliRunner().invoke(app, ["--db", str(db_copy), "screen", str(source),
                                      "--engine", "spark", "--on", ON, "--out", str(out)])
    assert result.exit_code == 3, result.output  # Xiaomi was listed then
    assert "1 malformed input lines, 0 rows that failed" in " ".join(result.output.split())
    parts = sorted(out.glob("part-*.csv"))
    got = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts])
    got = got.set_index("customer_id")
    assert sorted(got.index) == [str(i) for i in range(1, 8)]  # every row, once
    assert got.loc["1", "decision"] == "match"
    assert got.loc["2", "decision"] == "not_screened"
    assert "empty name" in got.loc["2", "explanation"] and got.loc["2", "_error"] == ""
    assert got.loc["3", "decision"] == "not_screened"
    assert got.loc["3", "_error"].startswith("malformed input line: '3;\"broken; quoted\"")
    assert "cut to its first 300 characters" in got.loc["4", "explanation"]
    assert "undecodable characters removed" in got.loc["5", "explanation"]
    assert got.loc["6", "name"].startswith("'=")  # spreadsheet-safe, as the local CSV
    assert "no letters or digits" in got.loc["7", "explanation"]
    manifest = json.loads((out / "_listguard.json").read_text(encoding="utf-8"))
    assert manifest["errors"] == {"malformed": 1, "failed": 0}
    assert manifest["rows"] == {"input": 7, "output": 7, "distinct_row_ids": 7,
                                "one_per_input_row": True}


class Fragile(Matcher):
    """A matcher that fails on any chunk holding the name BOOM."""

    def map_chunks(self, items, convert, **options):  # type: ignore[no-untyped-def]
        if any(isinstance(cells, tuple) and cells[0] == "BOOM" for cells in items):
            raise RuntimeError("the matcher broke on this row")
        return super().map_chunks(items, convert, **options)


class Bytes:
    def __init__(self, value: bytes) -> None:
        self.value = value


def test_a_row_that_breaks_the_screening_is_reported_and_the_rest_screened() -> None:
    from listguard.spark.index import payload

    matcher = Fragile.build([("xiaomi", "Xiaomi Corporation", NameKind.PRIMARY)])
    when = as_instant(ON, what="on")

    def annotate(ids: object, on: object, known: object) -> dict[str, Status]:
        return {e: Status("Xiaomi Corporation", ("ns-cmic",), "prohibited")
                for e in ids}  # type: ignore[attr-defined]

    index = build_index(matcher, annotate, when, None)
    packed = payload(index)
    batch = pd.DataFrame({"_row_id": [1, 2, 3], "name": ["Xiaomi Corporation", "BOOM", "Acme"]})
    func = ScreenBatches(Bytes(packed.data), packed.sha256, Columns(name="name"), None,
                         output_columns(list(batch.columns)))
    (out,) = list(func(iter([batch])))
    assert out["_row_id"].tolist() == [1, 2, 3]
    assert out["decision"].tolist() == ["match", "not_screened", "no_match"]
    assert out.loc[0, "lists"] == "ns-cmic"
    assert out.loc[1, "_error"] == "screening failed: RuntimeError: the matcher broke on this row"
    assert out.loc[1, "explanation"] == out.loc[1, "_error"] and out.loc[0, "_error"] == ""
