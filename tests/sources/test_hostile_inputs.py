"""Every list-file reader (and the portfolio reader) is bounded: hostile files are refused.

For each reader: ``/dev/zero`` (behind a symlink with the reader's file name, and as itself in
a memory-capped subprocess), a folder, an empty file, a file with no rows, a 1 MB field, and a
file over a lowered size, row or line limit. Each raises SourceError with a one-line message
naming the file (and the line and field where there is one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sources_paths import FIXTURES

from listguard.sources import csl, curated, detect, ftm
from listguard.sources.errors import SourceError
from listguard.sources.ofac import cons_csv, sdn_csv
from listguard.sources.ofac import xml as ofac_xml
from listguard.watching.watch import read_portfolio

BIG = "x" * 1_000_000  # one 1 MB field
CLASSIC_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"
CSL_HEADER = "source,entity_number,type,programs,name,remarks\r\n"
CSL_SOURCE = "Entity List (EL) - Bureau of Industry and Security"


def _ofac_rows(n: int, name: str) -> bytes:
    rows = [f'{i + 1},"{name if i == 0 else f"NAME {i}"}",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,'
            f'-0- ,-0- ,-0- ,-0- \r\n' for i in range(n)]
    return "".join(rows).encode() + b"\x1a"


def _xml(entries: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<sdnList xmlns="{CLASSIC_NS}">\n<publshInformation>'
            f"<Publish_Date>12/19/2025</Publish_Date></publshInformation>\n{entries}"
            "</sdnList>\n").encode()


def _xml_rows(n: int, name: str) -> bytes:
    return _xml("".join(
        f"<sdnEntry><uid>{i + 1}</uid><lastName>{name if i == 0 else f'NAME {i}'}</lastName>"
        "<sdnType>Entity</sdnType></sdnEntry>\n" for i in range(n)))


def _csl_rows(n: int, name: str) -> bytes:
    rows = [f'"{CSL_SOURCE}",{i + 1},Entity,,"{name if i == 0 else f"NAME {i}"}",\r\n'
            for i in range(n)]
    return (CSL_HEADER + "".join(rows)).encode()


def _csl_json_rows(n: int, name: str) -> bytes:
    results = [{"source": CSL_SOURCE, "name": name if i == 0 else f"NAME {i}",
                "entity_number": str(i + 1)} for i in range(n)]
    return json.dumps({"results": results}).encode()


def _ftm_rows(n: int, name: str) -> bytes:
    lines = [json.dumps({"id": f"c{i}", "schema": "Company",
                         "properties": {"name": [name if i == 0 else f"NAME {i}"]}})
             for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


LISTS_HEADER = "id,name,authority,regime,url,description\r\n"


def _lists_rows(n: int, name: str) -> bytes:
    rows = [f'l{i},"{name if i == 0 else f"List {i}"}",US,eo13959,https://x.invalid,d\r\n'
            for i in range(n)]
    return (LISTS_HEADER + "".join(rows)).encode()


def _portfolio_rows(n: int, name: str) -> bytes:
    rows = [f'"{name if i == 0 else f"Company {i}"}",T{i}\r\n' for i in range(n)]
    return ("name,ticker\r\n" + "".join(rows)).encode()


@dataclass(frozen=True)
class Reader:
    id: str
    filename: str
    read: Callable[[Path], object]
    rows: Callable[[int, str], bytes]
    """A file with ``n`` rows, the first row's name field set to the given text."""
    no_rows: bytes
    """A file that is not empty but has no row (a header only, an empty list)."""
    no_rows_words: str
    name_field: str | None
    """The field the 1 MB name is reported in (None: the format has no field names)."""
    line_based: bool = True


