"""``manage.py check --deploy`` reports authstate's production pitfalls, and only with --deploy."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from authstate.conf.defaults import PUBLISHED_CLIENT_SECRET

SAFE = {
    "COOKIE_SECURE": True,
    "OAUTH2": {"ISSUER_URI": "https://auth.example.com", "CLIENT_SECRET": "x" * 48},
    "MFA": {"SESSION_STORAGE_TYPE": "redis"},
}
SHARED_CACHE = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}


OWN_SECRET_KEY = "k7Qm2vXr9sLw4tPz8yBn3cHd6fJg1aKe5uVo0iNq-TxRbWlYsZp"


def ids(deploy: bool = True) -> set[str]:
    """The deployment checks' ids (07x and 08x), whatever other authstate checks report."""
    messages = checks.run_checks(include_deployment_checks=deploy, tags=["authstate"])
    return {m.id for m in messages if m.id and m.id.startswith("authstate.") and m.id[-3:-1] in ("07", "08")}


@pytest.fixture
def production(settings: Any) -> Any:
    settings.DEBUG = False
    settings.SECRET_KEY = OWN_SECRET_KEY
    settings.CACHES = {"default": SHARED_CACHE}
    settings.AUTHSTATE = SAFE
    return settings


def test_a_production_configuration_passes(production: Any) -> None:
    assert ids() == set()


def test_the_demo_defaults_are_flagged(settings: Any) -> None:
    settings.DEBUG = True
    settings.AUTHSTATE = {"COOKIE_SECURE": False, "MFA": {"SESSION_STORAGE_TYPE": "memory"}}
    assert ids() == {
        "authstate.W070",
        "authstate.E071",
        "authstate.W072",
        "authstate.W073",
        "authstate.W074",
        "authstate.W076",
        "authstate.E080",
    }


def test_nothing_is_reported_without_deploy(settings: Any) -> None:
    settings.AUTHSTATE = {"COOKIE_SECURE": False, "MFA": {"SESSION_STORAGE_TYPE": "memory"}}
    assert ids(deploy=False) == set()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"COOKIE_SECURE": False}, "authstate.W070"),
        ({"MFA": {"SESSION_STORAGE_TYPE": "memory"}}, "authstate.W072"),
        ({"MFA": {"AUTO_SELECT_REPOSITORY": True, "REPOSITORY_PRIORITY": "memory,redis"}}, "authstate.W072"),
        ({"METRICS": {"ENDPOINT_ENABLED": True, "BEARER_TOKEN": "short"}}, "authstate.W075"),
        ({"METRICS": {"ENDPOINT_ENABLED": True, "ALLOW_STAFF": False}}, "authstate.E075"),
        ({"OAUTH2": {**SAFE["OAUTH2"], "ISSUER_URI": "http://auth.example.com"}}, "authstate.W076"),
        ({"TOKEN_PERSISTENCE": "localStorage"}, "authstate.W077"),
        ({"TOKEN_TRANSPORT_TYPE": "COOKIE", "COOKIE_SAME_SITE": "None"}, "authstate.W078"),
    ],
)
def test_each_pitfall_has_its_id(production: Any, change: dict[str, Any], expected: str) -> None:
    production.AUTHSTATE = {**SAFE, **change}
    assert ids() == {expected}


def test_per_process_caches_are_flagged(production: Any) -> None:
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert ids() == {"authstate.W073", "authstate.W074"}


def test_database_backed_sessions_are_not_flagged(production: Any) -> None:
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    production.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    assert ids() == {"authstate.W074"}


def test_csrf_or_samesite_silences_the_cookie_warning(production: Any) -> None:
    production.AUTHSTATE = {**SAFE, "TOKEN_TRANSPORT_TYPE": "COOKIE", "COOKIE_SAME_SITE": "None", "OAUTH2_CSRF": True}
    assert ids() == set()


def test_an_unknown_token_persistence_is_an_error_everywhere(settings: Any) -> None:
    settings.AUTHSTATE = {"TOKEN_PERSISTENCE": "indexedDB"}
    assert "authstate.E079" in ids(deploy=False)


def test_the_published_secret_under_debug_fails_check_deploy(production: Any) -> None:
    production.DEBUG = True
    production.AUTHSTATE = {**SAFE, "OAUTH2": {**SAFE["OAUTH2"], "CLIENT_SECRET": PUBLISHED_CLIENT_SECRET}}
    assert ids() == {"authstate.E071"}
    with pytest.raises(SystemCheckError, match=r"authstate\.E071"):
        call_command("check", "--deploy", "--tag", "authstate")


def test_without_debug_the_published_secret_is_left_to_e012(production: Any) -> None:
    production.AUTHSTATE = {**SAFE, "OAUTH2": {**SAFE["OAUTH2"], "CLIENT_SECRET": PUBLISHED_CLIENT_SECRET}}
    found = {m.id for m in checks.run_checks(include_deployment_checks=True, tags=["authstate"])}
    assert "authstate.E012" in found
    assert "authstate.E071" not in found


