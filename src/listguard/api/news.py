"""News and notices in the core: reading, proposing, and the review loop.

``read`` checks one document's claims against the registry (:mod:`listguard.news`);
``propose`` keeps each ``new`` claim that names its party, list and date as a proposed event
(:mod:`listguard.registry.proposals`); a reviewer then accepts (the event enters the
registry, UNCONFIRMED unless an official citation is attached) or rejects it. The core
(:class:`~listguard.api.core.Listguard`) records every proposal and decision in the audit
trail.
"""

from __future__ import annotations

from typing import Any

from listguard.errors import UsageError
from listguard.news.checking import PROPOSED_KIND
from listguard.news.documents import Document
from listguard.news.reading import CheckedClaim, NewsReader, Reading
from listguard.registry import Registry
from listguard.registry import proposals as stored
from listguard.registry.proposals import Proposal, ProposalStatus
from listguard.timeutil import now, ny_date


def proposable(c: CheckedClaim) -> bool:
    """A ``new`` claim that names its party, its list and its date."""
    return (c.verdict.status == "new" and c.entity_id is not None
            and c.claim.list_id is not None and c.claim.when is not None)


def propose(reg: Registry, reading: Reading, actor: str) -> list[tuple[Proposal, bool]]:
    """Keep each proposable claim of ``reading`` (the waiting one when already proposed)."""
    doc = reading.document
    out = []
    for c in reading.claims:
        if not proposable(c):
            continue
        assert c.entity_id is not None and c.claim.list_id is not None
        assert c.claim.when is not None
        # known (--known-at) from the article's date; an undated one from the day it is read
        published = doc.published or ny_date(now())
        out.append(stored.propose(
            reg.store, entity_id=c.entity_id, list_id=c.claim.list_id,
            kind=PROPOSED_KIND[c.claim.kind], effective=c.claim.when,
            published=max(published, c.claim.when), precision=c.claim.precision or "day",
            citation=c.citation, official=c.official, source=doc.source,
            evidence=c.claim.evidence, claim=c.as_dict(), actor=actor))
    reading.proposals = [{**p.as_dict(), "new": new} for p, new in out]
    return out


def read(reader: NewsReader, doc: Document) -> Reading:
    if not doc.text.strip():
        raise UsageError(f"{doc.source}: no text to read (an empty page, or a scanned PDF "
                         "without a text layer)")
    return reader.read(doc)


def review(reg: Registry, status: str | None) -> list[Proposal]:
    chosen = None
    if status not in (None, "", "all"):
        try:
            chosen = ProposalStatus(str(status))
        except ValueError:
            raise UsageError(f"unknown status {status!r}; use proposed, accepted, rejected or "
                             "all", field="status") from None
    return stored.listing(reg.store, chosen)


def decide(reg: Registry, pid: str, accept: bool, actor: str, comment: str,
           citation: str | None) -> Proposal:
    if not accept and not comment.strip():
        raise UsageError("a rejection needs a --comment saying why", field="comment")
    try:
        return stored.decide(reg.store, pid, ProposalStatus.ACCEPTED if accept
                             else ProposalStatus.REJECTED, actor, comment.strip(), citation)
    except KeyError:
        raise UsageError(f"there is no proposal {pid!r} (see `listguard news review`)",
                         field="id") from None
    except ValueError as exc:
        raise UsageError(str(exc), field="id") from None


def attach(reg: Registry, pid: str, citation: str) -> Proposal:
    if not citation.strip():
        raise UsageError("give the official citation (--citation)", field="citation")
    try:
        return stored.attach_citation(reg.store, pid, citation)
    except KeyError:
        raise UsageError(f"there is no proposal {pid!r}", field="id") from None
    except ValueError as exc:
        raise UsageError(str(exc), field="id") from None


def brief(reading: Reading) -> dict[str, Any]:
    """What the audit trail keeps of a reading."""
    d = reading.as_dict()
    return {"source": d["source"], "published": d["published"], "counts": d["counts"],
            "entities": [e.get("id") for e in d["entities"] if e["status"] == "resolved"],
            "proposals": [p["id"] for p in reading.proposals]}

