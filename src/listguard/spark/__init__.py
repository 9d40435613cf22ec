"""Screening at bank scale on Apache Spark: the local engine's matcher, on every executor.

:func:`screen` (``listguard.spark.screen``) takes a Spark DataFrame and returns it screened;
:mod:`.job` reads files or folders, screens them, writes the rows and a manifest
(``listguard screen INPUT --engine spark --out OUT``). The index is built once on the driver
and broadcast (:mod:`.index`); rows are screened in ``mapInPandas`` batches by the local
engine's own function (:mod:`.batches`). Needs ``pip install 'listguard[spark]'`` and Java
17 or newer.

Importing this package does not import pyspark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listguard.spark.api import screen

__all__ = ["screen"]


def __getattr__(name: str) -> Any:
    if name == "screen":
        from listguard.spark.api import screen

        return screen
    raise AttributeError(f"module 'listguard.spark' has no attribute {name!r}")
