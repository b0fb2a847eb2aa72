"""``manage.py check`` catches the mistakes a new user makes, with a hint that says the fix."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import CheckMessage

from authstate.conf._checks import check_settings


def found(settings: Any, **authstate: Any) -> dict[str, CheckMessage]:
    settings.AUTHSTATE = authstate
    return {message.id: message for message in check_settings() if message.id}


def test_a_near_enum_value_is_named(settings: Any) -> None:
    error = found(settings, TOKEN_TRANSPORT_TYPE="HEAD")["authstate.E003"]
    assert error.hint == 'Did you mean "HEADER"?'


def test_a_key_of_a_nested_block_says_where_it_belongs(settings: Any) -> None:
    error = found(settings, OTP_TOKEN_LENGTH=8)["authstate.E001"]
    assert error.hint == '"OTP_TOKEN_LENGTH" belongs under MFA: AUTHSTATE["MFA"]["OTP_TOKEN_LENGTH"].'


def test_a_misspelt_key_gets_the_nearest(settings: Any) -> None:
    assert found(settings, ACCESS_TOKEN_VALIDTY=1)["authstate.E001"].hint == 'Did you mean "ACCESS_TOKEN_VALIDITY"?'


def test_seconds_where_milliseconds_are_meant(settings: Any) -> None:
    warning = found(settings, ACCESS_TOKEN_VALIDITY=900)["authstate.W018"]
    assert "milliseconds" in str(warning.hint) and "900000" in str(warning.hint)
    assert "authstate.W018" not in found(settings, ACCESS_TOKEN_VALIDITY=900000)


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"ACCESS_TOKEN_VALIDITY": 3_600_000, "REFRESH_TOKEN_VALIDITY": 60_000}, "authstate.E014"),
        ({"REFRESH_TOKEN_VALIDITY": 3_600_000, "REFRESH_ROTATE_THRESHOLD": 7_200_000}, "authstate.W015"),
    ],
)
def test_token_lifetimes_that_contradict(settings: Any, values: dict[str, int], code: str) -> None:
    assert code in found(settings, **values)
    assert code not in found(settings, REFRESH_TOKEN_VALIDITY=3_600_000, REFRESH_ROTATE_THRESHOLD=600_000)


def test_missing_django_otp_apps(settings: Any) -> None:
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if not app.startswith("django_otp")]
    error = found(settings)["authstate.E016"]
    assert "django_otp" in str(error.msg) and "INSTALLED_APPS" in str(error.hint)


def test_redis_store_without_a_django_redis_cache(settings: Any) -> None:
    error = found(settings, MFA={"SESSION_STORAGE_TYPE": "redis"})["authstate.E017"]
    assert "django_redis.cache.RedisCache" in str(error.hint)
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"},
    }
    assert "authstate.E017" not in found(settings, MFA={"SESSION_STORAGE_TYPE": "redis"})
