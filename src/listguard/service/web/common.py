"""What every page shares: the templates, the session dependency, CSRF on POST, rendering
with the security headers, and the verdict order."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.responses import Response

from listguard.registry.keys import Role
from listguard.service.web.session import (
    Forbidden,
    Session,
    Sessions,
    check_csrf,
)

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["asset_version"] = version("listguard")

SEVERITY = {"prohibited": 0, "license_required": 1, "unknown": 2, "review": 3, "allowed": 4,
            "": 5}
"""Verdicts, most severe first (the README's order)."""

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "style-src 'self'; script-src 'self'; object-src 'none'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
"""Every page: no script, style or frame from elsewhere, no caching of answers."""


def sessions(request: Request) -> Sessions:
    found: Sessions = request.app.state.web_sessions
    return found


def current(request: Request) -> Session:
    """The signed-in session (NotLoggedIn sends the browser to the login page)."""
    return sessions(request).read(request)


Current = Annotated[Session, Depends(current)]
"""A route parameter: the signed-in session, any role."""


def need(session: Session, role: Role) -> None:
    """Forbidden unless the session's key holds ``role``."""
    if not session.can(role):
        raise Forbidden(role, session.key)


async def posted(request: Request, session: Session) -> FormData:
    """The POSTed form, once its CSRF token (field ``csrf`` or header ``X-CSRF-Token``)
    is the session's."""
    form = await request.form()
    given = request.headers.get("x-csrf-token") or form.get("csrf")
    check_csrf(session, given if isinstance(given, str) else None)
    return form


def render(request: Request, template: str, session: Session | None, code: int = 200,
           **context: Any) -> Response:
    """A page (or a fragment) with the session, its CSRF token and the security headers."""
    context.update(session=session, csrf=session.csrf if session else "",
                   Role=Role, path=request.url.path)
    response = templates.TemplateResponse(request, template, context, status_code=code)
    response.headers.update(SECURITY_HEADERS)
    return response


def text(value: Any) -> str:
    """A cell as text: None and NaN as empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def when(day: str | None, clock: str | None) -> str | None:
    """A date and an optional time from two form fields as one instant (New York wall
    time); None when no date is given."""
    day = (day or "").strip()
    if not day:
        return None
    clock = (clock or "").strip()
    return f"{day}T{clock}" if clock else day
