"""Watched portfolios and their alerts.

``watch`` saves a portfolio (its holdings, as typed) with a snapshot of the lists each holding
is on. ``alerts`` compares the registry now with that snapshot: holdings that became listed or
delisted since, and deadlines (ban start, divestment end, contracting ban) within the next N
days. Each alert has an idempotency key; computing alerts, queueing them in the outbox
(:mod:`listguard.watching.outbox`) and moving the snapshot forward are one transaction, so each
change is reported once and none is lost between the check and the delivery. The ``watches``
table is made by the registry's migrations (``0002_watching.sql``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from listguard.registry import Registry
from listguard.rules import assess_entity
from listguard.sources._io import RowCount, csv_records, read_bytes
from listguard.sources.errors import SourceError
from listguard.timeutil import now
from listguard.watching import outbox

ID_COLUMNS = ("isin", "ticker", "symbol", "name", "company", "issuer", "security", "名称")


@dataclass
class Holding:
    line: int
    label: str
    queries: list[str]


def read_portfolio(path: Path) -> list[Holding]:
    """Holdings from a CSV with any of the columns isin, ticker, name (or similar).

    Held to :mod:`listguard.limits` (a folder, device or FIFO and an oversized file refused
    by ``stat`` before a byte is read; then lines, fields and rows). A file that names no
    holding (empty, a header only, or no row with a name, ticker or ISIN) is refused: a watch
    of nothing would report nothing, forever.
    """
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})") from None
    records = csv_records(text, path)
    header = next(records, (1, []))[1]
    columns = {c.strip().lower(): i for i, c in enumerate(header)}
    usable = [columns[c] for c in ID_COLUMNS if c in columns]
    if not usable:
        raise SourceError(path, "no name, ticker or isin column; columns are: "
                          + ", ".join(header), line=1)
    holdings = []
    count = RowCount(path)
    for line, row in records:
        count.add(line)
        queries = [row[i].strip() for i in usable if i < len(row) and row[i].strip()]
        if queries:
            holdings.append(Holding(line, queries[-1], queries))
    if not holdings:
        raise SourceError(path, "no holdings (no row with a name, ticker or isin)")
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


def save_watch(reg: Registry, path: Path, name: str | None = None) -> dict[str, Any]:
    holdings = read_portfolio(path)
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
    """Alerts for every watched portfolio since its last check.

    With ``advance`` they are recorded as shown (:func:`record_alerts`, each change returned
    once); without, nothing is written.
    """
    if advance:
        return record_alerts(reg, days=days, on=on, channel=outbox.TERMINAL)
    when = on or now()
    return [{"watch": w.name, "checked": when.isoformat(),
             "alerts": _changes(reg, w, _snapshot(reg, w.holdings, when), when, days)}
            for w in _watches(reg)]


def record_alerts(reg: Registry, *, days: int = 30, on: datetime | None = None,
                  channel: str | None = outbox.TERMINAL) -> list[dict[str, Any]]:
    """Compute new alerts, queue them in the outbox and move each snapshot forward, all in one
    transaction: an alert is either queued or still to be computed, never lost.

    ``channel`` ``"terminal"``: the caller shows them now (recorded as delivered); None: they
    wait in the outbox for a webhook. Returns, per watch, the alerts newly queued (a key already
    in the outbox, such as a deadline reported before, is not queued again).
    """
    when = on or now()
    out = []
    with reg.store.transaction(write=True):
        for w in _watches(reg):
            after = _snapshot(reg, w.holdings, when)
            found = _changes(reg, w, after, when, days)
            queued = outbox.enqueue(reg.store, w.name, when, found, channel=channel)
            reg.store.execute("UPDATE watches SET snapshot = ?, checked = ? WHERE name = ?",
                              (json.dumps(after), when.isoformat(), w.name))
            out.append({"watch": w.name, "checked": when.isoformat(), "alerts": queued})
    return out


@dataclass
class _Watch:
    name: str
    holdings: list[Holding]
    snapshot: dict[str, Any]
    checked: str


def _watches(reg: Registry) -> list[_Watch]:
    rows = reg.store.fetch("SELECT name, holdings, snapshot, checked FROM watches ORDER BY name")
    return [_Watch(r[0], [Holding(**h) for h in json.loads(r[1])], json.loads(r[2]), r[3])
            for r in rows]


def _changes(reg: Registry, w: _Watch, after: dict[str, Any], when: datetime,
             days: int) -> list[dict[str, Any]]:
    """Per holding: lists joined, lists left, deadlines within ``days``; each with its key."""
    horizon = when + timedelta(days=days)
    changes: list[dict[str, Any]] = []
    for h in w.holdings:
        old = w.snapshot.get(h.label, {"lists": []})
        changes += _list_changes(reg, w, h, old, after[h.label], when)
        changes += _deadlines(reg, w.name, h, after[h.label]["entity_id"], when, horizon)
    return changes


def _list_changes(reg: Registry, w: _Watch, h: Holding, old: dict[str, Any],
                  new: dict[str, Any], when: datetime) -> list[dict[str, Any]]:
    entity_id = new["entity_id"] or old.get("entity_id")
    out = []
    for change, lists in (("listed", set(new["lists"]) - set(old["lists"])),
                          ("delisted", set(old["lists"]) - set(new["lists"]))):
        for list_id in sorted(lists):
            instant = _event_instant(reg, entity_id, list_id, when)
            out.append({"holding": h.label, "entity_id": entity_id, "change": change,
                        "list": list_id,
                        "key": outbox.alert_key(w.name, change, list_id, h.label, instant,
                                                w.checked)})
    return out


def _event_instant(reg: Registry, entity_id: str | None, list_id: str, when: datetime) -> str:
    """When the newest event on the list behind a change took effect (else ``when``)."""
    times = [e.effective for e in (reg.events(entity_id) if entity_id else [])
             if e.list_id == list_id and e.effective <= when]
    return max(times or [when]).isoformat()


def _deadlines(reg: Registry, watch: str, h: Holding, entity_id: str | None, when: datetime,
               horizon: datetime) -> list[dict[str, Any]]:
    if not entity_id:
        return []
    return [{"holding": h.label, "entity_id": entity_id, "change": "deadline",
             "list": d.list_id, "when": d.when.isoformat(), "what": d.what,
             "citation": d.citation,
             "key": outbox.alert_key(watch, "deadline", d.list_id, h.label, d.when.isoformat(),
                                     d.what)}
            for d in assess_entity(reg, entity_id, when).deadlines if d.when <= horizon]
