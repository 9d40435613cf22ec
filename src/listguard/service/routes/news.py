"""News and notices: read a document's text, and the review loop of proposed events.

The service reads only the text it is sent (plain text, HTML, or a Federal Register JSON
document): it never fetches an address a caller names. Every proposal and decision is in the
audit trail under the caller's key.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from listguard.service.auth import Analyst, Viewer
from listguard.service.errors import ServiceError

router = APIRouter(prefix="/v1/news", tags=["news"])
MAX_TEXT = 2_000_000
"""The longest document text one request may carry, in characters."""


class ReadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The article or notice: plain text, HTML, or "
                                                "a Federal Register JSON document")
    source: str = Field(default="request", max_length=2000,
                        description="Where it was published (its address), for citations")
    published: date | None = Field(default=None, description="The article's date, when the "
                                   "text does not state it")
    propose: bool = Field(default=False, description="Keep the new claims as proposed events")


class DecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field(default="", max_length=4000)
    citation: str | None = Field(default=None, max_length=2000,
                                 description="An official source: the event is confirmed")


@router.post("/read")
def read(body: ReadRequest, caller: Analyst) -> dict[str, Any]:
    """The listed parties a text names and the events it claims, each checked against the
    registry (the JSON of `listguard news read`)."""
    from listguard.api import news
    from listguard.news.documents import parse_bytes

    if len(body.text) > MAX_TEXT:
        raise ServiceError(413, f"the text is over {MAX_TEXT:,} characters", field="text")
    doc = parse_bytes(body.text.encode("utf-8"), body.source)
    if body.published is not None:
        doc.published = body.published
    reading = news.read(caller.core.news_reader, doc)
    if body.propose:
        caller.core.news_propose(reading)
    return reading.as_dict()


@router.get("/proposals")
def proposals(caller: Viewer, status: Annotated[str, Query()] = "proposed"
              ) -> list[dict[str, Any]]:
    """Proposed events (of one status: proposed, accepted, rejected, or all)."""
    return [p.as_dict() for p in caller.core.news_review(status)]


@router.post("/proposals/{pid}/accept")
def accept(pid: Annotated[str, PathParam(max_length=40)], body: DecisionBody,
           caller: Analyst) -> dict[str, Any]:
    """Accept: the event enters the registry (UNCONFIRMED without an official citation)."""
    return caller.core.news_decide(pid, True, body.comment, body.citation).as_dict()


@router.post("/proposals/{pid}/reject")
def reject(pid: Annotated[str, PathParam(max_length=40)], body: DecisionBody,
           caller: Analyst) -> dict[str, Any]:
    """Reject (a comment is required): nothing changes but the proposal's status."""
    return caller.core.news_decide(pid, False, body.comment).as_dict()
