"""OFAC CSV sets on real OFAC files: the slices and whole small files in tests/fixtures/ofac.

The SDN slices keep every row of the entries they hold (sdn.csv, alt.csv, add.csv,
sdn_comments.csv), so each entry reads as it does from the full file; the counts below are
the slices' (the full files' are in tests/fixtures/ofac/README.md).
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sources_paths import DATA

from listguard.model import EventKind, IdScheme, ListEntry, NameKind
from listguard.normalize import ticker_index_key
from listguard.sources._ids import clean_ticker
from listguard.sources.errors import SourceError
from listguard.sources.ofac import cons_csv, sdn_csv


def _rows(path: Path, width: int) -> list[list[str]]:
    """The file's records, read independently of the importer (plain csv module)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.reader(fh) if len(r) == width and r[0].strip().isdigit()]


def _by_id(entries: list[ListEntry]) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in entries}


def _ids(entry: ListEntry, scheme: IdScheme) -> list[str]:
    return [v for s, v in entry.identifiers if s is scheme]


# -- SDN, July 2021 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdn_2021() -> list[ListEntry]:
    return sdn_csv.read(DATA / "ofac" / "sdn_2021-07")


def test_one_entry_per_sdn_row(sdn_2021: list[ListEntry]) -> None:
    rows = _rows(DATA / "ofac" / "sdn_2021-07" / "sdn.csv", 12)
    assert len(sdn_2021) == len(rows) == 276  # the full file: 8,976
    assert [e.entry_id for e in sdn_2021] == [r[0] for r in rows]
    assert {e.list_id for e in sdn_2021} == {"ofac-sdn"}
    kinds = Counter(e.entity_kind for e in sdn_2021)
    # the full file: 4,620 persons, 3,673 companies, 406 vessels, 277 aircraft
    assert kinds == {"person": 131, "company": 125, "vessel": 12, "aircraft": 8}


def test_every_alt_row_is_an_alias(sdn_2021: list[ListEntry]) -> None:
    entries = _by_id(sdn_2021)
    alt_rows = _rows(DATA / "ofac" / "sdn_2021-07" / "alt.csv", 5)
    assert len(alt_rows) == 284  # the full file: 11,910
    kinds = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}
    for ent, _num, alt_type, name, _ in alt_rows:
        entry = entries[ent]
        if name.strip() == entry.name and alt_type.strip() != "fka":
            continue  # an a.k.a. identical to the primary name is not repeated
        assert (name.strip(), kinds[alt_type.strip()]) in entry.aliases, (ent, name)
    # plus the weak a.k.a.s OFAC prints only in remarks
    total = sum(len(e.aliases) for e in sdn_2021)
    assert total == 354  # the full file: 14,345


@pytest.mark.parametrize(
    ("ent", "name", "aliases", "country"),
    [
        ("36", "AEROCARIBBEAN AIRLINES", [("AERO-CARIBBEAN", NameKind.ALIAS)], "CU"),
        (
            "306",
            "BANCO NACIONAL DE CUBA",
            [("NATIONAL BANK OF CUBA", NameKind.ALIAS), ("BNC", NameKind.WEAK)],
            "CH",  # first address: Zurich
        ),
        ("4243", "SAND SWAN", [("ANA I", NameKind.WEAK)], "CY"),  # vessel flag
    ],
)
def test_known_sdn_entries(
    sdn_2021: list[ListEntry],
    ent: str,
    name: str,
    aliases: list[tuple[str, NameKind]],
    country: str,
) -> None:
    entry = _by_id(sdn_2021)[ent]
    assert entry.name == name
    assert list(entry.aliases) == aliases
    assert entry.country == country
    assert entry.identifiers[0] == (IdScheme.OFAC_ENT, ent)


