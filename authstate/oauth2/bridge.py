"""Where completed logins meet the authorization server.

``complete()`` is what ``authstate.flows.service`` calls once every factor of a flow is proven.
With ``TOKEN_ISSUER=AUTHORIZATION_SERVER`` a flow in the ``oauth2`` state mints through the
authenticated-user grant in-process, as the settings client: the same claims, keys and scopes
as the token endpoint, without an HTTP call to itself. A JSON flow's body also gets a
``login_ticket`` when the caller asked for one (see ``authstate.oauth2.tickets``).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from authstate.conf import auth_settings
from authstate.conf.enums import StateType, TokenIssuer
from authstate.logins import limits, records
from authstate.oauth2 import minting, tickets
from authstate.oauth2.clients import settings_client
from authstate.registry import Flow
from authstate.state import Completion, state_for
from authstate.state.oauth2 import login_lifetime
from authstate.tokens import csrf, transports
from authstate.tokens.issue import TokenPair, refresh_for, start_family
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
    """The ``oauth2`` state's completion, with tokens from the grant (settings client, its default scopes)."""
    client = settings_client()
    with transaction.atomic():
        limits.admit(user, device_id=device_id, state="oauth2")
        login = records.start(
            request, user, flow=flow.name, state="oauth2", lifetime=login_lifetime(), device_id=device_id
        )
        pair = TokenPair(
            access=minting.access_token(minting.Grant(login, client, client.default_scope_list, device_id)),
            refresh=refresh_for(login),
        )
        if pair.refresh is not None:
            start_family(login, pair.refresh)
    csrf.offer_token(request)
    body = {"status": "AUTHENTICATED", **transports.body_for(pair)}
    return Completion(login=login, body=body, response_hooks=[lambda response: transports.set_cookies(response, pair)])
