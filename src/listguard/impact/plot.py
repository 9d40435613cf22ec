"""The picture of a study: prices with the events marked, and each event's CAR path with its
confidence band. Drawn with matplotlib's Agg backend (no display needed).

Layout: for one security and a market, a top panel shows both rebased to 100, with each
event's day 0 marked and its event window shaded; below, one panel per event (up to four)
shows the cumulative abnormal return around day 0 with its confidence band (the variance
includes estimation error) and the daily abnormal returns as bars. With more than four
events, or several events of one kind, a panel of the CAAR across events is drawn too.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter
from scipy import stats as sps

from listguard.impact.results import EventResult, StudyResult

INK = "#1d2733"
MUTED = "#6b7785"
GRID = "#e6e9ee"
MARKET = "#9aa5b1"
UP = "#2e8b57"
DOWN = "#c0392b"
EVENT_COLORS = ("#c0392b", "#1f5fa8", "#2e8b57", "#8e44ad", "#d35400", "#16a085")
MAX_EVENT_PANELS = 4


def _style(ax: Axes) -> None:
    """The house style: no top or right spine, muted ticks, a light horizontal grid."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#b8c0ca")
    ax.tick_params(colors=MUTED, labelsize=8.5, length=3)
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _percent(ax: Axes) -> None:
    """Percent tick labels, with a decimal only when the axis spans less than 6 points."""
    low, high = ax.get_ylim()
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0 if high - low >= 0.06
                                                  else 1))


def _quantile(confidence: float, df: float) -> float:
    """The two-sided ``confidence`` quantile of t(df), or of N(0,1) without a finite df."""
    if df > 0 and math.isfinite(df):
        return float(sps.t.ppf(0.5 + confidence / 2, df))
    return float(sps.norm.ppf(0.5 + confidence / 2))


def _x(day: pd.Timestamp) -> float:
    """A date as matplotlib's x coordinate."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _p(p: float) -> str:
    """``p = 0.012``, or ``p < 0.001``."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _rel(day: int) -> str:
    """A relative day with its sign (``-1``, ``0``, ``+1``)."""
    return f"{day:+d}" if day else "0"


def _short(d: date) -> str:
    """``14 Jan 2021``."""
    return f"{d.day} {d.strftime('%b %Y')}"


def _prices_panel(ax: Axes, result: StudyResult, events: list[EventResult]) -> None:
    """The security's (and the market's) prices around the events, rebased to 100."""
    name, s = next(iter(result.series.items()))
    day0s = [pd.Timestamp(e.day0) for e in events if e.day0]
    first = s.dates.searchsorted(min(day0s)) - 40
    last = s.dates.searchsorted(max(day0s)) + 25
    lo, hi = max(int(first), 0), min(int(last), len(s.dates) - 1)
    dates = s.dates[lo:hi + 1]
    close = s.close[lo:hi + 1]
    base = close[np.isfinite(close)][0]
    ax.plot(dates, close / base * 100, color=INK, linewidth=1.6, label=name, zorder=3)
    if s.market_close is not None and result.market:
        mkt = s.market_close[lo:hi + 1]
        mbase = mkt[np.isfinite(mkt)][0]
        ax.plot(dates, mkt / mbase * 100, color=MARKET, linewidth=1.3,
                label=result.market, zorder=2)
    ax.set_ylabel(f"rebased, {_short(dates[0].date())} = 100", color=MUTED, fontsize=8.5)
    _style(ax)
    _mark_events(ax, s.dates, events, result.config.window)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False, fontsize=8.5,
              labelcolor=MUTED, ncol=2, borderaxespad=0.2)
    ax.xaxis.set_major_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))  # type: ignore[no-untyped-call]


