"""The factor-management guard (``authstate.mfa._guard``) at the two HTTP edges.

``FactorChangeAllowed`` is the DRF permission of the JSON endpoints that change factors (unsafe
methods only: listing stays open to any login); ``factor_change_required`` decorates the HTML
pages, sending a browser to the step-up page and back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from authstate._typing import signed_in
from authstate.authentication import AccountAccess
from authstate.decorators import step_up_redirect
from authstate.exceptions import AuthStateError
from authstate.mfa._guard import ensure_factor_change_allowed
from authstate.state._base import LoginContext
from authstate.state._session import context_from_session

__all__ = ["FactorChangeAllowed", "factor_change_required"]


class FactorChangeAllowed(AccountAccess):
    """Unsafe methods pass the factor guard, except those a view lists in ``label_methods``
    (renaming a passkey changes a label, not a factor)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or request.method in getattr(view, "label_methods", ()):
            return True
        context = request.auth
        assert isinstance(context, LoginContext)  # AccountAccess admitted only authstate logins
        return self.passes(lambda: ensure_factor_change_allowed(signed_in(request), context))


def factor_change_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For a session page that changes factors (every method it is applied to)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        context: LoginContext = getattr(request, "auth", None) or context_from_session(request)
        try:
            ensure_factor_change_allowed(signed_in(request), context)
        except AuthStateError as error:
            return step_up_redirect(request, error)
        return view(request, *args, **kwargs)

    wrapped.authstate_factor_guard = True  # type: ignore[attr-defined]
    return wrapped
