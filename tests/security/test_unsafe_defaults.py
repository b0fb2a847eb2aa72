"""Defaults fit for a laptop are refused where they would hurt: the console SMS gateway outside
``DEBUG`` (E044), and the secrets this repository publishes (E080/E081, kept in step here with
``.env.example`` and the demo's settings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from authstate.conf._published_secrets import PUBLISHED_SECRETS, is_placeholder
from authstate.mfa._checks import check_mfa

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = "authstate.factors.sms.gateways.ConsoleGateway"


def sms(settings: Any, *, debug: bool, **factor: Any) -> list[str]:
    settings.DEBUG = debug
    mfa = {**settings.AUTHSTATE.get("MFA", {}), "SMS_FACTOR": factor}
    settings.AUTHSTATE = {**settings.AUTHSTATE, "MFA": mfa}
    return [message.id for message in check_mfa()]


@pytest.mark.parametrize("provider", ["default", "console", "Console", CONSOLE])
def test_console_sms_gateway_is_an_error_outside_debug(settings: Any, provider: str) -> None:
    assert sms(settings, debug=False, ENABLED=True, PROVIDER=provider) == ["authstate.E044"]


def test_console_sms_gateway_is_fine_under_debug(settings: Any) -> None:
    assert sms(settings, debug=True, ENABLED=True, PROVIDER="console") == []


def test_disabled_sms_factor_may_keep_the_console_gateway(settings: Any) -> None:
    assert sms(settings, debug=False, ENABLED=False, PROVIDER="console") == []


@pytest.mark.parametrize("provider", ["outbox", "tests.mfa.gateways.recording_gateway"])
def test_other_gateways_pass(settings: Any, provider: str) -> None:
    assert sms(settings, debug=False, ENABLED=True, PROVIDER=provider) == []


def test_console_sms_error_names_the_settings_to_change(settings: Any, db: Any) -> None:
    sms(settings, debug=False, ENABLED=True, PROVIDER="default")
    (error,) = [m for m in run_checks(tags=["authstate"]) if m.id == "authstate.E044"]
    assert error.is_serious()
    assert 'AUTHSTATE["MFA"]["SMS_FACTOR"]["PROVIDER"]' in error.hint
    assert 'AUTHSTATE["MFA"]["SMS_FACTOR"]["ENABLED"]' in error.hint
    with pytest.raises(SystemCheckError, match=r"authstate\.E044"):
        call_command("check")


def test_the_demo_offers_sms_only_under_debug() -> None:
    """The demo has no SMS provider: its deployed form (DEBUG off, compose, cluster) passes E044."""
    source = (ROOT / "demo_project" / "settings.py").read_text()
    assert '"SMS_FACTOR": {"ENABLED": DEBUG}' in source


def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.lstrip().startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


def test_every_env_example_secret_is_a_known_placeholder() -> None:
    """Each secret ``.env.example`` ships is refused by ``check --deploy`` until replaced."""
    env = env_example()
    secrets = {name: value for name, value in env.items() if re.search(r"SECRET|PASSWORD|TOKEN", name)}
    secrets.pop("DEMO_PASSWORD")  # the demo user's password, a database row, not a setting
    assert set(secrets) >= {"DJANGO_SECRET_KEY", "AUTHSTATE_CLIENT_SECRET", "REDIS_PASSWORD", "POSTGRES_PASSWORD"}
    for name, value in secrets.items():
        assert value in PUBLISHED_SECRETS, name
        assert is_placeholder(value), name


def test_the_demo_secret_key_is_a_known_placeholder() -> None:
    source = (ROOT / "demo_project" / "settings.py").read_text()
    (key,) = re.findall(r'SECRET_KEY = os\.environ\.get\("DJANGO_SECRET_KEY", "([^"]+)"\)', source)
    assert key in PUBLISHED_SECRETS


@pytest.mark.parametrize("value", [None, "", "Zq9-a-random-value", b"change-me"])
def test_real_or_missing_values_are_not_placeholders(value: Any) -> None:
    assert not is_placeholder(value)
