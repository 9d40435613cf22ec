"""Reading one document: its listed parties, its claims, each claim checked.

:class:`NewsReader` holds the registry and the gazetteer (built once over the registry's
names, with the screening engine's matcher); :meth:`NewsReader.read` turns a
:class:`~listguard.news.documents.Document` into a :class:`Reading`, whose ``as_dict()`` is
the JSON of ``listguard news read`` (README, "News and notices").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from listguard.matching.matcher import Matcher
from listguard.news import claims as claiming
from listguard.news import dates
from listguard.news.checking import Verdict, judge, relevant
from listguard.news.claims import Claim, Sentence
from listguard.news.documents import Document, court_document
from listguard.news.gazetteer import Gazetteer, Mention
from listguard.registry import Registry

_PRONOUN = re.compile(r"\b(?:the (?:chinese )?(?:company|firm|group|chipmaker|maker|"
                      r"manufacturer|lidar company|tech company)|it|they|them|their|"
                      r"the (?:ccmc )?designation)\b", re.I)
_DEFINITE = re.compile(r"^(?:The|This|That) (?:notice|rule|order|list|update|move|action|"
                       r"decision)\b")
"""A sentence about "the notice" just dated: it takes that date."""
NEAR = 200
"""A date further than this (in characters) from every event phrase of its sentence dates
none of them."""
_SAID = re.compile(r"\b(?:said|says|told)\s*$", re.I)
_COURT = ("enjoined", "vacated", "vacatur_agreed", "lawsuit", "upheld")
_CITATION = re.compile(r"\b\d{2,3} FR \d{3,6}\b|\bFR Doc\.? \d{4}-\d{4,5}\b|\bFAQ \d{3,4}\b"
                       r"|\bNo\. \d:\d{2}-cv-\d{5}\b")


@dataclass
class CheckedClaim:
    claim: Claim
    entity_id: str | None
    entity_name: str
    verdict: Verdict
    citation: str
    """The source the claim rests on: the official citation, else the article."""
    official: bool

    def as_dict(self) -> dict[str, Any]:
        c = self.claim
        return {"entity": {"id": self.entity_id, "name": self.entity_name} if self.entity_id
                else None,
                "mention": c.mention.text, "list": c.list_id, "list_from": c.list_from or None,
                "kind": c.kind, "date": c.when.isoformat() if c.when else None,
                "precision": c.precision if c.when else None, "date_text": c.date_text or None,
                "evidence": c.evidence, "status": self.verdict.status,
                "message": self.verdict.message, "registry": list(self.verdict.registry),
                "citation": self.citation, "official": self.official,
                "candidates": [{"id": e, "name": n, "score": s}
                               for e, n, s in c.mention.candidates]}


@dataclass
class Reading:
    """What one document says, checked against the registry."""

    document: Document
    mentions: list[Mention]
    claims: list[CheckedClaim]
    names: dict[str, str] = field(default_factory=dict)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    """Filled in when the claims found ``new`` are proposed (``news read --propose``,
    ``news watch``)."""

    def entities(self) -> list[dict[str, Any]]:
        """One entry per resolved party (every span that named it), then each unresolved
        mention with its candidates."""
        out: dict[str, dict[str, Any]] = {}
        loose: list[dict[str, Any]] = []
        for m in self.mentions:
            span = {"text": m.text, "start": m.start, "end": m.end}
            if m.entity_id is None:
                loose.append({"status": "unresolved", "text": m.text, "spans": [span],
                              "reason": m.reason,
                              "candidates": [{"id": e, "name": n, "score": s}
                                             for e, n, s in m.candidates]})
                continue
            entry = out.setdefault(m.entity_id, {
                "status": "resolved", "id": m.entity_id, "name": self.names.get(m.entity_id),
                "spans": [], "confidence": 0.0, "reason": m.reason})
            entry["spans"].append(span)
            if m.confidence > entry["confidence"]:
                entry["confidence"], entry["reason"] = m.confidence, m.reason
        return list(out.values()) + loose

    def as_dict(self) -> dict[str, Any]:
        d = self.document
        counts: dict[str, int] = {}
        for c in self.claims:
            counts[c.verdict.status] = counts.get(c.verdict.status, 0) + 1
        return {"source": d.source, "title": d.title or None, "kind": d.kind,
                "published": d.published.isoformat() if d.published else None,
                "official_citation": d.official_citation or None,
                "entities": self.entities(), "claims": [c.as_dict() for c in self.claims],
                "counts": counts, "proposals": self.proposals}


class NewsReader:
    """Reads documents against one registry."""

    def __init__(self, reg: Registry, matcher: Matcher) -> None:
        self.reg = reg
        companies = {str(r[0]) for r in reg.store.fetch(
            "SELECT id FROM entities WHERE kind = 'company'")}
        self.gazetteer = Gazetteer.build(reg.all_names(), matcher, self._exact, companies)

    def _exact(self, name: str) -> str | None:
        try:
            found = self.reg.resolve(name)
        except ValueError:
            return None
        return found.entity.id if found.entity is not None else None

    def read(self, doc: Document) -> Reading:
        mentions = self.gazetteer.scan(doc.text)
        found = (self._roster(doc, mentions) if _is_roster(doc)
                 else list(self._claims(doc, mentions)))
        checked = [self._check(doc, c) for c in found]
        names = {m.entity_id: self.gazetteer.name(m.entity_id) for m in mentions
                 if m.entity_id}
        return Reading(doc, mentions, checked, names)

    # --- claims -------------------------------------------------------------------------------

    def _claims(self, doc: Document, mentions: list[Mention]) -> list[Claim]:
        """Kept in one piece: the walk over the sentences carries the previous subjects."""
        parts = claiming.sentences(doc.text)
        ctx = _Context(doc, parts, claiming.article_list(doc.text) or _agency_list(doc),
                       doc.published or _latest_stated(doc.text), _sole(doc, mentions))
        out: list[Claim] = []
        previous: list[Mention] = []
        crossed = False
        for i, sent in enumerate(parts):
            inside = [m for m in mentions if sent.start <= m.start < sent.end]
            if i and sent.paragraph != parts[i - 1].paragraph:
                if crossed:
                    previous = []  # "it", "they": the last party named, not further back
                crossed = True
            if sent.bullet_of is not None:
                out += self._bullet(ctx, sent, inside)
                continue
            subjects = _subjects(inside)
            if not subjects and previous and _PRONOUN.search(sent.text):
                subjects = previous
            elif not subjects and crossed and claiming.triggers(sent.text):
                previous = []  # a new paragraph about an event of someone unnamed
            if not subjects and ctx.sole is not None:
                subjects = [ctx.sole]
            out += self._sentence_claims(ctx, i, subjects)
            if inside:
                mine = _subjects(inside)
                previous = mine if len(mine) <= 4 else []
                crossed = False
        return _dedupe(out)

    def _sentence_claims(self, ctx: _Context, i: int, subjects: list[Mention]) -> list[Claim]:
        sent = ctx.parts[i]
        every = claiming.triggers(sent.text)
        if not subjects or not every:
            return []
        found = [d for d in dates.mentions(sent.text, ctx.reference)
                 if not claiming.hedged(sent.text, d.start)]  # "could ... ahead of the summit
        assigned = _assign(sent.text, every, found)  # in April": no date of a claim
        out = []
        for (kind, s, _e), mine in zip(every, assigned, strict=True):
            if claiming.hedged(sent.text, s):
                continue  # foreseen, not asserted: its date is spent all the same
            when = dates.best(mine, s) if mine else None
            if when is None and (":" in sent.text or _DEFINITE.match(sent.text.strip())):
                when = ctx.date_before(i)  # "the list includes: A; B" / "The notice also ..."
            if when is None:
                when = ctx.official_date(kind)
            list_id, how = self._list(ctx, sent, when)
            for m in subjects:
                out.append(_claim(kind, m, list_id, how, when, sent.text, sent.start))
        return out

    def _bullet(self, ctx: _Context, sent: Sentence, inside: list[Mention]) -> list[Claim]:
        """A line of a list: the claim of the sentence that introduced it (or, when that
        names no event, of the sentence before)."""
        assert sent.bullet_of is not None
        if not inside:
            return []
        lead = sent.bullet_of
        intro = ctx.parts[lead]
        text = intro.text
        trig = [t for t in claiming.triggers(text) if not claiming.hedged(text, t[1])]
        if not trig and lead > 0:
            text = f"{ctx.parts[lead - 1].text} {text}"
            trig = [t for t in claiming.triggers(text) if not claiming.hedged(text, t[1])]
        if not trig:
            return []
        kind, s, _ = trig[0]
        when = dates.best(dates.mentions(text, ctx.reference), s) or ctx.date_before(lead)
        list_id, how = self._list(ctx, Sentence(intro.start, intro.end, text, intro.paragraph),
                                  when)
        return [_claim(kind, inside[0], list_id, how, when, f"{text.strip()} {sent.text}",
                       sent.start)]

    def _list(self, ctx: _Context, sent: Sentence, when: dates.DateMention | None
              ) -> tuple[str | None, str]:
        """The list a claim speaks of: the sentence's, else the sentence before it in the
        paragraph, else the article's; a court event without one takes the registry's."""
        day = when.when if when else ctx.reference
        found = claiming.list_in(sent.text, day)
        if found == claiming.AMBIGUOUS:
            return None, ""
        if found:
            return _era(found, day), "sentence"
        before = [p for p in ctx.parts if p.paragraph == sent.paragraph and p.end <= sent.start]
        found = claiming.list_in(before[-1].text, day) if before else None
        if found and found != claiming.AMBIGUOUS:
            return _era(found, day), "paragraph"
        if ctx.default:
            return _era(ctx.default, day), "article"
        return None, ""

    def _roster(self, doc: Document, mentions: list[Mention]) -> list[Claim]:
        """A DoD 1260H release: a table of names, one party a line, each on the list from the
        release's date."""
        out = []
        offset = 0
        day = doc.published or _latest_stated(doc.text[:2000])
        for line in doc.text.splitlines():
            start, offset = offset, offset + len(line) + 1
            inside = [m for m in mentions if start <= m.start < offset]
            if inside:
                out.append(Claim("listed", inside[0], "dod-1260h", "article", day,
                                 "day", "", line.strip(), start))
        return _dedupe(out)

    # --- checking -----------------------------------------------------------------------------

    def _check(self, doc: Document, claim: Claim) -> CheckedClaim:
        m = claim.mention
        official = bool(doc.official_citation)
        cites = _CITATION.findall(claim.evidence)
        citation = doc.official_citation or _article_citation(doc)
        if cites and not official:
            citation += f"; cites {', '.join(cites)}"
        if m.entity_id is None:
            resolved = self._by_list(m, claim)
            if resolved is None:
                verdict = Verdict("unresolved", "the party is not told: " + m.reason)
                return CheckedClaim(claim, None, "", verdict, citation, official)
            claim.extra["resolved_by"] = "the only candidate with events on the list"
            m = Mention(m.start, m.end, m.text, resolved, 0.0, m.reason, m.candidates,
                        m.possessive)
            claim.mention = m
        assert m.entity_id is not None
        if claim.list_id is None or (claim.kind in _COURT and claim.list_from == "article"):
            found, how = self._registry_list(m.entity_id, claim)
            if found is not None:
                claim.list_id, claim.list_from = found, how
        when = claim.when
        if when is None and claim.kind == "on_list":
            when = doc.published  # "is on the list": as of the article
        verdict = judge(self.reg, m.entity_id, claim.list_id, claim.kind, when,
                        claim.precision or "day", doc.published)
        return CheckedClaim(claim, m.entity_id, self.gazetteer.name(m.entity_id), verdict,
                            citation, official)

    def _by_list(self, m: Mention, claim: Claim) -> str | None:
        """An unresolved name shared by several parties, told apart by the claim's list: the
        only candidate with events on it."""
        if not m.candidates or claim.list_id is None or not m.exact:
            return None
        on = [e for e, _, _ in m.candidates
              if any(ev.list_id == claim.list_id and ev.entity_id == e
                     for ev in self.reg.events(e))]
        return on[0] if len(on) == 1 else None

    def _registry_list(self, entity_id: str, claim: Claim) -> tuple[str | None, str]:
        """The one list the registry holds such events of the party on (a court event), else
        the one list it is on at all."""
        events = [e for e in self.reg.events(entity_id) if e.entity_id]
        for pool in (relevant(events, claim.kind, None), events):
            lists = {e.list_id for e in pool}
            if len(lists) == 1:
                return lists.pop(), "registry"
        return None, ""