def test_sdn_comments_continue_the_remarks(sdn_2021: list[ListEntry]) -> None:
    entries = _by_id(sdn_2021)
    # 12300's remarks stop at 1,000 characters inside "PROMO RAI|Z S.A.S."
    cifuentes = entries["12300"]
    assert len(cifuentes.remarks) > 1000
    assert "PROMO RAIZ S.A.S." in cifuentes.linked_to
    assert "INTERNET RESEARCH AGENCY LLC" not in cifuentes.linked_to
    # 28263's weak alias is split across the two files: 'snowsjo|hn'
    assert ("snowsjohn", NameKind.WEAK) in entries["28263"].aliases
    assert entries["28263"].linked_to == ("LAZARUS GROUP",)


# -- consolidated, December 2025 --------------------------------------------------------------


@pytest.fixture(scope="module")
def cons_2025() -> list[ListEntry]:
    return cons_csv.read(DATA / "ofac" / "cons_2025-12")


def test_cons_2025_12_counts(cons_2025: list[ListEntry]) -> None:
    # 442 records; the 443rd "row" a csv reader sees is OFAC's end-of-file byte 0x1A.
    assert len(cons_2025) == 442
    assert Counter(e.list_id for e in cons_2025) == {
        "ofac-ssi": 286,
        "ofac-ns-plc": 78,
        "ofac-ns-cmic": 68,
        "ofac-ns-mbs": 9,
        "ofac-capta": 1,
    }
    assert all(e.programs == ("CMIC-EO13959",) for e in cons_2025 if e.list_id == "ofac-ns-cmic")


def test_cmic_listing_dates(cons_2025: list[ListEntry]) -> None:
    cmic = [e for e in cons_2025 if e.list_id == "ofac-ns-cmic"]
    listed = Counter(d for e in cmic for k, d, _ in e.events if k is EventKind.LISTED)
    # lists.md s.3: 59 on the EO 14032 Annex, SenseTime on Dec 10, eight on Dec 16, 2021.
    assert listed == {date(2021, 6, 3): 59, date(2021, 12, 16): 8, date(2021, 12, 10): 1}
    for entry in cmic:
        notes = {note for kind, _, note in entry.events if kind is EventKind.NOTE}
        assert notes == {
            "OFAC: Effective Date (CMIC)",
            "OFAC: Purchase/Sales For Divestment Date (CMIC)",
        }, entry.name
    sensetime = next(e for e in cmic if e.name.startswith("SENSETIME"))
    assert [d for _, d, _ in sensetime.events] == [
        date(2021, 12, 10),
        date(2022, 2, 8),
        date(2022, 12, 10),
    ]


def test_china_mobile(cons_2025: list[ListEntry]) -> None:
    entry = _by_id(cons_2025)["30923"]
    assert entry.name == "CHINA MOBILE LIMITED"
    assert entry.list_id == "ofac-ns-cmic"
    assert "HK0941009539" in _ids(entry, IdScheme.ISIN)
    assert "941 HK" in _ids(entry, IdScheme.TICKER)
    assert ticker_index_key("941 HK") == "941@HK"
    assert ("China Mobile Limited", NameKind.ISSUER) in entry.aliases
    assert entry.linked_to == ("CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.",)
    assert entry.country == "CN"
    parent = _by_id(cons_2025)["30944"]
    assert parent.name == entry.linked_to[0]
    assert _ids(parent, IdScheme.USCC) == ["911100007109250324"]


def test_cons_comments_continue_the_remarks(cons_2025: list[ListEntry]) -> None:
    cccc = _by_id(cons_2025)["30930"]  # remarks end "...369E " + comments "(China); a.k.a. 'CCCC'."
    assert ("CCCC", NameKind.WEAK) in cccc.aliases
    assert _ids(cccc, IdScheme.USCC) == ["91110000710934369E"]
    assert cccc.remarks.endswith("91110000710934369E (China); a.k.a. 'CCCC'.")
    # two of its 20 printed ISINs have wrong check digits and are left out
    assert len(_ids(cccc, IdScheme.ISIN)) == 18
    assert "CND10002K094" not in _ids(cccc, IdScheme.ISIN)


