"""The FastAPI application: ``create_app(db)``.

The routes are thin (:mod:`.routes`): each calls the core (:mod:`listguard.api.core`) once
and returns its JSON. Everything else is here: the error shape, the metrics, the health
check, the keys.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response

from listguard.service import errors, metrics
from listguard.service.auth import Authenticator
from listguard.service.routes import admin, answers, news, screening
from listguard.service.state import ServiceState


def create_app(db: str | Path | None = None, *, rate_limit: int | None = None) -> FastAPI:
    """The service over the registry ``db`` (a SQLite file or a PostgreSQL URL)."""
    __version__ = version("listguard")
    app = FastAPI(title="listguard", version=__version__,
                  description="US restriction lists, point in time: which lists is a company "
                              "on, and what may a US person do. Send `Authorization: Bearer "
                              "<key>` (`listguard keys create`).")
    state = ServiceState(db)
    app.state.service = state
    app.state.auth = Authenticator(state, rate_limit)
    app.state.metrics = metrics.Metrics()
    errors.install(app)
    metrics.install(app, app.state.metrics)
    for router in (answers.router, screening.router, admin.router, news.router):
        app.include_router(router)

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, Any]:
        """The service is up and its registry answers (no key needed)."""
        core = state.core("healthz")
        versions = core.registry.store.fetch("SELECT COUNT(*) FROM versions")[0][0]
        return {"status": "ok", "version": __version__, "versions": int(versions)}

    @app.get("/metrics", tags=["service"], include_in_schema=False)
    def prometheus() -> Response:
        """Prometheus metrics (no key needed: bind the service to a private address)."""
        return app.state.metrics.render()  # type: ignore[no-any-return]

    from listguard.service.web import install as install_web

    install_web(app, state)  # the web app for analysts, at /
    return app
