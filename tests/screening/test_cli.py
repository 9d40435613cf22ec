"""``listguard screen`` and ``listguard search`` through typer, with a fake registry adapter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from listguard.api.core import Listguard
from listguard.cli.screening import register
from listguard.matching import Matcher
from listguard.screening import adapter

from .conftest import FakeAnnotator


@pytest.fixture()
def app(monkeypatch: pytest.MonkeyPatch, matcher: Matcher) -> typer.Typer:
    monkeypatch.setattr(adapter, "matcher_from_registry", lambda reg: matcher)
    monkeypatch.setattr(adapter, "registry_annotator", lambda reg: FakeAnnotator())
    monkeypatch.setattr(adapter, "coverage_gaps",
                        lambda reg, on, known: ["ofac-sdn: no data (never imported)"])
    app = typer.Typer()
    register(app, lambda: Listguard(registry=object()))  # type: ignore[arg-type]
    return app


def run(app: typer.Typer, *args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def test_screen_writes_rows_and_report(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "portfolio.csv"
    names = ["Xiaomi Corporation", "Bank of China", ""]
    pd.DataFrame({"name": names, "qty": ["1", "2", "3"]}).to_csv(src, index=False)
    result = run(app, "screen", src, "--on", "2021-03-20", "--jobs", 1)
    assert result.exit_code == 3, result.output  # a flagged row's party is listed then
    assert "1 name a party on a list at --on and 0 a party on no list then" in result.output
    assert "1 match" in result.output and "1 not screened" in result.output
    out = pd.read_csv(tmp_path / "portfolio.screened.csv", keep_default_na=False)
    assert len(out) == 3 and list(out["decision"]) == ["match", "no_match", "not_screened"]
    assert (tmp_path / "portfolio.screened.html").exists()
    # every row of a small file is shown with the reason for its decision
    shown = " ".join(result.output.split())
    assert "Xiaomi Corporation -> match" in shown and "Bank of China -> no match" in shown
    assert shown.count("why:") == 3 and "empty name" in shown


def test_screen_bad_file_is_one_line(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "prices.csv"
    src.write_text("qty,price\n1,2\n", encoding="utf-8")
    result = run(app, "screen", src)
    assert result.exit_code == 2
    assert "no usable column" in result.output and "Traceback" not in result.output


def test_screen_unknown_column(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("company,qty\nSMIC,1\n", encoding="utf-8")
    result = run(app, "screen", src, "--name-column", "Issuer")
    assert result.exit_code == 2 and "columns are: company, qty" in result.output


def test_screen_bad_date(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("name\nSMIC\n", encoding="utf-8")
    result = run(app, "screen", src, "--on", "yesterday-ish")
    assert result.exit_code == 2 and "--on" in result.output


def test_search(app: typer.Typer) -> None:
    result = run(app, "search", "SMIC", "--on", "2021-03-20")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "(smic)" in text and "acronym_match 0.92: SMIC = initials" in text


def test_search_explains_the_words(app: typer.Typer) -> None:
    result = run(app, "search", "Xiaomi Corp", "--on", "2021-03-20")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert "name_match 1.00: words met: xiaomi" in shown
    assert "short_name at most 0.80: the name is one word" in shown


def test_importing_the_command_is_cheap() -> None:
    """``listguard`` imports the whole command line for every command: the matcher, pandas
    and scipy load only when a command that needs them runs (``--version`` stays quick)."""
    import subprocess
    import sys

    heavy = ("pandas", "numpy", "scipy", "listguard.matching.matcher", "pypinyin")
    code = ("import sys, listguard.cli; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_search_json(app: typer.Typer) -> None:
    result = run(app, "search", "Xiaomi", "--format", "json")
    assert result.exit_code == 0 and '"entity_id": "xiaomi"' in result.output


def test_search_nothing(app: typer.Typer) -> None:
    result = run(app, "search", "   ")
    assert result.exit_code == 2 and "nothing to search" in result.output
