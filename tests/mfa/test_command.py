"""``manage.py authstate_mfa``: status, reset, recovery-codes (unlock is in test_lockout)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from authstate.factors.recovery import RecoveryFactor
from authstate.mfa import _enrollment as enrollment


def run(*args: str, capsys: Any) -> str:
    call_command("authstate_mfa", *args)
    return str(capsys.readouterr().out)


def test_status_lists_factors_and_lock(totp_device: Any, email_device: Any, capsys: Any) -> None:
    out = run("status", "alice", capsys=capsys)
    assert f"totp-{totp_device.pk}\ttotp" in out and f"email-{email_device.pk}\temail\ta***@example.com" in out
    assert "account: not locked" in out


def test_reset_removes_every_factor(
    user: Any, totp_device: Any, email_device: Any, recovery_codes: Any, capsys: Any
) -> None:
    assert "3 factor(s) removed" in run("reset", "alice", capsys=capsys)
    assert enrollment.listing(user) == []


def test_recovery_codes_are_printed_once_and_work(user: Any, capsys: Any) -> None:
    codes = run("recovery-codes", "alice", capsys=capsys).split()
    assert len(codes) == 10
    assert RecoveryFactor().verify(None, user, {}, {"code": codes[0]})  # type: ignore[arg-type]
    assert not RecoveryFactor().verify(None, user, {}, {"code": codes[0]})  # type: ignore[arg-type]


def test_unknown_user(db: Any) -> None:
    with pytest.raises(CommandError, match="no user"):
        call_command("authstate_mfa", "status", "nobody")
