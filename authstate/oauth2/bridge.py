"""Where completed logins meet the authorization server.

``complete()`` is what ``authstate.flows.service`` calls once every factor of a flow is proven.
With ``TOKEN_ISSUER=AUTHORIZATION_SERVER`` a flow in the ``oauth2`` state mints through the
authenticated-user grant in-process, as the settings client: the same claims, keys and scopes
as the token endpoint, without an HTTP call to itself. A JSON flow's body also gets a
``login_ticket`` when the caller asked for one (see ``authstate.oauth2.tickets``).
"""

from __future__ import annotations

from django.http import HttpRequest

from authstate.conf import auth_settings
from authstate.conf.enums import StateType, TokenIssuer
from authstate.models import Login
from authstate.oauth2 import minting, tickets
from authstate.oauth2.clients import settings_client
from authstate.registry import Flow
from authstate.state import Completion, state_for
from authstate.state.oauth2 import OAuth2State
from authstate.tokens.jwt import AccessToken
from authstate.typing import User


def complete(request: HttpRequest, user: User, flow: Flow, *, device_id: str = "") -> Completion:
    if flow.state is StateType.OAUTH2 and auth_settings.token_issuer is TokenIssuer.AUTHORIZATION_SERVER:
        completion = grant_in_process(request, user, flow, device_id=device_id)
    else:
        completion = state_for(flow.state).complete(request, user, flow=flow.name, device_id=device_id)
    if flow.json:
        completion.body.update(tickets.ticket_fields(request, completion.login))
    return completion


def grant_in_process(request: HttpRequest, user: User, flow: Flow, *, device_id: str = "") -> Completion:
    """The ``oauth2`` state's completion, with the access token from the grant (settings client, its scopes)."""
    client = settings_client()

    def mint(login: Login) -> AccessToken:
        return minting.access_token(minting.Grant(login, client, client.default_scope_list, device_id))

    return OAuth2State().complete(request, user, flow=flow.name, device_id=device_id, mint=mint)