READERS = [
    Reader("ofac-sdn-csv", "sdn.csv", sdn_csv.read, _ofac_rows,
           b"ent_num,sdn_name,sdn_type,program,title,call_sign,vess_type,tonnage,grt,"
           b"vess_flag,vess_owner,remarks\r\n", "no rows", "sdn_name"),
    Reader("ofac-cons-csv", "cons_prim.csv", cons_csv.read, _ofac_rows, b"\x1a", "no rows",
           "sdn_name"),
    Reader("ofac-xml", "SDN.XML", ofac_xml.read, _xml_rows, _xml(""), "no entries",
           "lastName", line_based=False),
    Reader("csl-csv", "consolidated.csv", csl.read_csv, _csl_rows, CSL_HEADER.encode(),
           "no rows", "name"),
    Reader("csl-json", "consolidated.json", csl.read, _csl_json_rows, b'{"results": []}',
           "no results", "name", line_based=False),
    Reader("ftm", "entities.ftm.json", ftm.read, _ftm_rows, b"\n\n", "no entities", "name"),
    Reader("curated", "lists.csv", lambda p: curated.load(p.parent), _lists_rows,
           LISTS_HEADER.encode(), "no rows", "name"),
    Reader("portfolio", "portfolio.csv", read_portfolio, _portfolio_rows, b"name,ticker\r\n",
           "no holdings", "name"),
]
BY_ID = pytest.mark.parametrize("reader", READERS, ids=[r.id for r in READERS])


def refused(reader: Reader, path: Path) -> SourceError:
    """The SourceError ``reader`` raises for ``path``; its message is one line naming it."""
    with pytest.raises(SourceError) as info:
        reader.read(path)
    text = str(info.value)
    assert "\n" not in text and "\r" not in text
    assert text.startswith(path.name), text
    return info.value


