"""FollowTheMoney JSON lines: reading OpenSanctions exports, and write_ftm."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest
from sources_paths import DATA, FIXTURES

from listguard.model import (
    Entity,
    Event,
    EventKind,
    Identifier,
    IdScheme,
    Link,
    ListInfo,
    Name,
    NameKind,
)
from listguard.sources import ftm
from listguard.sources.ofac import xml as ofac_xml
from listguard.timeutil import NEW_YORK

# -- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kinds", "list_ids"),
    [
        ("t1_entities.ftm.json", {"person": 4, "company": 2}, {"eu_fsf": 6}),
        (
            "zala_entities.ftm.json",
            {"company": 11, "person": 6},
            {"ext_ru_egrul": 8, "gb_coh_disqualified": 5, "mc_fund_freezes": 4},
        ),
        ("parteispenden_entities.ftm.json", {"company": 74, "person": 22}, {"ftm": 96}),
    ],
)
def test_read_real_exports(name: str, kinds: dict[str, int], list_ids: dict[str, int]) -> None:
    path = DATA / "formats" / "ftm" / name
    entries = ftm.read(path)
    assert Counter(e.entity_kind for e in entries) == kinds
    assert Counter(e.list_id for e in entries) == list_ids
    with path.open(encoding="utf-8") as fh:
        parties = [
            json.loads(line)["id"]
            for line in fh
            if json.loads(line)["schema"] in ftm.PARTY_SCHEMATA
        ]
    assert [e.entry_id for e in entries] == parties


def test_sanctions_and_ownership_are_attached() -> None:
    path = DATA / "formats" / "ftm" / "zala_entities.ftm.json"
    entries = {e.entry_id: e for e in ftm.read(path)}
    cst = entries["NK-abdzbEBkqyT29GyREbiURZ"]  # LLC CST (Zala Aero), many Sanction entities
    assert cst.name == "LLC CST"
    assert {"EU-UKR", "GB-RUS", "AU-RUSSIA"} <= set(cst.programs)
    listed = {d for k, d, _ in cst.events if k is EventKind.LISTED}
    assert date(2023, 2, 24) in listed  # au_dfat_sanctions startDate, no listingDate
    assert date(2025, 3, 15) in listed  # eu_fsf listingDate
    assert "JSC Kalashnikov Concern" in cst.linked_to  # Ownership: owner -> asset
    relabelled = ftm.read(DATA / "formats" / "ftm" / "zala_entities.ftm.json", list_id="l")
    assert {e.list_id for e in relabelled} == {"l"}


def test_list_id_argument_and_identifiers(tmp_path: Any) -> None:
    lines = [
        {
            "id": "x1",
            "schema": "Company",
            "datasets": ["us_ofac_sdn"],
            "properties": {
                "name": ["Xiaomi Corporation"],
                "isinCode": ["KYG9830T1067", "bad"],
                "leiCode": ["254900OLLSLV4I7Y6N52"],
                "ticker": ["1810 HK"],
                "registrationNumber": ["91110108551385082Q", "123"],
                "previousName": ["Xiaomi Inc."],
                "jurisdiction": ["ky"],
            },
        },
        {
            "id": "s1",
            "schema": "Sanction",
            "properties": {
                "entity": ["x1"],
                "programId": ["US-NS-CMIC"],
                "listingDate": ["2021-01-14"],
                "startDate": ["2021-03-15"],
                "endDate": ["2021-05-25"],
            },
        },
    ]
    path = tmp_path / "x.ftm.json"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    [entry] = ftm.read(path)
    assert entry.list_id == "ofac-sdn"
    assert ftm.read(path, list_id="dod-1237")[0].list_id == "dod-1237"
    assert entry.identifiers == (
        (IdScheme.ISIN, "KYG9830T1067"),
        (IdScheme.TICKER, "1810 HK"),
        (IdScheme.LEI, "254900OLLSLV4I7Y6N52"),
        (IdScheme.USCC, "91110108551385082Q"),
    )
    assert entry.aliases == (("Xiaomi Inc.", NameKind.FORMER),)
    assert entry.country == "KY"
    assert entry.programs == ("US-NS-CMIC",)
    assert [(k, d) for k, d, _ in entry.events] == [
        (EventKind.LISTED, date(2021, 1, 14)),
        (EventKind.NOTE, date(2021, 3, 15)),
        (EventKind.NOTE, date(2021, 5, 25)),
    ]


# -- writing ----------------------------------------------------------------------------------

_ID_RE = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KNOWN = {
    "Company",
    "Person",
    "Vessel",
    "Airplane",
    "Organization",
    "LegalEntity",
    "Sanction",
    "Ownership",
}


def validate(lines: list[dict[str, Any]]) -> None:
    """FtM validity: with the followthemoney package when installed, else by hand."""
    ids = [obj["id"] for obj in lines]
    assert len(ids) == len(set(ids))
    for obj in lines:
        assert set(obj) == {"id", "schema", "properties"}
        assert _ID_RE.match(obj["id"]), obj["id"]
        assert obj["schema"] in _KNOWN
        for values in obj["properties"].values():
            assert values and all(isinstance(v, str) and v.strip() == v and v for v in values)
        props = obj["properties"]
        for key in ("startDate", "endDate", "listingDate"):
            assert all(_DATE_RE.match(v) for v in props.get(key, []))
        if obj["schema"] == "Sanction":
            assert props["entity"][0] in ids
        if obj["schema"] in ("Company", "Person"):
            assert props["name"]
            assert all(re.match(r"^[a-z]{2}(-[a-z]+)?$", c) for c in props.get("country", []))
    try:
        from followthemoney import model
    except ImportError:
        return
    for obj in lines:
        schema = model.get(obj["schema"])
        assert schema is not None and not schema.abstract
        for prop_name, values in obj["properties"].items():
            prop = schema.get(prop_name)
            assert prop is not None, (obj["schema"], prop_name)
            for value in values:
                assert prop.type.clean(value) is not None, (prop_name, value)


def export(objects: Sequence[object]) -> list[dict[str, Any]]:
    buf = io.StringIO()
    count = ftm.write_ftm(objects, buf)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert count == len(lines)
    validate(lines)
    return lines


MODEL: list[object] = [
    ListInfo(
        "ofac-ns-cmic",
        "OFAC NS-CMIC list",
        "US Treasury OFAC",
        "eo14032",
        url="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists/ns-cmic-list",
    ),
    Entity("china-mobile-ltd", "China Mobile Limited", "company", "CN", "HK-listed"),
    Entity("cmcc", "China Mobile Communications Group Co., Ltd.", "company", "CN"),
    Name("china-mobile-ltd", "CHINA MOBILE LTD", NameKind.ALIAS),
    Name("china-mobile-ltd", "China Mobile (Hong Kong) Limited", NameKind.FORMER),
    Name("china-mobile-ltd", "中国移动有限公司", NameKind.CHINESE, "zh-Hans"),
    Identifier("china-mobile-ltd", IdScheme.ISIN, "HK0941009539"),
    Identifier("china-mobile-ltd", IdScheme.TICKER, "941 HK"),
    Identifier("china-mobile-ltd", IdScheme.OFAC_ENT, "30923"),
    Identifier("cmcc", IdScheme.USCC, "911100007109250324"),
    Link("china-mobile-ltd", "subsidiary_of", "cmcc", "OFAC remarks"),
    Event(
        "china-mobile-ltd",
        "ofac-ns-cmic",
        EventKind.LISTED,
        datetime(2021, 6, 3, tzinfo=NEW_YORK),
        date(2021, 6, 3),
        "EO 14032 Annex",
    ),
    Event(
        "china-mobile-ltd",
        "ofac-ns-cmic",
        EventKind.REMOVED,
        datetime(2030, 1, 2, tzinfo=NEW_YORK),
        date(2030, 1, 2),
        "made-up removal",
    ),
]


def test_write_model_objects() -> None:
    lines = export(MODEL)
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for obj in lines:
        by_schema.setdefault(obj["schema"], []).append(obj)
    assert sorted(by_schema) == ["Company", "Ownership", "Sanction"]
    mobile = next(o for o in by_schema["Company"] if o["id"] == "china-mobile-ltd")
    assert mobile["properties"] == {
        "name": ["China Mobile Limited"],
        "alias": ["CHINA MOBILE LTD", "中国移动有限公司"],
        "previousName": ["China Mobile (Hong Kong) Limited"],
        "isinCode": ["HK0941009539"],
        "ticker": ["941 HK"],
        "country": ["cn"],
        "notes": ["HK-listed"],
        "topics": ["sanction"],
    }
    [sanction] = by_schema["Sanction"]
    props = sanction["properties"]
    assert props["entity"] == ["china-mobile-ltd"]
    assert props["programId"] == ["ofac-ns-cmic"]
    assert props["program"] == ["OFAC NS-CMIC list"]
    assert props["authority"] == ["US Treasury OFAC"]
    assert props["startDate"] == ["2021-06-03"] and props["endDate"] == ["2030-01-02"]
    assert props["authorityId"] == ["30923"]
    [owner] = by_schema["Ownership"]
    assert owner["properties"]["owner"] == ["cmcc"]
    assert owner["properties"]["asset"] == ["china-mobile-ltd"]
    cmcc = next(o for o in by_schema["Company"] if o["id"] == "cmcc")
    assert cmcc["properties"]["registrationNumber"] == ["911100007109250324"]


def test_write_plain_dicts_same_as_dataclasses() -> None:
    import dataclasses

    dicts: list[object] = []
    for obj in MODEL:
        data = dataclasses.asdict(obj)  # type: ignore[call-overload]
        for key, value in data.items():
            if isinstance(value, datetime | date):
                data[key] = value.isoformat()
            elif hasattr(value, "value"):
                data[key] = value.value
        dicts.append(data)
    assert export(dicts) == export(MODEL)


def test_write_list_entries_and_read_back(tmp_path: Any) -> None:
    entries = ofac_xml.read(FIXTURES / "CONS.XML")
    lines = export(entries)
    assert Counter(o["schema"] for o in lines) == {"Company": 4, "Person": 1, "Sanction": 5}
    path = tmp_path / "out.ftm.json"
    path.write_text("".join(json.dumps(o) + "\n" for o in lines), encoding="utf-8")
    back = {e.entry_id: e for e in ftm.read(path)}
    for entry in entries:
        again = back[ftm.make_id(entry.list_id, entry.entry_id)]
        assert again.name == entry.name
        assert again.entity_kind == entry.entity_kind
        assert again.list_id == "ftm"
        assert again.programs == (entry.list_id,)  # the Sanction's programId
        assert {v for s, v in again.identifiers} == {
            v for s, v in entry.identifiers if s is not IdScheme.OFAC_ENT
        }
        listed = [d for k, d, _ in entry.events if k is EventKind.LISTED]
        assert [d for k, d, _ in again.events if k is EventKind.LISTED] == listed


def test_passthrough_and_refusals() -> None:
    ready = {"id": "x", "schema": "Company", "properties": {"name": ["X"]}}
    assert export([ready]) == [ready]
    with pytest.raises(TypeError):
        ftm.write_ftm([object()], io.StringIO())
    with pytest.raises(ValueError, match="cannot tell"):
        ftm.write_ftm([{"foo": 1}], io.StringIO())


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("xiaomi",), "xiaomi"),
        (("ofac-ns-cmic", "30923"), "ofac-ns-cmic-30923"),
        (
            ("Entity List", "Huawei Technologies Co., Ltd."),
            "entity-list-huawei-technologies-co.-ltd",
        ),
    ],
)
def test_make_id(parts: tuple[str, ...], expected: str) -> None:
    assert ftm.make_id(*parts) == expected
    assert _ID_RE.match(ftm.make_id(*parts))
