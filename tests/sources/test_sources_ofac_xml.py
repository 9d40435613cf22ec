"""OFAC classic and advanced XML give the same ListEntries as the CSV files."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sources_paths import DATA, FIXTURES

from listguard.model import EventKind, IdScheme, ListEntry, NameKind
from listguard.sources.ofac import cons_csv, sdn_csv
from listguard.sources.ofac import xml as ofac_xml

CONS_ENTS = ["9647", "15268", "30923", "30930", "30944"]


def comparable(entry: ListEntry) -> ListEntry:
    """What two formats of one publication must agree on: everything but the free-text
    remarks (the XML keeps structured data out of them) and the line number."""
    return dataclasses.replace(entry, remarks="", source_line=0)


@pytest.fixture(scope="module")
def cons_csv_entries() -> dict[str, ListEntry]:
    return {e.entry_id: e for e in cons_csv.read(DATA / "ofac" / "cons_2025-12")}


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (ofac_xml.read, "CONS.XML"),
        (ofac_xml.read, "CONS_ADVANCED.XML"),
        (ofac_xml.read_classic, "CONS.XML"),
        (ofac_xml.read_advanced, "CONS_ADVANCED.XML"),
    ],
)
def test_cons_xml_equals_cons_csv(
    cons_csv_entries: dict[str, ListEntry],
    reader: Callable[[Path], list[ListEntry]],
    name: str,
) -> None:
    entries = reader(FIXTURES / name)
    assert [e.entry_id for e in entries] == CONS_ENTS
    for entry in entries:
        assert comparable(entry) == comparable(cons_csv_entries[entry.entry_id])


def test_sdn_xml_equals_sdn_csv() -> None:
    csv_entries = {e.entry_id: e for e in sdn_csv.read(DATA / "ofac" / "sdn_2021-07")}
    entries = ofac_xml.read(FIXTURES / "SDN.XML")  # old tempuri.org namespace
    assert [e.entry_id for e in entries] == ["36", "306", "4243", "15036"]
    for entry in entries:
        assert comparable(entry) == comparable(csv_entries[entry.entry_id])
    vessel = entries[3]
    assert (vessel.entity_kind, vessel.country, vessel.list_id) == ("vessel", "IR", "ofac-sdn")
    assert vessel.linked_to == ("NATIONAL IRANIAN TANKER COMPANY",)


def test_xml_entries_without_the_csv() -> None:
    """The same facts, checked without the shared data (so this runs everywhere)."""
    for name in ("CONS.XML", "CONS_ADVANCED.XML"):
        entries = {e.entry_id: e for e in ofac_xml.read(FIXTURES / name)}
        mobile = entries["30923"]
        assert mobile.list_id == "ofac-ns-cmic"
        assert (IdScheme.ISIN, "HK0941009539") in mobile.identifiers
        assert (IdScheme.TICKER, "941 HK") in mobile.identifiers
        assert mobile.events[0] == (EventKind.LISTED, date(2021, 6, 3), "OFAC: Listing Date (CMIC)")
        assert mobile.linked_to == ("CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.",)
        zahhar = entries["9647"]
        assert (zahhar.name, zahhar.entity_kind, zahhar.country) == (
            "ZAHHAR, Mahmoud Khaled",
            "person",
            "PS",
        )
        assert zahhar.list_id == "ofac-ns-plc" and zahhar.programs == ("SDGT", "NS-PLC")
        assert zahhar.aliases == (
            ("AL ZAHAR, Mahmoud Khaled", NameKind.ALIAS),
            ("ZAHAR, Mahmoud", NameKind.WEAK),
            ("AL-ZAHAR, Mahmoud", NameKind.WEAK),
        )
        assert zahhar.linked_to == ("HAMAS",)
        assert zahhar.birth_dates == ("1945",) and zahhar.birth_places == ("Gaza Strip",)
        assert zahhar.gender == "male" and zahhar.countries[0] == "PS"
        assert entries["15268"].list_id == "ofac-capta"
        assert (IdScheme.USCC, "911100007109250324") in entries["30944"].identifiers
        assert "6941" not in entries  # HAMAS: a link target, not on this file's lists


def test_source_lines_point_at_the_entries() -> None:
    for name, tag in (("CONS.XML", "<sdnEntry>"), ("CONS_ADVANCED.XML", "<DistinctParty ")):
        lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        for entry in ofac_xml.read(FIXTURES / name):
            assert tag in lines[entry.source_line - 1]


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("CONS.XML", date(2025, 12, 19)),
        ("CONS_ADVANCED.XML", date(2025, 12, 19)),
        ("SDN.XML", date(2021, 7, 16)),
    ],
)
def test_publication_date(name: str, day: date) -> None:
    assert ofac_xml.publication_date(FIXTURES / name) == day


def test_publication_date_missing(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text("<sdnList><sdnEntry><uid>1</uid><lastName>A</lastName></sdnEntry></sdnList>")
    assert ofac_xml.publication_date(path) is None


def test_classic_consolidated_flag(tmp_path: Path) -> None:
    """CONS.XML has no list names: its programs decide, unless told it is the SDN file."""
    copy = tmp_path / "whatever.xml"
    copy.write_bytes((FIXTURES / "CONS.XML").read_bytes())
    assert {e.list_id for e in ofac_xml.read(copy)} == {"ofac-sdn"}
    assert {e.list_id for e in ofac_xml.read(copy, consolidated=True)} == {
        "ofac-ns-plc",
        "ofac-capta",
        "ofac-ns-cmic",
    }


def test_advanced_list_name_wins_over_programs(tmp_path: Path) -> None:
    text = (FIXTURES / "CONS_ADVANCED.XML").read_text(encoding="utf-8")
    # Put China Mobile's entry on the NS-MBS list instead of the CMIC list.
    text = text.replace(
        '<List ID="91518">Non-SDN CMIC List</List>',
        '<List ID="91518">Non-SDN Menu-Based Sanctions List</List>',
    )
    path = tmp_path / "CONS_ADVANCED.XML"
    path.write_text(text, encoding="utf-8")
    entries = {e.entry_id: e for e in ofac_xml.read(path)}
    assert entries["30923"].list_id == "ofac-ns-mbs"
    assert entries["30923"].programs == ("CMIC-EO13959",)


def test_advanced_non_latin_names(tmp_path: Path) -> None:
    """A Han-script documented name becomes a CHINESE alias; the Latin one stays primary."""
    text = (FIXTURES / "CONS_ADVANCED.XML").read_text(encoding="utf-8")
    latin = (
        '<NamePartValue NamePartGroupID="309233" ScriptID="215" ScriptStatusID="1" '
        'Acronym="false">CHINA MOBILE LIMITED</NamePartValue>'
    )
    assert latin in text
    han = latin.replace('ScriptID="215"', 'ScriptID="230"').replace(
        "CHINA MOBILE LIMITED", "中国移动有限公司"
    )
    text = text.replace(
        latin + "\n              </DocumentedNamePart>\n            </DocumentedName>",
        latin + "\n              </DocumentedNamePart>\n            </DocumentedName>\n"
        '            <DocumentedName ID="1" DocNameStatusID="2">\n'
        f"              <DocumentedNamePart>\n                {han}\n"
        "              </DocumentedNamePart>\n            </DocumentedName>",
        1,
    )
    path = tmp_path / "CONS_ADVANCED.XML"
    path.write_text(text, encoding="utf-8")
    mobile = {e.entry_id: e for e in ofac_xml.read(path)}["30923"]
    assert mobile.name == "CHINA MOBILE LIMITED"
    assert mobile.aliases[-1] == ("中国移动有限公司", NameKind.CHINESE)