def _mark_events(ax: Axes, sessions: pd.DatetimeIndex, events: list[EventResult],
                 window: tuple[int, int]) -> None:
    """Each event's window shaded, its day 0 dashed and labelled, in the event's colour."""
    ymax = ax.get_ylim()[1]
    w1, w2 = window
    for k, e in enumerate(events):
        if e.day0 is None:
            continue
        color = EVENT_COLORS[k % len(EVENT_COLORS)]
        pos = int(sessions.searchsorted(pd.Timestamp(e.day0)))
        a = sessions[max(pos + w1, 0)]
        b = sessions[min(pos + w2, len(sessions) - 1)]
        ax.axvspan(_x(a) - 0.5, _x(b) + 0.5, color=color,
                   alpha=0.10, linewidth=0)
        ax.axvline(_x(pd.Timestamp(e.day0)), color=color, linewidth=1.1,
                   linestyle=(0, (4, 3)))
        ax.annotate(f"{e.spec.title}\n{_short(e.day0)}", xy=(pd.Timestamp(e.day0), ymax),
                    xytext=(4, -4 - 22 * (k % 2)), textcoords="offset points", va="top",
                    fontsize=8.5, color=color, fontweight="bold")


def _car_panel(ax: Axes, days: np.ndarray, car: np.ndarray, se: np.ndarray, ar: np.ndarray,
               q: float, window: tuple[int, int], title: str, subtitle: str, note: str,
               color: str, confidence: float) -> None:
    """A CAR path with its confidence band over the daily ARs, titled, with a note."""
    _style(ax)
    ax.axvspan(window[0] - 0.5, window[1] + 0.5, color=color, alpha=0.07, linewidth=0)
    ax.axhline(0, color="#8a94a0", linewidth=0.9)
    ax.axvline(0, color=color, linewidth=1.0, linestyle=(0, (4, 3)))
    bars = np.where(np.isfinite(ar), ar, 0.0)
    ax.bar(days, bars, width=0.62, color=np.where(bars >= 0, UP, DOWN), alpha=0.35,
           linewidth=0, label="daily AR", zorder=2)
    ax.fill_between(days, car - q * se, car + q * se, color=color, alpha=0.16, linewidth=0,
                    label=f"{confidence:.0%} band", zorder=1)
    ax.plot(days, car, color=color, linewidth=2.0, marker="o", markersize=3.2, label="CAR",
            zorder=4)
    ax.set_title(title, loc="left", fontsize=10, color=INK, fontweight="bold", pad=17)
    ax.text(0, 1.02, subtitle, transform=ax.transAxes, fontsize=8.5, color=MUTED, va="bottom")
    ax.text(0.02, 0.04, note, transform=ax.transAxes, fontsize=8.5, color=INK,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": GRID})
    ax.set_xlabel("trading days from day 0", color=MUTED, fontsize=8.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.set_xlim(days[0] - 0.7, days[-1] + 0.7)
    _percent(ax)


def _event_panel(ax: Axes, e: EventResult, result: StudyResult, color: str) -> None:
    """One event's CAR panel, with its CAR, t and p."""
    path = e.path
    days = np.array([d.day for d in path])
    car = np.array([d.car for d in path])
    se = np.array([d.car_se for d in path])
    ar = np.array([d.ar for d in path])
    q = _quantile(result.config.confidence, e.df)
    w = result.config.window
    when = e.day0.strftime("%a %d %b %Y") if e.day0 else "—"
    calendar = result.series[e.security].calendar
    heading = e.spec.title
    subtitle = f"day 0 {when} ({calendar})"
    if len(result.series) > 1:
        heading, subtitle = e.security, f"{e.spec.title}, day 0 {when} ({calendar})"
    note = (f"CAR[{_rel(w[0])}, {_rel(w[1])}] = {e.car * 100:+.1f}%   t = {e.car_t:.2f}   "
            f"{_p(e.car_p)}")
    _car_panel(ax, days, car, se, ar, q, w, heading, subtitle, note, color,
               result.config.confidence)


def _caar_panel(ax: Axes, result: StudyResult, events: list[EventResult]) -> None:
    """The average of the events' CAR paths, with sqrt(sum Var) / N as its standard error."""
    agg = result.aggregate
    assert agg is not None
    common = sorted(set.intersection(*({d.day for d in e.path} for e in events)))
    rows = [{d.day: d for d in e.path} for e in events]
    days = np.array(common)
    car = np.array([np.mean([r[k].car for r in rows]) for k in common])
    se = np.array([np.sqrt(sum(r[k].car_se ** 2 for r in rows)) / len(rows) for k in common])
    ar = np.array([np.nanmean([r[k].ar for r in rows]) for k in common])
    q = _quantile(result.config.confidence, math.inf)
    s = agg.window["bmp"]
    w = result.config.window
    note = (f"CAAR[{_rel(w[0])}, {_rel(w[1])}] = {agg.caar * 100:+.1f}%   BMP t = {s.value:.2f}   "
            f"{_p(s.p)}   N = {agg.n_events}")
    subtitle = "band assumes independent events"
    _car_panel(ax, days, car, se, ar, q, w, f"Average of {len(events)} events", subtitle, note,
               INK, result.config.confidence)


def draw(result: StudyResult, path: Path | str, title: str = "") -> Path:
    """Draw ``result`` to a PNG (or any format matplotlib knows from the suffix)."""
    events = result.studied
    if not events:
        raise ValueError("no event was studied: nothing to plot")
    show_events = events if len(events) <= MAX_EVENT_PANELS else []
    kinds = {e.spec.kind for e in events}
    alike = len(result.series) > 1 or (len(kinds) == 1 and kinds != {"date"})
    show_caar = result.aggregate is not None and len(events) >= 2 and (
        not show_events or alike)
    panels = len(show_events) + int(show_caar)
    one_security = len(result.series) == 1
    cols = panels if panels <= 3 else 2
    rows = math.ceil(panels / cols)
    top = 1 if one_security else 0
    header, footer = 1.25, 0.85  # inches above and below the panels
    height = 3.2 * top + 3.4 * rows + header + footer
    fig = Figure(figsize=(11, height), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(top + rows, cols, height_ratios=[1.15] * top + [1.0] * rows,
                            hspace=0.5, wspace=0.18, left=0.07, right=0.98,
                            top=1 - header / height, bottom=footer / height)
    if one_security:
        _prices_panel(fig.add_subplot(grid[0, :]), result, events)
    slots = [fig.add_subplot(grid[top + k // cols, k % cols]) for k in range(panels)]
    for k, e in enumerate(show_events):
        _event_panel(slots[k], e, result, EVENT_COLORS[k % len(EVENT_COLORS)])
    if show_caar:
        _caar_panel(slots[-1], result, events)
    _key(fig, result, height)
    _heading(fig, result, title, height)
    out = Path(path)
    fig.savefig(out, dpi=150, facecolor="white")
    return out


def _key(fig: Figure, result: StudyResult, height: float) -> None:
    """The figure's key to the CAR panels, along the bottom."""
    key = [
        Line2D([], [], color=INK, linewidth=2.0, marker="o", markersize=3.2),
        Patch(facecolor=INK, alpha=0.16, linewidth=0),
        Patch(facecolor=UP, alpha=0.45, linewidth=0),
        Patch(facecolor=DOWN, alpha=0.45, linewidth=0),
    ]
    fig.legend(key, ["cumulative abnormal return", f"{result.config.confidence:.0%} band",
                     "daily AR > 0", "daily AR < 0"],
               loc="lower left", bbox_to_anchor=(0.065, 0.1 / height), frameon=False,
               fontsize=8.5, labelcolor=MUTED, ncol=4)


def _heading(fig: Figure, result: StudyResult, title: str, height: float) -> None:
    """The title, a line on the model and windows, and the credit."""
    cfg = result.config
    est = cfg.estimation
    est_text = (f"[{est[0]}, {est[1]}] trading days" if isinstance(est[0], int)
                else f"{est[0]} to {est[1]}")
    fig.text(0.07, 1 - 0.3 / height, title or "Event study", ha="left", va="top",
             fontsize=14, fontweight="bold", color=INK)
    market = f" against {result.market}" if result.market else ""
    fig.text(0.07, 1 - 0.68 / height, f"{cfg.model.capitalize()} model{market}, "
             f"{cfg.returns} returns; estimation window {est_text}; shaded: event window "
             f"[{_rel(cfg.window[0])}, {_rel(cfg.window[1])}]; bands include estimation error.",
             fontsize=9, color=MUTED, ha="left", va="top")
    fig.text(0.98, 0.18 / height, "listguard impact", fontsize=7.5, color="#aab2bc",
             ha="right")
