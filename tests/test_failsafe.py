"""Fail safe: where the registry does not know, the answer is review or unknown, never allowed.

One row per question a new user asked (the fail-safe issue's examples and their neighbours):
(query, action, on, expected verdict, exit code, what the answer must contain). Dates alone
mean 12:00 New York time. The registry holds the shipped lists plus the first 40 rows of OFAC's
SDN file of May 2024 (``tests/fixtures/sdn_2024-05``), imported as published 2024-05-03. The
registry's answers are asked of SQLite and of PostgreSQL alike (``conftest.backend``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from listguard.api import Checker
from listguard.api.check import QueryKind, classify
from listguard.cli import main
from listguard.model import Activity, Verdict
from listguard.registry import Registry
from listguard.timeutil import parse_when

if TYPE_CHECKING:
    from conftest import Registries

FIXTURES = Path(__file__).parent / "fixtures"
A, R, U = Verdict.ALLOWED, Verdict.REVIEW, Verdict.UNKNOWN
L, P = Verdict.LICENSE_REQUIRED, Verdict.PROHIBITED


@pytest.fixture(scope="module")
def sdn_db(backend: str, registries: Registries, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[str]:
    from listguard.registry import versions

    path = registries.copy(backend, tmp_path_factory.mktemp("failsafe"))
    with pytest.MonkeyPatch.context() as patch:  # 40 rows stand for the whole SDN list here
        patch.setattr(versions, "MIN_ENTRIES", {})
        code = main(["--db", path, "update", str(FIXTURES / "sdn_2024-05"), "--published",
                     "2024-05-03", "--format", "json"])
    assert code == 0
    yield path
    registries.drop(path)


@pytest.fixture(scope="module")
def checker(sdn_db: str) -> Iterator[Checker]:
    reg = Registry.open(sdn_db)
    yield Checker(reg)
    reg.close()


CASES = [
    # Typos resemble a listed entity: review, with the candidate and its verdict.
    ("Hikvison", "buy", "2021-08-02", R, "hikvision:prohibited"),
    ("Xiaomi Corporatoin", "buy", "2021-03-10", R, "xiaomi:allowed"),
    # Tickers of listed issuers resolve now; one that names nothing is unknown.
    ("0700.HK", "dod-contract", "2026-07-01", P, "s.805"),
    ("HSAI", "dod-contract", "2026-07-01", P, "s.805"),
    ("300750.SZ", "dod-contract", "2026-07-01", P, "s.805"),
    ("9999.HK", "dod-contract", "2026-07-01", U, "cannot tell who issued it"),
    ("US0378331005", "buy", "2021-09-01", U, "cannot tell who issued it"),
    ("US0378331006", "buy", "2021-09-01", U, "check digit"),
    # A name that names one entity but also matches another whose answer differs.
    ("Megvii", "buy", "2022-02-14T00:01", R, "megvii:prohibited"),
    ("CNOOC", "buy", "2021-02-02", R, "cnooc-ltd:allowed"),
    ("CNOOC", "buy", "2021-03-10", R, "cnooc-ltd:prohibited"),
    ("China Mobile", "buy", "2021-08-02", R, "china-mobile-ltd:prohibited"),
    # Export: the Entity List data is a selection; its entries answer, others are unknown.
    ("Aerosun", "export", "2022-06-01", L, "UNCONFIRMED"),
    ("iFlytek", "export", "2020-06-01", L, "2019-22210"),
    ("Xiaomi", "export", "2022-06-01", U, "selection"),
    ("Apple Inc.", "export", "2022-06-01", U, "selection"),
    # invest: 850.224(m) names the MEU list, which holds no data.
    ("Apple Inc.", "invest", "2025-09-01", U, "bis-meu"),
    ("SMIC", "invest", "2025-06-02", P, "850.224(m)"),
    # Funds: FAQ 861 needs the holdings.
    ("iShares MSCI China ETF", "buy", "2021-09-01", U, "FAQ 861"),
    # An unlisted name: allowed, with its gaps shown.
    ("Apple Inc.", "buy", "2021-09-01", A, "gap:bis-meu"),
    # SDN entries first seen in May 2024: unknown before, prohibited after.
    ("BANCO NACIONAL DE CUBA", "buy", "2020-01-01", U, "first seen"),
    ("BANCO NACIONAL DE CUBA", "buy", "2024-06-01", P, "IEEPA"),
    # What was right stays right.
    ("Xiaomi", "buy", "2021-03-16", A, "1:21-cv-00280"),
    ("SMIC", "buy", "2021-02-02", P, "s.1(a)(ii)"),
    ("China Mobile Ltd", "buy", "2021-08-02", P, "EO 14032"),
]


def _evidence(answer: dict[str, object]) -> str:
    """Everything the answer says, flattened: candidates as ``id:verdict``, gaps as
    ``gap:<list>``, then the JSON text."""
    parts = [f"{c['entity']['id']}:{c['verdict']}"  # type: ignore[index]
             for c in answer["candidates"]]  # type: ignore[attr-defined]
    parts += [f"gap:{g.split(':')[0]}" for g in answer["gaps"]]  # type: ignore[attr-defined]
    return " ".join(parts) + " " + json.dumps(answer, ensure_ascii=False)


@pytest.mark.parametrize(("query", "action", "on", "expected", "evidence"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_fail_safe_answer(checker: Checker, query: str, action: str, on: str,
                          expected: Verdict, evidence: str) -> None:
    answer = checker.check(query, Activity(action), parse_when(on))
    data = answer.as_dict()
    assert answer.verdict is expected, data["message"]
    assert evidence in _evidence(data)
    assert answer.exit_code == {A: 0, L: 0, P: 0, R: 3, U: 4}[expected]


def test_cli_exit_codes_follow_the_verdict(sdn_db: str, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    db = ["--db", sdn_db]
    assert main([*db, "check", "buy", "Hikvison", "--on", "2021-08-02"]) == 3
    assert main([*db, "check", "dod-contract", "9999.HK", "--on", "2026-07-01"]) == 4
    assert main([*db, "check", "buy", "Apple Inc.", "--on", "2021-09-01"]) == 0
    out = capsys.readouterr().out
    assert "REVIEW" in out and "UNKNOWN" in out and "Coverage gaps" in out


def test_import_without_a_date_is_dated_by_import_time_and_says_so(
        db_target: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's first SDN example: no --published, then a question about 2024."""
    db = db_target
    assert main(["--db", db, "update", str(FIXTURES / "sdn_2024-05")]) == 0
    capsys.readouterr()
    code = main(["--db", db, "status", "BANCO NACIONAL DE CUBA", "--on", "2024-06-01",
                 "--format", "json"])
    status = json.loads(capsys.readouterr().out)
    assert code == 0
    assert status["memberships"][0]["state"] == "unknown"
    assert status["verdicts"]["buy"]["verdict"] == "unknown"
    assert any("dated by import time" in g for g in status["verdicts"]["buy"]["gaps"])
    sdn = next(c for c in status["coverage"] if c["list"] == "ofac-sdn")
    assert sdn["dated_by"] == "import time" and sdn["complete"] is False


