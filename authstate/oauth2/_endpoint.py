"""The shape shared by the ``/oauth2/*`` views: form-encoded POST in, OAuth JSON out, never cached."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from authstate.oauth2._errors import InvalidRequest, OAuth2Error, no_store

__all__ = ["FORM", "MethodNotAllowed", "PayloadTooLarge", "View", "oauth2_endpoint"]


FORM = "application/x-www-form-urlencoded"
View = Callable[[HttpRequest], dict[str, Any]]


def oauth2_endpoint(*, methods: tuple[str, ...] = ("POST",), form: bool = True) -> Callable[[View], Any]:
    """Wrap a view that returns a dict: OAuth errors become RFC 6749 bodies, never the envelope.

    CSRF does not apply: callers authenticate as clients (secret) or with bearer tokens, and a
    cross-site page cannot read what these endpoints answer.
    """

    def decorate(view: View) -> Any:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest) -> HttpResponse:
            try:
                _check(request, methods, form)
                return no_store(JsonResponse(view(request)))
            except OAuth2Error as error:
                return error.response()

        return wrapper

    return decorate


def _check(request: HttpRequest, methods: tuple[str, ...], form: bool) -> None:
    if request.method not in methods:
        raise MethodNotAllowed(methods)
    try:
        if form and request.method == "POST" and request.body and request.content_type != FORM:
            raise InvalidRequest("The body must be application/x-www-form-urlencoded.")
        request.POST  # noqa: B018  (parse now: Django's limits refuse here, not inside the view)
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        raise PayloadTooLarge(str(error)) from error


class PayloadTooLarge(OAuth2Error):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (or with too many fields): RFC 6749's error body
    with HTTP 413, not Django's HTML 400 page."""

    error = "invalid_request"
    status = 413


class MethodNotAllowed(OAuth2Error):
    error = "invalid_request"
    status = 405

    def __init__(self, methods: tuple[str, ...]) -> None:
        super().__init__("Method not allowed.", headers={"Allow": ", ".join(methods)})
