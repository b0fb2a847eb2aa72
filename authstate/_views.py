"""Views shared by every flow: health for the load balancer."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from authstate._cache import shared

__all__ = ["health"]


logger = logging.getLogger(__name__)


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 while the database and the login cache answer; 503 (not 500) when either does not."""
    problems = [name for name, probe in (("database", _database), ("cache", _cache)) if not probe()]
    if problems:
        return JsonResponse({"status": "unavailable", "failing": problems}, status=503)
    return JsonResponse({"status": "ok"})


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.warning("health: database unreachable", exc_info=True)
        return False


def _cache() -> bool:
    try:
        cache = shared()
        cache.set("authstate:health", "1", timeout=5)
        return bool(cache.get("authstate:health") == "1")
    except Exception:
        logger.warning("health: cache unreachable", exc_info=True)
        return False
