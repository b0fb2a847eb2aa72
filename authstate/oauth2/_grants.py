"""The token endpoint's grants: ``authenticated-user`` (proof of a completed login) and ``refresh_token``.

The authenticated-user grant never trusts a username. Its proof is either a login ticket issued to
this client at the end of a login, or the caller's authstate session. Each grant creates a
*derived* login (``records.derive``, ``parent`` = the proven login) and its tokens carry the
derived login's ``sid``: the client revoking them (RFC 7009) ends only that grant, while ending
the proven login (logout, logout everywhere, a password change, the admin) ends the grant too.
The proven login was admitted under the concurrency limits; derived logins do not count.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from authstate.conf import auth_settings
from authstate.exceptions import InvalidToken
from authstate.logins import _activity as activity
from authstate.logins import _records as records
from authstate.logins import _request_info as request_info
from authstate.models import Login, OAuth2Client
from authstate.models.oauth2 import AUTHENTICATED_USER, REFRESH_TOKEN
from authstate.oauth2 import _minting as minting
from authstate.oauth2 import _scopes as scopes
from authstate.oauth2 import _tickets as tickets
from authstate.oauth2._errors import InvalidGrant, InvalidRequest, UnauthorizedClient, UnsupportedGrantType
from authstate.state._session import LOGIN_ID_KEY
from authstate.tokens._verify import decode_refresh

__all__ = ["GENERATION_CLAIM", "authenticated_user", "exchange", "refresh"]


GENERATION_CLAIM = "gen"


def exchange(request: HttpRequest, client: OAuth2Client) -> dict[str, object]:
    grant_type = request.POST.get("grant_type", "")
    if not grant_type:
        raise InvalidRequest("grant_type is required.")
    if grant_type not in (AUTHENTICATED_USER, REFRESH_TOKEN):
        raise UnsupportedGrantType(f"Unsupported grant_type {grant_type[:100]!r}.")
    if not client.allows(grant_type):
        raise UnauthorizedClient(f"This client may not use {grant_type}.")
    if grant_type == REFRESH_TOKEN:
        return refresh(request, client)
    return authenticated_user(request, client)


def authenticated_user(request: HttpRequest, client: OAuth2Client) -> dict[str, object]:
    granted = scopes.resolve(client, request.POST.get("scope"))
    proven = _proven_login(request, client)
    device_id = proven.device_id or request_info.device_id(request, request.POST.get("device_id"))
    with transaction.atomic():  # the parent stays locked, so a concurrent revoke sees this grant
        parent = _locked_active(proven)
        login = records.derive(parent, request, lifetime=minting.lifetime(client), device_id=device_id)
    return minting.token_response(minting.Grant(login, client, granted, device_id))


def _proven_login(request: HttpRequest, client: OAuth2Client) -> Login:
    ticket = request.POST.get("login_ticket")
    if ticket:
        return tickets.consume(ticket, client)  # committed at once: a refused ticket stays burnt
    login_id = _session_login_id(request)
    if login_id is None:
        raise InvalidGrant("Proof of a completed login is required: a login_ticket or an authenticated session.")
    login = Login.objects.filter(pk=login_id).first()
    if login is None or login.user_id != request.user.pk:
        raise InvalidGrant("The session's login is not valid.")
    return login


def _session_login_id(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None:
        return None
    login_id: str | None = session.get(LOGIN_ID_KEY)
    return login_id


def _locked_active(login: Login) -> Login:
    locked = Login.objects.select_for_update().select_related("user").filter(pk=login.pk).first()
    if locked is None or not locked.is_active or not locked.user.is_active:
        raise InvalidGrant("The login has ended.")
    return locked


def refresh(request: HttpRequest, client: OAuth2Client) -> dict[str, object]:
    """A new access token (and ID token); the refresh token stays, as client authentication guards it."""
    raw = request.POST.get("refresh_token")
    if not raw:
        raise InvalidRequest("refresh_token is required.")
    try:
        token = decode_refresh(raw)
    except InvalidToken as exc:
        raise InvalidGrant("The refresh token is invalid or expired.") from exc
    if token.get("client_id") != client.client_id or GENERATION_CLAIM in token:
        raise InvalidGrant("The refresh token was not issued to this client.")
    login = Login.objects.select_related("user", "parent").filter(pk=token["sid"]).first()
    if login is None or not activity.is_live(login) or not login.user.is_active:
        raise InvalidGrant("The login has ended.")
    original = list(token.get(auth_settings.scopes_claim) or [])
    asked = scopes.parse(request.POST.get("scope"))
    granted = scopes.narrow(asked, original) if asked else original
    still_allowed = [scope for scope in granted if scope in client.scope_list]
    grant = minting.Grant(login, client, still_allowed, token.get("device_id", ""))
    return minting.token_response(grant, refresh=False)
