"""Screening files: bounded reading, workbook sheets, and spreadsheet-safe output.

``read_table`` (screening files and fund holdings) refuses ``/dev/zero``, FIFOs, folders,
empty and header-only files, a 1 MB field, and files past a lowered size, row or line limit,
each with a one-line ScreeningInputError naming the file; a zip-bomb workbook and a Parquet
file whose repeated text would unpack past the size limit are refused before they are
unpacked. Written CSV and XLSX never carry a live formula (OWASP CSV injection).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from listguard.matching import Matcher
from listguard.screening.adapter import Annotator
from listguard.screening.api import screen
from listguard.screening.io import ScreeningInputError, read_table, write_table

BIG = "x" * 1_000_000
Writer = Callable[[pd.DataFrame, Path], None]


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def _tsv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep="\t")


def _xlsx(frame: pd.DataFrame, path: Path) -> None:
    frame.to_excel(path, index=False)


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


FORMATS: dict[str, Writer] = {".csv": _csv, ".tsv": _tsv, ".xlsx": _xlsx,
                              ".parquet": _parquet}
EACH = pytest.mark.parametrize("suffix", list(FORMATS))
FIRST_ROW = {".csv": "line 2", ".tsv": "line 2", ".xlsx": "row 2", ".parquet": "row 1"}
"""Where the first data row is: a text line, a sheet row (the header is row 1), a table row."""


def _frame(n: int, first: str = "Acme Widgets Ltd") -> pd.DataFrame:
    return pd.DataFrame({"name": [first, *(f"Company {i}" for i in range(1, n))][:n],
                         "qty": [str(i) for i in range(n)]})


def _patched_xlsx(path: Path, frame: pd.DataFrame, value: str) -> None:
    """Excel (and pandas, and openpyxl) cut a cell at 32,767 characters when writing; a
    crafted workbook need not: the first name is put into the sheet's XML afterwards."""
    raw = path.with_suffix(".raw.xlsx")
    _xlsx(frame.assign(name=["PLACEHOLDER", *frame["name"][1:]]), raw)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename).replace(b">PLACEHOLDER<", f">{value}<".encode())
            out.writestr(item, data)


def _write(tmp_path: Path, suffix: str, frame: pd.DataFrame) -> Path:
    path = tmp_path / f"book{suffix}"
    FORMATS[suffix](frame, path)
    return path


def refused(path: Path, **kwargs: object) -> str:
    """The one-line message read_table gives for ``path``; it starts with the path."""
    with pytest.raises(ScreeningInputError) as info:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    text = str(info.value)
    assert "\n" not in text and text.startswith(str(path)), text
    return text


@EACH
def test_good_file_reads(tmp_path: Path, suffix: str) -> None:
    frame = read_table(_write(tmp_path, suffix, _frame(3)))
    assert list(frame["name"]) == ["Acme Widgets Ltd", "Company 1", "Company 2"]


