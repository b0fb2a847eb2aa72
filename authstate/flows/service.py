"""The primary-login use-case, shared by the HTML and JSON transports."""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate import throttling
from authstate.conf import auth_settings
from authstate.exceptions import AccountLocked, InvalidCredentials
from authstate.mfa import lockout
from authstate.mfa.answers import MfaRequired
from authstate.oauth2 import bridge
from authstate.registry import Flow
from authstate.signals import login_failed, login_succeeded
from authstate.state import Completion
from authstate.typing import User


@sensitive_variables("password")
def primary_login(
    request: HttpRequest, flow: Flow, *, username: str, password: str, device_id: str = ""
) -> Completion | MfaRequired:
    """Check the password; then complete into the flow's state, or start MFA for an MFA flow.

    The check is reserved first (throttles, then the lockout's password counter): a throttled or
    locked attempt is refused without checking the password, however many arrive at once."""
    started = time.monotonic()
    throttle = throttling.reserve(request, username)
    try:
        attempt = lockout.reserve(username, lockout.Kind.PASSWORD)
    except AccountLocked:
        throttle.release()
        raise
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failed.send(sender=Flow, request=request, username=username, code=InvalidCredentials.code)
        pad_failure(started)
        attempt.failed(request)
        raise InvalidCredentials()
    throttle.release()
    attempt.succeeded()  # the password counter only: second-factor failures still count
    if flow.requires_mfa:
        from authstate.mfa.service import begin

        return begin(request, user, flow, device_id=device_id)
    return complete(request, user, flow, device_id=device_id)


def complete(request: HttpRequest, user: User, flow: Flow, *, device_id: str = "") -> Completion:
    completion = bridge.complete(request, user, flow, device_id=device_id)
    login_succeeded.send(sender=Flow, login=completion.login, request=request, user=user)
    return completion


def pad_failure(started: float) -> None:
    """Make every failure take at least ``MINIMUM_DELAY_MS``, so timing tells nothing."""
    remaining = auth_settings.mfa.minimum_delay_ms / 1000 - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
