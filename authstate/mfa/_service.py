"""The MFA use-cases, shared by the HTML pages and the JSON API: begin, select, verify, cancel.

``begin`` is called by the MFA stage of the login pipeline (``authstate.mfa.stages``) once the
password is right; the others take the opaque ``mfa_token``. Every answer is plain data or a ``Completion``; HTTP lives
in the views. The steps follow ``authstate.mfa._machine``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from authstate import _clock as clock
from authstate import _lockout as lockout
from authstate import audit
from authstate._cache import deferred
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.conf.enums import FactorSelectionType, StateType
from authstate.exceptions import FactorUnavailable, MfaExpired, MfaNotEnrolled
from authstate.factors import factor_for
from authstate.factors.base import Factor
from authstate.flows._flow import Flow, FlowKind
from authstate.mfa import _carrier as carrier
from authstate.mfa import _factors as factors
from authstate.mfa import _records as records
from authstate.mfa import _trusted as trusted
from authstate.mfa._answers import MfaRequired, challenge_body
from authstate.mfa._machine import Event, InvalidTransition, State
from authstate.mfa._pending import Pending
from authstate.mfa._verification import check_code
from authstate.pipeline import _login as login
from authstate.pipeline._attempt import LoginAttempt
from authstate.pipeline.stages import Answer
from authstate.signals import mfa_challenged

__all__ = ["STAGE", "begin", "cancel", "public_state", "select", "verify"]


#: The name of the MFA stage (``authstate.mfa.stages.MfaStage``), resumed after.
STAGE = "mfa"


@audit.batched()
def begin(attempt: LoginAttempt) -> Answer:
    """After the password: skip MFA for a remembered device, else open a pending record.

    A remembered device skips the prompt, not the assurance: the login keeps ``amr: ["pwd"]``,
    so sensitive actions still ask for a second factor."""
    request, user, flow = attempt.request, attempt.user, attempt.flow
    if trusted.is_trusted(request, user):
        audit.record("mfa_skipped_trusted_device", request=request, user=user, flow=flow.name)
        return login.proceed(attempt, after=STAGE)
    available, unavailable = factors.split(user)
    if not available and not unavailable:
        raise MfaNotEnrolled()
    pending = Pending(
        user_id=user.pk,
        username=user.get_username(),
        flow=flow.name,
        flow_kind=flow.kind.value,
        login_state=flow.state.value,
        json=flow.json,
        device_id=attempt.device_id,
        factors_required=flow.factors_required,
        amr=list(attempt.amr),
        stamp=records.stamp_of(user),
    )
    body: dict[str, Any] = {"status": "MFA_REQUIRED", "mfa_token": pending.token, "factors": available}
    body.update(unavailable_factors=unavailable, expires_in=pending.expires_in())
    if auth_settings.factor_selection_type is FactorSelectionType.AUTO:
        body.update(_auto_challenge(request, user, pending, available))
    records.save(pending)
    audit.record("mfa_started", request=request, user=user, flow=flow.name, factors=available)
    return MfaRequired.of(pending, body)


@audit.batched()
def select(request: HttpRequest, token: object, factor_name: object) -> dict[str, Any]:
    """Challenge one of the user's factors (also "resend" and "try another method")."""
    pending, user = records.open_live(token)
    answer = _challenge(request, user, pending, factor_name)
    records.save(pending)
    return answer


@audit.batched()
def verify(
    request: HttpRequest, token: object, factor_name: object, payload: Mapping[str, Any], *, remember: bool = False
) -> Answer | dict[str, Any]:
    """Check a code (or passkey credential); continue, complete into the flow's state, or refuse.

    The cache writes nobody waits for leave together at the end (``cache.deferred``)."""
    with deferred():
        return _verify(request, token, factor_name, payload, remember=remember)


