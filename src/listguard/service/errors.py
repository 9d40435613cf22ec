"""The one error shape: ``{"error": {"code", "message", "field"}}``.

A caller's mistake is a 4xx with a one-line message (naming the field when there is one);
nothing a caller sends makes a 500. Each ListguardError maps to its status here.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from listguard.errors import AmbiguousQuery, ListguardError, NotFound

log = logging.getLogger("listguard.service")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "ambiguous", 413: "too_large",
         415: "unsupported_media_type", 422: "invalid", 429: "rate_limited",
         503: "busy", 500: "internal"}


class ServiceError(Exception):
    """An HTTP error with the one shape (``field``: the request field at fault)."""

    def __init__(self, status: int, message: str, *, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers or {}


def body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": CODES.get(status, "error"), "message": message, "field": field}}


def status_of(exc: ListguardError) -> int:
    """The HTTP status of a ListguardError: 409 for an ambiguous query, 503 for a busy
    registry, 413 for a limit, else 400."""
    from listguard.limits import LimitError
    from listguard.registry.store import RegistryBusy

    if isinstance(exc, AmbiguousQuery):
        return 409
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, RegistryBusy):
        return 503
    if isinstance(exc, LimitError):
        return 413
    return 400


def install(app: FastAPI) -> None:
    """The handlers that turn every exception into the one shape."""

    @app.exception_handler(ServiceError)
    async def _service(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(body(exc.status, exc.message, exc.field), exc.status,
                            headers=exc.headers)

    @app.exception_handler(ListguardError)
    async def _listguard(_: Request, exc: ListguardError) -> JSONResponse:
        status = status_of(exc)
        field = getattr(exc, "field", None)
        headers = {"Retry-After": "5"} if status == 503 else None
        return JSONResponse(body(status, str(exc), field if isinstance(field, str) else None),
                            status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        loc = list(first.get("loc", ()))
        if first.get("type") == "json_invalid":  # its loc is ("body", character position)
            reason = (first.get("ctx") or {}).get("error", "")
            return JSONResponse(body(422, f"the body is not JSON: {reason} (character "
                                          f"{loc[-1] if loc else 0})"), 422)
        if loc == ["body"]:  # the body as a whole: absent, or not an object
            message = ("the request needs a JSON body" if first.get("type") == "missing"
                       else f"the body: {first.get('msg', 'invalid')}")
            return JSONResponse(body(422, message), 422)
        if loc and loc[0] in ("body", "query", "path", "header", "form", "cookie"):
            loc = loc[1:]
        where = [str(p) for p in loc]
        message = str(first.get("msg", "invalid request"))
        field = ".".join(where) or None
        return JSONResponse(body(422, f"{field}: {message}" if field else message, field),
                            422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(body(exc.status_code, str(exc.detail)), exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: OverflowError) -> JSONResponse:
        # a date at the calendar's edge (9999-12-31T23:59-12:00 is in year 10000 in New York)
        # or a number too large for the database
        return JSONResponse(body(400, f"a value in the request is out of range ({exc})"), 400)

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return JSONResponse(body(500, f"internal error: {type(exc).__name__} (logged)"), 500)
