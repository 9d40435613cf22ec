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
from typing import TYPE_CHECKING, Any

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
from listguard.errors import AmbiguousQuery, NotFound, UsageError
from listguard.model import Activity, Entity, Verdict
from listguard.registry import Registry
from listguard.timeutil import BadWhen, Instant, as_instant, now

if TYPE_CHECKING:
    import pandas as pd

    from listguard.api.audit import Replay
    from listguard.api.impact import ImpactAnswer, ImpactRequest
    from listguard.api.screening import Progress, ScreenFileRequest, ScreenFileResult
    from listguard.news.reading import NewsReader, Reading
    from listguard.registry.audit import Verdict as AuditVerdict
    from listguard.registry.decisions import Decision
    from listguard.registry.keys import ApiKey
    from listguard.registry.proposals import Proposal
    from listguard.registry.versions import ImportPolicy
    from listguard.spark.job import SparkRequest, SparkRun
    from listguard.watching.outbox import Outcome, Pending, Policy


def cli_actor() -> str:
    """The actor a command-line call is recorded as: ``cli:<user>``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def _brief(answer: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of an answer: the verdicts, the entity, the candidates; not the
    coverage tables, which the basis of the record already pins down."""
    keep = ("verdict", "confirmed", "entity", "lists", "message", "candidates", "verdicts",
            "memberships", "query_kind")
    return {k: v for k, v in answer.items() if k in keep}


def screening_digest(rows: pd.DataFrame) -> dict[str, Any]:
    """A screening's answer for the audit trail: the counts and the SHA-256 of its rows."""
    import hashlib

    from listguard.screening.api import flagged_by_listing, summarize

    digest = hashlib.sha256(rows.to_csv(index=True).encode("utf-8")).hexdigest()
    return {"counts": summarize(rows), "flagged": flagged_by_listing(rows),
            "rows_sha256": digest}


def parse_activity(value: str | Activity) -> Activity:
    """An :class:`Activity` from its name (``buy``, ``dod-contract`` ...); UsageError else."""
    if isinstance(value, Activity):
        return value
    try:
        return Activity(value.strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in Activity)
        raise UsageError(f"unknown activity {value!r}; choose one of: {choices}",
                         field="action") from None


def instants(on: Instant | None, known_at: Instant | None) -> tuple[datetime, datetime | None]:
    """``on`` (default now) and ``known_at`` (default: everything known), read one way."""
    return (_instant(on, "on") or now()), _instant(known_at, "known_at")


