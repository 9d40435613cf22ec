"""Fund look-through (OFAC FAQ 861): a fund is answered from its holdings.

OFAC FAQ 861 (Dec 28, 2020; revised June 3, 2021): a US person may not buy or sell a fund, ETF
or index product that holds securities of a listed company, "regardless of such securities'
share of the underlying index fund, ETF, or derivative thereof". So the fund's verdict is the
most severe of its holdings' verdicts: one prohibited holding at 0.1% makes buying the fund
prohibited; a holding the registry cannot place (``unknown``) or must have a person look at
(``review``) carries over too.

A holdings file is what issuers publish: CSV or XLSX (or Parquet) with a name column and, where
given, ISIN, ticker and weight columns (detected from the headers as in screening). Each row is
asked by its ISIN, then its ticker, then its name — an identifier that names a listed entity
decides; otherwise the name does (an unknown ISIN beside a name is not a reason to stop).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from listguard.api.answers import FUND_CITATION, CheckAnswer, Holding, LookThrough
from listguard.api.check import Checker
from listguard.model import Activity, Reason, Verdict
from listguard.screening.errors import ScreeningInputError
from listguard.screening.io import detect_columns, read_table

WEIGHT_HEADERS = ("weight", "weight %", "weight (%)", "% of net assets", "% of fund",
                  "percent", "pct", "allocation", "% weight", "portfolio weight")
SHOWN = 10
"""Decisive holdings named in the message (all are in the JSON)."""


def look_through(checker: Checker, fund: CheckAnswer, holdings: Path) -> CheckAnswer:
    """Answer ``fund`` (a check of the fund's name) from the holdings in ``holdings``."""
    frame = read_table(holdings)
    if frame.empty:
        raise ScreeningInputError(f"{holdings}: the holdings file has no rows")
    cols = detect_columns(frame, path=str(holdings))
    weight = _weight_column(frame)
    result = LookThrough(str(holdings))
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        cells = dict(zip(frame.columns, row, strict=True))
        queries = [cells.get(c, "") for c in (cols.isin, cols.ticker, cols.name) if c]
        queries = [q.strip() for q in queries if q and q.strip()]
        if not queries:
            continue
        answer = holding_answer(checker, queries, fund)
        result.holdings.append(Holding(i, queries[-1], cells.get(weight, "") if weight else "",
                                       answer))
    if not result.holdings:
        raise ScreeningInputError(f"{holdings}: no row names a holding (name, ISIN or ticker)")
    return _fund_answer(fund, result)


def holding_answer(checker: Checker, queries: list[str], fund: CheckAnswer) -> CheckAnswer:
    """The first identifier or name that names a listed entity decides; else the last (the
    name) is answered as any query is."""
    answer = None
    for query in queries:
        answer = checker.check(query, fund.activity, fund.on, fund.known_at)
        if answer.status is not None or answer.candidates:
            return answer
    assert answer is not None
    return answer


def _fund_answer(fund: CheckAnswer, result: LookThrough) -> CheckAnswer:
    fund.look_through = result
    fund.verdict = result.verdict
    decisive = result.decisive
    named = ", ".join(f"{h.label}" + (f" ({h.weight})" if h.weight else "")
                      for h in decisive[:SHOWN])
    more = f" and {len(decisive) - SHOWN} more" if len(decisive) > SHOWN else ""
    if decisive:
        rule = (f"{fund.verdict.value} for {len(decisive)} of its {len(result.holdings)} "
                f"holdings: {named}{more} (FAQ 861: whatever their share of the fund)")
    else:
        rule = f"none of its {len(result.holdings)} holdings is restricted"
    fund.reasons = [Reason("", "OFAC FAQ 861", rule, fund.verdict, citation=FUND_CITATION)]
    fund.message = f"{fund.activity.value} {fund.query}: {fund.verdict.value} — {rule}"
    return fund


def _weight_column(frame: pd.DataFrame) -> str | None:
    squeezed = {re.sub(r"[\s_\-]+", " ", c.strip().lower()): c for c in frame.columns}
    for header in WEIGHT_HEADERS:
        if header in squeezed:
            return squeezed[header]
    return next((c for k, c in squeezed.items() if "weight" in k), None)


# --- screening a file whose rows include funds -------------------------------------------------

HOLDINGS_SUFFIXES = (".csv", ".xlsx", ".parquet")


def holdings_file(folder: Path, keys: list[str]) -> Path | None:
    """The holdings file for a fund in ``folder``, named after its ISIN, ticker or name
    (``IE00B4L5Y983.csv``, ``MCHI.xlsx``, ``ishares-msci-china-etf.csv``)."""
    for key in keys:
        stem = _slug(key)
        for candidate in (key.strip(), stem):
            for suffix in HOLDINGS_SUFFIXES:
                path = folder / f"{candidate}{suffix}"
                if candidate and path.is_file():
                    return path
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")


def screen_look_through(
    keys: list[list[str]], fund_rows: list[bool], folder: Path, checker: Checker,
    on: datetime, known_at: datetime | None, activity: Activity = Activity.BUY,
) -> tuple[list[str], list[str]]:
    """Each screened row's fund answer: (verdict, or "" for a row that is no fund; why).
    ``keys`` holds each row's ISIN, ticker and name; ``fund_rows`` marks rows whose name reads
    as a fund. A row with a holdings file in ``folder`` is answered from it."""
    verdicts, why = [], []
    for row_keys, is_fund in zip(keys, fund_rows, strict=True):
        path = holdings_file(folder, row_keys)
        if path is None:
            verdicts.append(Verdict.UNKNOWN.value if is_fund else "")
            why.append(f"a fund with no holdings file in {folder} (OFAC FAQ 861)"
                       if is_fund else "")
            continue
        label = next((k for k in reversed(row_keys) if k), "")
        base = checker.check(label, activity, on, known_at)
        base.status, base.candidates, base.also_matches = None, [], []
        answer = look_through(checker, base, path)
        verdicts.append(answer.verdict.value)
        why.append(answer.reasons[0].rule)
    return verdicts, why
