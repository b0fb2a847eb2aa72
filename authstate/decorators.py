"""Guards for plain Django views: accept a login only from the named states and flows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from authstate.authentication import authenticate_token
from authstate.conf.enums import StateType
from authstate.exceptions import AuthStateError, NotAuthenticated
from authstate.http import error_response
from authstate.state.session import context_from_session

View = Callable[..., HttpResponse]


def login_state_required(
    *, states: tuple[str, ...] = ("session", "oauth2"), flows: tuple[str, ...] = ()
) -> Callable[[View], View]:
    """Sessions get a redirect to the login page; token callers get the JSON error envelope."""
    wanted = {StateType.parse(state) for state in states}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if StateType.OAUTH2 in wanted:
                try:
                    result = authenticate_token(request)
                except AuthStateError as error:
                    return error_response(error)
                if result is not None and (not flows or result[1].flow in flows):
                    request.user, request.auth = result  # type: ignore[attr-defined]
                    return view(request, *args, **kwargs)
            if StateType.SESSION in wanted and request.user.is_authenticated:
                context = context_from_session(request)
                if not flows or context.flow in flows:
                    request.auth = context  # type: ignore[attr-defined]
                    return view(request, *args, **kwargs)
            if request.headers.get("Authorization"):
                return error_response(NotAuthenticated())
            return redirect_to_login(request.get_full_path())

        return wrapped

    return decorator
