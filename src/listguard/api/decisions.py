"""Reviewer decisions in the core: recording one, and resolving screened rows with them.

A screened row that meets a listed party about which a reviewer already decided, for the same
input (name and attributes), is *resolved* by that decision while the party's data is as it
was: ``review_status`` says ``cleared``, ``confirmed`` or ``escalated`` and ``review_note``
who decided, when and why. When a later list version has changed the party, the row is
``reopened`` and the note says what changed. Storage: :mod:`listguard.registry.decisions`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from listguard.errors import UsageError
from listguard.registry import Registry
from listguard.registry import decisions as stored
from listguard.registry.decisions import Decision, Outcome

REVIEW_COLUMNS = ("review_status", "review_note")
INPUT_FIELDS = ("name", "country", "type", "dob", "ticker", "isin", "lei", "id")
"""What an input is, for a decision: its name and every attribute the screen compared."""
_FLAGGED = ("match", "review")


def parse_outcome(value: str) -> Outcome:
    try:
        return Outcome(value.strip().lower())
    except ValueError:
        raise UsageError(f"unknown decision {value!r}; use cleared, confirmed or "
                         "escalated", field="decision") from None


def input_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The input's fields a decision is keyed on (unknown ones refused)."""
    unknown = sorted(set(values) - set(INPUT_FIELDS))
    if unknown:
        raise UsageError(f"unknown input field(s) {', '.join(unknown)}; use "
                         f"{', '.join(INPUT_FIELDS)}")
    if not str(values.get("name") or "").strip() and not any(
            values.get(k) for k in ("ticker", "isin", "lei", "id")):
        raise UsageError("a decision needs the input's name (or an identifier)")
    return {k: values[k] for k in INPUT_FIELDS if values.get(k) not in (None, "")}


def decide(reg: Registry, values: dict[str, Any], entity_id: str, outcome: str | Outcome,
           comment: str, actor: str) -> Decision:
    """Keep a reviewer's decision about an input against a listed party."""
    fields = input_fields(values)
    try:
        reg.entity(entity_id)
    except KeyError:
        raise UsageError(f"no listed entity {entity_id!r}") from None
    chosen = outcome if isinstance(outcome, Outcome) else parse_outcome(outcome)
    return stored.record(reg, fields, entity_id, chosen, comment.strip(), actor)


def resolve(reg: Registry, rows: pd.DataFrame, columns: dict[str, str | None]) -> pd.DataFrame:
    """``rows`` (a screening result) with ``review_status`` and ``review_note`` for each
    flagged row about which a reviewer decided. ``columns`` maps input fields (name,
    country ...) to the result's columns."""
    prefix = "" if "decision" in rows.columns else "screen_"
    status, note = [""] * len(rows), [""] * len(rows)
    snapshots: dict[str, dict[str, Any]] = {}
    for i, (decision, entity_id) in enumerate(zip(rows[prefix + "decision"],
                                                  rows[prefix + "entity_id"], strict=True)):
        if decision not in _FLAGGED or not entity_id:
            continue
        fields = {k: _cell(rows, c, i) for k, c in columns.items() if c}
        found = stored.latest(reg.store, stored.input_key(fields), str(entity_id))
        if found is None:
            continue
        now = snapshots.setdefault(str(entity_id), stored.snapshot(reg, str(entity_id)))
        status[i], note[i] = _status(found, now)
    out = rows.copy()
    out["review_status"], out["review_note"] = status, note
    return out


def _cell(rows: pd.DataFrame, column: str, i: int) -> Any:
    value = rows[column].iloc[i]
    return "" if value is None or (isinstance(value, float) and value != value) else value


def _status(found: Decision, now: dict[str, Any]) -> tuple[str, str]:
    who = f"{found.decision.value} by {found.actor} on {found.at[:16]} ({found.id})"
    if stored.fingerprint(now) == found.fingerprint:
        return found.decision.value, who + (f": {found.comment}" if found.comment else "")
    changed = "; ".join(stored.changes(found.snapshot, now)[:8])
    return "reopened", f"was {who}; the listed party changed since: {changed}"