def _instant(value: Instant | None, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        return as_instant(value, what="--" + field.replace("_", "-"))
    except BadWhen as exc:
        raise UsageError(str(exc), field=field) from None


class Listguard:
    """The registry, opened once, and every question listguard answers about it.

    ``actor`` is who asks (a service key's id, else ``cli:<user>``): the audit trail names
    it. Changes (imports, decisions, keys) are always recorded in the audit trail; answers
    (check, status, timeline, search, screen) too when ``audit_reads`` (the service's case).
    """

    def __init__(self, registry: Registry | None = None, db: str | Path | None = None, *,
                 actor: str | None = None, audit_reads: bool = False) -> None:
        self._registry = registry
        self.db = db
        self._checker: Checker | None = None
        self._news: NewsReader | None = None
        self.actor = actor or cli_actor()
        self.audit_reads = audit_reads

    @classmethod
    def open(cls, db: str | Path | None = None, *, actor: str | None = None,
             audit_reads: bool = False) -> Listguard:
        """The core over the registry ``db``: a SQLite file (default
        ``settings.db_path()``) or a PostgreSQL URL."""
        return cls(db=db, actor=actor, audit_reads=audit_reads)

    def as_actor(self, actor: str) -> Listguard:
        """The same registry (and built matcher), asked by someone else."""
        other = Listguard(self._registry, self.db, actor=actor, audit_reads=self.audit_reads)
        other._checker = self._checker
        return other

    def _audit(self, action: str, what: Callable[[], tuple[Any, Any]], *,
               read: bool = True) -> None:
        """Record ``what()`` (the request and the answer) as ``action``: always for a
        change, for an answer only when ``audit_reads`` (``what`` is not even called)."""
        if self.audit_reads or not read:
            from listguard.api.audit import record

            request, answer = what()
            record(self.registry, self.actor, action, request, answer)

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
        self._audit("check", lambda: (
            {"activity": act.value, "query": query, "on": when.isoformat(),
             "known_at": known.isoformat() if known else None,
             "holdings": str(holdings) if holdings else None},
            _brief(answer.as_dict())))
        return answer

    def status(self, query: str, on: Instant | None = None,
               known_at: Instant | None = None) -> StatusAnswer:
        """Every membership and its state at ``on``, every activity's verdict."""
        when, known = instants(on, known_at)
        answer = self._status(query, when, known)
        self._audit("status", lambda: (
            {"query": query, "on": when.isoformat(),
             "known_at": known.isoformat() if known else None},
            _brief(answer.as_dict())))
        return answer

    def _status(self, query: str, when: datetime, known: datetime | None) -> StatusAnswer:
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

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; NotFound else."""
        try:
            return self.registry.entity(entity_id)
        except KeyError:
            raise NotFound(f"no listed entity {entity_id!r}") from None

    def entity_status(self, entity_id: str, on: Instant | None = None,
                      known_at: Instant | None = None) -> StatusAnswer:
        """``status`` for an entity named by its id."""
        entity = self.entity(entity_id)
        when, known = instants(on, known_at)
        answer = StatusAnswer(entity_id, when, known,
                              status=self.checker.status(entity.id, when, known))
        self._audit("status", lambda: (
            {"entity_id": entity_id, "on": when.isoformat(),
             "known_at": known.isoformat() if known else None},
            _brief(answer.as_dict())))
        return answer

    def entity_timeline(self, entity_id: str) -> TimelineAnswer:
        """``timeline`` for an entity named by its id."""
        entity = self.entity(entity_id)
        answer = TimelineAnswer(entity, self.registry.events(entity.id))
        self._audit("timeline", lambda: (
            {"entity_id": entity_id}, {"entity": entity.id, "events": len(answer.events)}))
        return answer

    def timeline(self, query: str) -> TimelineAnswer:
        """The dated history of the entity ``query`` names, with citations."""
        entity = self.resolve_one(query)
        answer = TimelineAnswer(entity, self.registry.events(entity.id))
        self._audit("timeline", lambda: (
            {"query": query}, {"entity": entity.id, "events": len(answer.events)}))
        return answer

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
        answer = search(self.registry, self.checker.matcher, name, limit=max(1, limit),
                        ticker=ticker, isin=isin, country=country, on=when, known_at=known)
        self._audit("search", lambda: (
            {"q": name, "ticker": ticker, "isin": isin, "country": country,
             "on": when.isoformat(), "limit": limit},
            {"hits": [(h.hit.entity_id, h.hit.score) for h in answer.hits]}))
        return answer

    def screen(self, data: Sequence[str] | pd.DataFrame, *, on: Instant | None = None,
               known_at: Instant | None = None, kind: str | None = None,
               progress: bool | Callable[[int], None] | None = None,
               **columns: str | None) -> pd.DataFrame:
        """Screen names or a DataFrame's rows (:func:`listguard.screening.api.screen`);
        ``columns`` name them (``name_column``, ``country_column`` ...)."""
        from listguard.screening.adapter import registry_annotator
        from listguard.screening.api import screen

        when, known = instants(on, known_at)
        rows = screen(data, on=when, known_at=known, kind=kind, progress=progress,
                      matcher=self.checker.matcher,
                      annotator=registry_annotator(self.registry),
                      **columns)  # type: ignore[arg-type]
        self._audit("screen", lambda: (
            {"rows": len(rows), "on": when.isoformat(),
             "known_at": known.isoformat() if known else None,
             "columns": {k: v for k, v in columns.items() if v}},
            screening_digest(rows)))
        return rows

    def screen_file(self, request: ScreenFileRequest,
                    progress: Progress | None = None) -> ScreenFileResult:
        """Screen a file; write its rows with their decisions and the HTML report."""
        from listguard.api.screening import screen_file

        result = screen_file(self.registry, self.checker, request, progress)
        self._audit("screen", lambda: (
            {"file": str(request.file), "rows": len(result.rows),
             "on": request.on.isoformat()},
            screening_digest(result.rows)))
        return result

    def screen_spark(self, request: SparkRequest) -> SparkRun:
        """Screen files or folders on Apache Spark (:mod:`listguard.spark.job`): the rows
        and a manifest of the run (list versions, engine, counts) written to the output."""
        from listguard.api.audit import basis
        from listguard.spark.job import run

        result = run(self.registry, self.checker.matcher, request, basis=basis(self.registry))
        manifest = result.manifest
        self._audit("screen", lambda: (
            {"input": request.input, "out": request.out, "engine": "spark",
             "on": request.on.isoformat(),
             "known_at": request.known_at.isoformat() if request.known_at else None},
            {k: manifest[k] for k in ("run_id", "rows", "counts", "flagged", "errors",
                                      "rows_xxhash64_sum")}))
        return result

    # --- keeping the lists current ------------------------------------------------------------

    def update(self, sources: Sequence[str], *, published: date | None = None,
               policy: ImportPolicy | None = None, wait: float = 30.0) -> UpdateAnswer:
        """Import list files (paths, folders, URLs) as new versions: all or nothing."""
        from listguard.api.updates import update_sources

        self.registry.store.set_busy_timeout(wait)
        self._checker = None  # the names change: the matcher is built anew
        answer = UpdateAnswer(update_sources(self.registry, sources, published=published,
                                             policy=policy))
        self._audit("import", lambda: (
            {"sources": [str(s) for s in sources],
             "published": published.isoformat() if published else None},
            answer.rows()), read=False)
        return answer

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

    # --- reviewers and the audit trail ---------------------------------------------------------

    def decide(self, values: dict[str, Any], entity_id: str, outcome: str, comment: str = ""
               ) -> Decision:
        """Record a reviewer's decision (cleared, confirmed, escalated) about an input (its
        name and the attributes screened) against a listed party."""
        from listguard.api.decisions import decide

        found = decide(self.registry, values, entity_id, outcome, comment, self.actor)
        self._audit("decide", lambda: (
            {"input": found.input, "entity_id": entity_id,
             "decision": found.decision.value, "comment": found.comment},
            found.as_dict()), read=False)
        return found

    def resolve_decisions(self, rows: pd.DataFrame, columns: dict[str, str | None]
                          ) -> pd.DataFrame:
        """Screened rows with the reviewers' earlier decisions applied (:mod:`.decisions`)."""
        from listguard.api.decisions import resolve

        return resolve(self.registry, rows, columns)

    def create_key(self, name: str, role: str) -> tuple[ApiKey, str]:
        """A new service key (its record and the key, shown once)."""
        from listguard.registry import keys

        try:
            chosen = keys.Role(role)
        except ValueError:
            raise UsageError(f"unknown role {role!r}; use viewer, analyst or admin",
                             field="role") from None
        if not name.strip():
            raise UsageError("a key needs a --name", field="name")
        key, secret = keys.create(self.registry.store, name.strip(), chosen)
        self._audit("key.create", lambda: (
            {"name": key.name, "role": key.role.value}, key.as_dict()), read=False)
        return key, secret

    def api_keys(self) -> list[ApiKey]:
        from listguard.registry import keys

        return keys.all_keys(self.registry.store)

    def revoke_key(self, key_id: str) -> None:
        from listguard.registry import keys

        if not keys.revoke(self.registry.store, key_id):
            raise UsageError(f"no live key {key_id!r}")
        self._audit("key.revoke", lambda: ({"id": key_id}, {"revoked": key_id}), read=False)

    def audit_verify(self) -> AuditVerdict:
        from listguard.api.audit import verify

        return verify(self.registry)

    def audit_export(self, fmt: str = "jsonl", *, since: Instant | None = None,
                     until: Instant | None = None) -> str:
        from listguard.api.audit import EXPORT_FORMATS, export

        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"--format {fmt!r}: use jsonl or csv")
        start = as_instant(since, what="--from") if since not in (None, "") else None
        end = as_instant(until, what="--to") if until not in (None, "") else None
        return export(self.registry, fmt, since=start, until=end)

    def audit_replay(self, seq: int) -> Replay:
        """Ask a recorded check again, as known at its time and as known now."""
        from listguard.api.audit import replay

        def ask(request: dict[str, Any], known_at: datetime | None) -> dict[str, Any]:
            known = request.get("known_at") or known_at
            return self.checker.check(request["query"], parse_activity(request["activity"]),
                                      as_instant(request["on"]),
                                      as_instant(known) if known else None).as_dict()

        return replay(self.registry, seq, ask)

    # --- news and notices (api/news.py) ------------------------------------------------------

    @property
    def news_reader(self) -> NewsReader:
        """The gazetteer over the registry's names and the screening matcher (built once)."""
        from listguard.news.reading import NewsReader

        if self._news is None or self._news.reg is not self.registry:
            self._news = NewsReader(self.registry, self.checker.matcher)
        return self._news

    def news_read(self, source: str, *, published: date | None = None,
                  propose: bool = False) -> Reading:
        """The listed parties and claims of one article or notice, each claim checked;
        with ``propose``, its new claims kept as proposed events."""
        from listguard.api import news
        from listguard.news.documents import read_document

        reading = news.read(self.news_reader, read_document(source, published=published))
        if propose:
            self.news_propose(reading)
        return reading

    def news_watch(self, sources: Sequence[str], *, published: date | None = None
                   ) -> list[Reading]:
        """Read every document of feeds (RSS/Atom), folders and files; propose what is new."""
        from listguard.api import news
        from listguard.news.feeds import documents

        out = []
        for source in sources:
            for doc in documents(source):
                if published is not None and doc.published is None:
                    doc.published = published
                if doc.text.strip():
                    reading = news.read(self.news_reader, doc)
                    self.news_propose(reading)
                    out.append(reading)
        return out

    def news_propose(self, reading: Reading) -> None:
        """Keep the new claims of ``reading`` as proposed events (audited)."""
        from listguard.api import news

        made = news.propose(self.registry, reading, self.actor)
        if any(new for _, new in made):
            self._audit("news.propose", lambda: (
                {"source": reading.document.source},
                {**news.brief(reading), "new": [p.id for p, new in made if new]}), read=False)

    def news_review(self, status: str | None = "proposed") -> list[Proposal]:
        """Proposed events (of one status: proposed, accepted, rejected; or all)."""
        from listguard.api import news

        return news.review(self.registry, status)

    def news_decide(self, pid: str, accept: bool, comment: str = "",
                    citation: str | None = None) -> Proposal:
        """Accept a proposal (its event enters the registry, UNCONFIRMED unless an official
        ``citation`` is given) or reject it (a comment is required)."""
        from listguard.api import news

        found = news.decide(self.registry, pid, accept, self.actor, comment, citation)
        self._checker, self._news = None, None  # the events changed
        self._audit("news.accept" if accept else "news.reject", lambda: (
            {"id": pid, "comment": comment, "citation": citation}, found.as_dict()), read=False)
        return found

    def news_attach(self, pid: str, citation: str) -> Proposal:
        """Attach an official citation to an accepted proposal: its event is confirmed."""
        from listguard.api import news

        found = news.attach(self.registry, pid, citation)
        self._checker = None
        self._audit("news.attach", lambda: ({"id": pid, "citation": citation},
                                            found.as_dict()), read=False)
        return found

    # --- markets ------------------------------------------------------------------------------

    def impact(self, request: ImpactRequest) -> ImpactAnswer:
        """The event study: abnormal returns around the entity's listing events."""
        from listguard.api.impact import run_impact

        return run_impact(request, lambda: self.registry)