@EACH
def test_dev_zero_is_refused_unread(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"book{suffix}"
    path.symlink_to("/dev/zero")
    assert refused(path).endswith(": is a device, not a regular file")


@EACH
def test_fifo_is_refused_without_blocking(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"book{suffix}"
    os.mkfifo(path)
    assert "is a FIFO (named pipe), not a regular file" in refused(path)


@EACH
def test_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"book{suffix}"
    path.mkdir()
    assert refused(path).endswith(": is a folder, expected a file")


@EACH
def test_empty_file_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"book{suffix}"
    path.write_bytes(b"")
    assert refused(path).endswith(": the file is empty (0 bytes)")


@EACH
def test_header_only_file_is_refused(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path, suffix, _frame(0))
    assert refused(path).endswith(": no rows (the file holds only a header)")


@EACH
def test_one_megabyte_field_is_refused(tmp_path: Path, suffix: str) -> None:
    if suffix == ".xlsx":
        path = tmp_path / "book.xlsx"
        _patched_xlsx(path, _frame(3), BIG)
    else:
        path = _write(tmp_path, suffix, _frame(3, first=BIG))
    assert refused(path).endswith(
        f": {FIRST_ROW[suffix]}, column 'name': a value of 1,000,000 characters, over the "
        "65,536-character limit (LISTGUARD_MAX_FIELD_CHARS)")


@EACH
def test_file_over_the_size_limit_is_refused(tmp_path: Path, suffix: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, suffix, _frame(3))
    size = path.stat().st_size
    monkeypatch.setenv("LISTGUARD_MAX_FILE_BYTES", str(size - 1))
    assert refused(path).endswith(f": the file is {size:,} bytes, over the {size - 1:,}-byte "
                                  "limit (LISTGUARD_MAX_FILE_BYTES)")


@EACH
def test_file_over_the_row_limit_is_refused(tmp_path: Path, suffix: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTGUARD_MAX_ROWS", "3")
    assert len(read_table(_write(tmp_path, suffix, _frame(3)))) == 3
    assert "more than 3 rows (LISTGUARD_MAX_ROWS)" in refused(
        _write(tmp_path, suffix, _frame(4)))


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_line_over_the_line_limit_is_refused(tmp_path: Path, suffix: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, suffix, _frame(3, first="A" * 150))
    monkeypatch.setenv("LISTGUARD_MAX_LINE_CHARS", "120")
    assert refused(path).endswith(": line 2: a line of 152 characters, over the "
                                  "120-character limit (LISTGUARD_MAX_LINE_CHARS)")


def test_zip_bomb_workbook_is_refused_before_unpacking(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, ".xlsx", _frame(3, first="A" * 20_000))
    monkeypatch.setenv("LISTGUARD_MAX_FILE_BYTES", str(path.stat().st_size + 1))
    assert "the workbook unpacks to" in refused(path)


def test_parquet_of_repeated_text_is_refused_before_it_is_copied_out(tmp_path: Path) -> None:
    # 200,000 rows all pointing at one 60,000-character value: a few KB on disk, 12 GB of
    # text once decoded. Refused from the dictionary, without building it.
    indices = pa.array(np.zeros(200_000, dtype=np.int32))
    names = pa.DictionaryArray.from_arrays(indices, pa.array(["y" * 60_000]))
    path = tmp_path / "bomb.parquet"
    pq.write_table(pa.table({"name": names}), path, compression="zstd")
    assert path.stat().st_size < 1_000_000
    assert "its text comes to 12,000,000,000 bytes, over the" in refused(path)


# -- workbooks with several sheets ---------------------------------------------------------------


def _book(path: Path, sheets: dict[str, list[str]]) -> Path:
    with pd.ExcelWriter(path) as writer:
        for title, names in sheets.items():
            pd.DataFrame({"name": names}).to_excel(writer, sheet_name=title, index=False)
    return path


def test_several_sheets_need_one_chosen(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"A": ["Acme"], "B": ["Xiaomi Corp"], "C": ["x"]})
    assert refused(path) == f"{path} has 3 sheets (A, B, C): choose one with --sheet"
    assert list(read_table(path, sheet="B")["name"]) == ["Xiaomi Corp"]
    assert list(read_table(path, sheet="2")["name"]) == ["x"]
    assert list(read_table(path, sheet=0)["name"]) == ["Acme"]
    assert refused(path, sheet="D").endswith("no sheet named 'D'; sheets are: A, B, C")
    assert "no sheet 3 (counting from 0)" in refused(path, sheet=3)


def test_a_sheet_named_with_digits_wins_over_the_index(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"2024": ["First"], "0": ["Second"]})
    assert list(read_table(path, sheet="0")["name"]) == ["Second"]
    assert list(read_table(path, sheet=0)["name"]) == ["First"]


def test_sheet_is_only_for_workbooks(tmp_path: Path) -> None:
    path = _write(tmp_path, ".csv", _frame(2))
    assert "--sheet is for .xlsx workbooks" in refused(path, sheet="A")


def test_screen_command_sheet_option(tmp_path: Path, registry_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from listguard.cli import main

    monkeypatch.setenv("LISTGUARD_DB", str(registry_path))
    book = _book(tmp_path / "book.xlsx", {"Notes": ["not a holding"],
                                           "Holdings": ["Xiaomi Corp", "Acme Widgets Ltd"]})
    out = tmp_path / "out.csv"
    args = ["screen", str(book), "--on", "2021-03-20", "--jobs", "1", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "book.xlsx has 2 sheets (Notes, Holdings): choose one with --sheet" in err
    assert "Traceback" not in err and not out.exists()
    assert main([*args, "--sheet", "Holdings"]) == 3  # Xiaomi Corp: flagged, listed then
    screened = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(screened["name"]) == ["Xiaomi Corp", "Acme Widgets Ltd"]
    assert screened.loc[0, "decision"] == "match"


def test_screen_command_refuses_dev_zero_in_one_line(
    tmp_path: Path, registry_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from listguard.cli import main

    monkeypatch.setenv("LISTGUARD_DB", str(registry_path))
    path = tmp_path / "book.csv"
    path.symlink_to("/dev/zero")
    assert main(["screen", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {path}: is a device, not a regular file"


# -- formula injection ---------------------------------------------------------------------------

HOSTILE = ["=CMD|'/C calc'!A0", "+1", "@SUM(A1)", "-2.5", "\tTAB", "-12", "Xiaomi Corp",
           "-1+2"]
QUOTED = {"=CMD|'/C calc'!A0": "'=CMD|'/C calc'!A0", "@SUM(A1)": "'@SUM(A1)",
          "\tTAB": "'\tTAB", "-1+2": "'-1+2"}


@pytest.fixture()
def screened(matcher: Matcher, annotator: Annotator) -> pd.DataFrame:
    frame = pd.DataFrame({"name": HOSTILE, "=HYPERLINK(\"x\")": ["1"] * len(HOSTILE)})
    out = screen(frame, on="2021-03-20", matcher=matcher, annotator=annotator)
    assert list(out["name"]) == HOSTILE  # intact in memory
    return out


def test_csv_output_quotes_formulas(screened: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(screened, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("name,\"'=HYPERLINK(\"\"x\"\")\",decision,")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back["name"]) == [QUOTED.get(v, v) for v in HOSTILE]
    assert "\n'=CMD|'/C calc'!A0,1," in text and "\n-2.5,1," in text and "\n+1,1," in text
    assert list(screened["name"]) == HOSTILE  # the frame written is not changed


def test_tsv_output_quotes_formulas(screened: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    write_table(screened, path)
    back = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert list(back["name"]) == [QUOTED.get(v, v) for v in HOSTILE]


def test_xlsx_output_has_no_formula_cells(screened: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table(screened, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    assert [c.value for c in cells] == [QUOTED.get(v, v) for v in HOSTILE]
    assert all(c.data_type == "s" for c in cells)
    header = sheet.cell(row=1, column=2)
    assert header.value == "'=HYPERLINK(\"x\")" and header.data_type == "s"
    kinds = {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "f" not in kinds


def test_without_the_rule_xlsx_would_hold_a_formula(tmp_path: Path) -> None:
    # the risk is real: pandas writes a text starting with "=" as a formula cell
    path = tmp_path / "raw.xlsx"
    pd.DataFrame({"name": ["=1+1"]}).to_excel(path, index=False)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None and sheet["A2"].data_type == "f"


def test_parquet_output_keeps_values(screened: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    write_table(screened, path)
    assert list(pd.read_parquet(path)["name"]) == HOSTILE


# -- memory stays bounded: /dev/zero, in a process capped at 1 GiB --------------------------------

CAPPED = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from listguard.screening.io import ScreeningInputError, read_table
    for name in sys.argv[1:]:
        try:
            read_table(Path(name))
        except ScreeningInputError as exc:
            print(exc)
        else:
            print("NOT REFUSED", name)
""")


def test_dev_zero_in_a_memory_capped_process(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists() or sys.platform != "linux":
        pytest.skip("needs Linux /dev/zero and RLIMIT_AS")
    paths = []
    for suffix in FORMATS:
        path = tmp_path / f"zero{suffix}"
        path.symlink_to("/dev/zero")
        paths.append(str(path))
    done = subprocess.run([sys.executable, "-c", CAPPED, *paths], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{p}: is a device, not a regular file" for p in paths]


@pytest.mark.parametrize(("value", "written"), [
    ("=1+1", "'=1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\rx", "'\rx"), ("-1+2", "'-1+2"),
    ("-inf", "'-inf"), ("-1_000", "'-1_000"), ("+1 555 0100", "'+1 555 0100"),
    ("-0.5", "-0.5"), ("-12", "-12"), ("+1", "+1"), ("1e-5", "1e-5"), ("Acme", "Acme"),
    ("", ""), (-3, -3), (None, None),
])
def test_one_formula_rule_for_every_csv(value: object, written: object) -> None:
    # the screening writer and the CLI's --format csv (reports.csvout) share one rule
    from listguard.reports.csvout import neutralize
    from listguard.screening.io import for_spreadsheet

    assert neutralize(value) == written
    if isinstance(value, str):
        assert for_spreadsheet(pd.DataFrame({"v": [value]}))["v"][0] == written
