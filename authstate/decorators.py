"""Guards for plain Django views: accept a login only from the named states and flows.

``mfa=True`` and ``max_age=`` ask for more than "someone logged in" (``authstate.assurance``):
token callers get ``403 mfa_required`` / ``403 reauthentication_required``; a browser is sent to
the step-up page and comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from authstate import assurance
from authstate._http import error_response
from authstate.authentication import authenticate_token
from authstate.conf.enums import StateType
from authstate.exceptions import AuthStateError, NotAuthenticated
from authstate.state._base import LoginContext
from authstate.state._session import context_from_session

__all__ = ["login_state_required"]


View = Callable[..., HttpResponse]
STEP_UP_PAGE = "authstate:reauthenticate-page"


def login_state_required(
    view: View | None = None,
    *,
    states: tuple[str, ...] = ("session", "oauth2"),
    flows: tuple[str, ...] = (),
    mfa: bool = False,
    max_age: float | None = None,
) -> Any:
    """Sessions get a redirect to the login page (of the wanted flow, when ``flows`` names one);
    token callers get the JSON error envelope. Works as ``@login_state_required`` too."""
    if view is not None:
        return login_state_required(states=states, flows=flows, mfa=mfa, max_age=max_age)(view)
    wanted = {StateType.parse(state) for state in states}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if StateType.OAUTH2 in wanted:
                try:
                    result = authenticate_token(request)
                    if result is not None and (not flows or result[1].flow in flows):
                        assurance.require(result[1], mfa=mfa, max_age=max_age)
                        # DRF's names on a plain request; the stubs pin ``user`` to the checking settings' model
                        request.user, request.auth = result  # type: ignore[attr-defined,assignment]
                        return view(request, *args, **kwargs)
                except AuthStateError as error:
                    return error_response(error)
            if StateType.SESSION in wanted and request.user.is_authenticated:
                context = context_from_session(request)
                if not flows or context.flow in flows:
                    refusal = _session_refusal(request, context, mfa, max_age)
                    if refusal is not None:
                        return refusal
                    request.auth = context  # type: ignore[attr-defined]
                    return view(request, *args, **kwargs)
            if request.headers.get("Authorization"):
                return error_response(NotAuthenticated())
            return redirect_to_login(request.get_full_path(), login_url=_login_page(flows))

        return wrapped

    return decorator


def _login_page(flows: tuple[str, ...]) -> str | None:
    """The first wanted flow's own login page: ``LOGIN_URL`` may belong to another flow, and
    sending a user there would bring them straight back here (a loop)."""
    for flow in flows:
        try:
            return reverse(f"authstate:login-{flow}")
        except NoReverseMatch:
            continue
    return None


def _session_refusal(
    request: HttpRequest, context: LoginContext, mfa: bool, max_age: float | None
) -> HttpResponse | None:
    try:
        assurance.require(context, mfa=mfa, max_age=max_age)
    except AuthStateError as error:
        return step_up_redirect(request, error)
    return None


def step_up_redirect(request: HttpRequest, error: AuthStateError) -> HttpResponse:
    """Send a browser to the step-up page, to come back here; JSON callers get the envelope."""
    if "application/json" in request.headers.get("Accept", ""):
        return error_response(error)
    try:
        page = reverse(STEP_UP_PAGE)
    except NoReverseMatch:
        return error_response(error)
    query = urlencode({"next": request.get_full_path(), "reason": error.code})
    return HttpResponseRedirect(f"{page}?{query}")
