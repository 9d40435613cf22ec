"""Prometheus metrics (``GET /metrics``): requests by route and status, and their latency."""

from __future__ import annotations

import time

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The service's own registry of metrics (one per app, so tests can make several)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("listguard_requests_total", "HTTP requests answered",
                                ("method", "route", "status"), registry=self.registry)
        self.latency = Histogram("listguard_request_seconds", "Time to answer a request",
                                 ("route",), buckets=BUCKETS, registry=self.registry)

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class MeasureMiddleware:
    """Count and time every request under its route's template (``/v1/entities/{id}``).

    A plain ASGI middleware (not ``BaseHTTPMiddleware``, which copies every response): it
    notes the status as the response starts and the time as it ends."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            template = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.requests.labels(scope["method"], template, str(status[0])).inc()
            self.metrics.latency.labels(template).observe(time.perf_counter() - started)


def install(app: FastAPI, metrics: Metrics) -> None:
    """Measure every request (:class:`MeasureMiddleware`)."""
    app.add_middleware(MeasureMiddleware, metrics=metrics)
