"""``listguard screen --engine spark``: folders in and out, the manifest, the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from pyspark.sql import SparkSession
from typer.testing import CliRunner

from listguard.cli import app
from listguard.registry import Registry
from listguard.spark.job import delimiter, input_format
from listguard.spark.session import local_master

from .conftest import ON, make_rows


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), "screen", *args])
    return result.exit_code, " ".join(result.output.split())


def test_a_partitioned_parquet_folder_in_a_csv_folder_out_with_its_manifest(
        spark: SparkSession, reg: Registry, db_copy: Path, tmp_path: Path) -> None:
    rows = make_rows(reg, 3000, seed=3)
    rows["region"] = ["emea" if i % 3 else "apac" for i in range(len(rows))]
    source = tmp_path / "customers"
    rows.to_parquet(source, partition_cols=["region"])  # region=apac/, region=emea/
    out = tmp_path / "screened.csv"
    code, output = invoke(db_copy, str(source), "--engine", "spark", "--on", ON,
                          "--known-at", "2021-08-01", "--out", str(out))
    assert code == 3, output
    assert "Screened 3,000 rows on Spark (local[" in output
    assert "The first 20 flagged rows, and why (by _row_id)" in output
    manifest = json.loads((out / "_listguard.json").read_text(encoding="utf-8"))
    assert manifest["engine"]["name"] == "spark" and manifest["engine"]["listguard"]
    assert manifest["basis"]["curated"] and "engine" in manifest["basis"]
    assert manifest["basis"]["engine"]["matching"]  # the matching code's fingerprint
    assert manifest["request"]["on"].startswith("2021-08-02T12:00")
    assert manifest["request"]["known_at"].startswith("2021-08-01T12:00")
    assert manifest["request"]["input_format"] == "parquet"
    assert manifest["request"]["output_format"] == "csv"
    assert manifest["request"]["columns"]["name"] == "name"
    assert manifest["rows"] == {"input": 3000, "output": 3000, "distinct_row_ids": 3000,
                                "one_per_input_row": True}
    assert sum(manifest["counts"].values()) == 3000
    assert manifest["index"]["entities"] > 100 and manifest["index"]["bytes"] > 0
    assert int(manifest["rows_xxhash64_sum"]) != 0
    assert any("ofac-sdn" in gap for gap in manifest["coverage_gaps"])
    written = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                         for p in sorted(out.glob("part-*.csv"))])
    assert sorted(written["customer_id"]) == sorted(rows["customer_id"])
    assert set(written["region"]) == {"apac", "emea"}  # the partition column kept


def test_what_the_spark_engine_refuses(db_copy: Path, tmp_path: Path,
                                       spark: SparkSession) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name\nXiaomi Corporation\n", encoding="utf-8")
    code, output = invoke(db_copy, str(source), "--engine", "spark")
    assert code == 2 and "--engine spark needs --out" in output
    code, output = invoke(db_copy, str(source), "--engine", "spark", "--out",
                          str(tmp_path / "o"), "--look-through", str(tmp_path))
    assert code == 2 and "--look-through is for --engine local" in output
    code, output = invoke(db_copy, str(source), "--master", "local[2]")
    assert code == 2 and "--master is for --engine spark" in output
    code, output = invoke(db_copy, str(tmp_path / "nothing.csv"), "--engine", "spark",
                          "--out", str(tmp_path / "o"))
    assert code == 2 and "no such file or folder" in output
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("a data lake folder", encoding="utf-8")
    code, output = invoke(db_copy, str(source), "--engine", "spark", "--on", ON, "--out",
                          str(existing))
    assert code == 2 and "already exists; remove it or choose another --out" in output
    assert (existing / "keep.txt").read_text(encoding="utf-8") == "a data lake folder"
    code, output = invoke(db_copy, str(source), "--engine", "spark", "--out",
                          str(tmp_path / "o2"), "--type", "robot")
    assert code == 2 and "--type 'robot'" in output
    code, output = invoke(db_copy, str(source), "--engine", "spark", "--out",
                          str(tmp_path / "o3"), "--name-column", "Legal name")
    assert code == 2 and f"{source}: no column 'Legal name' for the name" in output


def test_row_id_column_and_name_column_named(spark: SparkSession, tmp_path: Path,
                                             reg: Registry) -> None:
    from listguard.spark import screen

    frame = spark.createDataFrame(pd.DataFrame({
        "key": ["a", "b"], "Legal name": ["Xiaomi Corporation", "Acme"], "notes": ["x", "y"]}))
    out = screen(frame, on=ON, registry=reg, name_column="Legal name", row_id="key")
    assert out.columns[:3] == ["key", "Legal name", "notes"] and "_row_id" not in out.columns
    got = out.toPandas().set_index("key")
    assert got.loc["a", "decision"] == "match" and got.loc["b", "decision"] == "no_match"
    with pytest.raises(ValueError, match="no row id column 'id'"):
        screen(frame, on=ON, registry=reg, row_id="id")


def test_input_formats_masters_and_separators(tmp_path: Path) -> None:
    assert input_format("s3a://lake/customers.csv") == "csv"
    assert input_format("hdfs:///lake/customers") == "parquet"
    folder = tmp_path / "f"
    (folder / "x=1").mkdir(parents=True)
    (folder / "_SUCCESS").write_text("", encoding="utf-8")
    (folder / "x=1" / "part-0.csv").write_text("name\n", encoding="utf-8")
    assert input_format(str(folder)) == "csv"
    assert local_master("local[2]") == "local[2,4]"
    assert local_master("local") == "local[1,4]"
    assert local_master("local[*]") == "local[*,4]"
    assert local_master("local[2,8]") == "local[2,8]"
    assert local_master("yarn") == "yarn"
    assert delimiter("name;country") == ";" and delimiter("legal name") == ","