@BY_ID
def test_good_file_reads(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(reader.rows(3, "Acme Widgets Ltd"))
    assert reader.read(path)


@BY_ID
def test_dev_zero_is_refused_unread(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    path.symlink_to("/dev/zero")
    assert "is a device, not a regular file" in refused(reader, path).message


@BY_ID
def test_fifo_is_refused_without_blocking(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    os.mkfifo(path)  # opening it for reading would block until a writer came
    assert "FIFO" in refused(reader, path).message


@BY_ID
def test_folder_is_refused(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    path.mkdir()
    assert "folder" in refused(reader, path).message


@BY_ID
def test_empty_file_is_refused(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(b"")
    assert refused(reader, path).message == "the file is empty (0 bytes)"


@BY_ID
def test_file_without_rows_is_refused(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(reader.no_rows)
    assert reader.no_rows_words in refused(reader, path).message


@BY_ID
def test_one_megabyte_field_is_refused(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(reader.rows(2, BIG))
    err = refused(reader, path)
    assert "a value of 1,000,000 characters, over the 65,536-character limit" in err.message
    assert "LISTGUARD_MAX_FIELD_CHARS" in err.message
    assert err.field == reader.name_field
    if reader.line_based:
        assert err.line is not None and f"line {err.line}" in str(err)


@BY_ID
def test_file_over_the_size_limit_is_refused(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(reader.rows(3, "Acme"))
    monkeypatch.setenv("LISTGUARD_MAX_FILE_BYTES", str(path.stat().st_size - 1))
    err = refused(reader, path)
    assert f"the file is {path.stat().st_size:,} bytes, over the" in err.message
    assert "(LISTGUARD_MAX_FILE_BYTES)" in err.message


@BY_ID
def test_file_over_the_row_limit_is_refused(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(reader.rows(3, "Acme"))
    monkeypatch.setenv("LISTGUARD_MAX_ROWS", "3")
    assert reader.read(path)
    path.write_bytes(reader.rows(4, "Acme"))
    assert "more than 3 rows (LISTGUARD_MAX_ROWS)" in refused(reader, path).message


@pytest.mark.parametrize("reader", [r for r in READERS if r.line_based],
                         ids=[r.id for r in READERS if r.line_based])
def test_line_over_the_line_limit_is_refused(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / reader.filename
    path.write_bytes(reader.rows(3, "A" * 150))
    monkeypatch.setenv("LISTGUARD_MAX_LINE_CHARS", "120")
    err = refused(reader, path)
    assert "over the 120-character limit (LISTGUARD_MAX_LINE_CHARS)" in err.message
    assert err.line is not None


def test_bad_limit_setting_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(_ofac_rows(1, "Acme"))
    monkeypatch.setenv("LISTGUARD_MAX_ROWS", "lots")
    with pytest.raises(SourceError, match="LISTGUARD_MAX_ROWS must be a positive whole number"):
        sdn_csv.read(path)


# -- OFAC advanced XML (a fixture: its records are many kinds) ----------------------------------

ADVANCED = (FIXTURES / "CONS_ADVANCED.XML").read_bytes()
ADVANCED_EMPTY = ADVANCED[: ADVANCED.index(b"<ReferenceValueSets>")] + b"</Sanctions>\n"


@pytest.mark.parametrize(
    ("data", "env", "words", "field"),
    [
        (ADVANCED_EMPTY, {}, "no entries (no sanctioned DistinctParty", None),
        (ADVANCED.replace(b">A.K.A.<", f">{BIG}<".encode(), 1), {},
         "a value of 1,000,000 characters", "AliasType"),
        (ADVANCED, {"LISTGUARD_MAX_ROWS": "3"}, "more than 3 rows", None),
        (ADVANCED, {"LISTGUARD_MAX_FILE_BYTES": "1000"}, "over the 1,000-byte limit", None),
        (b"", {}, "the file is empty", None),
    ],
    ids=["no-entries", "1MB-field", "rows", "size", "empty"],
)
def test_advanced_xml_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, env: dict[str, str],
    words: str, field: str | None,
) -> None:
    path = tmp_path / "CONS_ADVANCED.XML"
    path.write_bytes(data)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SourceError) as info:
        ofac_xml.read_advanced(path)
    assert words in info.value.message and info.value.field == field
    assert str(info.value).startswith("CONS_ADVANCED.XML") and "\n" not in str(info.value)


def test_long_xml_attribute_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_bytes(_xml(f'<sdnEntry note="{BIG}"><uid>1</uid></sdnEntry>'))
    with pytest.raises(SourceError, match="1,000,000 characters") as info:
        ofac_xml.read(path)
    assert info.value.field == "sdnEntry"


def test_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text("[" * 200_000 + "]" * 200_000 + "\n")
    with pytest.raises(SourceError, match="nested too deeply"):
        ftm.read(path)


def test_detect_refuses_devices_and_fifos_before_sniffing(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="zero: is a device, not a regular file"):
        detect.detect("/dev/zero")
    fifo = tmp_path / "feed.csv"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match=r"feed\.csv: is a FIFO"):
        detect.detect(fifo)


def test_csv_companion_without_rows_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(_ofac_rows(2, "Acme"))
    (tmp_path / "alt.csv").write_bytes(b"\x1a")  # a truncated download: all aliases lost
    with pytest.raises(SourceError, match=r"^alt\.csv: no rows"):
        sdn_csv.read(tmp_path)


# -- memory stays bounded: /dev/zero itself, in a process capped at 1 GiB -----------------------

CAPPED = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from listguard.watching.watch import read_portfolio
    from listguard.sources import csl, detect, ftm
    from listguard.sources.errors import SourceError
    from listguard.sources.ofac import cons_csv, sdn_csv, xml
    readers = [sdn_csv.read, cons_csv.read, xml.read, xml.read_classic, xml.read_advanced,
               xml.publication_date, csl.read, csl.read_csv, csl.read_json, ftm.read,
               read_portfolio, detect.detect]
    for read in readers:
        try:
            read(Path(sys.argv[1]))
        except SourceError as exc:
            print(exc)
        else:
            print("NOT REFUSED", read)
""")


def test_dev_zero_in_a_memory_capped_process() -> None:
    if not Path("/dev/zero").exists() or sys.platform != "linux":
        pytest.skip("needs Linux /dev/zero and RLIMIT_AS")
    done = subprocess.run([sys.executable, "-c", CAPPED, "/dev/zero"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 12
    assert all(line == "zero: is a device, not a regular file" for line in lines), lines


def test_watch_command_refuses_a_header_only_portfolio(
    tmp_path: Path, registry_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from listguard.cli import main

    monkeypatch.setenv("LISTGUARD_DB", str(registry_path))
    path = tmp_path / "empty-book.csv"
    path.write_text("name,ticker,isin\n", encoding="utf-8")
    assert main(["watch", str(path)]) == 2
    out = capsys.readouterr()
    assert "watching" not in out.out
    assert "empty-book.csv: no holdings (no row with a name, ticker or isin)" in out.err


def test_price_file_reader_shares_the_limits(tmp_path: Path) -> None:
    # the event-study price reader (listguard.impact.prices) read its first lines unbounded
    from listguard.impact.prices import PriceFileError, load_prices

    path = tmp_path / "1810.HK.csv"
    path.symlink_to("/dev/zero")
    with pytest.raises(PriceFileError, match=r"1810\.HK\.csv: is a device, not a regular file"):
        load_prices(path)
