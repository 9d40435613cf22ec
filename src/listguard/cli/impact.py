"""``listguard impact``: registered without importing the study's dependencies (pandas, scipy,
exchange calendars); they load, with :mod:`.impact_run`, when the command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from listguard.impact.event_names import EVENT_NAMES


def register(app: typer.Typer) -> None:
    """Add the ``impact`` command to ``app``."""

    @app.command("impact")
    def impact(
        query: Annotated[str, typer.Argument(
            help="Company (name, ticker or ISIN) whose registry events --events picks; "
                 "with --event-date only, just a title.")],
        prices: Annotated[Path, typer.Option(
            "--prices", help="Daily prices of the security: CSV or Parquet with a date and a "
                             "close column (demo:1810.HK for the shipped demo).")],
        market: Annotated[Path | None, typer.Option(
            "--market", help="Daily prices of the market index (demo:HSI).")] = None,
        events: Annotated[str | None, typer.Option(
            "--events", help="Registry events, comma-separated: " + ", ".join(EVENT_NAMES)
                             + ".")] = None,
        event_date: Annotated[list[str] | None, typer.Option(
            "--event-date", help="An event: a US date (2021-05-11) or a time with offset "
                                 "(2021-01-14T19:00-05:00), optionally =LABEL. Repeatable.")]
        = None,
        model: Annotated[str, typer.Option(
            "--model", help="market, market-adjusted or constant-mean.")] = "market",
        estimation: Annotated[str, typer.Option(
            "--estimation", help="Estimation window: trading days around day 0 (-250,-11) "
                                 "or two dates.")] = "-250,-11",
        window: Annotated[str, typer.Option(
            "--window", help="Event window in trading days around day 0.")] = "-1,1",
        format: Annotated[str, typer.Option(
            "--format", help="table, json or csv (checked with the study's other options, so "
            "a bad value is one line).")] = "table",
        plot: Annotated[Path | None, typer.Option(
            "--plot", help="Draw the CAR paths and the prices to this PNG.")] = None,
        exchange: Annotated[str | None, typer.Option(
            "--exchange", help="The security's exchange calendar (XHKG, XSHG, XNYS, HK, SZ, "
                               "...); guessed from the file name or dates if not given.")]
        = None,
        returns: Annotated[str, typer.Option(
            "--returns", help="simple or log returns.")] = "simple",
    ) -> None:
        """Event study: abnormal returns around listing, court and delisting events."""
        from listguard.cli.context import core
        from listguard.cli.impact_run import impact_command

        code = impact_command(query, prices, market, events, event_date, model, estimation,
                              window, format, plot, exchange=exchange, returns=returns,
                              lg=core())
        if code:
            raise typer.Exit(code)
