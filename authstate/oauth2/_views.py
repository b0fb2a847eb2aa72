"""Token, revocation, introspection and userinfo endpoints. Each parses, calls one use-case, answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.debug import sensitive_post_parameters

from authstate.conf import auth_settings
from authstate.exceptions import InvalidToken
from authstate.logins import _activity as activity
from authstate.logins import _records as records
from authstate.oauth2 import _clients as clients
from authstate.oauth2 import _grants as grants
from authstate.oauth2 import _inspection as inspection
from authstate.oauth2._endpoint import oauth2_endpoint
from authstate.oauth2._errors import InsufficientScope, InvalidBearer, InvalidRequest, UnauthorizedClient
from authstate.oauth2._userinfo import claims_for
from authstate.tokens import _transports as transports
from authstate.tokens._verify import decode_access

__all__ = ["SECRET_FIELDS", "introspect", "revoke", "token", "userinfo"]


SECRET_FIELDS = ("client_secret", "login_ticket", "refresh_token", "token")


@sensitive_post_parameters(*SECRET_FIELDS)
@oauth2_endpoint()
def token(request: HttpRequest) -> dict[str, Any]:
    """RFC 6749 §3.2: ``grant_type`` authenticated-user or refresh_token, client authenticated."""
    return grants.exchange(request, clients.authenticate(request))


@sensitive_post_parameters(*SECRET_FIELDS)
@oauth2_endpoint()
def revoke(request: HttpRequest) -> dict[str, Any]:
    """RFC 7009: revoking a token ends its login, and so every token of that login, everywhere.

    A client's tokens belong to the login derived for its grant, so the user's own login (the
    browser session, the flow's tokens) lives on. A flow's tokens carry no ``client_id``; they
    belong to the settings client, and revoking one ends the flow's login.
    """
    client = clients.authenticate(request)
    found = inspection.decode_any(_token_param(request), request.POST.get("token_type_hint"))
    if found is None:
        return {}
    token = found[1]
    if token.get("client_id", auth_settings.oauth2.client_id) != client.client_id:
        raise UnauthorizedClient("The token was issued to another client.")
    records.revoke_by_id(token["sid"], "oauth2_revoke")
    return {}


@sensitive_post_parameters(*SECRET_FIELDS)
@oauth2_endpoint()
def introspect(request: HttpRequest) -> dict[str, Any]:
    """RFC 7662, for authenticated clients (resource servers are clients too)."""
    clients.authenticate(request)
    return inspection.introspect(_token_param(request), request.POST.get("token_type_hint"))


@oauth2_endpoint(methods=("GET", "POST"), form=False)
def userinfo(request: HttpRequest) -> dict[str, Any]:
    """OIDC UserInfo: needs a live access token with the ``openid`` scope."""
    raw = transports.read_access(request)
    if raw is None:
        raise InvalidBearer("An access token is required.")
    try:
        access = decode_access(raw)
    except InvalidToken as exc:
        raise InvalidBearer() from exc
    user = activity.active_user(access["sid"])
    if user is None:
        raise InvalidBearer("The login of this token has ended.")
    granted = access.get(auth_settings.scopes_claim) or []
    if "openid" not in granted:
        raise InsufficientScope("openid")
    return claims_for(user, granted)


def _token_param(request: HttpRequest) -> str:
    raw = request.POST.get("token")
    if not raw:
        raise InvalidRequest("token is required.")
    return raw
