"""Reading what was published: an article or notice as plain text, with its date and source.

Formats, by content more than by name:

- HTML: the article body only (trafilatura drops menus, page furniture and comment
  sections); the page's own date (its metadata) is the article's date.
- PDF: the text of every page (pypdf), line by line - a DoD 1260H release is a table of names.
- Federal Register JSON (the FR API's document: ``document_number``, ``citation``,
  ``publication_date``, ``effective_on``, ``title``, ``abstract``; the rule text in
  ``body`` / ``raw_text`` when saved beside it): an official notice with its citation.
- Anything else: plain UTF-8 text. A first line ``Date: 2021-03-12`` (or ``Published:``) and
  ``Title:`` / ``Source:`` / ``URL:`` header lines are read as the article's metadata.

A URL is fetched (http/https only); ``-`` reads standard input.
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from listguard import limits
from listguard.errors import UsageError

OFFICIAL_HOSTS = ("federalregister.gov", "govinfo.gov", "treasury.gov", "defense.gov",
                  "commerce.gov", "bis.doc.gov", "courtlistener.com", "uscourts.gov",
                  "law.justia.com")
"""Pages from these hosts carry an official citation (their own URL)."""


@dataclass
class Document:
    """One article or notice, as text."""

    text: str
    source: str
    """Where it came from: the path or URL given."""
    title: str = ""
    published: date | None = None
    """The article's own date (what 'last Friday' counts from); None when unknown."""
    kind: str = "article"
    """``article``, ``html``, ``pdf``, ``federal-register`` or ``feed-entry``."""
    official_citation: str = ""
    """The official citation the document itself is (an FR document, a DoD release ...);
    empty for press and other secondary sources."""
    lines: list[str] = field(default_factory=list)
    """For a PDF: its text lines (a table of names reads one per line)."""
    facts: dict[str, Any] = field(default_factory=dict)
    """What a structured notice states beside its text (an FR document's effective date)."""


def read_document(source: str, *, published: date | None = None) -> Document:
    """Read ``source`` (a path, a URL or ``-``) into a :class:`Document`."""
    if source == "-":
        raw = sys.stdin.buffer.read()
        doc = parse_bytes(raw, "-")
    elif source.startswith(("http://", "https://")):
        doc = parse_bytes(_fetch(source), source)
    else:
        try:
            raw = limits.read_file(Path(source), limits.current())
        except limits.LimitError as exc:
            raise UsageError(f"{source}: {exc}") from None
        doc = parse_bytes(raw, source)
    if published is not None:
        doc.published = published
    return doc


def _fetch(url: str) -> bytes:
    """The page at ``url``, refused past the file-size limit (``listguard.limits``)."""
    import urllib.request

    cap = limits.current().max_file_bytes
    request = urllib.request.Request(url, headers={"User-Agent": "listguard-news"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = bytes(response.read(cap + 1))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{url}: could not fetch it ({exc})") from None
    if len(data) > cap:
        raise UsageError(f"{url}: {limits.too_big(len(data), limits.current(), 'the page is')}")
    return data


def parse_bytes(raw: bytes, source: str) -> Document:
    """A document from its bytes; the format is told from the content (and the name)."""
    head = raw[:1024].lstrip()
    lower = source.lower()
    if head.startswith(b"%PDF"):
        return _pdf(raw, source)
    if head.startswith(b"{") or lower.endswith(".json"):
        return _federal_register(raw, source)
    text = raw.decode("utf-8", errors="replace")
    if head[:1] == b"<" or lower.endswith((".html", ".htm")):
        return _html(text, source)
    return _plain(text, source)


_HEADER = re.compile(r"^(date|published|title|source|url|publisher)\s*:\s*(.+)$", re.I)


def _plain(text: str, source: str) -> Document:
    lines = text.splitlines()
    meta: dict[str, str] = {}
    while lines and (m := _HEADER.match(lines[0].strip())):
        meta[m.group(1).lower()] = m.group(2).strip()
        lines.pop(0)
    when = meta.get("date") or meta.get("published")
    url = meta.get("url", "")
    doc = Document("\n".join(lines).strip(), url or source, title=meta.get("title", ""),
                   published=_iso(when))
    if url and _official_host(url):
        doc.official_citation = f"{doc.title or 'official page'} ({url})"
    return doc


def court_document(doc: Document) -> bool:
    """A court's own filing (an order, an opinion): its date is the court's act's."""
    return bool(doc.official_citation) and bool(
        re.search(r"Civil Action No\.|Case No\.|\d:\d{2}-cv-\d{3,5}|MEMORANDUM OPINION|ORDER",
                  doc.text[:3000]))


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _official_host(url: str) -> bool:
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)


def _html(text: str, source: str) -> Document:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=True,
                               favor_precision=True) or ""
    meta = trafilatura.extract_metadata(text)
    title = (meta.title if meta and meta.title else "") or ""
    when = _iso(meta.date) if meta and meta.date else None
    url = (meta.url if meta and meta.url else "") or ""
    doc = Document(body.strip(), url or source, title=title, published=when, kind="html")
    if url and _official_host(url):
        doc.official_citation = f"{title or 'official page'} ({url})"
    return doc


def _pdf(raw: bytes, source: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError) as exc:
        raise UsageError(f"{source}: not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    title = lines[0] if lines else ""
    doc = Document(text, source, title=title, kind="pdf", lines=lines)
    if re.search(r"Chinese Military Companies", text[:1000], re.I) and "1260H" in text[:1000]:
        doc.official_citation = f"DoD Section 1260H list: {title} ({source})"
    return doc


def _federal_register(raw: bytes, source: str) -> Document:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{source}: not JSON ({exc})") from None
    if not isinstance(data, dict) or "document_number" not in data:
        raise UsageError(f"{source}: JSON, but not a Federal Register document (no "
                         "document_number)")
    number = str(data["document_number"])
    published = _iso(str(data.get("publication_date") or ""))
    citation = str(data.get("citation") or "")
    when = published.strftime("%b %-d, %Y") if published else ""
    cite = ", ".join(p for p in (citation, f"FR Doc {number}") if p)
    official = f"{cite} ({when})" if when else cite
    parts = [str(data.get(k) or "") for k in ("title", "abstract", "body", "raw_text")]
    agencies = [str(a.get("name", "")) for a in data.get("agencies") or []
                if isinstance(a, dict)]
    return Document("\n\n".join(p for p in parts if p), str(data.get("html_url") or source),
                    title=str(data.get("title") or ""), published=published,
                    kind="federal-register", official_citation=official,
                    facts={"effective_on": _iso(str(data.get("effective_on") or "")),
                           "agencies": agencies, "type": data.get("type")})
