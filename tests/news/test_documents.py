"""Reading what was published: HTML, PDF, plain text, Federal Register JSON, feeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from listguard.errors import UsageError
from listguard.news.documents import parse_bytes, read_document
from listguard.news.feeds import documents

from .conftest import FIXTURES


def test_html_keeps_the_article_and_its_date_and_drops_the_page() -> None:
    doc = read_document(str(FIXTURES / "17-chinaeconomicreview-dji.html"))
    assert doc.kind == "html" and doc.published == date(2021, 12, 17)
    assert "drone manufacturer DJI" in doc.text
    for furniture in ("Subscribe", "Related", "Reader:", "Privacy", "Huawei sales slump"):
        assert furniture not in doc.text


def test_a_pdf_reads_as_its_lines_and_a_1260h_release_is_official() -> None:
    doc = read_document(str(FIXTURES / "19-dod-1260h-2021-06-03.pdf"))
    assert doc.kind == "pdf"
    assert "Hangzhou Hikvision Digital Technology Co., Ltd." in doc.lines
    assert doc.official_citation.startswith("DoD Section 1260H list")


def test_a_federal_register_document_carries_its_citation_and_dates() -> None:
    doc = read_document(str(FIXTURES / "18-federal-register-2020-28031.json"))
    assert doc.kind == "federal-register"
    assert doc.official_citation == "85 FR 83416, FR Doc 2020-28031 (Dec 22, 2020)"
    assert doc.published == date(2020, 12, 22)
    assert doc.facts["effective_on"] == date(2020, 12, 18)
    assert "seventy-seven entities" in doc.text


def test_plain_text_headers_give_the_title_source_and_date() -> None:
    doc = read_document(str(FIXTURES / "02-court-xiaomi-doc21.txt"))
    assert doc.published == date(2021, 3, 12) and doc.title.startswith("XIAOMI CORPORATION")
    assert doc.source.startswith("https://law.justia.com/")
    assert doc.official_citation  # the court's own document
    assert not doc.text.startswith("Title:")


def test_published_given_on_the_command_line_wins() -> None:
    doc = read_document(str(FIXTURES / "08-technave-xiaomi.txt"), published=date(2021, 5, 12))
    assert doc.published == date(2021, 5, 12)


def test_a_feed_gives_one_document_per_entry() -> None:
    docs = list(documents(str(FIXTURES / "feed-cmic-2021.xml")))
    assert [d.published for d in docs] == [date(2021, 12, 20), date(2021, 12, 17)]
    assert docs[0].source == "https://sewkis.com/?p=11762" and docs[0].kind == "feed-entry"
    assert "<p>" not in docs[0].text and "SenseTime Group Limited" in docs[0].text


def test_a_folder_gives_every_document_in_it(tmp_path: Path) -> None:
    for name in ("01-law360-xiaomi-injunction.txt", "18-federal-register-2020-28031.json"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert len(list(documents(str(tmp_path)))) == 2


@pytest.mark.parametrize("raw", [b"{\"not\": \"fr\"}", b"{broken"])
def test_json_that_is_no_federal_register_document_is_refused(raw: bytes) -> None:
    with pytest.raises(UsageError):
        parse_bytes(raw, "x.json")


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="file not found"):
        read_document(str(tmp_path / "nope.txt"))
