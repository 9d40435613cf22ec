"""``listguard.spark.screen``: a Spark DataFrame in, the same rows screened out (lazily).

For people already in a Spark session::

    from listguard.spark import screen
    screened = screen(spark.table("kyc.customers"), on="2026-12-01", country_column="domicile")
    screened.write.parquet("s3a://lake/screened/2026-12-01")

The result has the input's columns, a row id (``_row_id``, unless ``row_id`` names one), the
local engine's output columns (:data:`listguard.screening.api.OUTPUT_COLUMNS`) and
``_error``. Nothing runs until an action: the index is built and broadcast when ``screen`` is
called, the rows screened when the result is written or collected. No shuffle: each
partition is screened where it lies.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from listguard.screening.adapter import Annotator, matcher_from_registry, registry_annotator
from listguard.screening.api import OUTPUT_COLUMNS, output_name
from listguard.screening.attributes import KINDS, read_kind
from listguard.screening.errors import ScreeningInputError
from listguard.screening.io import Columns, detect_columns
from listguard.spark.batches import CORRUPT, ERROR, ROW_ID, ScreenBatches, output_columns
from listguard.spark.index import Payload, ScreeningIndex, build_index, payload
from listguard.timeutil import Instant, as_instant, now

if TYPE_CHECKING:
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

    from listguard.matching.matcher import Matcher
    from listguard.registry import Registry

DETECT_ROWS = 200
"""Rows read to find the name column when no header says (the local engine reads as many)."""


@dataclass(frozen=True)
class Prepared:
    """A screening set up on the driver: the lazy result and what it rests on."""

    frame: DataFrame
    columns: Columns
    row_id: str
    index: ScreeningIndex
    payload: Payload
    inputs: list[str]
    """The input's columns in the output (the row id included)."""

    def output_name(self, column: str) -> str:
        """Where an output column (``decision``, ``_error`` ...) is in :attr:`frame`."""
        return output_name(column, self.inputs)


def screen(
    df: DataFrame,
    *,
    on: Instant | None = None,
    known_at: Instant | None = None,
    kind: str | None = None,
    row_id: str | None = None,
    matcher: Matcher | None = None,
    annotator: Annotator | None = None,
    registry: Registry | None = None,
    **columns: str | None,
) -> DataFrame:
    """Screen ``df``'s rows against the listed parties at ``on`` as known at ``known_at``.

    ``columns`` are :func:`listguard.screen`'s column arguments (``name_column``,
    ``country_column``, ``type_column``, ``dob_column``, ``id_column`` ..., each a column of
    ``df``; the others found by their headers), ``kind`` its ``kind``. ``row_id`` names a
    column that identifies each row (default: ``_row_id`` is added, unique and increasing in
    the order Spark reads the input: a file's own order for one file). Without ``matcher``
    and ``annotator`` the default registry is opened (or ``registry`` used).
    """
    return prepare(df, on=on, known_at=known_at, kind=kind, row_id=row_id, matcher=matcher,
                   annotator=annotator, registry=registry, columns=columns).frame


def column_options(columns: Mapping[str, str | None]) -> dict[str, str | None]:
    """:func:`listguard.screen`'s column arguments (``type_column``, ``id_column``,
    ``X_column``) as :func:`~listguard.screening.io.detect_columns` takes them (``kind``,
    ``identifier``, ``X``); a name that is no column argument is a TypeError."""
    renamed = {"type": "kind", "id": "identifier"}
    out: dict[str, str | None] = {}
    for key, value in columns.items():
        if not key.endswith("_column"):
            raise TypeError(f"screen() got an unexpected keyword argument {key!r}")
        base = key.removesuffix("_column")
        out[renamed.get(base, base)] = value
    return out


def prepare(
    df: DataFrame,
    *,
    on: Instant | None = None,
    known_at: Instant | None = None,
    kind: str | None = None,
    row_id: str | None = None,
    matcher: Matcher | None = None,
    annotator: Annotator | None = None,
    registry: Registry | None = None,
    spreadsheet_safe: bool = False,
    index: ScreeningIndex | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> Prepared:
    """:func:`screen`, with what the run rests on (for its manifest). ``spreadsheet_safe``
    quotes formula-like text cells (for CSV output); ``index`` is a prebuilt index;
    ``columns`` :func:`screen`'s column arguments by name."""
    # Kept in one piece: the arguments pass straight through, one step each.
    from pyspark.sql import functions as F

    when = as_instant(on, what="on") if on is not None else now()
    known = as_instant(known_at, what="known_at") if known_at is not None else None
    if kind is not None and read_kind(kind) is None:
        raise ScreeningInputError(f"--type {kind!r}: use one of {', '.join(KINDS)}")
    names = [c for c in df.columns if c != CORRUPT]
    sample = df.select(*[F.col(f"`{c}`") for c in names]).limit(DETECT_ROWS).toPandas()
    cols = detect_columns(sample, **column_options(columns or {}), path="data")
    if row_id is None:
        row_id = ROW_ID
        if ROW_ID not in names:
            df = df.select(F.monotonically_increasing_id().alias(ROW_ID), "*")
    elif row_id not in names:
        raise ScreeningInputError(f"data: no row id column {row_id!r}; columns are: "
                                  f"{', '.join(names)}")
    if index is None:
        index = _index(matcher, annotator, registry, when, known)
    elif (index.on, index.known_at) != (when, known):
        raise ScreeningInputError("the index was built for another screening instant")
    packed = payload(index)
    shipped = df.sparkSession.sparkContext.broadcast(packed.data)
    schema = _schema(df.schema)
    func = ScreenBatches(shipped, packed.sha256, cols, kind, schema.fieldNames(),
                         corrupt=CORRUPT in df.columns, spreadsheet_safe=spreadsheet_safe)
    with warnings.catch_warnings():
        # pyspark 4 warns that it does not "fully support" pandas 3; the batches here are
        # plain text and numbers, and tests/spark holds both engines' rows equal.
        warnings.filterwarnings("ignore", message=".*does not yet fully support pandas",
                                category=FutureWarning)
        frame = df.mapInPandas(func, schema)
    inputs = [c for c in df.columns if c != CORRUPT]
    return Prepared(frame, cols, row_id, index, packed, inputs)


def _index(matcher: Matcher | None, annotator: Annotator | None, registry: Registry | None,
           when: datetime, known: datetime | None) -> ScreeningIndex:
    if matcher is None or annotator is None:
        if registry is None:
            from listguard.registry import Registry

            registry = Registry.open()
        matcher = matcher or matcher_from_registry(registry)
        annotator = annotator or registry_annotator(registry)
    return build_index(matcher, annotator, when, known)


def _schema(given: StructType) -> StructType:
    """The output schema: the input's fields, the decision columns (``score`` a double, the
    rest text) and ``_error``."""
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    kept = [f for f in given.fields if f.name != CORRUPT]
    names = [f.name for f in kept]
    added = [StructField(output_name(c, names), DoubleType() if c == "score" else StringType())
             for c in OUTPUT_COLUMNS]
    schema = StructType([*kept, *added, StructField(output_name(ERROR, names), StringType())])
    assert schema.fieldNames() == output_columns([f.name for f in given.fields])
    return schema
