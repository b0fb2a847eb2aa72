"""The pending-MFA record: one per login attempt that passed the password, until it ends.

It is plain data (``as_dict``/``from_dict``) so every store can keep it as JSON. Times are Unix
seconds from ``authstate._clock`` so tests can move time without sleeping. ``stamp`` binds the
record to the user's password and generation when it opened (``records.stamp_of``): a new
password or "log out everywhere" ends it.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from authstate import _clock as clock
from authstate.conf import auth_settings
from authstate.mfa._machine import Event, State, next_state

__all__ = ["Pending", "new_token"]


def new_token() -> str:
    """The opaque ``mfa_token``: 192 random bits, also the record's key in every store."""
    return secrets.token_urlsafe(24)


@dataclass
class Pending:
    user_id: Any
    username: str
    flow: str
    flow_kind: str = "mfa"
    login_state: str = "session"
    json: bool = True
    device_id: str = ""
    factors_required: int = 1
    amr: list[str] = field(default_factory=list)
    stamp: str = ""
    token: str = field(default_factory=new_token)
    state: State = State.AWAITING_FACTOR
    factor: str = ""
    verified: list[str] = field(default_factory=list)
    created_at: float = field(default_factory=lambda: clock.now())
    last_activity: float = field(default_factory=lambda: clock.now())
    challenged_at: float = 0.0
    scratch: dict[str, dict[str, Any]] = field(default_factory=dict)

    def apply(self, event: Event) -> State:
        self.state = next_state(State(self.state), event)
        return self.state

    def scratch_for(self, factor: str) -> dict[str, Any]:
        return self.scratch.setdefault(factor, {})

    def deadline(self) -> float:
        """When the record dies: ``SESSION_TIMEOUT_MS`` after the password, or ``INACTIVITY_TIMEOUT``
        after the last step, whichever comes first."""
        mfa = auth_settings.mfa
        absolute = self.created_at + mfa.session_timeout.total_seconds()
        return min(absolute, self.last_activity + mfa.inactivity_timeout.total_seconds())

    def expires_in(self) -> int:
        return max(0, math.ceil(self.deadline() - clock.now()))

    def is_expired(self) -> bool:
        return clock.now() >= self.deadline()

    def challenge_expired(self) -> bool:
        """A challenge may be answered for ``CHALLENGE_TIMEOUT_MS`` after it was issued."""
        return clock.now() >= self.challenged_at + auth_settings.mfa.challenge_timeout.total_seconds()

    def needs_refresh(self) -> bool:
        """Whether a read-only step should still write the record back to slide its inactivity
        deadline: at most once per ``SESSION_REFRESH_INTERVAL_MS``."""
        return clock.now() - self.last_activity >= auth_settings.mfa.session_refresh_interval.total_seconds()

    def touch(self) -> None:
        self.last_activity = clock.now()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["state"] = State(self.state).value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pending:
        return cls(**{**data, "state": State(data["state"])})
