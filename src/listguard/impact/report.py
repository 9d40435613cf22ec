"""The study as rich tables for the terminal."""

from __future__ import annotations

import math

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from listguard.impact.results import EventResult, StudyResult
from listguard.impact.statistics import TESTS


def pct(x: float, digits: int = 2) -> str:
    return "—" if not math.isfinite(x) else f"{x * 100:+.{digits}f}%"


def num(x: float, digits: int = 2) -> str:
    return "—" if not math.isfinite(x) else f"{x:.{digits}f}"


def pval(p: float) -> str:
    if not math.isfinite(p):
        return "—"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def stars(p: float) -> str:
    if not math.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""


def span(a: int, b: int) -> str:
    return f"[{a:+d},{b:+d}]"


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", header_style="bold",
                 box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)


def headline(result: StudyResult, title: str) -> Text:
    cfg = result.config
    est = cfg.estimation
    est_text = (span(int(est[0]), int(est[1])) if isinstance(est[0], int)
                else f"{est[0]}..{est[1]}")
    secs = ", ".join(f"{name} ({s.calendar})" for name, s in result.series.items())
    text = Text()
    text.append(title, style="bold")
    text.append(f"\n{secs}")
    if result.market:
        text.append(f" against {result.market}")
    text.append(f"\n{cfg.model} model, {cfg.returns} returns, estimation {est_text}, "
                f"event window {span(*cfg.window)}", style="dim")
    if cfg.convention != "textbook":
        text.append(f", {cfg.convention} conventions", style="dim")
    return text


def events_table(result: StudyResult) -> Table:
    w = span(*result.config.window)
    table = _table(f"Events: cumulative abnormal return over {w}")
    for col, just in [("event", "left"), ("announced", "left"), ("day 0", "left"),
                      ("L", "right"), ("β", "right"), ("CAR", "right"), ("t", "right"),
                      ("p", "right")]:
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for e in result.events:
        d0 = e.day0.isoformat() if e.day0 else "—"
        happened = e.spec.describe_when().replace(" (US date)", "")
        if not e.ok:
            table.add_row(e.spec.title, happened, d0, str(e.n_estimation),
                          Text(f"left out: {e.skipped}", style="yellow"), "", "", "")
            continue
        table.add_row(
            e.spec.title, happened, d0, str(e.n_estimation), num(e.beta[0]) if e.beta else "—",
            Text(pct(e.car), style="bold"), num(e.car_t), pval(e.car_p) + stars(e.car_p),
        )
    return table


def days_table(result: StudyResult) -> Table:
    table = _table("Abnormal returns by day")
    for col, just in [("event", "left"), ("day", "right"), ("date", "left"), ("AR", "right"),
                      ("t", "right"), ("p", "right"), ("CAR", "right")]:
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for e in result.studied:
        for k, d in enumerate(e.days):
            table.add_row(e.spec.title if k == 0 else "", f"{d.day:+d}", d.date.isoformat(),
                          pct(d.ar), num(d.t), pval(d.p) + stars(d.p), pct(d.car),
                          end_section=k == len(e.days) - 1)
    return table


def aggregate_table(result: StudyResult) -> Table | None:
    agg = result.aggregate
    if agg is None or agg.n_events < 2:
        return None
    w = span(*result.config.window)
    zero = result.window_days.index(0) if 0 in result.window_days else None
    table = _table(f"Across {agg.n_events} events: CAAR{w} = {pct(agg.caar)}, "
                   f"cross-correlation r̄ = {agg.r_bar:.3f}")
    table.add_column("test")
    table.add_column(f"CAAR{w}", justify="right")
    table.add_column("p", justify="right")
    if zero is not None:
        table.add_column(f"AAR(0) = {pct(float(agg.aar[zero]))}", justify="right")
        table.add_column("p", justify="right")
    for key, name in TESTS.items():
        s = agg.window[key]
        row = [name, num(s.value, 0 if key == "wilcoxon" else 2), pval(s.p) + stars(s.p)]
        if zero is not None:
            d = agg.daily[key][zero]
            row += [num(d.value, 0 if key == "wilcoxon" else 2), pval(d.p) + stars(d.p)]
        table.add_row(*row)
    return table


def issues_text(result: StudyResult, events: list[EventResult] | None = None) -> Text | None:
    found = list(result.issues) + [i for e in (events or list(result.events)) for i in e.issues]
    if not found:
        return None
    text = Text("Data checks\n", style="bold")
    for issue in found:
        style = "yellow" if issue.level == "warning" else "dim"
        text.append(f"  • {issue}\n", style=style)
    return text


def render(result: StudyResult, title: str) -> RenderableType:
    parts: list[RenderableType] = [headline(result, title), events_table(result)]
    if result.studied:
        parts.append(days_table(result))
    agg = aggregate_table(result)
    if agg is not None:
        parts.append(agg)
    issues = issues_text(result)
    if issues is not None:
        parts.append(issues)
    parts.append(Text("p: two-sided; * 10%, ** 5%, *** 1%. t uses the AR variance with "
                      "estimation error (MacKinlay 1997).", style="dim"))
    return Group(*parts)


def print_report(result: StudyResult, title: str, console: Console | None = None) -> None:
    (console or Console()).print(render(result, title))
