"""``impact`` in the core: the event study on a company's registry events or typed dates.

Events come from the registry (``events``: listing, injunction, vacated ...) or are typed
(``event_dates``: ``2021-05-11=agreement to vacate``). A typed date is a US date, like the
registry's; a time with an offset is taken literally. See :mod:`listguard.impact.calendars`
for how day 0 is chosen. Every bad value is a :class:`~listguard.errors.UsageError` (or the
study's own :class:`~listguard.errors.ListguardError`) naming the option at fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from listguard.errors import AmbiguousQuery, UsageError
from listguard.impact import demo
from listguard.impact.event_names import EVENT_NAMES
from listguard.impact.events import EventSpec, from_registry, parse_event_date, parse_event_names
from listguard.impact.models import MODELS
from listguard.impact.prices import PriceSeries, load_prices
from listguard.impact.results import StudyConfig, StudyResult
from listguard.impact.study import run_study
from listguard.registry import Registry

_PAIR = re.compile(r"^\s*\[?\s*([^,\[\]]+?)\s*,\s*([^,\[\]]+?)\s*\]?\s*$")


@dataclass(frozen=True)
class ImpactRequest:
    """An event study: the security, the market, the events and the model."""

    query: str
    """The company whose registry events ``events`` picks; with typed dates only, a title."""
    prices: Path
    """Daily prices of the security (``demo:1810.HK`` names a shipped file)."""
    market: Path | None = None
    events: str | None = None
    """Registry events, comma-separated (:data:`EVENT_NAMES`)."""
    event_dates: tuple[str, ...] = ()
    model: str = "market"
    estimation: str = "-250,-11"
    window: str = "-1,1"
    returns: str = "simple"
    exchange: str | None = None


@dataclass
class ImpactAnswer:
    """The study's result, its title (the entity's name) and notes on events it lacks."""

    request: ImpactRequest
    title: str
    result: StudyResult
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"query": self.request.query, "title": self.title, **self.result.to_dict()}


def run_impact(req: ImpactRequest, registry: Callable[[], Registry]) -> ImpactAnswer:
    """Run the study; ``registry`` opens the registry, and is called only for ``events``."""
    config = study_config(req)
    security = load(req.prices)
    index = load(req.market) if req.market is not None else None
    title, specs, notes = _study_events(req, security.label, registry)
    result = run_study(security, index, specs, config, calendar=req.exchange)
    return ImpactAnswer(req, title, result, notes)


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


def load(path: Path, name: str = "") -> PriceSeries:
    """A price file (``demo:`` names a shipped one); UsageError if there is none such."""
    try:
        resolved = demo.resolve(path)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    return load_prices(resolved, name or resolved.stem)


def study_config(req: ImpactRequest) -> StudyConfig:
    """The study's settings from the request; UsageError for a bad or missing one."""
    if req.model not in MODELS or req.model == "factor":
        raise UsageError(f"--model {req.model!r}: use market, market-adjusted or "
                         "constant-mean")
    if req.returns not in ("simple", "log"):
        raise UsageError(f"--returns {req.returns!r}: use simple or log")
    config = StudyConfig(model=req.model,  # type: ignore[arg-type]
                         estimation=parse_estimation(req.estimation),
                         window=parse_days(req.window, "--window"),
                         returns=req.returns)  # type: ignore[arg-type]
    if req.market is None and req.model != "constant-mean":
        raise UsageError(f"--market is needed by the {req.model} model")
    return config


def _study_events(req: ImpactRequest, security: str, registry: Callable[[], Registry]
                  ) -> tuple[str, list[EventSpec], list[str]]:
    """The title, the events to study (from the registry, then typed) and notes on the
    registry events missing; UsageError when there is none."""
    title, specs, notes = req.query, list[EventSpec](), list[str]()
    if req.events:
        names = parse_event_names(req.events)
        title, specs, notes = _registry_events(req.query, names, security, registry())
    specs += [parse_event_date(text) for text in req.event_dates]
    if not specs:
        raise UsageError("no events: give --events (" + ",".join(EVENT_NAMES) +
                         ") or --event-date" + (f"; {'; '.join(notes)}" if notes else ""))
    return title, specs, notes


def _registry_events(query: str, names: list[str], security: str,
                     reg: Registry) -> tuple[str, list[EventSpec], list[str]]:
    """The entity's name, its events named by ``names``, and notes on names it lacks."""
    found = reg.resolve(query)
    if found.entity is None:
        if found.candidates:
            raise AmbiguousQuery(query, [(e.id, e.name) for e in found.candidates])
        raise UsageError(f"QUERY {query!r} is not in the registry; give --event-date instead")
    entity = found.entity
    specs = from_registry(reg.events(entity.id), names, entity.id, security)
    notes = [f"the registry has no {name!r} event for {entity.name}"
             for name in names if not any(s.kind == name for s in specs)]
    return entity.name, specs, notes
