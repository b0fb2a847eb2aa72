"""The bodies MFA answers with, and ``MfaRequired``: ``begin``'s answer, an ``Answer`` like ``Completion``.

The core views call ``.apply(response)`` and read ``.body`` without knowing whether the login
completed or needs MFA. ``MfaRequired`` also carries the attempt's token, its life and the factor
already challenged, so that a browser flow can carry the token and pick the next page
(``authstate.flows.form._handoff``); HTTP stays in the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authstate import _clock as clock
from authstate.conf import auth_settings
from authstate.factors.base import Factor
from authstate.mfa._pending import Pending
from authstate.state._base import Answer

__all__ = ["MfaRequired", "challenge_body"]


@dataclass(kw_only=True)
class MfaRequired(Answer):
    """``MFA_REQUIRED``: the password was right and the pending attempt ``token`` is open."""

    token: str
    max_age: int
    factor: str = ""
    """The factor already challenged (``FACTOR_SELECTION_TYPE=AUTO``); empty: the user chooses."""
    login: None = None

    @classmethod
    def of(cls, pending: Pending, body: dict[str, Any]) -> MfaRequired:
        return cls(body=body, token=pending.token, max_age=pending.expires_in(), factor=pending.factor or "")


def challenge_body(pending: Pending, factor: Factor, status: str, data: dict[str, Any]) -> dict[str, Any]:
    """``{"status", "factor", "expires_in", ...factor data}``; ``expires_in`` is the time left to
    answer: the challenge timeout, bounded by the record's life and, for sent codes, their validity."""
    mfa = auth_settings.mfa
    left = [pending.challenged_at + mfa.challenge_timeout.total_seconds() - clock.now(), float(pending.expires_in())]
    if factor.delivers:
        left.append(mfa.otp_token_validity.total_seconds())
    return {"status": status, "factor": factor.name, "expires_in": max(0, int(min(left))), **data}