def _verify(
    request: HttpRequest, token: object, factor_name: object, payload: Mapping[str, Any], *, remember: bool
) -> Answer | dict[str, Any]:
    started = time.monotonic()
    pending, user = records.open_live(token)  # a lock is found by the check's reservation (check_code)
    factor = factors.offered(user, factor_name, to_send=False)
    if factor.name in pending.verified:
        raise InvalidTransition(_("This factor is already verified; use another one."))
    if pending.factor != factor.name or pending.state is not State.CHALLENGED:
        if factor.delivers:
            raise InvalidTransition(_("Ask for a code first (select this factor)."))
        _challenge_with(request, user, pending, factor)  # nothing to send: offered as it is
    check_code(request, user, pending, factor, payload, started)
    if len(set(pending.verified)) < pending.factors_required:
        pending.apply(Event.VERIFIED_CONTINUE)
        records.save(pending)
        left = [name for name in factors.split(user)[0] if name not in pending.verified]
        return {"status": "MFA_CONTINUE", "factors": left}
    return _finish(request, user, pending, remember)


@audit.batched()
def cancel(request: HttpRequest, token: object) -> dict[str, Any]:
    """Abandon a pending MFA login: the token is spent at once, so it cannot be resumed later."""
    pending, user = records.open_live(token)
    pending.apply(Event.CANCEL)
    if not records.claim(pending):  # a parallel request ended it first (completed, locked)
        raise MfaExpired()
    audit.record("mfa_cancelled", request=request, user=user, flow=pending.flow)
    return {"status": "MFA_CANCELLED"}


def public_state(token: object) -> dict[str, Any]:
    """What the HTML pages show: the factors, the current one, the time left (refreshes activity)."""
    pending, user = records.open_live(token)
    if pending.needs_refresh():
        pending.touch()
        records.save(pending)
    available, unavailable = factors.split(user)
    remaining = [name for name in available if name not in pending.verified]
    return {
        "factor": pending.factor,
        "factors": remaining,
        "unavailable_factors": unavailable,
        "state": State(pending.state).value,
        "expires_in": pending.expires_in(),
        "user": user,
    }


def _auto_challenge(request: HttpRequest, user: User, pending: Pending, available: list[str]) -> dict[str, Any]:
    """``AUTO``: challenge the preferred factor now; if its delivery fails, the user selects."""
    for name in available:
        if factor_for(name).selectable:
            try:
                return {"challenge": _challenge(request, user, pending, name)}
            except FactorUnavailable:
                return {}
    return {}


def _challenge(request: HttpRequest, user: User, pending: Pending, factor_name: object) -> dict[str, Any]:
    return _challenge_with(request, user, pending, factors.offered(user, factor_name))


def _challenge_with(request: HttpRequest, user: User, pending: Pending, factor: Factor) -> dict[str, Any]:
    data = factor.challenge(request, user, pending.scratch_for(factor.name))
    pending.apply(Event.SELECT)
    pending.factor = factor.name
    pending.challenged_at = pending.last_activity = clock.now()
    status = "CHALLENGE_SENT" if factor.delivers else "CHALLENGE_READY"
    mfa_challenged.send(
        sender=Pending, request=request, user=user, flow=pending.flow, factor=factor.name, status=status
    )
    audit.record("mfa_challenged", request=request, user=user, flow=pending.flow, factor=factor.name, status=status)
    return challenge_body(pending, factor, status, data)


def _finish(request: HttpRequest, user: User, pending: Pending, remember: bool) -> Answer:
    pending.apply(Event.VERIFIED)
    if not records.claim(pending):
        raise MfaExpired()
    lockout.succeeded(pending.username, lockout.Kind.FACTOR)  # a right password alone never does
    audit.record("mfa_completed", request=request, user=user, flow=pending.flow, factors=pending.verified)
    answer = login.proceed(_resumed(request, user, pending), after=STAGE)
    answer.response_hooks.append(lambda response: carrier.detach(request, response))
    if remember:
        answer.response_hooks.append(lambda response: trusted.remember(response, user))
    return answer


def _resumed(request: HttpRequest, user: User, pending: Pending) -> LoginAttempt:
    """The login the record was opened for, with every verified factor added to its ``amr``."""
    flow = Flow(
        pending.flow,
        FlowKind(pending.flow_kind),
        "/",
        json=pending.json,
        declared_state=StateType.parse(pending.login_state),
        options={"factors_required": pending.factors_required},
    )
    attempt = LoginAttempt(request, user, flow, device_id=pending.device_id, amr=list(pending.amr))
    for name in pending.verified:
        attempt.proved(*factor_for(name).methods(pending.scratch_for(name)))
    return attempt
