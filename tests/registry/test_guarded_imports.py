"""Imports that never lose or invent data: refused partial files, older files in their place,
one transaction for many sources, one writer at a time, and kill -9 at any point.

The files are slices of OFAC's May 2024 SDN CSV (``tests/fixtures/sdn_2024-05``: 40 rows) and
variants made from it here. Every test runs on SQLite and on PostgreSQL (``conftest.db_target``).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from listguard.api.lists import current_counts, listed_on
from listguard.cli import main
from listguard.registry import Registry, versions
from listguard.timeutil import now
from registry.faults import KILL_ENV, KILL_PRELUDE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SDN_ROWS = (FIXTURES / "sdn_2024-05" / "sdn.csv").read_text(encoding="utf-8").splitlines()


def sdn_folder(tmp: Path, name: str, rows: list[str]) -> Path:
    folder = tmp / name
    folder.mkdir()
    (folder / "sdn.csv").write_text("\n".join(rows) + ("\n" if rows else ""), encoding="utf-8")
    return folder


@pytest.fixture
def db(db_target: str) -> str:
    return db_target


def update(db: str, *args: str) -> int:
    return main(["--db", db, "update", *args, "--format", "json"])


def listed_now(db: str) -> dict[str, list[str]]:
    """Per list, the entities on it now: what a comparison of two registries looks at."""
    reg = Registry.open(db)
    try:
        counts = current_counts(reg, now())
        return {lst: sorted(listed_on(reg, lst, now())) for lst in counts
                if lst.startswith("ofac")}
    finally:
        reg.close()


def sdn_count(db: str) -> int:
    return len(listed_now(db).get("ofac-sdn", []))


def test_empty_and_truncated_files_are_refused(db: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert update(db, str(sdn_folder(tmp_path, "full", SDN_ROWS)), "--published",
                  "2024-05-03") == 0
    assert sdn_count(db) == 40
    capsys.readouterr()
    # the small-list floor is 10 removals: a 40-row list losing 30 is refused
    assert update(db, str(sdn_folder(tmp_path, "cut", SDN_ROWS[:10])), "--published",
                  "2024-06-01") == 2
    err = capsys.readouterr().err
    assert "would remove 30 of the 40 ofac-sdn entries" in err and "--allow-removals" in err
    assert update(db, str(sdn_folder(tmp_path, "empty", [])), "--published", "2024-06-01") == 2
    assert sdn_count(db) == 40  # nothing changed
    assert update(db, str(tmp_path / "cut"), "--published", "2024-06-01",
                  "--allow-removals") == 0
    assert sdn_count(db) == 10


def test_an_older_file_takes_its_place_in_time(db: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    newer = sdn_folder(tmp_path, "newer", SDN_ROWS[:38])
    older = sdn_folder(tmp_path, "older", SDN_ROWS[2:])  # two entries the newer lacks
    assert update(db, str(newer), "--published", "2024-05-03") == 0
    capsys.readouterr()
    assert update(db, str(older), "--published", "2021-07-16") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["note"].startswith("historical") and row["removed"] == 2
    reg = Registry.open(db)
    # all 38 of the newer file stay listed; the 2 only the older file has were removed by the
    # newer file's date
    assert sdn_count(db) == 38
    gone = SDN_ROWS[39].split(",")[0]
    events = [e for e in reg.events(f"ofac-sdn-{gone}") if e.list_id == "ofac-sdn"]
    assert [e.kind.value for e in events] == ["listed", "removed"]
    assert events[0].published == date(2021, 7, 16) and events[1].published == date(2024, 5, 3)


def test_the_csl_is_never_a_full_sdn(db: str, tmp_path: Path) -> None:
    csl = tmp_path / "csl.csv"
    csl.write_text(
        "source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
        "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
        "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
        "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
        "source_information_url,ids\n"
        "Specially Designated Nationals (SDN) - Treasury Department,99001,Entity,CUBA,"
        "EXAMPLE TRADING S.A.,,,,,,,,,,,,,,,,,,,,,,,\n", encoding="utf-8")
    assert update(db, str(sdn_folder(tmp_path, "full", SDN_ROWS)), "--published",
                  "2024-05-03") == 0
    assert update(db, str(csl), "--published", "2024-06-01") == 0
    assert sdn_count(db) == 41  # the CSL entry is added, nothing is removed
    reg = Registry.open(db)
    versions = reg.store.version_rows("ofac-sdn")
    assert [v["whole"] for v in versions] == [1, 0]


def test_a_sample_is_taken_as_partial(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """40 rows are not the SDN list (it has held 5,000 entries and more): they add what they
    show, remove nothing and cover nothing."""
    monkeypatch.setattr(versions, "MIN_ENTRIES", {"ofac-sdn": 5000})
    assert update(db, str(sdn_folder(tmp_path, "sample", SDN_ROWS)), "--published",
                  "2024-05-03") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["note"].startswith("partial: 40 entries")
    reg = Registry.open(db)
    assert reg.coverage()["ofac-sdn"].whole_from is None
    assert [v["whole"] for v in reg.store.version_rows("ofac-sdn")] == [0]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1949-12-31"])
def test_implausible_publication_dates_are_refused(db: str, tmp_path: Path, day: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert update(db, str(sdn_folder(tmp_path, "full", SDN_ROWS)), "--published", day) == 2
    assert "outside 1950-01-01" in capsys.readouterr().err


def test_a_multi_source_update_is_all_or_nothing(db: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    good = sdn_folder(tmp_path, "good", SDN_ROWS)
    bad = tmp_path / "bad.xml"
    bad.write_text("<sdnList><sdnEntry><uid>1</uid>", encoding="utf-8")  # truncated XML
    assert update(db, str(good), str(bad), "--published", "2024-05-03") == 2
    err = capsys.readouterr().err
    assert "source 2 of 2" in err and "nothing was imported" in err
    assert sdn_count(db) == 0
    # a refusal in the second source rolls back the first
    assert update(db, str(good), "--published", "2024-05-03") == 0
    fine = sdn_folder(tmp_path, "fine", SDN_ROWS[1:])
    cut = sdn_folder(tmp_path, "cut", SDN_ROWS[:5])
    assert update(db, str(fine), str(cut), "--published", "2024-06-01") == 2
    assert "source 2 of 2" in capsys.readouterr().err
    assert len(Registry.open(db).store.version_rows("ofac-sdn")) == 1


# --- one writer at a time, and kill -9 -------------------------------------------------------

IMPORT = KILL_PRELUDE + """
import sys
from datetime import date
from pathlib import Path
from listguard.registry import Registry
from listguard.registry.versions import ImportPolicy, import_entries
from listguard.sources.ofac import sdn_csv
reg = Registry.open(sys.argv[1])
folder = Path(sys.argv[2])
import_entries(reg, sdn_csv.read(folder), source=str(folder), covers=sdn_csv.LIST_IDS,
               published=date.fromisoformat(sys.argv[3]), policy=ImportPolicy(min_entries={}))
