"""Watched portfolios and their alerts.

``watch`` saves a portfolio (its holdings, as typed) with a snapshot of the lists each holding
is on. ``alerts`` compares the registry now with that snapshot: holdings that became listed or
delisted since, and deadlines (ban start, divestment end, contracting ban) within the next N
days; then it moves the snapshot forward so each change is reported once.
"""

from __future__ import annotations

import csv
import json
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.sources.errors import SourceError
from listguard.timeutil import now

SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    name     TEXT PRIMARY KEY,
    source   TEXT NOT NULL,
    holdings TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    created  TEXT NOT NULL,
    checked  TEXT NOT NULL
)
"""

ID_COLUMNS = ("isin", "ticker", "symbol", "name", "company", "issuer", "security", "名称")


@dataclass
class Holding:
    line: int
    label: str
    queries: list[str]


def read_portfolio(path: Path) -> list[Holding]:
    """Holdings from a CSV with any of the columns isin, ticker, name (or similar)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})") from None
    reader = csv.DictReader(text.splitlines())
    columns = {c.strip().lower(): c for c in reader.fieldnames or []}
    usable = [columns[c] for c in ID_COLUMNS if c in columns]
    if not usable:
        raise SourceError(path, "no name, ticker or isin column; columns are: "
                          + ", ".join(reader.fieldnames or []), line=1)
    holdings = []
    for row in reader:
        queries = [row[c].strip() for c in usable if (row.get(c) or "").strip()]
        if queries:
            holdings.append(Holding(reader.line_num, queries[-1], queries))
    return holdings


def _lists_of(reg: Registry, holding: Holding, on: datetime) -> tuple[str | None, list[str]]:
    for query in holding.queries:
        try:
            res = reg.resolve(query)
        except ValueError:
            continue
        if res.entity is not None:
            return res.entity.id, assess_entity(reg, res.entity.id, on).lists_in_force
    return None, []


def _snapshot(reg: Registry, holdings: list[Holding], on: datetime) -> dict[str, Any]:
    snap = {}
    for h in holdings:
        entity_id, lists = _lists_of(reg, h, on)
        snap[h.label] = {"entity_id": entity_id, "lists": lists}
    return snap


def _ensure(reg: Registry) -> None:
    reg.store.execute(SCHEMA)


def save_watch(reg: Registry, path: Path, name: str | None = None) -> dict[str, Any]:
    holdings = read_portfolio(path)
    _ensure(reg)
    when = now()
    name = name or path.stem
    with reg.store.transaction():
        reg.store.execute("DELETE FROM watches WHERE name = ?", (name,))
        reg.store.execute(
            "INSERT INTO watches (name, source, holdings, snapshot, created, checked) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, str(path.resolve()),
             json.dumps([h.__dict__ for h in holdings], ensure_ascii=False),
             json.dumps(_snapshot(reg, holdings, when)), when.isoformat(), when.isoformat()),
        )
    return {"watch": name, "holdings": len(holdings)}


def alerts(reg: Registry, *, days: int = 30, on: datetime | None = None,
           advance: bool = True) -> list[dict[str, Any]]:
    """Alerts for every watched portfolio since its last check."""
    _ensure(reg)
    when = on or now()
    out = []
    rows = reg.store.fetch("SELECT name, holdings, snapshot FROM watches ORDER BY name")
    for name, holdings_json, snapshot_json in rows:
        holdings = [Holding(**h) for h in json.loads(holdings_json)]
        before = json.loads(snapshot_json)
        after = _snapshot(reg, holdings, when)
        changes = []
        horizon = when + timedelta(days=days)
        for h in holdings:
            old = before.get(h.label, {"lists": []})
            new = after[h.label]
            for list_id in sorted(set(new["lists"]) - set(old["lists"])):
                changes.append({"holding": h.label, "entity_id": new["entity_id"],
                                "change": "listed", "list": list_id})
            for list_id in sorted(set(old["lists"]) - set(new["lists"])):
                changes.append({"holding": h.label, "entity_id": new["entity_id"]
                                or old.get("entity_id"), "change": "delisted", "list": list_id})
            if new["entity_id"]:
                status = assess_entity(reg, new["entity_id"], when)
                for d in status.deadlines:
                    if d.when <= horizon:
                        changes.append({"holding": h.label, "entity_id": new["entity_id"],
                                        "change": "deadline", "list": d.list_id,
                                        "when": d.when.isoformat(), "what": d.what,
                                        "citation": d.citation})
        out.append({"watch": name, "checked": when.isoformat(), "alerts": changes})
        if advance:
            with reg.store.transaction():
                reg.store.execute("UPDATE watches SET snapshot = ?, checked = ? WHERE name = ?",
                                  (json.dumps(after), when.isoformat(), name))
    return out


def post_webhook(url: str, payload: object, timeout: float = 10.0) -> int:
    """POST the alerts as JSON; returns the HTTP status."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return int(response.status)
