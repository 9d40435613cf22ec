"""One Spark session for every Spark test (``local[2]``, each task tried up to 4 times, as on
a cluster), and rows to screen with both engines.

The rows are made here from the shipped registry's own names (exact, recased, misspelt,
shortened, legal form changed), made-up companies and people, identifiers, countries, kinds,
dates of birth, and the inputs a bank's file really holds: empty names, names of punctuation,
overlong names, control characters and undecodable bytes.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from pyspark.sql import SparkSession

from listguard.matching.matcher import Matcher
from listguard.registry import Registry
from listguard.screening.adapter import Annotator, matcher_from_registry, registry_annotator

ON = "2021-08-02"
SURNAMES = ["Smith", "Garcia", "Wang", "Li", "Ivanov", "Müller", "Okafor", "Haddad", "Kim",
            "Tanaka", "Silva", "Novak", "Cohen", "Rossi", "Nguyen", "Zhang", "Chen", "Petrov"]
GIVEN = ["John", "Maria", "Wei", "Olga", "Ahmed", "Yuki", "Pierre", "Ana", "Chen", "Ivan",
         "Fatima", "Lars", "Mei", "Sergei", "Grace", "Omar"]
SECTOR = ["Trading", "Logistics", "Electronics", "Aviation", "Semiconductor", "Software",
          "Shipping", "Mobile", "Technology", "Capital", "Holdings", "Energy", "Machinery"]
FORMS = ["Ltd", "LLC", "Inc.", "Co., Ltd.", "GmbH", "S.A.", "Corporation", "PLC", ""]
PLACES = ["", "", "Shenzhen", "Dubai", "Hong Kong", "Texas", "Beijing", "Shanghai"]
COUNTRIES = ["", "", "CN", "US", "United States", "China", "HK", "RU", "germany", "xx"]
KINDS = ["", "", "company", "person", "Individual", "vessel", "entity", "nonsense"]


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2,4]").appName("listguard tests")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="session")
def matcher(reg: Registry) -> Matcher:
    return matcher_from_registry(reg)


@pytest.fixture(scope="session")
def annotator(reg: Registry) -> Annotator:
    return registry_annotator(reg)


def _variant(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        return name
    if r < 0.4:
        return name.lower() if rng.random() < 0.5 else name.upper()
    if r < 0.6 and len(name) > 5:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1 :]  # a letter dropped
    if r < 0.8:
        words = name.replace(",", "").split()
        return " ".join(words[:-1]) if len(words) > 2 else name + " Ltd"
    return f"{name} ({rng.choice(PLACES) or 'Group'})"


def _hostile(rng: random.Random) -> str:
    return rng.choice([
        "", "   ", "---", "?!", "x" * 400, "Xiaomi\x00 Corp\x07oration", "Hua\ufffdwei",
        "Tab\tSeparated\nName", "=HYPERLINK(\"http://x\")", "+1 555", "@SUM(A1)",
        "  Semiconductor   Manufacturing International  Corporation  ", "李明", "ООО Ромашка",
    ])


def make_rows(reg: Registry, n: int, seed: int = 15) -> pd.DataFrame:
    """``n`` rows, every cell text: name, country, type, dob, isin, ticker, customer id."""
    rng = random.Random(seed)
    listed = sorted({name for _, name, _ in reg.all_names()})
    idents = sorted((i.scheme.value, i.value) for i in reg.all_identifiers())
    isins = [v for s, v in idents if s == "isin"]
    tickers = [v for s, v in idents if s == "ticker"]
    rows = []
    for i in range(n):
        r = rng.random()
        if r < 0.30:
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        elif r < 0.60:
            name = " ".join(w for w in (rng.choice(PLACES), rng.choice(SURNAMES),
                                        rng.choice(SECTOR), rng.choice(FORMS)) if w)
        elif r < 0.90:
            name = _variant(rng.choice(listed), rng)
        elif r < 0.97 and rows:
            name = rows[rng.randrange(len(rows))][1]  # a repeat
        else:
            name = _hostile(rng)
        rows.append((
            f"C{i:07d}", name, rng.choice(COUNTRIES), rng.choice(KINDS),
            rng.choice(["", "", "", "1961-05-04", "1975", "04/05/1961", "not a date"]),
            rng.choice(isins) if isins and rng.random() < 0.03 else "",
            rng.choice(tickers) if tickers and rng.random() < 0.03 else "",
        ))
    return pd.DataFrame(rows, columns=["customer_id", "name", "country", "type", "dob",
                                       "isin", "ticker"])


@pytest.fixture(scope="session")
def rows_50k(reg: Registry) -> pd.DataFrame:
    return make_rows(reg, 50_000)


@pytest.fixture()
def db_copy(registry_path: Path, tmp_path: Path) -> Path:
    """A copy of the shipped-data registry for a command-line run."""
    import shutil

    target = tmp_path / "registry.sqlite"
    shutil.copy(registry_path, target)
    return target
