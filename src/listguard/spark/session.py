"""The Spark session a screening runs in: the caller's, spark-submit's, or a new one.

``master`` is Spark's own (``local[2]``, ``spark://host:7077``, ``yarn``, ``k8s://...``).
Without one, a session already running (a notebook, ``spark-submit``) is used as it is, and
otherwise a local one on every core is started. On a local master a failed task is retried
(``local[N]`` becomes ``local[N,4]``: Spark's ``local[N]`` never retries, a cluster retries
four times), and the Python workers are this interpreter, so they import this listguard.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from typing import TYPE_CHECKING

from listguard.errors import UsageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
TASK_ATTEMPTS = 4
"""Attempts per task on a local master: ``spark.task.maxFailures``' default on a cluster."""
APP_NAME = "listguard screen"
SPLIT_BYTES = "32m"
"""Input split size on a local master (Spark's default is 128 MB). Screening is CPU-bound,
about a million names per 32 MB of Parquet: smaller splits keep every core busy to the end
(10 million names made 3 splits of 128 MB, so one of 2 cores idled through the last)."""
_LOCAL = re.compile(r"local(?:\[(\*|\d+)\])?")


def local_master(master: str) -> str:
    """``local``, ``local[N]``, ``local[*]`` with task retries (``local[N,4]``); any other
    master as given."""
    found = _LOCAL.fullmatch(master.strip())
    if found is None:
        return master
    return f"local[{found[1] or 1},{TASK_ATTEMPTS}]"


def get_session(master: str | None = None) -> SparkSession:
    """The active session, else one on ``master`` (default: spark-submit's, else local)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("the Spark engine needs pyspark: pip install 'listguard[spark]'",
                         field="engine") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise UsageError("the Spark engine needs Java 17 or newer (Debian/Ubuntu: apt-get "
                         "install default-jre-headless; or set JAVA_HOME)", field="engine")
    builder = SparkSession.builder.appName(APP_NAME)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit set the master
    chosen = master or (None if submitted else DEFAULT_MASTER)
    if chosen is not None:
        builder = builder.master(local_master(chosen))
        if chosen.startswith("local"):
            # one machine: no need to resolve its host name (a container may not)
            builder = (builder.config("spark.driver.bindAddress", "127.0.0.1")
                       .config("spark.driver.host", "127.0.0.1")
                       .config("spark.sql.files.maxPartitionBytes", SPLIT_BYTES))
            if not os.environ.get("PYSPARK_PYTHON"):
                os.environ["PYSPARK_PYTHON"] = sys.executable  # read when the context starts
    builder = builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    try:
        return builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: name the cause in one line
        detail = " ".join(str(exc).split())[:300]
        raise UsageError(f"cannot start Spark on {chosen or 'the submitted master'}: {detail}",
                         field="master") from None
