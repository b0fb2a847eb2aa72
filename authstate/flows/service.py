"""The primary-login use-case, shared by the HTML and JSON transports."""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate import throttling
from authstate.conf import auth_settings
from authstate.exceptions import InvalidCredentials
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

    A locked account (``authstate.mfa.lockout``) is refused before the password is checked."""
    started = time.monotonic()
    throttling.check(request, username)
    lockout.ensure_unlocked(username)
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failed.send(sender=Flow, request=request, username=username, code=InvalidCredentials.code)
        pad_failure(started)
        throttling.failed(request, username)
        lockout.failed(request, username)
        raise InvalidCredentials()
    if flow.requires_mfa:
        from authstate.mfa.service import begin

        return begin(request, user, flow, device_id=device_id)
    return complete(request, user, flow, device_id=device_id)


def complete(request: HttpRequest, user: User, flow: Flow, *, device_id: str = "") -> Completion:
    completion = bridge.complete(request, user, flow, device_id=device_id)
    lockout.succeeded(user.get_username())
    login_succeeded.send(sender=Flow, login=completion.login, request=request, user=user)
    return completion


def pad_failure(started: float) -> None:
    """Make every failure take at least ``MINIMUM_DELAY_MS``, so timing tells nothing."""
    remaining = auth_settings.mfa.minimum_delay_ms / 1000 - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
