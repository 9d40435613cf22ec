"""trade.gov Consolidated Screening List, CSV samples and the JSON fixture."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sources_paths import DATA, FIXTURES

from listguard.model import EventKind, IdScheme, NameKind
from listguard.sources import csl


@pytest.mark.parametrize(
    ("source", "list_id"),
    [
        ("Entity List (EL) - Bureau of Industry and Security", "bis-entity-list"),
        ("Specially Designated Nationals (SDN) - Treasury Department", "ofac-sdn"),
        ("Unverified List (UVL) - Bureau of Industry and Security", "bis-unverified"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "bis-meu"),
        ("Denied Persons List (DPL) - Bureau of Industry and Security", "bis-denied"),
        ("ITAR Debarred (DTC) - State Department", "ddtc-debarred"),
        (
            "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury "
            "Department",
            "ofac-ns-cmic",
        ),
        ("Sectoral Sanctions Identifications List (SSI) - Treasury Department", "ofac-ssi"),
        ("Foreign Sanctions Evaders (FSE) - Treasury Department", "ofac-fse"),
        ("Palestinian Legislative Council List (PLC) - Treasury Department", "ofac-ns-plc"),
        ("Palestinian Legislative Council List (NS-PLC List) - Treasury Department", "ofac-ns-plc"),
        ("Capta List (CAP) - Treasury Department", "ofac-capta"),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "ofac-ns-mbs"),
        ("Nonproliferation Sanctions (ISN) - State Department", "isn-nonproliferation"),
        ("Some New List (SNL) - Department of Examples", "csl-snl"),
    ],
)
def test_list_id_for_source(source: str, list_id: str) -> None:
    assert csl.list_id_for_source(source) == list_id


@pytest.mark.parametrize(
    ("name", "rows"),
    [("consolidated_sample.csv", 13), ("csl_sample_2023.csv", 115)],
)
def test_csv_samples(name: str, rows: int) -> None:
    path = DATA / "formats" / "csl" / name
    entries = csl.read(path)
    with path.open(encoding="utf-8", newline="") as fh:
        sources = [r["source"] for r in csv.DictReader(fh)]
    assert len(entries) == len(sources) == rows
    assert [e.list_id for e in entries] == [csl.list_id_for_source(s) for s in sources]
    assert not any(e.list_id.startswith("csl-") for e in entries)
    assert len({(e.list_id, e.entry_id) for e in entries}) == rows


def test_csv_sample_details() -> None:
    path = DATA / "formats" / "csl" / "consolidated_sample.csv"
    entries = {e.list_id: e for e in csl.read(path)}
    isn = entries["isn-nonproliferation"]
    assert isn.name == "Sinobright Import and Export Company"  # ISN suffix dropped
    assert isn.events == (
        (EventKind.LISTED, date(2023, 7, 19), "CSL ISN: start_date; Vol. 88, No. 151, 08/08/2023"),
    )
    meu = entries["bis-meu"]
    assert meu.country == "CN"
    assert meu.events[0][:2] == (EventKind.LISTED, date(2020, 12, 23))
    assert "85 FR 83799" in meu.events[0][2]
    sdn = entries["ofac-sdn"]
    # nationality KP comes before the first address (Shenyang, CN)
    assert (sdn.entry_id, sdn.entity_kind, sdn.country) == ("52291", "person", "KP")
    assert sdn.identifiers == ((IdScheme.OFAC_ENT, "52291"),)
    denied = entries["bis-denied"]
    assert denied.identifiers == ()  # BIS rows carry no OFAC number
    assert [k for k, _, _ in denied.events] == [EventKind.LISTED, EventKind.NOTE]


def test_json_fixture() -> None:
    path = FIXTURES / "csl_search.json"
    entries = csl.read(path)
    assert Counter(e.list_id for e in entries) == {
        "ofac-ns-cmic": 1,
        "bis-entity-list": 1,
        "bis-unverified": 1,
        "bis-meu": 1,
        "ofac-sdn": 1,
        "ddtc-debarred": 1,
        "bis-denied": 1,
    }
    mobile = entries[0]
    assert (mobile.entry_id, mobile.name, mobile.country) == ("30923", "CHINA MOBILE LIMITED", "CN")
    assert mobile.identifiers == (
        (IdScheme.OFAC_ENT, "30923"),
        (IdScheme.ISIN, "US16941M1099"),
        (IdScheme.ISIN, "HK0941009539"),
        (IdScheme.TICKER, "CHL US"),
        (IdScheme.TICKER, "941 HK"),
    )
    assert ("China Mobile Limited", NameKind.ISSUER) in mobile.aliases
    assert mobile.events[0] == (EventKind.LISTED, date(2021, 6, 3), "OFAC: Listing Date (CMIC)")
    assert mobile.linked_to == ("CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.",)
    huawei = entries[1]
    assert huawei.events == (
        (EventKind.LISTED, date(2019, 5, 16), "CSL EL: start_date; 84 FR 22963"),
    )
    assert huawei.aliases == (("Huawei", NameKind.ALIAS),)
    assert csl.publication_date(path) == date(2025, 12, 18)


def test_json_and_csv_agree(tmp_path: Path) -> None:
    """The JSON fixture's last five rows were converted from consolidated_sample.csv."""
    sample = DATA / "formats" / "csl" / "consolidated_sample.csv"
    from_csv = {(e.list_id, e.entry_id): e for e in csl.read(sample)}
    for entry in csl.read(FIXTURES / "csl_search.json")[2:]:
        twin = from_csv[(entry.list_id, entry.entry_id)]
        assert (entry.name, entry.aliases, entry.identifiers, entry.events, entry.country) == (
            twin.name,
            twin.aliases,
            twin.identifiers,
            twin.events,
            twin.country,
        )


def test_bare_json_array_and_csv_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[{"source": "ITAR Debarred (DTC) - State Department", "name": "X Co."}]')
    [entry] = csl.read(path)
    assert (entry.list_id, entry.name, entry.entity_kind) == ("ddtc-debarred", "X Co.", "company")
    assert len(entry.entry_id) == 20  # no id in the row: a stable hash
    assert csl.read(path)[0].entry_id == entry.entry_id
    assert csl.publication_date(path) is None
