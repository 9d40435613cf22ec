"""Feeds and folders: the documents ``listguard news watch`` reads.

An RSS or Atom feed (a file or a URL, read by feedparser) gives one document per entry: its
title, its text (the entry's content, else its summary, HTML stripped) and its date. A folder
gives one document per file in it (HTML, PDF, text, Federal Register JSON), in name order;
any other path is read as one document.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from listguard.errors import UsageError
from listguard.news.documents import Document, parse_bytes, read_document

SUFFIXES = (".html", ".htm", ".txt", ".pdf", ".json", ".md")


def documents(source: str) -> Iterator[Document]:
    """Every document ``source`` holds (module doc)."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in
                       (*SUFFIXES, ".xml", ".rss", ".atom"))
        if not files:
            raise UsageError(f"{source}: the folder holds no documents ({', '.join(SUFFIXES)})")
        for p in files:
            yield from documents(str(p))
        return
    raw = _raw(source)
    if _is_feed(raw):
        yield from _entries(raw, source)
    else:
        yield read_document(source) if source.startswith(("http://", "https://")) \
            else parse_bytes(raw, source)


def _raw(source: str) -> bytes:
    if source.startswith(("http://", "https://")):
        from listguard.news.documents import _fetch

        return _fetch(source)
    from listguard import limits

    try:
        return limits.read_file(Path(source), limits.current())
    except limits.LimitError as exc:
        raise UsageError(f"{source}: {exc}") from None


def _is_feed(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)) or \
        head.startswith((b"<rss", b"<feed"))


def _entries(raw: bytes, source: str) -> Iterator[Document]:
    import feedparser

    feed = feedparser.parse(raw)
    for entry in feed.entries:
        body = ""
        content = entry.get("content")
        if content:
            body = str(content[0].get("value", ""))
        body = body or str(entry.get("summary", ""))
        text = _strip_html(body)
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(when.tm_year, when.tm_mon, when.tm_mday) if when else None
        link = str(entry.get("link", "")) or source
        title = str(entry.get("title", ""))
        yield Document(f"{title}\n\n{text}".strip(), link, title=title, published=published,
                       kind="feed-entry")


def _strip_html(text: str) -> str:
    if "<" not in text:
        return text
    import lxml.html

    try:
        return str(lxml.html.fromstring(f"<div>{text}</div>").text_content())
    except (ValueError, TypeError):
        return text
