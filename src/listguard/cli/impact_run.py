"""``listguard impact``: the event study on the command line.

    listguard impact Xiaomi --prices demo:1810.HK --market demo:HSI \\
        --events listing,injunction,vacated --plot xiaomi.png

Events come from the registry (``--events``, a lazy import of :mod:`listguard.registry`) or
are typed (``--event-date 2021-05-11=agreement to vacate``; repeatable). A typed date is a
US date, like the registry's; a time with an offset is taken literally. See
:mod:`listguard.impact.calendars` for how day 0 is chosen.

Bad input prints one line naming the file, line or option at fault and exits with code 2;
a QUERY that names several companies exits with 3 (as the rest of ``listguard``); exit code
1 means that no event could be studied.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console

from listguard.impact import demo
from listguard.impact.calendars import CalendarError
from listguard.impact.event_names import EVENT_NAMES
from listguard.impact.events import (
    EventError,
    EventSpec,
    from_registry,
    parse_event_date,
    parse_event_names,
)
from listguard.impact.models import MODELS
from listguard.impact.prices import PriceFileError, PriceSeries, load_prices
from listguard.impact.report import print_report
from listguard.impact.results import StudyConfig, StudyResult
from listguard.impact.study import run_study
from listguard.reports.csvout import write_csv

FORMATS = ("table", "json", "csv")
_PAIR = re.compile(r"^\s*\[?\s*([^,\[\]]+?)\s*,\s*([^,\[\]]+?)\s*\]?\s*$")


class UsageError(ValueError):
    """Bad command-line input."""


class AmbiguousQuery(UsageError):
    """QUERY names several companies in the registry (exit code 3, as ``listguard``)."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(f"{query!r} matches {len(candidates)} listed entities; "
                         "be more specific")


def parse_days(text: str, option: str) -> tuple[int, int]:
    """``-1,1`` or ``[-250,-11]`` -> (first, last) trading days."""
    found = _PAIR.match(text)
    try:
        if found is None:
            raise ValueError
        return int(found.group(1)), int(found.group(2))
    except ValueError:
        raise UsageError(f"{option} {text!r}: give two trading days like -1,1") from None


def parse_estimation(text: str) -> tuple[int, int] | tuple[date, date]:
    """``-250,-11`` (trading days) or ``2020-01-13,2020-12-30`` (dates)."""
    found = _PAIR.match(text)
    if found and "-" in found.group(1)[1:]:
        try:
            return date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
        except ValueError:
            raise UsageError(f"--estimation {text!r}: give two dates like "
                             "2020-01-13,2020-12-30 or two trading days like -250,-11") from None
    return parse_days(text, "--estimation")


def _load(path: Path, name: str = "") -> PriceSeries:
    """A price file (``demo:`` names a shipped one); UsageError if there is none such."""
    try:
        resolved = demo.resolve(path)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    return load_prices(resolved, name or resolved.stem)


def _registry_events(query: str, names: list[str], security: str,
                     db: Path | None = None) -> tuple[str, list[EventSpec], list[str]]:
    """The entity's name, its events named by ``names``, and notes on names it lacks."""
    try:
        from listguard.registry import Registry
    except ImportError:
        raise UsageError("--events needs the registry, which is not installed; give "
                         "--event-date instead") from None
    try:
        reg = Registry.open(db)
    except Exception as exc:  # a database that cannot be opened or built
        raise UsageError(f"cannot open the registry: {exc}") from None
    try:
        found = reg.resolve(query)
    except ValueError as exc:  # the registry's BadQuery
        raise UsageError(f"QUERY {query!r}: {exc}") from None
    if found.entity is None:
        if found.candidates:
            raise AmbiguousQuery(query, [f"{e.id:32} {e.name}" for e in found.candidates])
        raise UsageError(f"QUERY {query!r} is not in the registry; give --event-date instead")
    entity = found.entity
    specs = from_registry(reg.events(entity.id), names, entity.id, security)
    notes = [f"the registry has no {name!r} event for {entity.name}"
             for name in names if not any(s.kind == name for s in specs)]
    return entity.name, specs, notes


