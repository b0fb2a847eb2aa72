"""A shared cache outage answers ``503 service_unavailable``, never a 500.

With Redis holding sessions, login activity, MFA state and throttles, a Redis restart makes
nearly every request fail inside Django, in a view or in a middleware (the session saved on the
way out). Django turns each such exception into a 500 at the layer it happens, so this works in
two steps: a ``got_request_exception`` receiver marks the request when the exception is a cache
connection error, and ``CacheOutageMiddleware`` (first in ``MIDDLEWARE``) turns that request's
500 into a 503 with ``Retry-After``. Nothing is retried or cached locally: the next request after
Redis returns simply works (no restart needed). Other 500s are left alone.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from django.core.signals import got_request_exception
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse

from authstate._http import error_body
from authstate._translation import gettext_lazy as _

__all__ = ["CacheOutageMiddleware"]


logger = logging.getLogger("authstate.outage")
MARK = "_authstate_cache_outage"
RETRY_AFTER = 5


@cache
def outage_errors() -> tuple[type[BaseException], ...]:
    """Connection failures of the cache clients that are installed (redis-py, django-redis)."""
    found: list[type[BaseException]] = []
    try:
        from redis import exceptions as redis_exceptions

        found += [redis_exceptions.ConnectionError, redis_exceptions.TimeoutError]
    except ImportError:
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        found.append(ConnectionInterrupted)
    except ImportError:
        pass
    return tuple(found)


@receiver(got_request_exception, dispatch_uid="authstate.outage.mark")
def _mark(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and error is not None and isinstance(error, outage_errors()):
        setattr(request, MARK, True)


class CacheOutageMiddleware:
    """Turns a shared-cache outage raised anywhere in the request into ``503
    service_unavailable`` with ``Retry-After``; goes first in ``MIDDLEWARE`` so it sees them all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, MARK, False):
            logger.warning("cache unreachable: answered 503 to %s %s", request.method, request.path)
            return unavailable()
        return response


def unavailable() -> HttpResponse:
    body = error_body("service_unavailable", _("The service is briefly unavailable; retry shortly."))
    response = JsonResponse({"error": {**body["error"], "retry_after": RETRY_AFTER}}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
