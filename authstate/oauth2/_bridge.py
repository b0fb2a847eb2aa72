"""Where completed logins meet the authorization server: a state strategy of its own.

With ``TOKEN_ISSUER=AUTHORIZATION_SERVER`` a flow in the ``oauth2`` state is completed by
``GrantState``: the ``oauth2`` state, with the access token minted through the authenticated-user
grant in-process, as the settings client: the same claims, keys and scopes as the token
endpoint, without an HTTP call to itself. ``authstate.state.strategy_for`` picks it by setting.
"""

from __future__ import annotations

from authstate.models import Login
from authstate.oauth2 import _minting as minting
from authstate.oauth2._clients import settings_client
from authstate.state._oauth2 import OAuth2State
from authstate.tokens._jwt import AccessToken

__all__ = ["GrantState"]


class GrantState(OAuth2State):
    """The ``oauth2`` state whose access tokens the authorization server signs."""

    def access_token(self, login: Login) -> AccessToken:
        client = settings_client()
        return minting.access_token(minting.Grant(login, client, client.default_scope_list, login.device_id))
