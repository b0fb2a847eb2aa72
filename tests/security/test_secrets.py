"""Secrets (passwords, codes, tokens) never reach logs, audit rows or debug error pages."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils.log import AdminEmailHandler
from django.views.decorators.debug import sensitive_variables
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.models import AuditEvent
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.mfa.conftest import totp_code

WRONG = "wrong-password-that-must-not-leak"


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {r.args!r} {r.__dict__!r}" for r in caplog.records)


@pytest.fixture
def verbose(settings: Any, caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG, with authstate's detailed MFA logging on: the worst case."""
    mfa = {**settings.AUTHSTATE.get("MFA", {}), "DETAILED_LOGGING_ENABLED": True, "AUDIT_LOGGING_ENABLED": True}
    settings.AUTHSTATE = {**settings.AUTHSTATE, "MFA": mfa}
    caplog.set_level(logging.DEBUG)
    return caplog


def test_logins_log_no_secrets(api: JsonClient, user: Any, verbose: pytest.LogCaptureFixture) -> None:
    api.post_json("/api/auth", {"username": "alice", "password": WRONG})
    api.post_json("/api/auth", {"username": "nobody", "password": WRONG})
    Client().post("/login", {"username": "alice", "password": WRONG})
    tokens = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).json()
    api.get("/api/me", **bearer(tokens["access_token"] + "x"))
    api.post_json("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    device = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    mfa_token = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()["mfa_token"]
    api.post_json("/api/mfa/verify", {"mfa_token": mfa_token, "factor": "totp", "code": "000000"})
    code = totp_code(device, time.time())
    api.post_json("/api/mfa/verify", {"mfa_token": mfa_token, "factor": "totp", "code": code})
    logged = _everything_logged(verbose)
    audited = repr(list(AuditEvent.objects.values()))
    assert verbose.records, "nothing was logged: the test would prove nothing"
    for secret in (PASSWORD, WRONG, tokens["access_token"], tokens["refresh_token"], mfa_token, code, device.key):
        assert secret not in logged
        assert secret not in audited


@pytest.fixture
def crashing_login(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Client]:
    """The password check crashing in production (``DEBUG`` off): the error report mailed to admins.

    That report carries frame locals and POST data; Django's filter masks what is marked with
    ``sensitive_variables`` / ``sensitive_post_parameters`` (it is inactive under ``DEBUG``, where
    the technical page shows everything by design). The stand-in for ``authenticate`` is marked
    sensitive like Django's own.
    """
    settings.DEBUG = False
    settings.ADMINS = [("ops", "ops@example.com")]

    @sensitive_variables()
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("backend down")

    monkeypatch.setattr("authstate.pipeline._login.authenticate", crash)
    handler = AdminEmailHandler(include_html=True)
    handler.setLevel(logging.ERROR)
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(handler)
    yield Client(raise_request_exception=False)
    request_logger.removeHandler(handler)


def _reported() -> str:
    assert mail.outbox, "no error report was sent: the test would prove nothing"
    html = [str(content) for message in mail.outbox for content, _ in getattr(message, "alternatives", [])]
    assert html and "Local Vars" in html[0], "the HTML report with frame locals was not sent"
    return "".join(message.body for message in mail.outbox) + "".join(html)


@pytest.mark.django_db
def test_error_report_of_form_login_hides_the_password(crashing_login: Client) -> None:
    response = crashing_login.post("/login", {"username": "alice", "password": WRONG})
    assert response.status_code == 500
    assert WRONG not in _reported()
    assert WRONG.encode() not in response.content


@pytest.mark.parametrize("path", ["/api/auth", "/api/mfa/login"])
@pytest.mark.django_db
def test_error_report_of_json_login_hides_the_password(crashing_login: Client, path: str) -> None:
    response = crashing_login.post(path, {"username": "alice", "password": WRONG}, content_type="application/json")
    assert response.status_code == 500
    assert WRONG not in _reported()
    assert b"backend down" not in response.content and WRONG.encode() not in response.content


@pytest.mark.django_db
def test_error_report_of_mfa_verify_hides_the_code_and_token(crashing_login: Client, monkeypatch: Any) -> None:
    @sensitive_variables()
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("backend down")

    monkeypatch.setattr("authstate.mfa._service.verify", crash)
    body = {"mfa_token": "mfa-token-that-must-not-leak", "factor": "totp", "code": "493817"}
    response = crashing_login.post("/api/mfa/verify", body, content_type="application/json")
    assert response.status_code == 500
    report = _reported()
    assert "mfa-token-that-must-not-leak" not in report and "493817" not in report