def test_a_later_version_bounds_the_unknown_window(db_target: str) -> None:
    """An entry first seen in the third version was not listed at the second version's date:
    allowed while two versions show it absent, unknown only between the second and the third,
    and before the first file (which covers nothing earlier)."""
    from datetime import date

    from listguard.model import ListEntry
    from listguard.registry.versions import import_entries

    db = db_target
    reg = Registry.open(db)
    alpha = ListEntry("ofac-sdn", "1", "ALPHA TRADING LLC")
    beta = ListEntry("ofac-sdn", "2", "BETA SHIPPING LLC")
    gamma = ListEntry("ofac-sdn", "3", "GAMMA FREIGHT LLC")
    import_entries(reg, [alpha], source="v1", published=date(2024, 1, 5),
                   covers=("ofac-sdn",))
    import_entries(reg, [alpha, gamma], source="v2", published=date(2024, 2, 1),
                   covers=("ofac-sdn",))
    import_entries(reg, [alpha, gamma, beta], source="v3", published=date(2024, 3, 1),
                   covers=("ofac-sdn",))
    checker = Checker(reg)

    def verdict(name: str, on: str) -> Verdict:
        return checker.check(name, Activity.BUY, parse_when(on)).verdict

    assert verdict("BETA SHIPPING LLC", "2024-01-04") is U  # before any file
    assert verdict("BETA SHIPPING LLC", "2024-01-20") is A  # absent from v1 and v2
    assert verdict("BETA SHIPPING LLC", "2024-02-15") is U  # listed between v2 and v3?
    assert verdict("BETA SHIPPING LLC", "2024-03-01") is P
    assert verdict("ALPHA TRADING LLC", "2023-12-01") is U  # in the first file: since when?
    assert verdict("GAMMA FREIGHT LLC", "2024-01-20") is U


@pytest.mark.parametrize(("holdings", "expected", "decisive"), [
    ("china-fund.csv", P, "China Mobile Ltd"),
    ("clean-fund.csv", A, ""),
    ("unknown-isin-fund.csv", U, "US0378331005"),
])
def test_fund_look_through(sdn_db: str, capsys: pytest.CaptureFixture[str], holdings: str,
                           expected: Verdict, decisive: str) -> None:
    code = main(["--db", sdn_db, "check", "buy", "Example China ETF", "--on", "2021-09-01",
                 "--holdings", str(FIXTURES / "holdings" / holdings), "--format", "json"])
    answer = json.loads(capsys.readouterr().out)
    assert answer["verdict"] == expected.value
    assert code == {A: 0, P: 0, U: 4}[expected]
    look = answer["look_through"]
    assert look["holdings"] >= 1 and "FAQ 861" in look["citation"]
    assert [h["holding"] for h in look["decisive"]] == ([decisive] if decisive else [])
    if expected is P:
        assert look["decisive"][0]["weight"] == "0.10"


