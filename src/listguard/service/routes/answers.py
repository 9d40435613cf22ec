"""The legal questions: check, an entity's status and timeline, the lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from listguard.service.answer import JSONAnswer
from listguard.service.auth import Viewer
from listguard.service.routes.models import CheckRequest

router = APIRouter(prefix="/v1", tags=["answers"])


@router.post("/check")
def check(body: CheckRequest, caller: Viewer) -> JSONAnswer:
    """May a US person do ``action`` with ``query`` at ``on``: verdict, reasons, citations,
    coverage (the JSON of ``listguard check --format json``)."""
    return JSONAnswer(caller.core.check(body.query, body.action, body.on,
                                        body.known_at).as_dict())


@router.get("/entities/{entity_id}")
def entity_status(caller: Viewer, entity_id: str, on: str | None = None,
                  known_at: str | None = None) -> JSONAnswer:
    """Every list membership of the entity and its state at ``on``, every verdict."""
    return JSONAnswer(caller.core.entity_status(entity_id, on, known_at).as_dict())


@router.get("/entities/{entity_id}/timeline")
def entity_timeline(entity_id: str,
                    caller: Viewer) -> dict[str, Any]:
    """The dated history of the entity's listings, with citations."""
    return caller.core.entity_timeline(entity_id).as_dict()


@router.get("/lists")
def lists(caller: Viewer) -> list[dict[str, Any]]:
    """The lists: entity counts, the span their data covers, the newest version."""
    return [s.as_dict() for s in caller.core.lists()]


@router.get("/lists/{list_id}/versions")
def versions(list_id: str,
             caller: Viewer) -> list[dict[str, Any]]:
    """The imported versions of one list, oldest first."""
    return [v.as_dict() for v in caller.core.versions(list_id)]


@router.get("/lists/{list_id}/diff")
def diff(caller: Viewer, list_id: str,
         from_version: Annotated[int | None, Query(alias="from")] = None,
         to_version: Annotated[int | None, Query(alias="to")] = None) -> dict[str, Any]:
    """Entries added, removed and changed between two versions (default: the two newest)."""
    return caller.core.diff(list_id, from_version, to_version).as_dict()
