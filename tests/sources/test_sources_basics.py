"""SourceError, text decoding, the CSV row reader, identifier checks, remarks parsing."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from listguard.model import EventKind, IdScheme, NameKind
from listguard.normalize import country_code, ticker_index_key
from listguard.sources._ids import clean_isin, clean_lei, clean_ticker, clean_uscc, uscc_valid
from listguard.sources._io import csv_rows, decode
from listguard.sources.errors import SourceError
from listguard.sources.ofac._build import EntryBuilder
from listguard.sources.ofac.programs import cons_list_id, list_id_for_list_name
from listguard.sources.ofac.remarks import (
    parse_date,
    parse_remarks,
    split_programs,
    strip_final_period,
)

P = Path("/data/ofac/sdn.csv")

# -- SourceError ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"line": 1203, "field": "remarks"},
            "sdn.csv line 1203, field 'remarks': unterminated",
        ),
        ({"line": 7}, "sdn.csv line 7: unterminated"),
        ({}, "sdn.csv: unterminated"),
        ({"field": "name"}, "sdn.csv, field 'name': unterminated"),
    ],
)
def test_source_error_is_one_clear_line(kwargs: dict[str, object], text: str) -> None:
    err = SourceError(P, "unterminated", **kwargs)  # type: ignore[arg-type]
    assert str(err) == text
    assert err.path == P and err.message == "unterminated"


def test_source_error_without_path_and_pickled() -> None:
    assert str(SourceError(None, "boom", field="x")) == "field 'x': boom"
    err = pickle.loads(pickle.dumps(SourceError(P, "bad", line=3, field="f")))
    assert (err.path, err.line, err.field, str(err)) == (
        P,
        3,
        "f",
        "sdn.csv line 3, field 'f': bad",
    )


# -- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b'36,"A"\r\n', '36,"A"\r\n'),
        ('36,"CAF\u00c9"\r\n'.encode(), '36,"CAF\u00c9"\r\n'),  # UTF-8
        ('36,"CAF\u00c9"\r\n'.encode("cp1252"), '36,"CAF\u00c9"\r\n'),  # old OFAC cp1252
        (b"\xef\xbb\xbf36\r\n", "36\r\n"),  # BOM dropped
        ("36\r\n".encode("utf-16"), "36\r\n"),
    ],
)
def test_decode_detects_encoding(data: bytes, text: str) -> None:
    assert decode(data, P) == text


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"1,a\r\n2,b\x00c\r\n", 2, "binary"),
        (b"1,a\r\n2,b\r\n3,\x81\x8d\r\n", 3, "cannot be decoded"),  # undefined in cp1252
        (b"1,a\r\n2,\x07bell\r\n", 2, "control character"),
        (b"1,a\r\n\x1a\r\n9,x\r\n", 2, "after the end-of-file mark"),
    ],
)
def test_decode_refuses_garbage_naming_the_line(data: bytes, line: int, words: str) -> None:
    with pytest.raises(SourceError) as info:
        decode(data, P, eof_mark=True)
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"sdn.csv line {line}: ")


def test_decode_drops_ofac_end_of_file_mark() -> None:
    assert decode(b"1,a\r\n\x1a", P, eof_mark=True) == "1,a\r\n"
    assert decode(b"1,a\r\n\x1a,,,,\r\n", P, eof_mark=True) == "1,a\r\n"


def test_random_bytes_are_refused() -> None:
    junk = bytes((i * 73 + 41) % 256 for i in range(4096))
    with pytest.raises(SourceError):
        decode(junk, P)


# -- CSV rows ---------------------------------------------------------------------------------

COLS = ("ent_num", "name", "remarks")


def test_csv_rows_line_numbers_follow_multiline_records() -> None:
    text = '1,"A","x"\r\n2,"B","two\r\nlines"\r\n\r\n3,"C","z"\r\n'
    assert [line for line, _ in csv_rows(text, P, COLS)] == [1, 2, 5]


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ('1,"A","x"\r\n2,"B","cut off', 2, None, "truncated"),
        ('1,"A","x"\r\n2,"B"\r\n', 2, "remarks", "2 of 3 columns"),
        ('1,"A","x"\r\n2,"B","y","z"\r\n', 2, None, "4 columns, expected 3"),
        ('1,"A"x,"y"\r\n', 1, None, "bad CSV"),
    ],
)
def test_csv_rows_errors(text: str, line: int, field: str | None, words: str) -> None:
    with pytest.raises(SourceError) as info:
        list(csv_rows(text, P, COLS))
    assert (info.value.line, info.value.field) == (line, field)
    assert words in str(info.value)


# -- identifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clean", "raw", "expected"),
    [
        (clean_isin, "HK0941009539", "HK0941009539"),
        (clean_isin, " us16941m1099 ", "US16941M1099"),
        (clean_isin, "CND10002K094", None),  # OFAC typo: wrong check digit
        (clean_isin, "BRC1EODR004", None),  # 11 characters
        (clean_ticker, "941 HK", "941 HK"),
        (clean_ticker, "600372  CN", "600372 CN"),
        (clean_ticker, "603019CN", "603019 CN"),  # OFAC's missing space
        (clean_ticker, "ROSB", None),  # no market
        (clean_lei, "253400V1H6ART1UQ0N98", "253400V1H6ART1UQ0N98"),
        (clean_lei, "851683897", None),
        (clean_lei, "253400VTMXV2UE7XNN67", None),  # fails MOD 97
        (clean_uscc, "91110000705514765U", "91110000705514765U"),
        (clean_uscc, "9111000070551476", None),
    ],
)
def test_identifier_cleaning(clean: object, raw: str, expected: str | None) -> None:
    assert clean(raw) == expected  # type: ignore[operator]


def test_uscc_check_character() -> None:
    assert uscc_valid("911100007109250324")
    assert not uscc_valid("911100007109250325")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("China", "CN"),
        ("Korea, North", "KP"),
        ("Burma", "MM"),
        ("Region: Gaza", "PS"),
        ("Palestinian", "PS"),
        ("Hong Kong", "HK"),
        ("CN", "CN"),
        ("undetermined", ""),
        ("", ""),
    ],
)
def test_country_code(name: str, code: str) -> None:
    assert country_code(name) == code


# -- remarks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remarks", "facts"),
    [
        ("a.k.a. 'BNC'.", [("a.k.a.", "BNC", "")]),
        ("f.k.a. 'ANA I'; n.k.a. 'LGOK'", [("f.k.a.", "ANA I", ""), ("n.k.a.", "LGOK", "")]),
        ("a.k.a. 'AL-QA'IDA'.", [("a.k.a.", "AL-QA'IDA", "")]),
        ("Linked To: HIZBALLAH.", [("Linked To", "HIZBALLAH", "")]),
        (
            "Linked To: CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.",
            [("Linked To", "CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.", "")],
        ),
        ("(Linked To: USA REALLY)", [("Linked To", "USA REALLY", "")]),
        (
            "(Linked To: A (B) C; Linked To: D)",
            [("Linked To", "A (B) C", ""), ("Linked To", "D", "")],
        ),
        (
            "ISIN US16941M1099; alt. ISIN HK0941009539",
            [("ISIN", "US16941M1099", ""), ("ISIN", "HK0941009539", "")],
        ),
        ("Equity Ticker 941 HK", [("Equity Ticker", "941 HK", "")]),
        (
            "Unified Social Credit Code (USCC) 911100007109250324 (China).",
            [("Unified Social Credit Code (USCC)", "911100007109250324", "China")],
        ),
        (
            "Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
            [("Legal Entity Number", "253400V1H6ART1UQ0N98", "Russia")],
        ),
        (
            "Issuer Name Nanjing Panda Electr. Co. Ltd.; ISIN X",
            [("Issuer Name", "Nanjing Panda Electr. Co. Ltd.", ""), ("ISIN", "X", "")],
        ),
        ("Listing Date (CMIC) 03 Jun 2021", [("Listing Date (CMIC)", "03 Jun 2021", "")]),
        (
            "Effective Date (EO 14024 Directive 2): 26 Mar 2022",
            [("Effective Date (EO 14024 Directive 2)", "26 Mar 2022", "")],
        ),
        (
            "Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022",
            [("Purchase/Sales For Divestment Date (CMIC)", "03 Jun 2022", "")],
        ),
        (
            "DOB 1962; nationality Palestinian; citizen Mexico.",
            [("DOB", "1962", ""), ("nationality", "Palestinian", ""), ("citizen", "Mexico", "")],
        ),
        (
            "Nationality of Registration Korea, North",
            [("Nationality of Registration", "Korea, North", "")],
        ),
        ("Gender Male; Website www.cbr.ru", [("Gender", "Male", "")]),
        ("POB Baghdad, Iraq; Passport A 123-45 (Iraq) issued 2010",
         [("POB", "Baghdad, Iraq", ""), ("Passport", "A 123-45", "Iraq")]),
        ("-0-", []),
        ("", []),
    ],
)
def test_parse_remarks(remarks: str, facts: list[tuple[str, str, str]]) -> None:
    assert parse_remarks(remarks) == facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.k.a. 'BNC'.", "a.k.a. 'BNC'"),
        ("Linked To: HAMAS.", "Linked To: HAMAS"),
        ("Linked To: X CO., LTD.", "Linked To: X CO., LTD."),
        ("Linked To: Y S.A.", "Linked To: Y S.A."),
        ("Linked To: SMITH, John J.", "Linked To: SMITH, John J."),
        ("USCC 9111 (China).", "USCC 9111 (China)"),
    ],
)
def test_strip_final_period(text: str, expected: str) -> None:
    assert strip_final_period(text) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("03 Jun 2021", date(2021, 6, 3)),
        ("3 June 2021", date(2021, 6, 3)),
        ("2021-06-03", date(2021, 6, 3)),
        ("12/19/2025", date(2025, 12, 19)),
        ("Jun 2021", None),
        ("1962", None),
        ("31 Feb 2021", None),
    ],
)
def test_parse_date(text: str, day: date | None) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("CMIC-EO13959", ["CMIC-EO13959"]),
        ("SDGT] [IFSR", ["SDGT", "IFSR"]),
        ("[SDNTK] [FTO] [SDGT]", ["SDNTK", "FTO", "SDGT"]),
        ("VENEZUELA-EO13850; UKRAINE-EO13662", ["VENEZUELA-EO13850", "UKRAINE-EO13662"]),
        ("-0- ", []),
    ],
)
def test_split_programs(text: str, codes: list[str]) -> None:
    assert split_programs(text) == codes


@pytest.mark.parametrize(
    ("programs", "list_id"),
    [
        (["CMIC-EO13959"], "ofac-ns-cmic"),
        (["SDGT", "NS-PLC"], "ofac-ns-plc"),
        (["UKRAINE-EO13662"], "ofac-ssi"),
        (["UKRAINE-EO13662", "RUSSIA-EO14024"], "ofac-ssi"),
        (["SYRIA", "UKRAINE-EO13662", "IRAN-CON-ARMS-EO", "RUSSIA-EO14024"], "ofac-ssi"),
        (["RUSSIA-EO14024"], "ofac-ns-mbs"),
        (["CAATSA - RUSSIA"], "ofac-ns-mbs"),
        (["BURMA-EO14014"], "ofac-ns-mbs"),
        (["ILLICIT-DRUGS-EO14059"], "ofac-ns-mbs"),
        (["561-Related"], "ofac-capta"),
        (["FSE-IR"], "ofac-fse"),
        (["CCMC-EO13959"], "ofac-ns-ccmc"),
        (["SOMETHING-NEW"], "ofac-cons"),
        ([], "ofac-cons"),
    ],
)
def test_cons_list_id(programs: list[str], list_id: str) -> None:
    assert cons_list_id(programs) == list_id


@pytest.mark.parametrize(
    ("name", "list_id"),
    [
        ("SDN List", "ofac-sdn"),
        ("Non-SDN CMIC List", "ofac-ns-cmic"),
        ("Sectoral Sanctions Identifications List", "ofac-ssi"),
        ("SSI List", "ofac-ssi"),
        ("Non-SDN Palestinian Legislative Council List", "ofac-ns-plc"),
        ("Non-SDN Menu-Based Sanctions List", "ofac-ns-mbs"),
        ("CAPTA List", "ofac-capta"),
        ("FSE List", "ofac-fse"),
        ("Consolidated List", None),
    ],
)
def test_list_id_for_advanced_list_name(name: str, list_id: str | None) -> None:
    assert list_id_for_list_name(name) == list_id


def test_builder_turns_cmic_remarks_into_events_ids_and_names() -> None:
    builder = EntryBuilder("30923", "CHINA MOBILE LIMITED", "", ["CMIC-EO13959"])
    builder.add_alias("CHINA MOBILE LTD", NameKind.ALIAS)
    builder.add_remarks(
        "Equity Ticker CHL US; alt. Equity Ticker 941 HK; Issuer Name China Mobile Limited; "
        "ISIN US16941M1099; alt. ISIN HK0941009539; Effective Date (CMIC) 02 Aug 2021; "
        "Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; Listing Date (CMIC) 03 Jun "
        "2021; Linked To: CHINA MOBILE COMMUNICATIONS GROUP CO., LTD."
    )
    entry = builder.build("ofac-ns-cmic")
    assert entry.events == (
        (EventKind.LISTED, date(2021, 6, 3), "OFAC: Listing Date (CMIC)"),
        (EventKind.NOTE, date(2021, 8, 2), "OFAC: Effective Date (CMIC)"),
        (EventKind.NOTE, date(2022, 6, 3), "OFAC: Purchase/Sales For Divestment Date (CMIC)"),
    )
    assert entry.identifiers == (
        (IdScheme.OFAC_ENT, "30923"),
        (IdScheme.ISIN, "US16941M1099"),
        (IdScheme.ISIN, "HK0941009539"),
        (IdScheme.TICKER, "CHL US"),
        (IdScheme.TICKER, "941 HK"),
    )
    assert entry.aliases == (
        ("CHINA MOBILE LTD", NameKind.ALIAS),
        ("China Mobile Limited", NameKind.ISSUER),
    )
    assert entry.linked_to == ("CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.",)
    assert ticker_index_key(entry.identifiers[-1][1]) == "941@HK"


@pytest.mark.parametrize(("printed", "read"), [
    ("16 Jun 1977", "1977-06-16"), ("Jun 1977", "1977-06"), ("1977", "1977"),
    ("1977-06", "1977-06"), ("circa 1960", "1959/1961"), ("1958 to 1961", "1958/1961"),
    ("sometime", None), ("31 Feb 1970", None),
])
def test_parse_birth(printed: str, read: str | None) -> None:
    from listguard.sources.ofac.remarks import parse_birth

    assert parse_birth(printed) == read


def test_birth_of_a_period() -> None:
    from datetime import date

    from listguard.sources.ofac.xml import birth_of_period

    assert birth_of_period(date(1945, 1, 1), date(1945, 12, 31)) == "1945"
    assert birth_of_period(date(1977, 6, 1), date(1977, 6, 30)) == "1977-06"
    assert birth_of_period(date(1977, 6, 16), date(1977, 6, 16)) == "1977-06-16"
    assert birth_of_period(date(1958, 1, 1), date(1961, 12, 31)) == "1958/1961"
