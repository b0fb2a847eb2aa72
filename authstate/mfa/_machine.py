"""The MFA state machine: explicit states, events and one transition table.

::

    AWAITING_FACTOR --select--> CHALLENGED --verify_failed--> CHALLENGED
          ^                       |   |  \\--select (resend / try another)--> CHALLENGED
          |                       |   +--verified (more factors required)--> AWAITING_FACTOR
          |                       +--verified (enough factors)--> COMPLETED
          |                       +--locked (MAX_RETRY_ATTEMPTS failures)--> LOCKED
    AWAITING_FACTOR|CHALLENGED --cancel--> CANCELLED
    AWAITING_FACTOR|CHALLENGED --expire--> EXPIRED

``COMPLETED``, ``LOCKED``, ``CANCELLED`` and ``EXPIRED`` are terminal: every event from them is
refused. A refused transition is a bug in the caller or a replayed request, never a 500: it raises
``InvalidTransition`` (``409 invalid_state``), or the terminal state's own error.
"""

from __future__ import annotations

from enum import Enum

from authstate._translation import gettext_lazy as _
from authstate.exceptions import AuthStateError, MfaExpired, MfaLocked

__all__ = ["LIVE", "TRANSITIONS", "Event", "InvalidTransition", "State", "next_state", "refusal"]


class State(str, Enum):
    AWAITING_FACTOR = "AWAITING_FACTOR"
    CHALLENGED = "CHALLENGED"
    COMPLETED = "COMPLETED"
    LOCKED = "LOCKED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


class Event(str, Enum):
    SELECT = "select"
    VERIFY_FAILED = "verify_failed"
    VERIFIED_CONTINUE = "verified_continue"
    VERIFIED = "verified"
    LOCK = "lock"
    CANCEL = "cancel"
    EXPIRE = "expire"


LIVE = (State.AWAITING_FACTOR, State.CHALLENGED)

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.AWAITING_FACTOR, Event.SELECT): State.CHALLENGED,
    (State.CHALLENGED, Event.SELECT): State.CHALLENGED,
    (State.CHALLENGED, Event.VERIFY_FAILED): State.CHALLENGED,
    (State.CHALLENGED, Event.VERIFIED_CONTINUE): State.AWAITING_FACTOR,
    (State.CHALLENGED, Event.VERIFIED): State.COMPLETED,
    (State.CHALLENGED, Event.LOCK): State.LOCKED,
    **{(state, Event.CANCEL): State.CANCELLED for state in LIVE},
    **{(state, Event.EXPIRE): State.EXPIRED for state in LIVE},
}


class InvalidTransition(AuthStateError):
    code = "invalid_state"
    message = _("This step is not possible at this point of the sign-in.")


def next_state(state: State, event: Event) -> State:
    """The state after ``event``; terminal states answer with their own error."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise refusal(state) from None


def refusal(state: State) -> AuthStateError:
    if state is State.LOCKED:
        return MfaLocked()
    if state in LIVE:
        return InvalidTransition()
    return MfaExpired()
