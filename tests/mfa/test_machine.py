"""Every (state, event) pair of the MFA state machine: the allowed transitions and the refusals."""

from __future__ import annotations

import itertools

import pytest

from authstate.exceptions import MfaExpired, MfaLocked
from authstate.mfa._machine import TRANSITIONS, Event, InvalidTransition, State, next_state

S, E = State, Event
EXPECTED: dict[tuple[State, Event], State | type[Exception]] = {
    (S.AWAITING_FACTOR, E.SELECT): S.CHALLENGED,
    (S.AWAITING_FACTOR, E.VERIFY_FAILED): InvalidTransition,
    (S.AWAITING_FACTOR, E.VERIFIED_CONTINUE): InvalidTransition,
    (S.AWAITING_FACTOR, E.VERIFIED): InvalidTransition,
    (S.AWAITING_FACTOR, E.LOCK): InvalidTransition,
    (S.AWAITING_FACTOR, E.CANCEL): S.CANCELLED,
    (S.AWAITING_FACTOR, E.EXPIRE): S.EXPIRED,
    (S.CHALLENGED, E.SELECT): S.CHALLENGED,
    (S.CHALLENGED, E.VERIFY_FAILED): S.CHALLENGED,
    (S.CHALLENGED, E.VERIFIED_CONTINUE): S.AWAITING_FACTOR,
    (S.CHALLENGED, E.VERIFIED): S.COMPLETED,
    (S.CHALLENGED, E.LOCK): S.LOCKED,
    (S.CHALLENGED, E.CANCEL): S.CANCELLED,
    (S.CHALLENGED, E.EXPIRE): S.EXPIRED,
    **{(S.LOCKED, event): MfaLocked for event in E},
    **{(state, event): MfaExpired for state in (S.COMPLETED, S.CANCELLED, S.EXPIRED) for event in E},
}


def test_the_table_covers_every_pair() -> None:
    assert set(EXPECTED) == set(itertools.product(State, Event))


@pytest.mark.parametrize(("state", "event"), sorted(EXPECTED, key=str))
def test_transition(state: State, event: Event) -> None:
    expected = EXPECTED[(state, event)]
    if isinstance(expected, State):
        assert next_state(state, event) is expected
        assert TRANSITIONS[(state, event)] is expected
    else:
        with pytest.raises(expected):
            next_state(state, event)
