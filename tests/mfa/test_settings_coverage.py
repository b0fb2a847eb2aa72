"""Every ``spring.auth.mfa.*`` key (and authstate's MFA additions) is exercised by a test here, and
the MFA system checks catch the values the code cannot honour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from authstate.conf._schema import Group, walk
from authstate.conf.defaults import ROOT
from authstate.mfa._checks import check_mfa

HERE = Path(__file__).parent
MFA = ROOT.child("MFA")
assert isinstance(MFA, Group)


def sources() -> str:
    return "\n".join(path.read_text() for path in HERE.glob("test_*.py") if path.name != Path(__file__).name)


@pytest.mark.parametrize("path", [path for path, _ in walk(MFA)], ids="/".join)
def test_key_is_set_by_some_test(path: tuple[str, ...]) -> None:
    """A test sets this key to a non-default value and asserts the behaviour it changes."""
    text = sources()
    if len(path) == 1:
        assert f"{path[0]}=" in text or f'"{path[0]}"' in text
    else:
        assert f'{path[0]}={{"{path[1]}"' in text or f'"{path[1]}": ' in text


def test_factor_selection_type_is_set_by_some_test() -> None:
    assert "FACTOR_SELECTION_TYPE=" in sources()


def ids(mfa_settings: Any, **values: Any) -> list[str]:
    mfa_settings(**values)
    return [message.id for message in check_mfa()]


def test_defaults_pass_the_checks(mfa_settings: Any) -> None:
    assert ids(mfa_settings) == []


@pytest.mark.parametrize(
    "values",
    [{"STATE_MACHINE_POOL_SIZE": 0}, {"ACCOUNT_LOCKOUT_THRESHOLD": 0}, {"MEMORY": {"MAX_SESSIONS": 0}}],
)
def test_minimums(mfa_settings: Any, values: dict[str, Any]) -> None:
    assert ids(mfa_settings, **values) == ["authstate.E040"]


def test_unimportable_sms_gateway(mfa_settings: Any) -> None:
    assert ids(mfa_settings, SMS_FACTOR={"PROVIDER": "nowhere.Gateway"}) == ["authstate.E041"]


def test_odd_token_length_warns_for_totp(mfa_settings: Any) -> None:
    assert ids(mfa_settings, OTP_TOKEN_LENGTH=7) == ["authstate.W042"]


def test_redis_and_memory_enabled_flags(mfa_settings: Any, settings: Any) -> None:
    from authstate.mfa.stores import chosen_type

    mfa_settings(AUTO_SELECT_REPOSITORY=True, REPOSITORY_PRIORITY=["memory", "http-session"], MEMORY={"ENABLED": False})
    assert chosen_type() == "http-session"
    settings.CACHES = {**settings.CACHES, "r": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"}}
    mfa_settings(REPOSITORY_PRIORITY=["redis", "memory"], MEMORY={"ENABLED": True}, REDIS={"CACHE_ALIAS": "r"})
    assert chosen_type() == "redis"
    mfa_settings(REDIS={"ENABLED": False})
    assert chosen_type() == "memory"


def test_no_usable_store(mfa_settings: Any, settings: Any) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    assert ids(mfa_settings) == ["authstate.E043"]
    assert ids(mfa_settings, FALLBACK_REPOSITORY_TYPE="memory") == []