def impact_command(
    query: str,
    prices: Path,
    market: Path | None,
    events: str | None,
    event_date: list[str] | None,
    model: str,
    estimation: str,
    window: str,
    format: str,
    plot: Path | None,
    *,
    exchange: str | None = None,
    returns: str = "simple",
    db: Path | None = None,
    console: Console | None = None,
) -> int:
    """Run the study and print it; the exit code: 0 fine, 1 no event could be studied,
    2 bad input, 3 a QUERY that names several companies."""
    out = console or Console()
    err = Console(stderr=True)
    try:
        config = _config(format, model, estimation, window, returns, market)
        security = _load(prices)
        index = _load(market) if market is not None else None
        title, specs, notes = _study_events(query, events, event_date, security.label, db)
        result = run_study(security, index, specs, config, calendar=exchange)
    except AmbiguousQuery as exc:
        err.print(f"[yellow]ambiguous:[/yellow] {exc}:", highlight=False)
        for line in exc.candidates:
            err.print(f"  {line}", highlight=False)
        return 3
    except (UsageError, EventError, PriceFileError, CalendarError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        return 2
    for note in notes:
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    _print_result(query, title, result, format, out)
    if plot is not None and result.studied and not _write_plot(result, plot, title, err):
        return 2
    return 0 if result.studied else 1


def _config(fmt: str, model: str, estimation: str, window: str, returns: str,
            market: Path | None) -> StudyConfig:
    """The study's settings from the options; UsageError for a bad or missing one."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: use table, json or csv")
    if model not in MODELS or model == "factor":
        raise UsageError(f"--model {model!r}: use market, market-adjusted or constant-mean")
    config = StudyConfig(model=model,  # type: ignore[arg-type]
                         estimation=parse_estimation(estimation),
                         window=parse_days(window, "--window"),
                         returns=returns)  # type: ignore[arg-type]
    if market is None and model != "constant-mean":
        raise UsageError(f"--market is needed by the {model} model")
    return config


def _study_events(query: str, events: str | None, event_date: list[str] | None, security: str,
                  db: Path | None) -> tuple[str, list[EventSpec], list[str]]:
    """The title, the events to study (from the registry, then typed) and notes on the
    registry events missing; UsageError when there is none."""
    title = query
    specs: list[EventSpec] = []
    notes: list[str] = []
    if events:
        title, specs, notes = _registry_events(query, parse_event_names(events), security, db)
    specs += [parse_event_date(text) for text in event_date or []]
    if not specs:
        raise UsageError("no events: give --events (" + ",".join(EVENT_NAMES) +
                         ") or --event-date" + (f"; {'; '.join(notes)}" if notes else ""))
    return title, specs, notes


def _print_result(query: str, title: str, result: StudyResult, fmt: str, out: Console) -> None:
    """The result as JSON on stdout, or as the report on ``out``."""
    heading = f"{title}: market impact" if title else "Market impact"
    if fmt == "json":
        doc = {"query": query, "title": title, **result.to_dict()}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(_event_rows(result))
    else:
        print_report(result, heading, out)


def _event_rows(result: StudyResult) -> list[dict[str, Any]]:
    """One CSV row per event: when, day 0, CAR with its test, and why it was skipped."""
    keys = ("event", "kind", "when", "security", "calendar", "day0", "skipped", "car",
            "car_se", "car_t", "car_p")
    return [{k: e.get(k) for k in keys} for e in result.to_dict()["events"]]


def _write_plot(result: StudyResult, plot: Path, title: str, err: Console) -> bool:
    """Draw the plot to ``plot``; False, once said why, when it cannot be written."""
    try:
        from listguard.impact.plot import draw

        draw(result, plot, _plot_title(title, result))
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write the plot {plot}: {exc.strerror}")
        return False
    err.print(f"plot written to {plot}", highlight=False)
    return True


def _plot_title(title: str, result: StudyResult) -> str:
    """The plot's title: the query and the securities, or the securities alone."""
    names = ", ".join(result.series)
    return f"{title} ({names}): market reaction" if title and title != names else (
        f"{names}: market reaction")