def _subjects(inside: list[Mention]) -> list[Mention]:
    """The parties a sentence is about: those not named only in the possessive (unless it
    names no other), each once."""
    inside = [m for m in inside if m.exact or m.resolved]
    plain = [m for m in inside if not m.possessive] or inside
    seen: set[str] = set()
    out = []
    for m in plain:
        key = m.entity_id or f"?{m.text}"
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _assign(text: str, trig: list[tuple[str, int, int]], found: list[dates.DateMention]
            ) -> list[list[dates.DateMention]]:
    """Each date mention to the event phrase nearest it (none when all are far)."""
    out: list[list[dates.DateMention]] = [[] for _ in trig]
    for d in found:
        if _reported(text, d):
            continue
        if d.start <= 3 and trig:  # "On May 5, 2021, the court ...": the sentence's date
            out[0].append(d)
            continue
        dist = [0 if s <= d.start < e else min(abs(d.start - e), abs(s - d.end))
                for _, s, e in trig]
        if min(dist) <= NEAR:
            out[dist.index(min(dist))].append(d)
    return out


def _reported(text: str, d: dates.DateMention) -> bool:
    """A date saying when something was said ("SenseTime said Monday it ..."), not done."""
    return _SAID.search(text[max(0, d.start - 12):d.start]) is not None


