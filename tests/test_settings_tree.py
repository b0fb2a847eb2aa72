"""The AUTHSTATE tree mirrors spring.auth.*: names, defaults, units, parsing and checks."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from authstate.conf import auth_settings
from authstate.conf.enums import StateType, StorageType, TokenTransportType

# Every property of the seed's tables, with the seed's default, as Spring prints it.
SEED_PROPERTIES = {
    "spring.auth.state-type": "OAUTH2",
    "spring.auth.token-transport-type": "HEADER",
    "spring.auth.token-issuer": "INTERNAL",
    "spring.auth.factor-selection-type": "SELECT",
    "spring.auth.access-token-validity": "3600000",
    "spring.auth.refresh-token-validity": "604800000",
    "spring.auth.refresh-rotate-threshold": "43200000",
    "spring.auth.enable-refresh-token": "true",
    "spring.auth.allow-multiple-logins": "false",
    "spring.auth.max-concurrent-logins": "3",
    "spring.auth.cookie-secure": "true",
    "spring.auth.token-persistence": "memory",
    "spring.auth.token-prefix": "Bearer ",
    "spring.auth.roles-claim": "roles",
    "spring.auth.scopes-claim": "scopes",
    "spring.auth.oauth2-csrf": "false",
    "spring.auth.oauth2.client-id": "default-client",
    "spring.auth.oauth2.client-secret": "173f8245-5f7d-4623-a612-aa0c68f6da4a",
    "spring.auth.oauth2.issuer-uri": "http://localhost:9000",
    "spring.auth.oauth2.token-endpoint": "/oauth2/token",
    "spring.auth.oauth2.scope": "read",
    "spring.auth.oauth2.redirect-uri": "http://localhost:8080",
    "spring.auth.oauth2.authorized-uri": "",
    "spring.auth.oauth2.jwk-key-store-path": "",
    "spring.auth.oauth2.jwk-key-store-password": "",
    "spring.auth.oauth2.jwk-key-alias": "",
    "spring.auth.oauth2.jwk-key-password": "",
    "spring.auth.mfa.session-timeout-ms": "600000",
    "spring.auth.mfa.challenge-timeout-ms": "300000",
    "spring.auth.mfa.inactivity-timeout": "900000",
    "spring.auth.mfa.cache-ttl": "300000",
    "spring.auth.mfa.session-refresh-interval-ms": "30000",
    "spring.auth.mfa.state-machine-timeout-ms": "10000",
    "spring.auth.mfa.max-retry-attempts": "5",
    "spring.auth.mfa.account-lockout-duration-ms": "900000",
    "spring.auth.mfa.minimum-delay-ms": "500",
    "spring.auth.mfa.otp-token-validity-seconds": "300",
    "spring.auth.mfa.otp-token-length": "6",
    "spring.auth.mfa.sms-resend-interval-seconds": "60",
    "spring.auth.mfa.email-resend-interval-seconds": "120",
    "spring.auth.mfa.device-remember-duration-ms": "2592000000",
    "spring.auth.mfa.state-machine-pool-size": "100",
    "spring.auth.mfa.state-machine-cache-ttl-ms": "300000",
    "spring.auth.mfa.circuit-breaker-failure-threshold": "5",
    "spring.auth.mfa.circuit-breaker-timeout-seconds": "30",
    "spring.auth.mfa.detailed-logging-enabled": "false",
    "spring.auth.mfa.metrics-enabled": "true",
    "spring.auth.mfa.audit-logging-enabled": "true",
    "spring.auth.mfa.session-storage-type": "http-session",
    "spring.auth.mfa.auto-select-repository": "false",
    "spring.auth.mfa.repository-priority": "redis,memory,http-session",
    "spring.auth.mfa.fallback-repository-type": "http-session",
    "spring.auth.mfa.http-session.enabled": "true",
    "spring.auth.mfa.http-session.session-attribute-name": "MFA_SESSION_ID",
    "spring.auth.mfa.redis.key-prefix": "mfa:session:",
    "spring.auth.mfa.redis.cookie-name": "MFA_SID",
    "spring.auth.mfa.redis.same-site": "Strict",
    "spring.auth.mfa.memory.cleanup-interval-minutes": "5",
    "spring.auth.mfa.memory.max-sessions": "10000",
    "spring.auth.mfa.sms-factor.provider": "default",
    "spring.auth.mfa.sms-factor.template-id": "mfa_sms_template",
    "spring.auth.mfa.sms-factor.enabled": "true",
    "spring.auth.mfa.email-factor.from-address": "noreply@company.com",
    "spring.auth.mfa.email-factor.template-id": "mfa_email_template",
    "spring.auth.mfa.email-factor.enabled": "true",
}


def properties(**options: Any) -> dict[str, str]:
    out = io.StringIO()
    call_command("authstate_settings", format="properties", stdout=out, **options)
    lines = [line for line in out.getvalue().splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_properties_without_authstate_print_every_seed_key_with_its_default(settings: Any) -> None:
    del settings.AUTHSTATE
    printed = properties()
    missing = set(SEED_PROPERTIES) - set(printed)
    assert not missing
    assert {key: printed[key] for key in SEED_PROPERTIES} == SEED_PROPERTIES


def test_properties_keys_are_kebab_case() -> None:
    for key in properties():
        assert re.fullmatch(r"spring\.auth(\.[a-z0-9]+(-[a-z0-9]+)*)+", key), key


def test_nested_values_read_through_one_object(settings: Any) -> None:
    settings.AUTHSTATE = {"MFA": {"REDIS": {"KEY_PREFIX": "x:"}, "SESSION_STORAGE_TYPE": "REDIS"}}
    assert auth_settings.mfa.redis.key_prefix == "x:"
    assert auth_settings.mfa.session_storage_type == StorageType.REDIS
    assert auth_settings.mfa.redis.cookie_name == "MFA_SID"


def test_enums_accept_any_case_and_separator(settings: Any) -> None:
    settings.AUTHSTATE = {"TOKEN_TRANSPORT_TYPE": "header-cookie", "STATE_TYPE": "session"}
    assert auth_settings.token_transport_type is TokenTransportType.HEADER_COOKIE
    assert auth_settings.state_type is StateType.SESSION


def test_settings_reload_in_place_when_changed(settings: Any) -> None:
    settings.AUTHSTATE = {"MAX_CONCURRENT_LOGINS": 7}
    assert auth_settings.max_concurrent_logins == 7
    settings.AUTHSTATE = {"MAX_CONCURRENT_LOGINS": 9}
    assert auth_settings.max_concurrent_logins == 9


def check_ids(settings: Any, authstate: dict[str, Any]) -> list[str]:
    settings.AUTHSTATE = authstate
    return [message.id for message in run_checks(tags=["authstate"]) if message.id.startswith("authstate")]


def test_unknown_key_is_an_error_with_a_suggestion(settings: Any) -> None:
    settings.AUTHSTATE = {"MFA": {"MAX_RETRY_ATTEMPT": 3}}
    errors = [m for m in run_checks(tags=["authstate"]) if m.id == "authstate.E001"]
    assert len(errors) == 1
    assert "MAX_RETRY_ATTEMPTS" in errors[0].hint
    assert 'AUTHSTATE["MFA"]["MAX_RETRY_ATTEMPT"]' in errors[0].msg


@pytest.mark.parametrize(
    ("authstate", "expected"),
    [
        ({"ACCESS_TOKEN_VALIDITY": "soon"}, "authstate.E002"),
        ({"ENABLE_REFRESH_TOKEN": "maybe"}, "authstate.E002"),
        ({"MFA": {"MAX_RETRY_ATTEMPTS": -1}}, "authstate.E002"),
        ({"TOKEN_TRANSPORT_TYPE": "pigeon"}, "authstate.E003"),
        ({"MFA": {"CHALLENGE_TIMEOUT_MS": 700000}}, "authstate.E010"),
        ({"MFA": {"OTP_TOKEN_LENGTH": 2}}, "authstate.E013"),
        ({"OAUTH2": "nope"}, "authstate.E002"),
    ],
)
def test_bad_values_fail_checks_with_ids(settings: Any, authstate: dict[str, Any], expected: str) -> None:
    assert expected in check_ids(settings, authstate)


def test_bad_value_falls_back_to_the_default(settings: Any) -> None:
    settings.AUTHSTATE = {"ACCESS_TOKEN_VALIDITY": "soon"}
    assert auth_settings.access_token_validity == timedelta(hours=1)


def test_published_client_secret_refused_outside_debug(settings: Any) -> None:
    settings.DEBUG = False
    assert "authstate.E012" in check_ids(settings, {})
    assert "authstate.E012" not in check_ids(settings, {"OAUTH2": {"CLIENT_SECRET": "s3cr3t-of-our-own"}})
    settings.DEBUG = True
    assert "authstate.E012" not in check_ids(settings, {})


def test_redis_store_without_django_redis(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "django_redis" else real(name, *a)
    )
    assert "authstate.E011" in check_ids(settings, {"MFA": {"SESSION_STORAGE_TYPE": "redis"}})
    assert "authstate.E011" not in check_ids(settings, {"MFA": {"SESSION_STORAGE_TYPE": "memory"}})


def test_unknown_key_fails_manage_py_check(settings: Any, db: Any) -> None:
    from django.core.management.base import SystemCheckError

    settings.AUTHSTATE = {"TOKEN_PREFFIX": "Bearer "}
    with pytest.raises(SystemCheckError, match="TOKEN_PREFIX"):
        call_command("check")


def test_json_and_diff_formats(settings: Any) -> None:
    settings.AUTHSTATE = {"MFA": {"OTP_TOKEN_LENGTH": 8}, "STATE_TYPE": "session"}
    out = io.StringIO()
    call_command("authstate_settings", format="json", diff=True, stdout=out)
    assert json.loads(out.getvalue()) == {
        'AUTHSTATE["STATE_TYPE"]': "SESSION",
        'AUTHSTATE["MFA"]["OTP_TOKEN_LENGTH"]': 8,
    }


def test_secrets_are_masked_unless_asked(settings: Any) -> None:
    settings.AUTHSTATE = {"OAUTH2": {"CLIENT_SECRET": "a-real-secret-value", "JWK_KEY_PASSWORD": "pw-123"}}
    printed = properties()
    assert printed["spring.auth.oauth2.client-secret"] == "********"
    assert printed["spring.auth.oauth2.jwk-key-password"] == "********"
    assert "a-real-secret-value" not in str(printed)
    shown = properties(show_secrets=True)
    assert shown["spring.auth.oauth2.client-secret"] == "a-real-secret-value"
