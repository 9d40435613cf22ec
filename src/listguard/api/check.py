"""``check``: may a US person do ACTIVITY with QUERY at an instant? The fail-safe answer.

A query meets the registry in one of four ways, and each has its answer:

=====================================  ==========================================================
the query …                            the verdict
=====================================  ==========================================================
names one entity exactly               the rules' verdict for it (fail-safe where the data ends:
                                       :mod:`listguard.rules.failsafe`); ``review`` when the name
                                       also matches (at the match threshold) another listed
                                       entity whose verdict differs (Megvii, CNOOC)
names several entities exactly,        ``review``: the candidates, each with its verdict
or none but resembles some
is an identifier that names nothing    ``unknown``: the registry holds identifiers only for
(ISIN, LEI, ticker)                    listed companies and cannot tell who issued it
names a fund or ETF                    ``unknown`` (OFAC FAQ 861): give its holdings, and the
                                       fund is answered from them (:mod:`.funds`)
names nothing and resembles nothing    ``allowed`` where the deciding lists' data covers the
                                       instant, else ``unknown``; the coverage is shown
=====================================  ==========================================================

Exit codes follow the verdict: 0 ``allowed``, ``license_required`` or ``prohibited``
(answered); 3 ``review``; 4 ``unknown``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from listguard.api.answers import (
    EXIT_CODES,
    FUND_CITATION,
    Candidate,
    CheckAnswer,
    QueryKind,
)
from listguard.matching.thresholds import MATCH_THRESHOLD, REVIEW_THRESHOLD
from listguard.model import Activity, Coverage, Entity, Reason, Verdict, most_severe
from listguard.normalize import isin_valid, ticker_key
from listguard.registry import Registry
from listguard.rules import EntityStatus, assess_entity, failsafe, oisp
from listguard.rules.base import SECURITIES

if TYPE_CHECKING:
    from listguard.matching.matcher import Matcher

CANDIDATES = 5
"""How many candidates a ``review`` answer shows at most."""


_ISIN_SHAPE = re.compile(r"^[A-Z]{2}[A-Z0-9]{9}[0-9]$")
_LEI_SHAPE = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_BARE_TICKER = re.compile(r"^[A-Z]{1,5}$|^[0-9]{1,6}$")
_CODE = re.compile(r"^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9]{2,12}$")
"""One word of letters and digits (``DP3K``, ``43LH1C``): an exchange or vendor code."""
_FUND_WORDS = re.compile(
    r"\b(etfs?|etns?|funds?|ucits|sicav|oeic|unit trust|index trust|ishares|spdr|"
    r"exchange[- ]traded)\b", re.IGNORECASE)
def classify(query: str) -> QueryKind:
    """ISIN (any check digit), LEI, fund or ETF (by its words), ticker (a market suffix, a
    number, 1-5 capitals as typed, or one word mixing letters and digits), else a name."""
    text = query.strip()
    compact = "".join(text.split()).upper()
    if _ISIN_SHAPE.match(compact) and any(ch.isdigit() for ch in compact[2:11]):
        return QueryKind.ISIN
    if _LEI_SHAPE.match(compact) and sum(ch.isdigit() for ch in compact) >= 6:
        return QueryKind.LEI
    if _FUND_WORDS.search(text):
        return QueryKind.FUND
    parsed = ticker_key(text)
    if parsed is not None and (parsed[1] is not None or _BARE_TICKER.match(text)):
        return QueryKind.TICKER
    if _CODE.match(text):
        return QueryKind.TICKER
    return QueryKind.NAME


class Checker:
    """Answers ``check`` questions over one registry (its matcher built once, on first need)."""

    def __init__(self, reg: Registry, matcher: Matcher | None = None) -> None:
        self.reg = reg
        self._matcher = matcher
        self._coverage: dict[datetime | None, dict[str, Coverage]] = {}

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            from listguard.screening.adapter import matcher_from_registry

            self._matcher = matcher_from_registry(self.reg)
        return self._matcher

    def coverage(self, known_at: datetime | None) -> dict[str, Coverage]:
        if known_at not in self._coverage:
            self._coverage[known_at] = self.reg.coverage(known_at)
        return self._coverage[known_at]

    def status(self, entity_id: str, on: datetime, known_at: datetime | None) -> EntityStatus:
        return assess_entity(self.reg, entity_id, on, known_at, self.coverage(known_at))

    # --- the answer ---------------------------------------------------------------------------

    def check(self, query: str, activity: Activity, on: datetime,
              known_at: datetime | None = None) -> CheckAnswer:
        """The fail-safe answer for ``query`` (see the module doc)."""
        resolution = self.reg.resolve(query)
        kind = classify(query)
        base = CheckAnswer(query, activity, on, known_at, Verdict.ALLOWED, "", kind, resolution)
        if resolution.entity is not None:
            return self._resolved(base, resolution.entity)
        if resolution.candidates:
            cands = [self._candidate(e, 1.0, e.name, "the same exact name", base)
                     for e in resolution.candidates]
            return self._review(base, cands, f"{query!r} names {len(cands)} listed entities "
                                "exactly")
        if kind is QueryKind.FUND and activity in SECURITIES and self._securities_rule(base):
            return self._fund(base)
        if kind in (QueryKind.NAME, QueryKind.TICKER, QueryKind.FUND):
            cands = self._resembling(base, REVIEW_THRESHOLD, exclude="")
            if cands:
                return self._review(base, cands, f"{query!r} names no listed entity exactly "
                                    "but resembles")
        if kind is not QueryKind.NAME and kind is not QueryKind.FUND:
            return self._unresolved_identifier(base)
        return self._unlisted(base)

    def _resolved(self, answer: CheckAnswer, entity: Entity) -> CheckAnswer:
        status = self.status(entity.id, answer.on, answer.known_at)
        answer.status = status
        answer.verdict = status.verdicts[answer.activity]
        answer.reasons = status.reasons[answer.activity]
        answer.coverage = status.coverage
        answer.gaps = status.gaps(answer.activity)
        decisive = next((r for r in answer.reasons if r.verdict is answer.verdict), None)
        answer.message = (f"{answer.activity.value} {entity.name}: {answer.verdict.value}"
                          + (f" — {decisive.rule}" if decisive else ""))
        if answer.resolution.matched_by == "name":
            others = self._resembling(answer, MATCH_THRESHOLD, exclude=entity.id)
            if any(c.verdict is not answer.verdict for c in others):
                chosen = self._candidate(entity, 1.0, entity.name, "exact name", answer)
                return self._review(answer, [chosen, *others],
                                    f"{answer.query!r} names {entity.name} exactly but also "
                                    "matches listed entities whose answer differs:")
            answer.also_matches = others
            if others:
                answer.message += "; the name also matches " + "; ".join(
                    f"{c.entity.name} ({c.verdict.value})" for c in others)
        if not answer.confirmed:
            answer.message += " (rests on a fact marked UNCONFIRMED)"
        return answer

    def _resembling(self, answer: CheckAnswer, threshold: float, exclude: str
                    ) -> list[Candidate]:
        """Listed entities whose names are as alike as ``threshold``: the names' evidence
        (:attr:`Hit.evidence`), not the screening score, whose limits (a one-word name is at
        most a review) serve precision where ``check`` must serve caution."""
        hits = self.matcher.match(answer.query, limit=2 * CANDIDATES + 1)
        hits.sort(key=lambda h: -h.evidence)
        return [self._candidate(self.reg.entity(h.entity_id), h.evidence, h.matched_name,
                                h.explain(), answer)
                for h in hits if h.evidence >= threshold and h.entity_id != exclude
                ][:CANDIDATES]

    def _candidate(self, entity: Entity, score: float, matched: str, why: str,
                   answer: CheckAnswer) -> Candidate:
        status = self.status(entity.id, answer.on, answer.known_at)
        return Candidate(entity, score, matched, why, status.verdicts[answer.activity],
                         tuple(status.lists_in_force))

    def _review(self, answer: CheckAnswer, cands: list[Candidate], lead: str) -> CheckAnswer:
        answer.verdict = Verdict.REVIEW
        answer.candidates = cands
        answer.status = None
        answer.reasons = [Reason("", "resolution", "the query does not name one listed entity "
                                 "exactly: choose among the candidates", Verdict.REVIEW)]
        self._with_coverage(answer)
        answer.message = f"review: {lead} " + "; ".join(
            f"{c.entity.name} ({c.score:.2f}): {c.verdict.value}" for c in cands)
        return answer

    def _unresolved_identifier(self, answer: CheckAnswer) -> CheckAnswer:
        what = answer.kind.value.upper() if answer.kind is not QueryKind.TICKER else "ticker"
        problem = ("" if answer.kind is not QueryKind.ISIN or isin_valid(answer.query)
                   else " (and its check digit is wrong: a typo?)")
        answer.verdict = Verdict.UNKNOWN
        answer.reasons = [Reason(
            "", "resolution", f"the {what} {answer.query!r} names no entity in the registry"
            f"{problem}; the registry holds identifiers only for listed companies, so it "
            "cannot tell who issued it: ask by name", Verdict.UNKNOWN)]
        self._with_coverage(answer)
        answer.message = f"unknown: {answer.reasons[0].rule}"
        return answer

    def _securities_rule(self, answer: CheckAnswer) -> bool:
        return bool(failsafe.considered(answer.activity, answer.on, answer.known_at))

    def _fund(self, answer: CheckAnswer) -> CheckAnswer:
        answer.verdict = Verdict.UNKNOWN
        answer.reasons = [Reason(
            "", "OFAC FAQ 861", "a fund or ETF is covered when it holds securities of a listed "
            "company, whatever their share: the answer needs its holdings (--holdings FILE)",
            Verdict.UNKNOWN, citation=FUND_CITATION)]
        self._with_coverage(answer)
        answer.message = f"unknown: {answer.query!r} looks like a fund; {answer.reasons[0].rule}"
        return answer

    def _unlisted(self, answer: CheckAnswer) -> CheckAnswer:
        cov = self.coverage(answer.known_at)
        reasons = failsafe.unlisted(answer.activity, answer.on, answer.known_at, cov)
        if answer.activity is Activity.INVEST:
            reasons.append(oisp.assess([], answer.on, answer.known_at))
        answer.reasons = sorted(reasons, key=lambda r: -r.verdict.severity)
        answer.verdict = most_severe(r.verdict for r in reasons)
        self._with_coverage(answer)
        lists = ", ".join(failsafe.considered(answer.activity, answer.on, answer.known_at))
        if answer.verdict is Verdict.UNKNOWN:
            answer.message = (f"unknown: no listed entity matches {answer.query!r}, but the "
                              "registry's data does not cover every list that decides "
                              f"{answer.activity.value} then")
        else:
            answer.message = (f"no listed entity matches {answer.query!r}: nothing on the "
                              "registry's lists restricts it" + (f" (decided by {lists})"
                                                                 if lists else ""))
        return answer

    def _with_coverage(self, answer: CheckAnswer) -> None:
        answer.coverage, answer.gaps = failsafe.coverage_for(
            self.coverage(answer.known_at), answer.activity, answer.on, answer.known_at)


def check(reg: Registry, query: str, activity: Activity, on: datetime,
          known_at: datetime | None = None) -> CheckAnswer:
    """One ``check`` (a :class:`Checker` answers many over one matcher)."""
    return Checker(reg).check(query, activity, on, known_at)


__all__ = ["EXIT_CODES", "Candidate", "CheckAnswer", "Checker", "QueryKind", "check",
           "classify"]

