"""A self-contained HTML report of a screening run, for a reviewer.

Flagged rows first (matches, then reviews), each with the input, the listed party, its lists
and buy verdict at the screening instant, and the explanation; then the rows not screened; then
a count of the rows that met nothing. No scripts, no external files: it opens anywhere.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from listguard.screening.api import NOT_SCREENED, OUTPUT_COLUMNS, flagged_by_listing, summarize

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3} .match{background:#fde2e1} .review{background:#fff4d6}
.meta td{border:none;padding:.1em 1em .1em 0} .why{font-family:ui-monospace,monospace;
font-size:.85em;color:#444} .prohibited{color:#a40000;font-weight:bold}
"""
MAX_ROWS_PER_SECTION = 5000


def _cell(value: object, cls: str = "") -> str:
    text = html.escape("" if value is None else str(value))
    return f'<td class="{cls}">{text}</td>' if cls else f"<td>{text}</td>"


def _table(frame: pd.DataFrame, inputs: Sequence[str], css: str) -> str:
    heads = ["row", *inputs, "decision", "score", "listed party", "matched name", "lists",
             "buy", "explanation"]
    out = ["<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in heads) + "</tr>"]
    col = _columns(frame)
    for idx, row in frame.head(MAX_ROWS_PER_SECTION).iterrows():
        decision = str(row[col["decision"]])
        buy = str(row[col["buy"]])
        party = f"{row[col['entity_name']]} ({row[col['entity_id']]})" \
            if row[col["entity_id"]] else ""
        cells = [_cell(int(str(idx)) + 1), *(_cell(row[c]) for c in inputs),
                 _cell(decision), _cell(f"{float(row[col['score']]):.2f}"), _cell(party),
                 _cell(row[col["matched_name"]]), _cell(row[col["lists"]]),
                 _cell(buy, "prohibited" if buy == "prohibited" else ""),
                 _cell(row[col["explanation"]], "why")]
        out.append(f'<tr class="{css or html.escape(decision)}">' + "".join(cells) + "</tr>")
    if len(frame) > MAX_ROWS_PER_SECTION:
        out.append(f"<tr><td colspan='{len(heads)}'>... {len(frame) - MAX_ROWS_PER_SECTION:,}"
                   " more rows in the output file</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    return {c: (f"screen_{c}" if f"screen_{c}" in frame.columns else c) for c in OUTPUT_COLUMNS}


def write_html(result: pd.DataFrame, path: Path, meta: Mapping[str, str]) -> None:
    """Write the report for a :func:`listguard.screen` result."""
    result = result.reset_index(drop=True)  # rows are numbered by position
    col = _columns(result)
    inputs = [c for c in result.columns if c not in col.values()][:4]
    counts = summarize(result)
    decision = result[col["decision"]]
    parts = ["<!doctype html><html><head><meta charset='utf-8'>",
             "<title>listguard screening report</title>", f"<style>{_STYLE}</style>",
             "</head><body><h1>listguard screening report</h1>", "<table class='meta'>"]
    for key, value in meta.items():
        parts.append(f"<tr><td>{html.escape(key)}</td><td>{html.escape(value)}</td></tr>")
    parts.append("</table>")
    parts.append("<p>" + ", ".join(f"<b>{n:,}</b> {html.escape(k.replace('_', ' '))}"
                                   for k, n in counts.items()) + f" of {len(result):,} rows.</p>")
    parts.append("<p>A <b>match</b> is treated as the listed party; a <b>review</b> needs a "
                 "person's look. Each explanation shows which input name met which listed "
                 "name and what every feature added to the score.</p>")
    flagged = result[decision.isin(["match", "review"])].copy()
    flagged["_rank"] = flagged[col["decision"]].map({"match": 0, "review": 1})
    flagged = flagged.sort_values(["_rank", col["score"]], ascending=[True, False]).drop(
        columns="_rank")
    listed = flagged[col["lists"]].astype(str) != ""
    split = flagged_by_listing(result)
    parts.append(f"<h2>Flagged rows whose party is on a list at the screening instant "
                 f"({split['on_a_list']:,})</h2>")
    parts.append(_table(flagged[listed], inputs, "") if listed.any() else "<p>None.</p>")
    parts.append(f"<h2>Flagged rows whose party is on no list then ({split['on_no_list']:,})"
                 "</h2><p>The name is a listed party's (or close to one), but at the screening "
                 "instant that party is on no list: not yet listed, or removed.</p>")
    parts.append(_table(flagged[~listed], inputs, "") if (~listed).any() else "<p>None.</p>")
    skipped = result[decision == NOT_SCREENED]
    if len(skipped):
        parts.append(f"<h2>Rows not screened ({len(skipped):,})</h2>")
        parts.append(_table(skipped, inputs, "skipped"))
    parts.append(f"<h2>Rows with no match ({counts['no_match']:,})</h2><p>Listed in the "
                 "output file with the closest listed name, if any.</p></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
