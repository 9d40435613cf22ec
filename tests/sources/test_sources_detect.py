"""detect(): which importer reads a path."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sources_paths import DATA, FIXTURES

from listguard.sources.detect import detect, detect_all
from listguard.sources.errors import SourceError


# Real files in tests/fixtures; the two SDN ones are slices (the full files: 8,976 and 14,965).
@pytest.mark.parametrize(
    ("relative", "kind", "count"),
    [
        ("ofac/sdn_2021-07", "ofac-sdn-csv", 276),
        ("ofac/cons_2025-12", "ofac-cons-csv", 442),
        ("ofac/cons_2025-12/cons_prim.csv", "ofac-cons-csv", 442),
        ("ofac/sdn_2024-05/sdn.csv", "ofac-sdn-csv", 189),
        ("formats/csl/consolidated_sample.csv", "csl-csv", 13),
        ("formats/csl/csl_sample_2023.csv", "csl-csv", 115),
        ("formats/ftm/t1_entities.ftm.json", "ftm", 6),
    ],
)
def test_detect_real_files(relative: str, kind: str, count: int) -> None:
    found = detect(DATA / relative)
    assert found.kind == kind
    assert len(found.read()) == count


@pytest.mark.parametrize(
    ("name", "kind", "list_ids", "count", "day"),
    [
        ("CONS.XML", "ofac-xml", "ofac-ns-cmic", 5, date(2025, 12, 19)),
        ("SDN.XML", "ofac-xml", "ofac-sdn", 4, date(2021, 7, 16)),
        ("CONS_ADVANCED.XML", "ofac-advanced-xml", "ofac-ns-cmic", 5, date(2025, 12, 19)),
        # a search of the CSL API holds what matched, never a whole list
        ("csl_search.json", "csl-json", "", 7, date(2025, 12, 18)),
    ],
)
def test_detect_fixtures(
    name: str, kind: str, list_ids: str, count: int, day: date, tmp_path: Path
) -> None:
    found = detect(FIXTURES / name)
    assert found.kind == kind
    assert (list_ids in found.list_ids) if list_ids else found.list_ids == ()
    assert len(found.read()) == count
    assert found.publication_date() == day
    # content decides, not the extension
    renamed = tmp_path / ("download.bin" if "CONS" not in name else "cons-download.bin")
    shutil.copy(FIXTURES / name, renamed)
    assert detect(renamed).kind == kind


def test_headerless_ofac_csv_under_another_name(tmp_path: Path) -> None:
    source = DATA / "ofac" / "cons_2025-12" / "cons_prim.csv"
    copy = tmp_path / "CONS_PRIM_20251219.CSV"
    shutil.copy(source, copy)
    found = detect(copy)
    assert found.kind == "ofac-cons-csv"
    assert len(found.read()) == 442


def test_detect_all_in_a_mixed_folder(tmp_path: Path) -> None:
    for name in ("cons_prim.csv", "cons_alt.csv"):
        shutil.copy(DATA / "ofac" / "cons_2025-12" / name, tmp_path / name)
    shutil.copy(FIXTURES / "SDN.XML", tmp_path / "SDN.XML")
    (tmp_path / "notes.txt").write_text("not a list")
    kinds = sorted(d.kind for d in detect_all(tmp_path))
    assert kinds == ["ofac-cons-csv", "ofac-xml"]
    with pytest.raises(SourceError, match="holds 2 list files"):
        detect(tmp_path)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("alt.csv", b'36,12,"aka","A",-0- \r\n', "companion file"),
        ("notes.txt", b"Hello, world\r\n", "not a list format"),
        ("data.bin", b"\x00\x01\x02\x03" * 100, "binary"),
        ("feed.xml", b"<?xml version='1.0'?><rss><channel/></rss>", "root <rss>"),
        ("x.json", b'{"hello": "world"}', "neither CSL"),
    ],
)
def test_unknown_files(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceError) as info:
        detect(path)
    assert words in str(info.value)
    assert str(info.value).startswith(name)


def test_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        detect(tmp_path / "nope.csv")
    with pytest.raises(SourceError, match="no list file recognised"):
        detect(tmp_path)
