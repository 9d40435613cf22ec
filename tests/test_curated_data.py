"""Checks on the curated list data shipped in ``src/listguard/data``.

These tests read the CSV files with the standard library only (not the package code), so they
check the data as a reviewer would.  The cross-checks against the research tables read
copies of them in ``tests/fixtures/lists`` (see its README).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "src" / "listguard" / "data"
RESEARCH = Path(__file__).parent / "fixtures" / "lists"

COLUMNS = {
    "lists.csv": ["id", "name", "authority", "regime", "url", "description"],
    "entities.csv": ["id", "name", "kind", "country", "note"],
    "names.csv": ["entity_id", "name", "kind", "lang", "source"],
    "identifiers.csv": ["entity_id", "scheme", "value", "source"],
    "links.csv": ["subject_id", "relation", "object_id", "source"],
    "events.csv": [
        "entity_id",
        "list_id",
        "kind",
        "effective",
        "published",
        "list_entry_id",
        "listed_name",
        "citation",
        "confirmed",
        "note",
    ],
}
EVENT_KINDS = {
    "listed",
    "redesignated",
    "removed",
    "enjoined",
    "injunction_lifted",
    "vacated",
    "superseded",
    "note",
}
NAME_KINDS = {"alias", "former", "listed", "acronym", "issuer", "chinese"}
SCHEMES = {"isin", "ticker", "lei", "uscc", "ofac_ent"}
EDITIONS_1260H = ["2021-06-03", "2022-10-05", "2024-01-31", "2025-01-07", "2026-06-08"]


def load(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_research(name: str) -> list[dict[str, str]]:
    with (RESEARCH / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def isin_ok(value: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{9}[0-9]", value):
        return False
    digits = "".join(str(int(ch, 36)) for ch in value[:-1])
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(value[-1])


def parse_instant(text: str) -> datetime:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.fromisoformat(text)
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, f"datetime without offset: {text}"
    return parsed.replace(tzinfo=None)


@pytest.fixture(scope="module")
def events() -> list[dict[str, str]]:
    return load("events.csv")


@pytest.fixture(scope="module")
def entities() -> dict[str, dict[str, str]]:
    return {e["id"]: e for e in load("entities.csv")}


def history(
    events: list[dict[str, str]], entity: str, list_id: str, *, notes: bool = False
) -> list[tuple[str, str]]:
    return [
        (e["kind"], e["effective"])
        for e in events
        if e["entity_id"] == entity and e["list_id"] == list_id and (notes or e["kind"] != "note")
    ]


def member_at(events: list[dict[str, str]], list_id: str, day: str) -> set[str]:
    """Entities on ``list_id`` at the end of ``day`` from listed/removed rows in file order."""
    state: dict[str, bool] = {}
    rows = [
        e
        for e in events
        if e["list_id"] == list_id
        and e["entity_id"]
        and e["kind"] in {"listed", "removed", "redesignated"}
    ]
    for e in sorted(rows, key=lambda e: e["effective"][:10]):  # stable: keeps file order
        if e["effective"][:10] <= day:
            state[e["entity_id"]] = e["kind"] != "removed"
    return {k for k, v in state.items() if v}


# --- format ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns(name: str) -> None:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == COLUMNS[name]


def test_entity_ids_unique_and_slugs(entities: dict[str, dict[str, str]]) -> None:
    rows = load("entities.csv")
    assert len(rows) == len(entities)
    for e in rows:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["id"]), e["id"]
        assert e["name"].strip() == e["name"] and e["name"]
        assert e["country"] == "" or re.fullmatch(r"[A-Z]{2}", e["country"])
    assert [e["id"] for e in rows] == sorted(e["id"] for e in rows)


def test_references_exist(
    events: list[dict[str, str]], entities: dict[str, dict[str, str]]
) -> None:
    list_ids = {r["id"] for r in load("lists.csv")}
    for e in events:
        assert e["entity_id"] == "" or e["entity_id"] in entities, e
        assert e["list_id"] in list_ids, e
    for fname, cols in [
        ("names.csv", ["entity_id"]),
        ("identifiers.csv", ["entity_id"]),
        ("links.csv", ["subject_id", "object_id"]),
    ]:
        for r in load(fname):
            for c in cols:
                assert r[c] in entities, (fname, r)


def test_event_rows_well_formed(events: list[dict[str, str]]) -> None:
    for e in events:
        assert e["kind"] in EVENT_KINDS, e
        assert e["citation"].strip(), e
        assert e["confirmed"] in {"yes", "no"}, e
        if e["confirmed"] == "no":
            assert e["note"].strip(), e
        parse_instant(e["effective"])
        if e["published"]:
            date.fromisoformat(e["published"])
        if e["kind"] in {"listed", "redesignated"} and e["entity_id"]:
            assert "T" not in e["effective"], e


def test_no_duplicate_events(events: list[dict[str, str]]) -> None:
    keys = Counter(
        (e["entity_id"], e["list_id"], e["kind"], e["effective"])
        for e in events
        if not (e["entity_id"] == "hesai" and e["effective"] == "2024-10-29")
    )
    assert [k for k, n in keys.items() if n > 1] == []


def test_events_sorted_by_entity_then_date(events: list[dict[str, str]]) -> None:
    keys = [(e["entity_id"], e["effective"][:10]) for e in events]
    assert keys == sorted(keys)


def test_every_entity_has_an_event(
    events: list[dict[str, str]], entities: dict[str, dict[str, str]]
) -> None:
    with_events = {e["entity_id"] for e in events}
    assert sorted(set(entities) - with_events) == []


def test_names_and_identifiers_well_formed() -> None:
    for n in load("names.csv"):
        assert n["kind"] in NAME_KINDS, n
        assert n["source"].strip(), n
        assert n["name"].strip() == n["name"] and n["name"], n
        if n["kind"] == "chinese":
            assert n["lang"] in {"zh-Hans", "zh-Hant"}, n
            assert re.search(r"[\u4e00-\u9fff]", n["name"]), n
        else:
            assert n["lang"] == "", n
    seen: dict[tuple[str, str], str] = {}
    for i in load("identifiers.csv"):
        assert i["scheme"] in SCHEMES, i
        assert i["source"].strip(), i
        if i["scheme"] == "isin":
            assert isin_ok(i["value"]), i
        if i["scheme"] == "ticker":
            assert re.fullmatch(r"[0-9A-Z]+ [A-Z]{2}", i["value"]), i
        if i["scheme"] == "lei":
            assert re.fullmatch(r"[0-9A-Z]{20}", i["value"]), i
        if i["scheme"] == "ofac_ent":
            assert i["value"].isdigit(), i
        key = (i["scheme"], i["value"])
        # an identifier names one entity only
        assert seen.setdefault(key, i["entity_id"]) == i["entity_id"], i
    for lk in load("links.csv"):
        assert lk["relation"] == "subsidiary_of" and lk["subject_id"] != lk["object_id"], lk


def test_no_withdrawn_notice_dates(events: list[dict[str, str]]) -> None:
    assert not [e for e in events if e["effective"].startswith("2026-02-17")]
    withdrawn = [
        e
        for e in events
        if e["list_id"] == "dod-1260h" and not e["entity_id"] and e["effective"] == "2026-02-13"
    ]
    assert len(withdrawn) == 1 and withdrawn[0]["kind"] == "note"


# --- against the research tables -------------------------------------------------------------


def test_dod_1237_designations(events: list[dict[str, str]]) -> None:
    ccmc = load_research("ccmc_1237.csv")
    listed = [e for e in events if e["list_id"] == "dod-1237" and e["kind"] == "listed"]
    assert len(listed) == len(ccmc) == 44
    assert len({e["entity_id"] for e in listed}) == 44
    expected = Counter(
        {"T1": "2020-06-24", "T2-3": "2020-08-28", "T4": "2020-12-03", "T5": "2021-01-14"}[
            r["tranche"]
        ]
        for r in ccmc
    )
    assert Counter(e["effective"] for e in listed) == expected
    assert expected == Counter(
        {"2020-06-24": 20, "2020-08-28": 11, "2020-12-03": 4, "2021-01-14": 9}
    )
    printed = {
        re.sub(r"\s*\([^()]*\)$", "", r["name_as_printed"]).rstrip(",")
        for r in load_research("ccmc_names_verified.csv")
    }
    for e in listed:
        assert e["listed_name"] in printed or e["entity_id"] == "amec", e
    whole = [e for e in events if e["list_id"] == "dod-1237" and not e["entity_id"]]
    removed = [e for e in whole if e["kind"] == "removed"]
    assert len(removed) == 1 and removed[0]["effective"] == "2021-06-03"
    assert removed[0]["confirmed"] == "no"
    cgn = next(e for e in listed if e["entity_id"] == "cgn")
    assert cgn["confirmed"] == "no"


def test_ns_cmic_listings(events: list[dict[str, str]]) -> None:
    cmic = load_research("nscmic.csv")
    listed = [e for e in events if e["list_id"] == "ofac-ns-cmic" and e["kind"] == "listed"]
    assert len(listed) == len(cmic) == 68
    by_ent = {e["list_entry_id"]: e for e in listed}
    assert set(by_ent) == {r["ofac_ent_num"] for r in cmic}
    for r in cmic:
        e = by_ent[r["ofac_ent_num"]]
        assert e["effective"] == r["tranche_or_version_date"]
        assert e["listed_name"] == r["name"]
    assert Counter(e["effective"] for e in listed) == Counter(
        {"2021-06-03": 59, "2021-12-10": 1, "2021-12-16": 8}
    )
    ids = {
        (i["entity_id"], i["value"]) for i in load("identifiers.csv") if i["scheme"] == "ofac_ent"
    }
    assert {(e["entity_id"], e["list_entry_id"]) for e in listed} == ids


def test_ns_ccmc_subsidiaries(events: list[dict[str, str]]) -> None:
    listed = {
        e["entity_id"]: e["effective"]
        for e in events
        if e["list_id"] == "ofac-ns-ccmc" and e["kind"] == "listed"
    }
    assert listed == {
        "cnooc-ltd": "2021-01-08",
        "china-mobile-ltd": "2021-01-08",
        "china-telecom-ltd": "2021-01-08",
        "china-unicom-hk": "2021-01-08",
    }


def test_1260h_membership_by_edition(events: list[dict[str, str]]) -> None:
    rows = load_research("dod_1260h.csv")
    count = Counter(r["tranche_or_version_date"] for r in rows)
    assert len(member_at(events, "dod-1260h", "2021-06-03")) == count["2021-06-03"] == 47
    # the 2026 roster has no two rows for one company
    assert len(member_at(events, "dod-1260h", "2026-06-08")) == count["2026-06-08"] == 188
    # 2025: 133 rows + Hesai (carried on its 2024 row) - 1 (two lines of AVIC Xi'an)
    assert len(member_at(events, "dod-1260h", "2025-01-07")) == count["2025-01-07"]
    on_2025 = member_at(events, "dod-1260h", "2025-01-07")
    assert {"tencent", "catl", "hesai", "dji", "comac"} <= on_2025
    assert not {"amec", "idg-capital", "beijing-megvii", "crcc", "consys"} & on_2025
    on_2026 = member_at(events, "dod-1260h", "2026-06-08")
    assert {"alibaba", "baidu", "byd", "ymtc", "cxmt", "hesai", "zemic"} <= on_2026
    assert not {"costar", "cnooc-china", "taiji-computer"} & on_2026


def test_chinese_names_included() -> None:
    names = {(n["name"]) for n in load("names.csv") if n["kind"] == "chinese"}
    for r in load_research("chinese_names.csv"):
        parts = [p for p in re.split(r"[()]", r["chinese_name"]) if p]
        assert r["chinese_name"] in names or all(p in names for p in parts), r


# --- histories named in the brief ------------------------------------------------------------


def test_xiaomi_history(events: list[dict[str, str]]) -> None:
    assert history(events, "xiaomi", "dod-1237") == [
        ("listed", "2021-01-14"),
        ("enjoined", "2021-03-12"),
        ("vacated", "2021-05-25"),
    ]
    assert not [
        e
        for e in events
        if e["entity_id"] == "xiaomi" and e["list_id"] in {"ofac-ns-cmic", "ofac-ns-ccmc"}
    ]
    enjoined = next(e for e in events if e["entity_id"] == "xiaomi" and e["kind"] == "enjoined")
    assert "1:21-cv-00280" in enjoined["citation"] and "Doc. 21" in enjoined["citation"]


def test_luokung_history(events: list[dict[str, str]]) -> None:
    rows = [e for e in events if e["entity_id"] == "luokung" and e["kind"] != "note"]
    assert [(e["kind"], e["effective"], e["listed_name"]) for e in rows] == [
        ("listed", "2021-01-14", "Luokong Technology Corporation"),
        ("redesignated", "2021-03-09", "Luokung Technology Corp."),
        ("enjoined", "2021-05-05", ""),
    ]
    assert "881" in rows[1]["citation"]
    assert "1:21-cv-00583" in rows[2]["citation"] and "Doc. 33" in rows[2]["citation"]
    tickers = {i["value"] for i in load("identifiers.csv") if i["entity_id"] == "luokung"}
    assert tickers == {"LKCO US"}


def test_hesai_history(events: list[dict[str, str]]) -> None:
    assert history(events, "hesai", "dod-1260h") == [
        ("listed", "2024-01-31"),
        ("removed", "2024-10-29"),
        ("listed", "2024-10-29"),
    ]
    assert "hesai" in member_at(events, "dod-1260h", "2026-06-08")


def test_amec_history(events: list[dict[str, str]]) -> None:
    assert history(events, "amec", "dod-1237") == [("listed", "2021-01-14")]
    assert history(events, "amec", "dod-1260h") == [
        ("listed", "2024-01-31"),
        ("removed", "2024-12-17"),
    ]
    removal = next(e for e in events if e["entity_id"] == "amec" and e["kind"] == "removed")
    assert removal["published"] == "2024-12-18" and "2024-30018" in removal["citation"]


def test_parent_and_listed_subsidiary_are_distinct(entities: dict[str, dict[str, str]]) -> None:
    links = {(lk["subject_id"], lk["object_id"]) for lk in load("links.csv")}
    for sub, parent in [
        ("china-mobile-ltd", "china-mobile-group"),
        ("cnooc-ltd", "cnooc-group"),
        ("china-telecom-ltd", "china-telecom-group"),
        ("china-unicom-hk", "china-unicom-group"),
    ]:
        assert sub in entities and parent in entities
        assert (sub, parent) in links


def test_key_identifiers() -> None:
    ids = defaultdict(set)
    for i in load("identifiers.csv"):
        ids[i["entity_id"]].add((i["scheme"], i["value"]))
    assert {("ticker", "1810 HK"), ("isin", "KYG9830T1067")} <= ids["xiaomi"]
    assert ("ticker", "1766 HK") in ids["crrc"]
    assert ("ticker", "002389 CN") in ids["aerospace-ch-uav"]
    assert not any(v == "BRC1EODR004" for _, v in ids["cnooc-ltd"])