@dataclass
class _Context:
    """What every sentence of one document is read with."""

    doc: Document
    parts: list[Sentence]
    default: str | None
    """The list the article speaks of most."""
    reference: date | None
    """What dates without a year count from: the article's date, else the latest full date
    the text states."""
    sole: Mention | None
    """In a court's own filing, the one party it is about (the sentences say 'Plaintiffs')."""

    def date_before(self, i: int) -> dates.DateMention | None:
        """The last date stated before sentence ``i``, in its paragraph or the one before."""
        here = self.parts[i].paragraph
        for p in reversed(self.parts[:i]):
            if p.paragraph < here - 1:
                break
            found = [d for d in dates.mentions(p.text, self.reference)
                     if d.when and not _reported(p.text, d)]
            if found:
                return found[-1]
        return None

    def official_date(self, kind: str) -> dates.DateMention | None:
        """An undated claim of the act an official document is: a court order's injunction
        or vacatur, an FR rule's addition, dated by the document."""
        day: date | None = None
        if self.doc.kind == "federal-register" and kind == "listed":
            day = official_date(self.doc)
        elif court_document(self.doc) and kind in ("enjoined", "vacated"):
            day = self.doc.published
        return dates.DateMention(0, 0, "the document's date", day, "day", 0) if day else None


