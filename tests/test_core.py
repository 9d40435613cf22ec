"""The one core (``listguard.api.core.Listguard``): typed answers, one way of reading every
value, and the command line printing exactly what the core answers. The tests that open a
registry run on SQLite and on PostgreSQL (``conftest.backend``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

import listguard
from listguard.api.answers import CheckAnswer
from listguard.api.core import Listguard, instants, parse_activity
from listguard.api.results import ListSummary, StatusAnswer, TimelineAnswer
from listguard.cli import main
from listguard.errors import AmbiguousQuery, ListguardError, UsageError
from listguard.model import Activity, Verdict
from listguard.registry import Registry

if TYPE_CHECKING:
    from conftest import Registries

NY = ZoneInfo("America/New_York")
FIXTURES = Path(__file__).parent / "fixtures"
NOON_2021_03_16 = datetime(2021, 3, 16, 12, tzinfo=NY)


@pytest.fixture(scope="module")
def lg(backend: str, registries: Registries, tmp_path_factory: pytest.TempPathFactory
       ) -> Iterator[Listguard]:
    target = registries.empty(backend, tmp_path_factory.mktemp("core"))
    core = Listguard.open(target)
    yield core
    core.registry.close()
    registries.drop(target)


# One row per way of giving an instant; each names the same instant.
INSTANTS = [
    ("text date", "2021-03-16", NOON_2021_03_16),
    ("date", date(2021, 3, 16), NOON_2021_03_16),
    ("naive datetime is New York", datetime(2021, 3, 16, 12), NOON_2021_03_16),
    ("aware datetime", datetime(2021, 3, 16, 16, tzinfo=ZoneInfo("UTC")), NOON_2021_03_16),
    ("naive Timestamp", pd.Timestamp("2021-03-16 12:00"), NOON_2021_03_16),
    ("aware Timestamp", pd.Timestamp("2021-03-16 12:00", tz="America/New_York"),
     NOON_2021_03_16),
    ("ISO text with offset", "2021-03-16T12:00-04:00", NOON_2021_03_16),
]


@pytest.mark.parametrize(("label", "given", "expected"), INSTANTS, ids=[r[0] for r in INSTANTS])
def test_every_instant_is_read_one_way(label: str, given: object, expected: datetime) -> None:
    when, known = instants(given, None)  # type: ignore[arg-type]
    assert when == expected and when.tzinfo is not None and known is None
    assert type(when) is datetime  # a Timestamp comes back as a plain datetime


@pytest.mark.parametrize("bad", ["16/03/2021", "yesterday-ish", pd.NaT, 20210316])
def test_a_bad_instant_is_a_usage_error(bad: object) -> None:
    with pytest.raises(ListguardError) as caught:
        instants(bad, None)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2


def test_activity_by_name_or_enum() -> None:
    assert parse_activity(" Buy ") is Activity.BUY
    assert parse_activity(Activity.EXPORT) is Activity.EXPORT
    with pytest.raises(UsageError, match="choose one of: buy"):
        parse_activity("purchase")


def test_check_is_typed_and_fail_safe(lg: Listguard) -> None:
    answer = lg.check("Hikvision", "buy", on=date(2021, 3, 16))
    assert isinstance(answer, CheckAnswer) and answer.verdict is Verdict.PROHIBITED
    assert answer.as_dict()["entity"]["id"] == "hikvision"
    enjoined = lg.check("Xiaomi", "buy", on="2021-03-16")  # the court's injunction of 3-12
    assert enjoined.verdict is Verdict.ALLOWED and enjoined.reasons
    typo = lg.check("Xiaomy Corp", Activity.BUY, on="2021-03-10")
    assert typo.verdict is Verdict.REVIEW and typo.exit_code == 3


def test_status_for_an_entity_and_for_nobody(lg: Listguard) -> None:
    listed = lg.status("Xiaomi", on="2021-03-16")
    assert isinstance(listed, StatusAnswer) and listed.status is not None
    doc = listed.as_dict()
    assert doc["entity"]["id"] == "xiaomi" and set(doc["verdicts"]) == {a.value for a in Activity}
    nobody = lg.status("Zzyzx Widgets of Nowhere", on="2021-03-16").as_dict()
    assert nobody["entity"] is None and nobody["memberships"] == []
    unknown = lg.status("US0000000000")  # an ISIN shape that names nothing
    assert unknown.unresolved is not None and unknown.exit_code == 4


def test_timeline_and_one_entity_needed(lg: Listguard) -> None:
    answer = lg.timeline("Xiaomi")
    assert isinstance(answer, TimelineAnswer) and answer.entity.id == "xiaomi"
    assert any(e["event"] == "enjoined" for e in answer.as_dict()["events"])
    with pytest.raises(UsageError, match="no listed entity matches"):
        lg.timeline("Zzyzx Widgets of Nowhere")


def test_ambiguous_query_names_its_candidates() -> None:
    exc = AmbiguousQuery("china", [("a", "China A"), ("b", "China B")])
    assert exc.exit_code == 3 and "(a, b)" in str(exc) and exc.candidates[1] == ("b", "China B")


def test_lists_are_typed(lg: Listguard) -> None:
    lists = lg.lists()
    assert all(isinstance(s, ListSummary) for s in lists)
    by_id = {s.id: s for s in lists}
    assert by_id["dod-1260h"].entities > 0 and by_id["dod-1260h"].coverage.complete
    assert json.dumps([s.as_dict() for s in lists])  # serializable as the README's JSON


def test_update_versions_diff_through_the_core(db_target: str) -> None:
    lg = Listguard.open(db_target)
    old, new = FIXTURES / "ofac" / "cons_2025-04", FIXTURES / "ofac" / "cons_2025-12"
    first = lg.update([str(old)])
    second = lg.update([str(new)])
    assert first.rows() and second.rows()
    versions = lg.versions("ofac-cons") or lg.versions()
    assert len({v.id for v in versions}) >= 2
    list_id = versions[-1].list_id
    diff = lg.diff(list_id)
    assert diff.list_id == list_id and diff.to_version == versions[-1].id
    assert json.loads(json.dumps(diff.as_dict()))["to"] == diff.to_version
    with pytest.raises(UsageError, match="no version 999"):
        lg.diff(list_id, to_version=999)


def test_search_is_typed(lg: Listguard) -> None:
    answer = lg.search("Xiaomi Corporation", limit=3, on="2021-03-16")
    assert answer.hits and answer.hits[0].hit.entity_id == "xiaomi"
    assert answer.as_dict()["hits"][0]["lists"]


def test_python_screen_keeps_the_index_and_reads_any_instant(lg: Listguard) -> None:
    frame = pd.DataFrame({"name": ["Hangzhou Hikvision Digital Technology Co., Ltd.",
                                   "Zzyzx Widgets of Nowhere"]},
                         index=pd.Index(["C-17", "C-42"], name="customer_id"))
    for on in ("2021-03-16", date(2021, 3, 16), pd.Timestamp("2021-03-16"),
               datetime(2021, 3, 16, 12)):
        out = lg.screen(frame, on=on, progress=False)
        assert list(out.index) == ["C-17", "C-42"] and out.index.name == "customer_id"
        assert list(out["decision"]) == ["match", "no_match"]
        assert out.loc["C-17", "buy"] == "prohibited"


def test_module_level_python_api(monkeypatch: pytest.MonkeyPatch,
                                 new_db: Callable[[], str]) -> None:
    monkeypatch.setenv("LISTGUARD_DB", new_db())
    monkeypatch.setattr(listguard, "_default", None)
    assert listguard.check("Hikvision", "buy", on="2021-03-16").verdict is Verdict.PROHIBITED
    assert listguard.status("Xiaomi", on="2021-03-10").status is not None
    other = listguard.open(new_db())
    assert isinstance(other, listguard.Listguard) and other.lists()


@pytest.mark.parametrize("argv", [
    ["check", "buy", "Xiaomi", "--on", "2021-03-16"],
    ["status", "Xiaomi", "--on", "2021-03-16"],
    ["status", "Zzyzx Widgets of Nowhere", "--on", "2021-03-16"],
    ["timeline", "Xiaomi"],
])
def test_the_command_line_prints_what_the_core_answers(
        argv: list[str], db_target: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = db_target
    code = main(["--db", db, *argv, "--format", "json"])
    printed = json.loads(capsys.readouterr().out)
    lg = Listguard(Registry.open(db))
    command, *args = argv
    if command == "check":
        answer = lg.check(args[1], args[0], on=args[3]).as_dict()
    elif command == "status":
        answer = lg.status(args[0], on=args[2]).as_dict()
    else:
        answer = lg.timeline(args[0]).as_dict()
    assert printed == json.loads(json.dumps(answer))
    assert code == 0
