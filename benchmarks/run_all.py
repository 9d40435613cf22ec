"""`make bench`: run every benchmarks/bench_*.py in turn and stop on the first failure.

Each benchmark measures speed as a ratio against a baseline run in the same process, and
quality against labelled data; their figures are quoted in the README. ``bench_spark.py``
(10 million rows on Spark ``local[2]`` beside the local engine) needs Java and the ``spark``
extra, which ``make bench`` installs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        code = subprocess.call([sys.executable, str(script)])
        if code != 0:
            print(f"{script.name} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
