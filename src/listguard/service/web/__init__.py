"""The web app for analysts, served at ``/`` beside the JSON API (``/v1``).

Server-rendered pages (Jinja2) with one small script of our own (``static/app.js``) for what
a page cannot do alone: search as you type, the screening job's progress, the review
queue's keyboard shortcuts, the timeline's details on focus. No CDN: every asset is served
by the package. Signed in with an API key (:mod:`.session`); the key's role decides what
each page allows.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from listguard.service.state import ServiceState
from listguard.service.web import admin, pages, review
from listguard.service.web.common import HERE, render
from listguard.service.web.session import BadCsrf, Forbidden, NotLoggedIn, Sessions


def install(app: FastAPI, state: ServiceState) -> None:
    """Mount the pages, their static files and their error pages on ``app``."""
    app.state.web_sessions = Sessions(state)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in (pages.router, review.router, admin.router):
        app.include_router(router)

    @app.exception_handler(NotLoggedIn)
    async def _login(request: Request, _: NotLoggedIn) -> Response:
        if request.method != "GET" or request.headers.get("x-requested-with"):
            return HTMLResponse("Your session has ended: sign in again.", 401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return render(request, "error.html", app.state.web_sessions.read(request), 403,
                      title="Not allowed", message=str(exc))

    @app.exception_handler(BadCsrf)
    async def _csrf(request: Request, _: BadCsrf) -> Response:
        return render(request, "error.html", None, 403, title="Form expired",
                      message="This form was not sent from a page of this session "
                              "(missing or wrong CSRF token). Go back, reload and try again.")