def _claim(kind: str, m: Mention, list_id: str | None, how: str,
           when: dates.DateMention | None, text: str, start: int) -> Claim:
    return Claim(kind, m, list_id, how, when.when if when else None,
                 when.precision if when else "", when.text if when else "", text.strip(), start)


def _sole(doc: Document, mentions: list[Mention]) -> Mention | None:
    if not court_document(doc):
        return None
    ids = {m.entity_id for m in mentions if m.entity_id}
    if len(ids) != 1:
        return None
    return next(m for m in mentions if m.entity_id)


def _latest_stated(text: str) -> date | None:
    stated = [d.when for d in dates.mentions(text, None) if d.when and d.precision == "day"]
    return max(stated, default=None)


def _era(list_id: str, day: date | None) -> str:
    """An article's list, as of the claim's day (the CCMC lists ended June 3, 2021)."""
    if day is None:
        return list_id
    if list_id == "dod-1260h" and day < claiming.CMIC_FROM:
        return "dod-1237"
    if list_id == "ofac-ns-cmic" and day < claiming.CMIC_FROM:
        return "ofac-ns-ccmc"
    return list_id


def _agency_list(doc: Document) -> str | None:
    agencies = " ".join(doc.facts.get("agencies") or [])
    if "Industry and Security" in agencies:
        return "bis-entity-list"
    if "Defense" in agencies:
        return "dod-1260h"
    return None


def _article_citation(doc: Document) -> str:
    when = doc.published.isoformat() if doc.published else "undated"
    title = f"{doc.title!r}, " if doc.title else ""
    return f"news report: {title}{doc.source} ({when})"


def _is_roster(doc: Document) -> bool:
    return doc.kind == "pdf" and bool(re.search(r"1260H", doc.text[:2000]))


def _dedupe(found: list[Claim]) -> list[Claim]:
    """One claim per party, list, kind and date (the first sentence that made it); an
    undated claim restating one the text dates elsewhere ("In vacating the designation, ...")
    is that claim, not another."""
    seen: set[tuple[object, ...]] = set()
    dated = {(c.mention.entity_id or c.mention.text, c.kind) for c in found if c.when}
    out = []
    for c in found:
        who = c.mention.entity_id or c.mention.text
        key = (who, c.list_id, c.kind, c.when)
        if key in seen or (c.when is None and (who, c.kind) in dated):
            continue
        seen.add(key)
        out.append(c)
    return out


def official_date(doc: Document) -> date | None:
    """The day an official notice takes effect (an FR rule's effective date), else its date."""
    effective = doc.facts.get("effective_on")
    return effective if isinstance(effective, date) else doc.published
