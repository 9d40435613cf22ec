"""The HTTP service (``listguard serve``): the core (:mod:`listguard.api`) over the network.

==================  ========================================================================
module              what it holds
==================  ========================================================================
``app``             the FastAPI application: routers, error handlers, metrics middleware
``state``           the registry the service opened, a core per thread, the shared matcher
``auth``            API keys, roles (viewer < analyst < admin) and the per-key rate limit
``errors``          the one error shape, ``{"error": {"code", "message", "field"}}``
``jobs``            screening jobs: an uploaded file screened in the background
``metrics``         Prometheus counters and latency histograms
``routes``          thin routes, one module per resource, each calling the core once
==================  ========================================================================
"""
