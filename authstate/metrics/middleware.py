"""Latency of authstate's own endpoints, as a Prometheus histogram labelled by URL name.

Add ``"authstate.metrics.middleware.LatencyMiddleware"`` to ``MIDDLEWARE``. Only requests that
resolved to a view in the ``authstate`` URL namespace are observed, so the label set stays
small (one value per endpoint, never per path).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from authstate.metrics.instruments import instruments


class LatencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and "authstate" in match.namespaces:
            if metrics := instruments():
                elapsed = time.perf_counter() - started
                metrics.latency.labels(endpoint=match.url_name or "unnamed", method=request.method).observe(elapsed)
        return response
