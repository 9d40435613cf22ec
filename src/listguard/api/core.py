"""``Listguard``: the application core every interface calls, and nothing else.

Open it once (``Listguard.open(db)``, default: ``settings.db_path()``), then ask::

    lg = Listguard.open()
    lg.check("Xiaomi", "buy", on="2021-03-16")          # CheckAnswer
    lg.status("1810 HK", on=date(2021, 3, 16))          # StatusAnswer
    lg.timeline("Xiaomi")                               # TimelineAnswer
    lg.lists(); lg.search("Xiaomi Corp"); lg.screen(frame)
    lg.update(["sdn.csv"]); lg.versions(); lg.diff("ofac-sdn")
    lg.watch(Path("book.csv")); lg.alerts(); lg.export(Path("out.ftm.json"))
    lg.impact(ImpactRequest(...))

Instants may be aware or naive datetimes (naive = New York wall time), ``pandas.Timestamp``,
dates (noon New York) or text (``2021-03-16``, ``2021-03-16T09:30-04:00``, ``now``).
Every answer is a typed object whose ``as_dict()`` is the README's JSON; every error a person
can cause is a :class:`~listguard.errors.ListguardError` carrying its exit code.

The registry opens on first use, so an ``impact`` study on typed dates never builds it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from listguard.api.answers import CheckAnswer, QueryKind
from listguard.api.check import Checker
from listguard.api.results import (
    DiffAnswer,
    ListSummary,
    SearchAnswer,
    StatusAnswer,
    TimelineAnswer,
    UpdateAnswer,
    VersionInfo,
    WatchAlerts,
    WatchSaved,
)
from listguard.errors import AmbiguousQuery, UsageError
from listguard.model import Activity, Entity, Verdict
from listguard.registry import Registry
from listguard.timeutil import Instant, as_instant, now

if TYPE_CHECKING:
    import pandas as pd

    from listguard.api.impact import ImpactAnswer, ImpactRequest
    from listguard.api.screening import Progress, ScreenFileRequest, ScreenFileResult
    from listguard.registry.versions import ImportPolicy
    from listguard.watching.outbox import Outcome, Pending, Policy


def parse_activity(value: str | Activity) -> Activity:
    """An :class:`Activity` from its name (``buy``, ``dod-contract`` ...); UsageError else."""
    if isinstance(value, Activity):
        return value
    try:
        return Activity(value.strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in Activity)
        raise UsageError(f"unknown activity {value!r}; choose one of: {choices}") from None


def instants(on: Instant | None, known_at: Instant | None) -> tuple[datetime, datetime | None]:
    """``on`` (default now) and ``known_at`` (default: everything known), read one way."""
    when = as_instant(on, what="--on") if on is not None and on != "" else now()
    known = (as_instant(known_at, what="--known-at")
             if known_at is not None and known_at != "" else None)
    return when, known


class Listguard:
    """The registry, opened once, and every question listguard answers about it."""

    def __init__(self, registry: Registry | None = None, db: str | Path | None = None) -> None:
        self._registry = registry
        self.db = db
        self._checker: Checker | None = None

    @classmethod
    def open(cls, db: str | Path | None = None) -> Listguard:
        """The core over the SQLite registry ``db`` (default ``settings.db_path()``)."""
        return cls(db=db)

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = Registry.open(self.db)
        return self._registry

    @property
    def checker(self) -> Checker:
        if self._checker is None or self._checker.reg is not self.registry:
            self._checker = Checker(self.registry)
        return self._checker

    # --- the legal questions ------------------------------------------------------------------

    def check(self, query: str, activity: str | Activity, on: Instant | None = None,
              known_at: Instant | None = None, *, holdings: Path | None = None) -> CheckAnswer:
        """May a US person do ``activity`` with ``query`` at ``on``? (:mod:`.check`)"""
        act = parse_activity(activity)
        when, known = instants(on, known_at)
        answer = self.checker.check(query, act, when, known)
        if holdings is not None:
            from listguard.api.funds import look_through

            answer = look_through(self.checker, answer, holdings)
        return answer

    def status(self, query: str, on: Instant | None = None,
               known_at: Instant | None = None) -> StatusAnswer:
        """Every membership and its state at ``on``, every activity's verdict."""
        when, known = instants(on, known_at)
        resolution = self.registry.resolve(query)
        if resolution.entity is not None:
            return StatusAnswer(query, when, known,
                                status=self.checker.status(resolution.entity.id, when, known))
        first = self.checker.check(query, Activity.BUY, when, known)
        if first.verdict in (Verdict.REVIEW, Verdict.UNKNOWN) and (
                first.candidates or first.kind is not QueryKind.NAME):
            return StatusAnswer(query, when, known, unresolved=first)
        checks = {act: self.checker.check(query, act, when, known) for act in Activity}
        return StatusAnswer(query, when, known, checks=checks)

    def resolve_one(self, query: str) -> Entity:
        """The one listed entity ``query`` names exactly; UsageError or AmbiguousQuery else."""
        resolution = self.registry.resolve(query)
        if resolution.entity is not None:
            return resolution.entity
        if resolution.candidates:
            raise AmbiguousQuery(query, [(e.id, e.name) for e in resolution.candidates])
        raise UsageError(f"no listed entity matches {query!r}")

    def timeline(self, query: str) -> TimelineAnswer:
        """The dated history of the entity ``query`` names, with citations."""
        entity = self.resolve_one(query)
        return TimelineAnswer(entity, self.registry.events(entity.id))

    def lists(self, on: Instant | None = None) -> list[ListSummary]:
        """Every list with its counts, newest version and coverage."""
        from listguard.api.lists import lists_summary

        return lists_summary(self.registry, instants(on, None)[0])

    # --- screening ----------------------------------------------------------------------------

    def search(self, name: str, *, limit: int = 5, ticker: str | None = None,
               isin: str | None = None, country: str | None = None, on: Instant | None = None,
               known_at: Instant | None = None) -> SearchAnswer:
        """The closest listed parties to ``name``, with their lists and buy verdict."""
        from listguard.api.screening import search

        when, known = instants(on, known_at)
        return search(self.registry, self.checker.matcher, name, limit=max(1, limit),
                      ticker=ticker, isin=isin, country=country, on=when, known_at=known)

    def screen(self, data: Sequence[str] | pd.DataFrame, *, on: Instant | None = None,
               known_at: Instant | None = None, **columns: str | None) -> pd.DataFrame:
        """Screen names or a DataFrame's rows (:func:`listguard.screening.api.screen`)."""
        from listguard.screening.adapter import registry_annotator
        from listguard.screening.api import screen

        when, known = instants(on, known_at)
        return screen(data, on=when, known_at=known, matcher=self.checker.matcher,
                      annotator=registry_annotator(self.registry), **columns)  # type: ignore[arg-type]

    def screen_file(self, request: ScreenFileRequest,
                    progress: Progress | None = None) -> ScreenFileResult:
        """Screen a file; write its rows with their decisions and the HTML report."""
        from listguard.api.screening import screen_file

        return screen_file(self.registry, self.checker, request, progress)

    # --- keeping the lists current ------------------------------------------------------------

    def update(self, sources: Sequence[str], *, published: date | None = None,
               policy: ImportPolicy | None = None, wait: float = 30.0) -> UpdateAnswer:
        """Import list files (paths, folders, URLs) as new versions: all or nothing."""
        from listguard.api.updates import update_sources

        self.registry.store.set_busy_timeout(wait)
        self._checker = None  # the names change: the matcher is built anew
        return UpdateAnswer(update_sources(self.registry, sources, published=published,
                                           policy=policy))

    def versions(self, list_id: str | None = None) -> list[VersionInfo]:
        """Imported versions, oldest first (of one list, or of all)."""
        return [VersionInfo(**row) for row in self.registry.store.version_rows(list_id)]

    def diff(self, list_id: str, from_version: int | None = None,
             to_version: int | None = None) -> DiffAnswer:
        """What changed between two versions of a list (default: the two newest)."""
        from listguard.api.updates import diff

        return diff(self.registry, list_id, from_version, to_version)

    def export(self, out: Path) -> int:
        """Write the registry as FollowTheMoney JSON lines; the number of entities."""
        from listguard.reports.ftm_export import export_registry

        with out.open("w", encoding="utf-8") as fh:
            return export_registry(self.registry, fh)

    # --- watching -----------------------------------------------------------------------------

    def watch(self, portfolio: Path, name: str | None = None) -> WatchSaved:
        """Save a portfolio to watch; ``alerts`` then says what list updates changed for it."""
        from listguard.watching.watch import save_watch

        saved = save_watch(self.registry, portfolio, name)
        return WatchSaved(saved["watch"], saved["holdings"])

    def alerts(self, *, days: int = 30, on: Instant | None = None,
               for_webhook: bool = False) -> list[WatchAlerts]:
        """New alerts per watch (queued in the outbox; shown now unless ``for_webhook``)."""
        from listguard.watching import outbox
        from listguard.watching.watch import record_alerts

        when = instants(on, None)[0] if on is not None and on != "" else None
        found = record_alerts(self.registry, days=days, on=when,
                              channel=None if for_webhook else outbox.TERMINAL)
        return [WatchAlerts(w["watch"], w["checked"], w["alerts"]) for w in found]

    def pending_alerts(self) -> list[Pending]:
        """Alerts queued and not yet delivered, oldest first."""
        from listguard.watching import outbox

        return outbox.pending(self.registry.store)

    def deliver_alerts(self, url: str, policy: Policy,
                       report: Callable[[str], None] = lambda _: None) -> Outcome:
        """POST every pending alert to ``url`` (at least once, signed when a secret is set)."""
        from listguard.watching import outbox

        return outbox.deliver(self.registry.store, outbox.check_url(url),
                              self.pending_alerts(), policy, report)

    # --- markets ------------------------------------------------------------------------------

    def impact(self, request: ImpactRequest) -> ImpactAnswer:
        """The event study: abnormal returns around the entity's listing events."""
        from listguard.api.impact import run_impact

        return run_impact(request, lambda: self.registry)
