"""Latency of authstate's own endpoints, as a Prometheus histogram labelled by URL name.

Add ``"authstate.metrics.middleware.LatencyMiddleware"`` to ``MIDDLEWARE``. Only requests that
resolved to a view in the ``authstate`` URL namespace are observed, so the label set stays
small (one value per endpoint, never per path; a method outside RFC 9110's set is ``other``).
Token refreshes are counted here too, by outcome, because a refresh is an answer of the refresh
endpoint rather than a login event.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from authstate.metrics import _labels as labels
from authstate.metrics._instruments import instruments

__all__ = ["LatencyMiddleware"]


REFRESH_ENDPOINT = "refresh"


class LatencyMiddleware:
    """Observes how long authstate's endpoints take, labelled by URL name (a bounded label set)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and "authstate" in match.namespaces:
            self._observe(request, response, match.url_name or "unnamed", time.perf_counter() - started)
        return response

    @staticmethod
    def _observe(request: HttpRequest, response: HttpResponse, endpoint: str, elapsed: float) -> None:
        metrics = instruments()
        if metrics is None:
            return
        metrics.latency.labels(endpoint=endpoint, method=labels.method(request.method)).observe(elapsed)
        if endpoint == REFRESH_ENDPOINT and request.method == "POST":
            metrics.refreshes.labels(outcome="success" if response.status_code == 200 else "refused").inc()