def test_cmic_entries_match_the_reference_table(cons_2025: list[ListEntry]) -> None:
    """lists/nscmic.csv was compiled by hand from the same files: compare field by field."""
    path = DATA / "lists" / "nscmic.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        table = {row["ofac_ent_num"]: row for row in csv.DictReader(fh)}
    entries = _by_id(cons_2025)
    assert len(table) == 68

    def split(text: str) -> list[str]:
        return [p.strip() for p in text.split(";") if p.strip()]

    for ent, row in table.items():
        entry = entries[ent]
        listed = [d for k, d, _ in entry.events if k is EventKind.LISTED]
        assert listed == [date.fromisoformat(row["tranche_or_version_date"])], ent
        # the importer repairs OFAC's "603019CN" (ent 33113) to "603019 CN" and drops "ROSB"-like
        # tickers with no market; clean_ticker does the same to the table's values
        assert _ids(entry, IdScheme.TICKER) == [
            t for raw in split(row["equity_tickers"]) if (t := clean_ticker(raw))
        ], ent
        isins = _ids(entry, IdScheme.ISIN)
        assert set(isins) <= set(split(row["isins"])), ent
        assert len(isins) >= len(split(row["isins"])) - 2, ent
        assert _ids(entry, IdScheme.USCC) == split(row["uscc"]), ent
        issuers = [n for n, k in entry.aliases if k is NameKind.ISSUER]
        assert issuers == split(row["issuer_names"]), ent
        assert list(entry.linked_to) == split(row["linked_to"]), ent


def test_glued_ticker_is_repaired(cons_2025: list[ListEntry]) -> None:
    assert "603019 CN" in _ids(_by_id(cons_2025)["33113"], IdScheme.TICKER)


def test_cons_2025_04_has_one_more_entry() -> None:
    entries = cons_csv.read(DATA / "ofac" / "cons_2025-04")  # no alt/comments files
    assert len(entries) == 443
    assert Counter(e.list_id for e in entries)["ofac-ns-cmic"] == 68
    assert [e.name for e in entries if e.list_id == "ofac-fse"] == ["KAYAKIRAN, Evren"]


# -- odd snapshots ----------------------------------------------------------------------------


def test_alt_file_with_header_row_and_newer_entries() -> None:
    """sdn_2024-05/alt.csv was re-saved with a header row and ',,,,' after the 0x1A byte, and
    is four months newer than sdn.csv: aliases of entries not in sdn.csv are ignored."""
    folder = DATA / "ofac" / "sdn_2024-05"
    entries = sdn_csv.read(folder)
    rows = _rows(folder / "sdn.csv", 12)
    assert len(entries) == len(rows) == 189  # the full file: 14,965
    assert ("AERO-CARIBBEAN", NameKind.ALIAS) in _by_id(entries)["36"].aliases
    with (folder / "alt.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh))[0] == "ent_num"
    newer = {r[0] for r in _rows(folder / "alt.csv", 5)} - {r[0] for r in rows}
    assert len(newer) == 10  # aliases of entries the May sdn.csv lacks: no entries made
    assert [e.entry_id for e in entries] == [r[0] for r in rows]


def test_folder_without_primary_file() -> None:
    folder = DATA / "ofac" / "sdn_aux_2026-06"
    assert sorted(p.name for p in folder.iterdir()) == ["add.csv", "alt.csv"]
    with pytest.raises(SourceError, match=r"no sdn\.csv in this folder"):
        sdn_csv.read(folder)


def test_file_with_explicit_companions(tmp_path: Path) -> None:
    folder = DATA / "ofac" / "cons_2025-12"
    alone = cons_csv.read(folder / "cons_prim.csv")
    joined = cons_csv.read(
        folder / "cons_prim.csv",
        alt=folder / "cons_alt.csv",
        add=folder / "cons_add.csv",
        comments=folder / "cons_comments.csv",
    )
    assert joined == cons_csv.read(folder)
    assert _by_id(alone)["30923"].aliases != _by_id(joined)["30923"].aliases
    assert sdn_csv.publication_date(folder) is None