"""


def run_import(db: str, folder: Path, day: str, env: dict[str, str] | None = None,
               ) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", IMPORT, db, str(folder), day],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)


def clean_import(new_db: Callable[[], str], steps: list[tuple[Path, str]]
                 ) -> dict[str, list[str]]:
    path = new_db()
    for folder, day in steps:
        proc = run_import(path, folder, day)
        assert proc.wait(60) == 0, proc.communicate()[1]
    return listed_now(path)


def test_concurrent_imports_serialize(new_db: Callable[[], str], tmp_path: Path) -> None:
    """Two different imports at once, ten times: each registry equals a clean import of the
    same files in the order the registry recorded them."""
    a = sdn_folder(tmp_path, "a", SDN_ROWS[:37])
    b = sdn_folder(tmp_path, "b", SDN_ROWS[3:])
    days = {str(a): "2024-05-03", str(b): "2024-06-01"}
    expected = {order: clean_import(new_db, [(f, days[str(f)]) for f in order])
                for order in ((a, b), (b, a))}
    for _ in range(10):
        path = new_db()
        procs = [run_import(path, f, days[str(f)]) for f in (a, b)]
        for proc in procs:
            assert proc.wait(60) == 0, proc.communicate()[1]
        sources = [v["source"] for v in Registry.open(path).store.version_rows("ofac-sdn")]
        order = (a, b) if sources[0] == str(a) else (b, a)
        assert len(sources) == 2
        assert listed_now(path) == expected[order]


def test_identical_concurrent_imports_make_one_version(new_db: Callable[[], str],
                                                       tmp_path: Path) -> None:
    folder = sdn_folder(tmp_path, "same", SDN_ROWS)
    for _ in range(3):
        path = new_db()
        procs = [run_import(path, folder, "2024-05-03") for _ in range(2)]
        for proc in procs:
            assert proc.wait(60) == 0, proc.communicate()[1]
        assert len(Registry.open(path).store.version_rows("ofac-sdn")) == 1


def test_kill_at_random_points_leaves_a_whole_version_sequence(
        new_db: Callable[[], str], tmp_path: Path) -> None:
    """20 imports killed at random points (inside the write, or by SIGKILL at a random
    moment): the registry is always at the old or the new version, never between."""
    import os

    first = sdn_folder(tmp_path, "first", SDN_ROWS[:36])
    second = sdn_folder(tmp_path, "second", SDN_ROWS[4:])
    before = clean_import(new_db, [(first, "2024-05-03")])
    after = clean_import(new_db, [(first, "2024-05-03"), (second, "2024-06-01")])
    rng = random.Random(1237)
    for i in range(20):
        path = new_db()
        assert run_import(path, first, "2024-05-03").wait(60) == 0
        env = {**os.environ}
        if i % 2 == 0:
            env[KILL_ENV] = str(rng.randint(1, 6))
            proc = run_import(path, second, "2024-06-01", env)
            proc.wait(60)
        else:
            proc = run_import(path, second, "2024-06-01", env)
            try:
                proc.wait(rng.uniform(0.05, 0.6))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(60)
        state = listed_now(path)
        assert state in (before, after), (i, proc.returncode)


@pytest.mark.parametrize("wait", ["0", "0.5"])
def test_a_writer_that_cannot_get_the_lock_writes_nothing(
        db: str, tmp_path: Path, wait: str, capsys: pytest.CaptureFixture[str]) -> None:
    """While another writer holds the registry, an import waits ``--wait`` seconds, then gives
    up with one line (exit 2) and writes nothing; once the lock is free it goes through."""
    import time

    folder = sdn_folder(tmp_path, "full", SDN_ROWS)
    holder = Registry.open(db)
    try:
        with holder.store.transaction(write=True):
            started = time.monotonic()
            code = update(db, str(folder), "--published", "2024-05-03", "--wait", wait)
            waited = time.monotonic() - started
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "another process is writing to the registry" in err and "Traceback" not in err
    assert float(wait) <= waited < float(wait) + 10
    assert sdn_count(db) == 0
    assert update(db, str(folder), "--published", "2024-05-03") == 0
    assert sdn_count(db) == 40
