"""The login use-case shared by every flow and transport: password, stages, completion."""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate import _lockout as lockout
from authstate import _throttling as throttling
from authstate._cache import deferred
from authstate.assurance import PASSWORD
from authstate.conf import auth_settings
from authstate.exceptions import InvalidCredentials
from authstate.flows._flow import Flow
from authstate.oauth2 import _tickets as tickets
from authstate.pipeline import stages
from authstate.pipeline._attempt import LoginAttempt
from authstate.pipeline.stages import Answer
from authstate.signals import login_failed, login_succeeded
from authstate.state import Completion, strategy_for

__all__ = ["complete", "pad_failure", "primary_login", "proceed"]


@sensitive_variables("password")
def primary_login(request: HttpRequest, flow: Flow, *, username: str, password: str, device_id: str = "") -> Answer:
    """Check the password, then run the stages.

    The check is reserved first (the throttle windows and the lockout's password counter, in one
    round trip): a throttled or locked attempt is refused without checking the password, however
    many arrive at once. A right password gives the throttle places back and resets the password
    counter only (second-factor failures still count); those writes leave with the login's own
    (``cache.deferred``), so a login costs two cache round trips."""
    with deferred():  # not a decorator: its frame would show the password in error reports
        started = time.monotonic()
        reserved = lockout.reserve(username, lockout.Kind.PASSWORD, places=throttling.places(request, username))
        user = authenticate(request, username=username, password=password)
        if user is None:
            login_failed.send(sender=Flow, request=request, username=username, code=InvalidCredentials.code)
            pad_failure(started)
            reserved.failed(request)
            raise InvalidCredentials()
        reserved.succeeded()
        return proceed(LoginAttempt(request, user, flow, device_id=device_id, amr=[PASSWORD]))


def proceed(attempt: LoginAttempt, *, after: str | None = None) -> Answer:
    """Run the stages (those after ``after`` when a stage resumes); complete when none stops."""
    for stage in stages.after(after):
        answer = stage.handle(attempt)
        if answer is not None:
            return answer
    return complete(attempt)


def complete(attempt: LoginAttempt) -> Completion:
    """Into the flow's state, through its strategy: the one place a login is issued."""
    request, user, flow = attempt.request, attempt.user, attempt.flow
    strategy = strategy_for(flow.state)
    with deferred():  # the new entry and the ended logins' markers: one cache round trip
        completion = strategy.complete(request, user, flow=flow.name, amr=attempt.amr, device_id=attempt.device_id)
    if flow.json:
        completion.body.update(tickets.ticket_fields(request, completion.login))
    login_succeeded.send(sender=Flow, login=completion.login, request=request, user=user)
    return completion


def pad_failure(started: float) -> None:
    """Make every failure take at least ``MINIMUM_DELAY_MS``, so timing tells nothing."""
    remaining = auth_settings.mfa.minimum_delay.total_seconds() - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
