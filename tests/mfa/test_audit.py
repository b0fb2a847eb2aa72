"""AUDIT_LOGGING_ENABLED, DETAILED_LOGGING_ENABLED and METRICS_ENABLED, and the signals sent."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from authstate import signals
from authstate.audit import _metrics as metrics
from authstate.models import AuditEvent
from tests.mfa.conftest import last_email_code, start, totp_code


def mfa_login(api: Any, device: Any, clock: Any, wrong_first: bool = True) -> None:
    token = start(api)["mfa_token"]
    if wrong_first:
        api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(device, clock.now)})


@pytest.mark.parametrize("enabled", [True, False])
def test_audit_logging_enabled(
    api: Any, totp_device: Any, clock: Any, mfa_settings: Any, caplog: Any, enabled: bool
) -> None:
    mfa_settings(AUDIT_LOGGING_ENABLED=enabled)
    caplog.set_level(logging.INFO, logger="authstate.audit")
    mfa_login(api, totp_device, clock)
    events = list(AuditEvent.objects.order_by("pk").values_list("event", "factor"))
    expected = [
        ("mfa_started", ""),
        ("mfa_challenged", "totp"),
        ("mfa_failed", "totp"),
        ("mfa_verified", "totp"),
        ("mfa_completed", ""),
        ("login_succeeded", ""),
    ]
    assert events == (expected if enabled else [])
    assert any("mfa_failed" in r.message for r in caplog.records) is enabled


def test_audit_rows_carry_no_secrets(api: Any, email_device: Any, mfa_settings: Any) -> None:
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    code = last_email_code()
    api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "email", "code": code})
    dumped = str(list(AuditEvent.objects.values()))
    assert code not in dumped and token not in dumped


@pytest.mark.parametrize("enabled", [True, False])
def test_detailed_logging_enabled(api: Any, email_device: Any, mfa_settings: Any, caplog: Any, enabled: bool) -> None:
    mfa_settings(DETAILED_LOGGING_ENABLED=enabled)
    caplog.set_level(logging.DEBUG, logger="authstate.audit")
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("mfa_challenged" in line and "CHALLENGE_SENT" in line for line in debug) is enabled
    assert not any(last_email_code() in line or token in line for line in debug)


@pytest.mark.parametrize("enabled", [True, False])
def test_metrics_enabled(api: Any, totp_device: Any, clock: Any, mfa_settings: Any, enabled: bool) -> None:
    mfa_settings(METRICS_ENABLED=enabled)
    seen: list[str] = []

    def receiver(sender: Any, event: str, **kwargs: Any) -> None:
        seen.append(event)

    signals.audit_event.connect(receiver)
    try:
        mfa_login(api, totp_device, clock)
    finally:
        signals.audit_event.disconnect(receiver)
    counts = metrics.snapshot()
    assert (counts.get(("mfa_failed", "totp", "api-mfa"), 0) == 1) is enabled
    assert ("mfa_verified" in seen) is enabled


def test_mfa_signals(api: Any, totp_device: Any, clock: Any, mfa_settings: Any) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=2)
    received: list[tuple[str, dict[str, Any]]] = []
    hooks = {
        name: getattr(signals, name)
        for name in ("mfa_factor_verified", "mfa_failed", "account_locked", "mfa_challenged")
    }
    receivers = {name: (lambda n: lambda sender, **kw: received.append((n, kw)))(name) for name in hooks}
    for name, signal in hooks.items():
        signal.connect(receivers[name])
    try:
        mfa_login(api, totp_device, clock)
        api.post_json("/api/auth", {"username": "alice", "password": "x"})
        api.post_json("/api/auth", {"username": "alice", "password": "x"})
    finally:
        for name, signal in hooks.items():
            signal.disconnect(receivers[name])
    names = [name for name, _ in received]
    assert names == ["mfa_challenged", "mfa_failed", "mfa_factor_verified", "account_locked"]
    assert received[1][1]["attempts_left"] == 4 and received[1][1]["factor"] == "totp"
    assert received[3][1]["username"] == "alice"