def test_screen_looks_through_fund_rows(sdn_db: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "holdings"
    folder.mkdir()
    shutil.copy(FIXTURES / "holdings" / "china-fund.csv", folder / "MCHI.csv")
    book = tmp_path / "book.csv"
    book.write_text("name,ticker\niShares MSCI China ETF,MCHI\nSome Other Fund,XYZ\n"
                    "Apple Inc.,AAPL\n", encoding="utf-8")
    out = tmp_path / "book.screened.csv"
    assert main(["--db", sdn_db, "screen", str(book), "--on", "2021-09-01",
                 "--look-through", str(folder), "--out", str(out)]) == 0
    capsys.readouterr()
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["buy"] == "prohibited" and "China Mobile Ltd" in rows[0]["look_through"]
    assert rows[1]["buy"] == "unknown" and "FAQ 861" in rows[1]["look_through"]
    assert rows[2]["look_through"] == ""


@pytest.mark.parametrize(("query", "kind"), [
    ("KYG9830T1067", QueryKind.ISIN), ("kyg9830t1067", QueryKind.ISIN),
    ("5493001KJTIIGC8Y1R12", QueryKind.LEI), ("1810.HK", QueryKind.TICKER),
    ("941 HK", QueryKind.TICKER), ("HSAI", QueryKind.TICKER), ("0700", QueryKind.TICKER),
    ("Hesai", QueryKind.NAME), ("Xiaomi Corporation", QueryKind.NAME),
    ("iShares MSCI China ETF", QueryKind.FUND), ("Vanguard Total World Stock Index Fund",
                                                  QueryKind.FUND),
    ("Northern Trust Corporation", QueryKind.NAME), ("DP3K", QueryKind.TICKER),
])
def test_query_kinds(query: str, kind: QueryKind) -> None:
    assert classify(query) is kind


def test_divestment_sales_cite_eo13974_s1(checker: Checker) -> None:
    answer = checker.check("Hikvision", Activity.SELL, parse_when("2021-01-14"))
    decisive = [r for r in answer.reasons if r.verdict is answer.verdict]
    assert answer.verdict is A
    assert any("FR Doc 2021-01228, s.1" in r.citation for r in decisive)
    assert not any("2021-01228, s.3" in r.citation for r in decisive)


def test_luokung_redesignation_cites_faq_881(checker: Checker) -> None:
    answer = checker.check("LKCO", Activity.BUY, parse_when("2021-03-16"))
    assert answer.verdict is A
    assert any("FAQ 881" in r.citation for r in answer.reasons)


def test_lists_show_coverage(sdn_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", sdn_db, "lists", "--format", "json"]) == 0
    rows = {r["id"]: r["coverage"] for r in json.loads(capsys.readouterr().out)}
    assert rows["dod-1260h"]["complete"] is True and rows["dod-1260h"]["to"] == "2026-06-08"
    assert rows["bis-entity-list"]["complete"] is False
    assert rows["bis-entity-list"]["whole_from"] is None  # a selection
    assert rows["ofac-sdn"] | {} == {**rows["ofac-sdn"], "from": "2024-05-03",
                                     "whole_from": "2024-05-03", "complete": False,
                                     "dated_by": "--published"}
    assert rows["bis-meu"]["from"] is None


def test_a_whole_list_import_covers_absence_from_its_date(db_target: str) -> None:
    """A complete Entity List file (as the whole CSL gives it) makes ``export`` answerable for
    companies not on it, from the file's date; a search result never does."""
    from datetime import date

    from listguard.model import EventKind, ListEntry
    from listguard.registry.versions import import_entries

    db = db_target
    reg = Registry.open(db)
    assert main(["--db", db, "update",
                 str(Path(__file__).parent / "sources" / "fixtures" / "csl_search.json")]) == 0
    checker = Checker(reg)
    assert checker.check("Apple Inc.", Activity.EXPORT,
                         parse_when("2026-01-05")).verdict is U  # a search is a selection
    whole = [ListEntry("bis-entity-list", "el-1", "Example Avionics Co., Ltd.",
                       events=((EventKind.LISTED, date(2020, 5, 1), "85 FR 00000"),))]
    import_entries(reg, whole, source="whole list", published=date(2025, 1, 10),
                   covers=("bis-entity-list",))
    checker = Checker(reg)

    def verdict(query: str, on: str) -> Verdict:
        return checker.check(query, Activity.EXPORT, parse_when(on)).verdict

    assert verdict("Apple Inc.", "2025-06-01") is A
    assert verdict("Apple Inc.", "2024-06-01") is U  # before the whole file
    assert verdict("Example Avionics Co., Ltd.", "2024-06-01") is L  # its listing date is stated
    assert verdict("Hikvision", "2024-06-01") is L  # the curated selection still speaks
