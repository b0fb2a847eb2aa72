"""Post-login states. A closed set, so a plain mapping from ``StateType`` to its strategy.

``strategy_for`` is what the login pipeline completes through: the state itself, or, for the
``oauth2`` state with ``TOKEN_ISSUER=AUTHORIZATION_SERVER``, the authorization server's variant
(named by import path: the server sits above this package).
"""

from __future__ import annotations

from django.utils.module_loading import import_string

from authstate.conf import auth_settings
from authstate.conf.enums import StateType, TokenIssuer
from authstate.state._base import Answer, Completion, LoginContext, LoginState
from authstate.state._oauth2 import OAuth2State
from authstate.state._session import SessionState

STATES: dict[StateType, LoginState] = {StateType.SESSION: SessionState(), StateType.OAUTH2: OAuth2State()}
GRANT_STATE = "authstate.oauth2._bridge.GrantState"


def state_for(state: StateType | str) -> LoginState:
    return STATES[StateType.parse(state)]


def strategy_for(state: StateType | str) -> LoginState:
    """The strategy that completes a login into ``state`` under the current settings."""
    parsed = StateType.parse(state)
    if parsed is StateType.OAUTH2 and auth_settings.token_issuer is TokenIssuer.AUTHORIZATION_SERVER:
        grant: LoginState = auth_settings.derived("grant_state", lambda: import_string(GRANT_STATE)())
        return grant
    return STATES[parsed]


__all__ = ["Answer", "Completion", "LoginContext", "LoginState", "state_for", "strategy_for"]
