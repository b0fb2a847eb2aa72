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


def ids(deploy: bool = True) -> set[str]:
    messages = checks.run_checks(include_deployment_checks=deploy, tags=["authstate"])
    return {m.id for m in messages if m.id and m.id.startswith("authstate.") and m.id[-3:-1] == "07"}


@pytest.fixture
def production(settings: Any) -> Any:
    settings.DEBUG = False
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
