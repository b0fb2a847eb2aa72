"""Post-login states. A closed set, so a plain mapping from ``StateType`` to its strategy."""

from __future__ import annotations

from authstate.conf.enums import StateType
from authstate.state.base import Completion, LoginContext, LoginState
from authstate.state.oauth2 import OAuth2State
from authstate.state.session import SessionState

STATES: dict[StateType, LoginState] = {StateType.SESSION: SessionState(), StateType.OAUTH2: OAuth2State()}


def state_for(state: StateType | str) -> LoginState:
    return STATES[StateType.parse(state)]


__all__ = ["Completion", "LoginContext", "LoginState", "state_for"]
