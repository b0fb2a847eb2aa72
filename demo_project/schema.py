"""``/api/schema/``, generated once per process instead of once per (anonymous) request.

Generating the OpenAPI document walks every view and serializer: tens of milliseconds of CPU,
which any anonymous client could ask for in a loop. The document is public and the same for
everyone (``SERVE_PUBLIC``, no versioning), so each process builds it once and serves the copy;
``?version=`` is ignored, so no request can make it build another.
"""

from __future__ import annotations

import threading
from typing import Any

from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

_BUILT: dict[str, Any] = {}
_LOCK = threading.Lock()


class CachedSchemaView(SpectacularAPIView):
    def _get_version_parameter(self, request: Request) -> None:
        return None

    def _get_schema_response(self, request: Request) -> Response:
        with _LOCK:
            if "response" not in _BUILT:
                _BUILT["response"] = super()._get_schema_response(request)
        built = _BUILT["response"]
        return Response(data=built.data, headers={"Content-Disposition": built["Content-Disposition"]})


def forget() -> None:
    """Build it again on the next request (tests that change the URLconf or settings)."""
    with _LOCK:
        _BUILT.clear()
