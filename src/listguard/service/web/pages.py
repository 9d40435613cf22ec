"""Signing in and out, search as you type, the entity page and its event study."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from listguard.api.core import Listguard
from listguard.errors import ListguardError, NotFound
from listguard.model import Activity
from listguard.service.auth import Caller
from listguard.service.web.common import Current, posted, render, sessions, when
from listguard.service.web.timeline import chart
from listguard.timeutil import now

router = APIRouter(include_in_schema=False)

SUGGESTIONS = 8
MIN_SCORE = 0.45
"""Type-ahead shows fuzzy hits from this score (the screening review threshold is 0.70:
suggestions may be looser, as the analyst picks)."""


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never ``//host`` or a full URL) to go to after login."""
    if not target or not target.startswith("/") or target.startswith("//") or \
            urlsplit(target).netloc or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return _login_form(request, _safe_next(next), "")


def _login_form(request: Request, target: str, error: str) -> Response:
    web = sessions(request)
    nonce, token = web.login_form(request)
    page = render(request, "login.html", None, 401 if error else 200, next=target,
                  error=error, login_token=token)
    web.set_login_cookie(page, request, nonce)
    return page


@router.post("/login")
def login(request: Request, key: Annotated[str, Form(max_length=500)] = "",
          login_token: Annotated[str, Form(max_length=200)] = "",
          next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    web = sessions(request)
    web.check_login_token(request, login_token)
    found = request.app.state.auth.key(key.strip()) if key.strip() else None
    if found is None:
        return _login_form(request, _safe_next(next), "That key is unknown or revoked.")
    response = RedirectResponse(_safe_next(next), 303)
    web.issue(response, request, found)
    response.delete_cookie("lg_login", path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, session: Current) -> Response:
    await posted(request, session)
    response = RedirectResponse("/login", 303)
    response.delete_cookie("lg_session", path="/")
    return response


@router.get("/")
def home(request: Request, session: Current, q: str = "") -> Response:
    found = suggestions(session.caller.core, q) if q.strip() else []
    return render(request, "home.html", session, q=q, results=found)


@router.get("/suggest")
def suggest(request: Request, session: Current,
            q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """The results list for the search box (a fragment), as the analyst types."""
    found = suggestions(session.caller.core, q) if q.strip() else []
    return render(request, "_results.html", session, q=q, results=found)


def suggestions(core: Listguard, q: str, limit: int = SUGGESTIONS) -> list[dict[str, Any]]:
    """Entities the text names exactly (name, Chinese name, ticker, ISIN) first, then the
    closest fuzzy matches; each with the lists it is on now and its buy verdict now.

    Keystrokes are not audited (the entity page the analyst opens is)."""
    from listguard.api.screening import search
    from listguard.screening.adapter import registry_annotator

    reg, at = core.registry, now()
    try:
        exact = reg.resolve(q)
    except ListguardError:
        return []
    rows: dict[str, dict[str, Any]] = {}
    status = registry_annotator(reg)([e.id for e in exact.candidates], at, None)
    for entity in exact.candidates:
        s = status[entity.id]
        rows[entity.id] = {"id": entity.id, "name": entity.name, "matched": q.strip(),
                           "how": exact.matched_by or "name", "lists": list(s.lists),
                           "buy": s.buy, "score": 1.0}
    try:
        hits = search(reg, core.checker.matcher, q, limit=limit, ticker=None, isin=None,
                      country=None, on=at, known_at=None).as_dict()["hits"]
    except ListguardError:
        hits = []
    for hit in hits:
        if hit["entity_id"] not in rows and hit["score"] >= MIN_SCORE:
            rows[hit["entity_id"]] = {
                "id": hit["entity_id"], "name": hit["entity_name"],
                "matched": hit["matched_name"], "how": f"{hit['score']:.2f}",
                "lists": hit["lists"], "buy": hit["buy"], "score": hit["score"]}
    return list(rows.values())[:limit]


@router.get("/entities/{entity_id}")
def entity_page(request: Request, session: Current, entity_id: str,
                on: str | None = None, on_time: str | None = None,
                known_at: str | None = None, known_time: str | None = None) -> Response:
    core = session.caller.core
    try:
        entity = core.entity(entity_id)
    except NotFound as exc:
        return render(request, "error.html", session, 404, title="Not found",
                      message=str(exc))
    asked = {"on": on or "", "on_time": on_time or "", "known_at": known_at or "",
             "known_time": known_time or ""}
    error = ""
    try:
        status = core.entity_status(entity.id, when(on, on_time), when(known_at, known_time))
    except ListguardError as exc:
        error = str(exc).replace("--known-at", "as known at").replace("--on", "on")
        status = core.entity_status(entity.id)
    events = core.entity_timeline(entity.id).events
    return render(request, "entity.html", session, entity=entity, asked=asked, error=error,
                  status=status.as_dict(), activities=[a.value for a in Activity],
                  profile=_profile(core, entity.id), chart=chart(events, now().date()),
                  events=sorted(events, key=lambda e: (e.effective, e.seq)),
                  prices=_prices_for(core, entity.id))


def _profile(core: Listguard, entity_id: str) -> dict[str, Any]:
    """Names by kind (Chinese script apart), identifiers, and ownership links."""
    reg = core.registry
    names = reg.names(entity_id)
    links = []
    for link in reg.links(entity_id):
        other = link.object_id if link.subject_id == entity_id else link.subject_id
        found = reg.store.entity(other)
        words = link.relation.replace("_", " ")
        links.append({"id": other, "name": found.name if found else other,
                      "known": found is not None,
                      "relation": words if link.subject_id == entity_id
                      else f"has as {words.removesuffix(' of')}"})
    return {"chinese": [n for n in names if n.kind.value == "chinese"],
            "names": [n for n in names if n.kind.value not in ("chinese", "primary")],
            "identifiers": reg.identifiers(entity_id), "links": links}


MARKETS = {"HSI": "Hang Seng Index"}
"""The market indices shipped as prices (``listguard.impact.demo``)."""


def _prices_for(core: Listguard, entity_id: str) -> str | None:
    """The shipped price file of the entity's security, if there is one."""
    from listguard.impact import demo

    for ident in core.registry.identifiers(entity_id):
        if ident.scheme.value == "ticker":
            code = ident.value.replace(" ", ".").upper()
            if code in demo.DEMO_FILES:
                return code
    return None


@router.get("/entities/{entity_id}/impact")
async def impact_page(request: Request, session: Current, entity_id: str,
                      market: str = "HSI", model: str = "market", window: str = "-1,1",
                      events: str = "listing,injunction,vacated,removal") -> Response:
    core = session.caller.core  # on the event loop's thread: quick lookups only
    try:
        entity = core.entity(entity_id)
    except NotFound as exc:
        return render(request, "error.html", session, 404, title="Not found",
                      message=str(exc))
    security = _prices_for(core, entity.id)
    form = {"market": market, "model": model, "window": window, "events": events}
    study, error = None, ""
    if security is None:
        error = (f"No prices are shipped for {entity.name}: the event study runs from the "
                 "command line with your own price file (listguard impact --prices FILE).")
    else:
        try:
            study = await run_in_threadpool(_study, session.caller, entity.name, security,
                                            form)
        except ListguardError as exc:
            error = str(exc)
    return render(request, "impact.html", session, entity=entity, form=form, study=study,
                  error=error, security=security, markets=MARKETS,
                  models=("market", "market-adjusted", "constant-mean"))


def _study(caller: Caller, name: str, security: str, form: dict[str, str]
           ) -> dict[str, Any]:
    """The study, run on a worker thread (with that thread's core)."""
    from listguard.api.impact import ImpactRequest

    core = caller.core
    market = f"demo:{form['market']}" if form["market"] in MARKETS else None
    answer = core.impact(ImpactRequest(
        name, Path(f"demo:{security}"), Path(market) if market else None,
        events=form["events"], model=form["model"], window=form["window"]))
    data = answer.as_dict()
    data["notes"] = answer.notes
    data["chart"] = car_chart(data.get("events", []))  # type: ignore[arg-type]
    return data


def car_chart(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Each event's cumulative abnormal return by event day, as SVG polylines."""
    points = [(r["day"], r["car"]) for e in events for r in e.get("ar", [])]
    if not points:
        return {"lines": [], "ticks": [], "days": []}
    days = sorted({d for d, _ in points})
    low = min(0.0, *(c for _, c in points))
    high = max(0.0, *(c for _, c in points))
    span = (high - low) or 0.01
    width, height, left, top = 640, 260, 56, 16

    def xy(day: int, car: float) -> tuple[float, float]:
        x = left + (width - left - 16) * (days.index(day) / max(1, len(days) - 1))
        return round(x, 1), round(top + (height - top - 30) * (high - car) / span, 1)

    lines = [{"label": e["event"], "day0": e.get("day0"), "points": " ".join(
        f"{x},{y}" for x, y in (xy(r["day"], r["car"]) for r in e.get("ar", []))),
        "dots": [(*xy(r["day"], r["car"]), r["day"], r["car"]) for r in e.get("ar", [])]}
        for e in events]
    ticks = [(xy(days[0], v)[1], f"{v:+.0%}") for v in _nice(low, high)]
    return {"lines": lines, "ticks": ticks, "zero": xy(days[0], 0.0)[1],
            "days": [(xy(d, low)[0], d) for d in days], "width": width, "height": height,
            "left": left, "bottom": height - 30}


def _nice(low: float, high: float) -> list[float]:
    step = max((high - low) / 4, 0.005)
    for nice in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5):
        if step <= nice:
            step = nice
            break
    first = int(low / step) * step
    return [round(first + i * step, 4) for i in range(12) if first + i * step <= high + 1e-9]
