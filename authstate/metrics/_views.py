"""The scrape endpoint: 404 while off, and only a bearer secret or a staff user when on.

Answering 404 (not 403 or 405) while the endpoint is off keeps its existence private; when it is on,
the bearer secret is compared in constant time, and ``Cache-Control: no-store`` keeps counts out
of shared caches.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.cache import never_cache

from authstate._http import error_body
from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.metrics._instruments import available, instruments

__all__ = ["SAFE_METHODS", "metrics_view"]


SAFE_METHODS = ["GET", "HEAD"]


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not auth_settings.metrics.endpoint_enabled or not available():
        raise Http404("metrics are off")
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    if not _admitted(request):
        return _refused(request)
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    instruments()  # registers the families, so a fresh process already lists them
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def _admitted(request: HttpRequest) -> bool:
    expected = auth_settings.metrics.bearer_token
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if expected and header.startswith("Bearer "):
        return secrets.compare_digest(header.removeprefix("Bearer ").encode(), expected.encode())
    user = getattr(request, "user", None)
    return bool(auth_settings.metrics.allow_staff and user is not None and user.is_active and user.is_staff)


def _refused(request: HttpRequest) -> HttpResponse:
    authenticated = bool(getattr(request, "user", None) and request.user.is_authenticated)
    code, status = ("permission_denied", 403) if authenticated else ("not_authenticated", 401)
    body = error_body(code, _("Metrics need the scrape secret or a staff login."))
    response = JsonResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


def _registry() -> Any:
    """The default registry, or a multi-process view of it under gunicorn's worker processes."""
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus_client: no annotations
    return registry