DEMO_SECRET_KEY = "demo-only-insecure-secret-key-change-me-0123456789abcdef"
ENV_EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters-shared-by-every-instance"


@pytest.mark.parametrize(
    "key", [DEMO_SECRET_KEY, ENV_EXAMPLE_SECRET_KEY, "change-me-later-0123456789abcdefghijklmnopqrst"]
)
def test_a_published_secret_key_is_an_error(production: Any, key: str) -> None:
    """The demo's key is in the repository: with it anyone can sign an HS256 access token."""
    production.SECRET_KEY = key
    assert ids() == {"authstate.E080"}


def test_a_published_secret_key_among_the_fallbacks_is_an_error(production: Any) -> None:
    production.SECRET_KEY_FALLBACKS = [DEMO_SECRET_KEY]
    messages = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "authstate.E080"]
    assert [str(m.msg).split(" ", 1)[0] for m in messages] == ["SECRET_KEY_FALLBACKS[0]"]


def test_the_published_secret_key_fails_check_deploy_and_names_the_fix(production: Any) -> None:
    production.SECRET_KEY = DEMO_SECRET_KEY
    with pytest.raises(SystemCheckError, match=r"authstate\.E080") as raised:
        call_command("check", "--deploy", "--tag", "authstate")
    assert "DJANGO_SECRET_KEY" in str(raised.value) and DEMO_SECRET_KEY not in str(raised.value)


REDIS_WITH = "redis://:change-me-redis-password@redis:6379/0"


@pytest.mark.parametrize(
    ("where", "change"),
    [
        (
            'AUTHSTATE["OAUTH2"]["CLIENT_SECRET"]',
            {"AUTHSTATE": {**SAFE, "OAUTH2": {**SAFE["OAUTH2"], "CLIENT_SECRET": "change-me-oauth2-client-secret"}}},
        ),
        (
            'AUTHSTATE["METRICS"]["BEARER_TOKEN"]',
            {"AUTHSTATE": {**SAFE, "METRICS": {"ENDPOINT_ENABLED": True, "BEARER_TOKEN": "change-me-" + "x" * 40}}},
        ),
        (
            'CACHES["default"]["LOCATION"] (its password)',
            {"CACHES": {"default": {**SHARED_CACHE, "LOCATION": REDIS_WITH}}},
        ),
        (
            'CACHES["default"]["LOCATION"] (its password)',
            {"CACHES": {"default": {**SHARED_CACHE, "LOCATION": ["redis://:own-pw@a:6379/0", REDIS_WITH]}}},
        ),
        (
            'CACHES["default"]["OPTIONS"]["PASSWORD"]',
            {"CACHES": {"default": {**SHARED_CACHE, "OPTIONS": {"PASSWORD": "change-me-redis-password"}}}},
        ),
    ],
)
def test_env_example_placeholders_used_as_secrets_are_errors(production: Any, where: str, change: Any) -> None:
    for name, value in change.items():
        setattr(production, name, value)
    messages = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "authstate.E081"]
    assert [str(m.msg) for m in messages] == [f"{where} is a placeholder secret published in .env.example"]
    assert ids() == {"authstate.E081"}


def test_the_env_example_database_password_is_an_error(production: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(production.DATABASES["default"], "PASSWORD", "change-me-postgres-password")
    messages = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "authstate.E081"]
    assert [str(m.msg) for m in messages] == [
        'DATABASES["default"]["PASSWORD"] is a placeholder secret published in .env.example'
    ]


def test_own_secrets_in_urls_and_options_pass(production: Any) -> None:
    production.CACHES = {
        "default": {**SHARED_CACHE, "LOCATION": "redis://:Zq9-own-password@redis:6379/0,unix:///tmp/r.sock"},
        "other": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": "127.0.0.1:11211"},
    }
    assert ids() == set()


@pytest.mark.parametrize(
    ("passkey", "hosts", "expected"),
    [
        ({}, ["*"], {"authstate.E082"}),
        ({"RP_ID": "example.com"}, ["*"], set()),
        ({}, ["auth.example.com"], set()),
        ({}, [".example.com"], set()),
        ({"ENABLED": False}, ["*"], set()),
    ],
)
def test_passkeys_following_any_host_header(production: Any, passkey: Any, hosts: list[str], expected: Any) -> None:
    production.ALLOWED_HOSTS = hosts
    production.AUTHSTATE = {**SAFE, "PASSKEY": passkey}
    assert ids() == expected
    assert "authstate.E082" not in ids(deploy=False)


def test_request_wide_transactions_are_flagged_without_deploy(settings: Any) -> None:
    """Parallel logins must see each other's rows for the login limit; ``ATOMIC_REQUESTS`` hides them."""
    assert "authstate.W084" not in ids(deploy=False)
    settings.DATABASES = {alias: {**config, "ATOMIC_REQUESTS": True} for alias, config in settings.DATABASES.items()}
    assert "authstate.W084" in ids(deploy=False)
