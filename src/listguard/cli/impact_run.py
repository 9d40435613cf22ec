"""``listguard impact``: the event study on the command line.

    listguard impact Xiaomi --prices demo:1810.HK --market demo:HSI \\
        --events listing,injunction,vacated --plot xiaomi.png

The study runs in the core (:mod:`listguard.api.impact`); this module prints it. Events come
from the registry (``--events``; the registry opens only then) or are typed (``--event-date
2021-05-11=agreement to vacate``; repeatable).

Bad input prints one line naming the file, line or option at fault and exits with code 2;
a QUERY that names several companies exits with 3 (as the rest of ``listguard``); exit code
1 means that no event could be studied.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from listguard.api.core import Listguard
from listguard.api.impact import ImpactAnswer, ImpactRequest
from listguard.errors import EXIT_BAD_INPUT, AmbiguousQuery, ListguardError, UsageError
from listguard.impact.report import print_report
from listguard.impact.results import StudyResult
from listguard.reports.csvout import write_csv

FORMATS = ("table", "json", "csv")


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
    lg: Listguard | None = None,
) -> int:
    """Run the study and print it; the exit code: 0 fine, 1 no event could be studied,
    2 bad input, 3 a QUERY that names several companies."""
    out = console or Console()
    err = Console(stderr=True)
    request = ImpactRequest(query, prices, market, events, tuple(event_date or ()), model,
                            estimation, window, returns, exchange)
    try:
        if format not in FORMATS:
            raise UsageError(f"--format {format!r}: use table, json or csv")
        answer = (lg or Listguard.open(db)).impact(request)
    except AmbiguousQuery as exc:
        err.print(f"[yellow]ambiguous:[/yellow] {escape(str(exc))}:", highlight=False)
        for entity_id, name in exc.candidates:
            err.print(f"  {entity_id:32} {escape(name)}", highlight=False)
        return exc.exit_code
    except (ListguardError, ValueError) as exc:  # ValueError: a study setting out of range
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return getattr(exc, "exit_code", EXIT_BAD_INPUT)
    for note in answer.notes:
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    _print_result(answer, format, out)
    result, title = answer.result, answer.title
    if plot is not None and result.studied and not _write_plot(result, plot, title, err):
        return EXIT_BAD_INPUT
    return 0 if result.studied else 1


def _print_result(answer: ImpactAnswer, fmt: str, out: Console) -> None:
    """The result as JSON or CSV on stdout, or as the report on ``out``."""
    title = answer.title
    heading = f"{title}: market impact" if title else "Market impact"
    if fmt == "json":
        sys.stdout.write(json.dumps(answer.as_dict(), indent=2, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(_event_rows(answer.result))
    else:
        print_report(answer.result, heading, out)


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
