"""``listguard screen INPUT --engine spark --out OUT``: files or folders in, a folder out.

**Input**: a Parquet or CSV file, or a folder of them (partitioned ``key=value/`` folders
included), on any file system Spark reads (local, ``hdfs://``, ``s3a://``, ``abfss://``,
``gs://``). The format is the path's suffix (``.csv``, ``.tsv``, ``.txt``, ``.parquet``,
``.pq``), else the files in a local folder, else Parquet. Every cell is read as text, an
empty one as ``""``, as the local engine reads a file; a CSV's separator is read from its
header line (comma, semicolon, tab or bar), a quoted field may span lines (so each CSV file
is read by one task: split a large one, or use Parquet, to read it in parallel), and a line
Spark cannot parse is kept and reported (``_error``), never dropped. Unlike the local engine,
no size limit applies.

**Output**: a folder of part files (CSV when OUT ends ``.csv``, else Parquet) holding one row
per input row: the input's columns, ``_row_id``, the local engine's decision columns and
``_error``; beside them Spark's ``_SUCCESS`` and ``_listguard.json``, the run's manifest: the
list versions and the engine it ran on, the instant screened, the counts, and the check that
the output holds each input row exactly once (its row ids counted, distinct, against the
input's rows). OUT must not exist: a rerun never overwrites a data-lake folder.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listguard.screening.adapter import coverage_gaps, registry_annotator
from listguard.screening.api import NOT_SCREENED
from listguard.screening.errors import ScreeningInputError
from listguard.screening.io import DELIMITERS, Columns
from listguard.spark.api import Prepared, prepare
from listguard.spark.batches import CORRUPT, ERROR

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from listguard.matching.matcher import Matcher
    from listguard.registry import Registry

MANIFEST = "_listguard.json"
SHOWN_ROWS = 20
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_OPTIONS = {"header": "true", "escape": '"', "quote": '"'}
"""RFC 4180 quoting (a doubled quote inside quotes), read and written."""


@dataclass(frozen=True, slots=True)
class SparkRequest:
    """What to screen on Spark, and how (the local request's column options)."""

    input: str
    out: str
    on: datetime
    known_at: datetime | None = None
    master: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    """The command's column options by name (``name_column``, ``type_column`` ...)."""
    kind: str | None = None
    row_id: str | None = None


@dataclass
class SparkRun:
    """A finished run: its manifest (also written to ``OUT/_listguard.json``), the columns
    found, and the first flagged rows (for the terminal)."""

    request: SparkRequest
    manifest: dict[str, Any]
    columns: Columns
    flagged: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = self.manifest["counts"]
        return counts


def run(reg: Registry, matcher: Matcher, req: SparkRequest, *, basis: dict[str, Any],
        spark: SparkSession | None = None) -> SparkRun:
    """Read ``req.input``, screen it on Spark, write ``req.out`` and its manifest, check it.

    ``basis`` is what the answer rests on (list versions, engine; the audit trail's own,
    :func:`listguard.api.audit.basis`); it goes into the manifest as it is.
    """
    from listguard.spark.session import get_session

    started = datetime.now(UTC)
    clock = time.perf_counter()
    spark = spark or get_session(req.master)
    out_format = "csv" if req.out.lower().rstrip("/").endswith(CSV_SUFFIXES) else "parquet"
    frame, in_format = read_input(spark, req.input)
    try:
        prepared = prepare(
            frame, on=req.on, known_at=req.known_at, kind=req.kind, row_id=req.row_id,
            matcher=matcher, annotator=registry_annotator(reg),
            spreadsheet_safe=out_format == "csv", columns=req.columns)
    except ScreeningInputError as exc:
        raise ScreeningInputError(str(exc).replace("data:", f"{req.input}:", 1)) from None
    input_rows = frame.count()
    write_output(prepared.frame, req.out, out_format)
    written = read_output(spark, req.out, out_format)
    checked = check_output(written, prepared, input_rows)
    manifest = {
        "run_id": str(uuid.uuid4()),
        "engine": _engine(spark),
        "basis": basis,
        "index": {"sha256": prepared.payload.sha256, "bytes": len(prepared.payload.data),
                  **prepared.index.facts},
        "request": {"input": req.input, "input_format": in_format, "output": req.out,
                    "output_format": out_format, "on": req.on.isoformat(),
                    "known_at": req.known_at.isoformat() if req.known_at else None,
                    "kind": req.kind, "columns": _columns(prepared.columns),
                    "row_id": prepared.row_id},
        **checked,
        "coverage_gaps": coverage_gaps(reg, req.on, req.known_at),
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 1),
    }
    write_text(spark, f"{req.out.rstrip('/')}/{MANIFEST}",
               json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return SparkRun(req, manifest, prepared.columns, _first_flagged(written, prepared))


# -- reading -----------------------------------------------------------------------------------


def input_format(path: str) -> str:
    """``csv`` or ``parquet``, from the suffix, else from a local folder's files."""
    lowered = path.lower().rstrip("/")
    if lowered.endswith(CSV_SUFFIXES):
        return "csv"
    if lowered.endswith(PARQUET_SUFFIXES):
        return "parquet"
    local = Path(path.removeprefix("file://"))
    if "://" not in path.removeprefix("file://") and local.is_dir():
        for found in sorted(local.rglob("*")):
            if found.name.startswith(("_", ".")) or not found.is_file():
                continue
            if found.suffix.lower() in CSV_SUFFIXES:
                return "csv"
            if found.suffix.lower() in PARQUET_SUFFIXES:
                return "parquet"
    return "parquet"


def read_input(spark: SparkSession, path: str) -> tuple[DataFrame, str]:
    """The rows of ``path`` (file or folder), every cell text (empty: ``""``), and the format.
    A CSV keeps a ``_corrupt_record`` column: the lines it could not parse."""
    from pyspark.sql import functions as F

    if "://" not in path and not Path(path).exists():
        raise ScreeningInputError(f"{path}: no such file or folder")
    kind = input_format(path)
    try:
        frame = _read_csv(spark, path) if kind == "csv" else spark.read.parquet(path)
    except ScreeningInputError:
        raise
    except Exception as exc:  # Spark's AnalysisException and the reader's errors
        detail = " ".join(str(exc).split())[:200]
        raise ScreeningInputError(f"{path}: cannot read as {kind}: {detail}") from None
    if not frame.columns or frame.columns == [CORRUPT]:
        raise ScreeningInputError(f"{path}: the file has no columns")
    as_text = [F.col(f"`{c}`") if c == CORRUPT else
               F.coalesce(F.col(f"`{c}`").cast("string"), F.lit("")).alias(c)
               for c in frame.columns]
    return frame.select(*as_text), kind


def _read_csv(spark: SparkSession, path: str) -> DataFrame:
    from pyspark.sql.types import StringType, StructField, StructType

    first = spark.read.text(path).first()
    if first is None:
        raise ScreeningInputError(f"{path}: the file is empty")
    header = str(first[0]).lstrip("\ufeff")
    sep = "\t" if path.lower().rstrip("/").endswith(".tsv") else delimiter(header)
    options = {**CSV_OPTIONS, "sep": sep, "ignoreLeadingWhiteSpace": "true",
               "encoding": "UTF-8", "multiLine": "true"}
    probe = spark.read.options(**options).csv(path)
    names = [c.lstrip("\ufeff") for c in probe.columns]
    schema = StructType([*(StructField(c, StringType()) for c in names),
                         StructField(CORRUPT, StringType())])
    return (spark.read.options(**options, mode="PERMISSIVE",
                               columnNameOfCorruptRecord=CORRUPT)
            .schema(schema).csv(path))


def delimiter(header: str) -> str:
    """The field separator the header line uses most (a comma when it uses none): the local
    engine's rule (:data:`listguard.screening.io.DELIMITERS`)."""
    return max(DELIMITERS, key=lambda d: (header.count(d), d == ","))


# -- writing and checking ----------------------------------------------------------------------


def write_output(frame: DataFrame, out: str, out_format: str) -> None:
    """Write the screened rows; OUT must not exist yet."""
    writer = frame.write.mode("errorifexists")
    try:
        if out_format == "csv":  # cells as they are: Spark's writer trims them by default
            writer.options(**CSV_OPTIONS, ignoreLeadingWhiteSpace="false",
                           ignoreTrailingWhiteSpace="false").csv(out)
        else:
            writer.parquet(out)
    except Exception as exc:
        if "already exists" in str(exc).lower():
            raise ScreeningInputError(
                f"{out}: already exists; remove it or choose another --out") from None
        raise


def read_output(spark: SparkSession, out: str, out_format: str) -> DataFrame:
    if out_format == "csv":
        from pyspark.sql import functions as F

        frame = spark.read.options(**CSV_OPTIONS, multiLine="true").csv(out)
        return frame.select(*(F.coalesce(F.col(f"`{c}`"), F.lit("")).alias(c)
                              for c in frame.columns))
    return spark.read.parquet(out)


def check_output(written: DataFrame, prepared: Prepared, input_rows: int) -> dict[str, Any]:
    """The counts of the rows written, and whether each input row is there exactly once."""
    from pyspark.sql import functions as F

    def col(name: str) -> Any:
        return F.col(f"`{prepared.output_name(name)}`")

    decision, lists = col("decision"), col("lists")
    flagged = decision.isin("match", "review")
    sums = {
        "match": decision == "match", "review": decision == "review",
        "no_match": decision == "no_match", "not_screened": decision == NOT_SCREENED,
        "on_a_list": flagged & (lists != ""), "on_no_list": flagged & (lists == ""),
        "malformed": col(ERROR).startswith("malformed"),
        "failed": col(ERROR).startswith("screening failed"),
    }
    row = written.agg(
        F.count(F.lit(1)).alias("rows"),
        F.countDistinct(F.col(f"`{prepared.row_id}`")).alias("ids"),
        F.sum(F.xxhash64(*(F.col(f"`{c}`") for c in written.columns)).cast("decimal(38,0)"))
        .alias("digest"),
        *(F.sum(F.when(cond, 1).otherwise(0)).alias(k) for k, cond in sums.items()),
    ).first()
    assert row is not None
    value = row.asDict()
    rows, ids = int(value["rows"]), int(value["ids"])
    return {
        "rows": {"input": input_rows, "output": rows, "distinct_row_ids": ids,
                 "one_per_input_row": rows == input_rows == ids},
        "counts": {k: int(value[k] or 0) for k in ("match", "review", "no_match",
                                                   "not_screened")},
        "flagged": {k: int(value[k] or 0) for k in ("on_a_list", "on_no_list")},
        "errors": {k: int(value[k] or 0) for k in ("malformed", "failed")},
        "rows_xxhash64_sum": str(value["digest"] or 0),
    }


def _first_flagged(written: DataFrame, prepared: Prepared) -> list[dict[str, Any]]:
    from pyspark.sql import functions as F

    decision = F.col(f"`{prepared.output_name('decision')}`")
    rows = (written.filter(decision.isin("match", "review"))
            .orderBy(F.col(f"`{prepared.row_id}`")).limit(SHOWN_ROWS).collect())
    return [r.asDict() for r in rows]


def write_text(spark: SparkSession, uri: str, text: str) -> None:
    """Write a small text file where Spark writes (any Hadoop file system)."""
    context = spark.sparkContext
    jvm = context._jvm
    assert jvm is not None
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(context._jsc.hadoopConfiguration())
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _engine(spark: SparkSession) -> dict[str, Any]:
    from importlib.metadata import version

    import pyspark

    context = spark.sparkContext
    return {"name": "spark", "listguard": version("listguard"), "spark": spark.version,
            "pyspark": pyspark.__version__, "master": context.master,
            "application_id": context.applicationId,
            "default_parallelism": context.defaultParallelism}


def _columns(cols: Columns) -> dict[str, str | None]:
    return {k: getattr(cols, k) for k in Columns.__dataclass_fields__}
