"""``AUTHSTATE["FLOWS"]`` + ``include("authstate.urls")`` gives the DSL's URLs and behaviour."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from authstate.flows._checks import check_declared_flows
from authstate.registry import FlowRegistry
from demo_project.urls import registry as demo_registry
from tests.conftest import PASSWORD, JsonClient, bearer

DEMO_FLOWS = [
    {"TYPE": "form", "LOGIN_PAGE": "/login", "STATE": "session"},
    {"TYPE": "rest", "LOGIN_PROCESSING_URL": "/api/auth", "STATE": "oauth2"},
    {"TYPE": "mfa", "NAME": "mfa", "LOGIN_PAGE": "/mfa/login", "STATE": "session"},
    {"TYPE": "mfa", "NAME": "api-mfa", "LOGIN_PROCESSING_URL": "/api/mfa/login", "STATE": "oauth2"},
    {"TYPE": "passwords", "CHANGE": True, "RESET": True},
]


def routes(patterns: list[Any]) -> list[tuple[str, str | None]]:
    return [(str(pattern.pattern), pattern.name) for pattern in patterns]


@pytest.fixture
def declared(settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "FLOWS": DEMO_FLOWS}
    settings.ROOT_URLCONF = "tests.declared_urls"


def test_settings_declare_the_same_urls_as_the_dsl() -> None:
    built = FlowRegistry.from_settings(DEMO_FLOWS)
    assert built == demo_registry
    assert routes(built.urls[0]) == routes(demo_registry.urls[0])


def test_include_mounts_the_declared_flows(declared: None, api: JsonClient, user: Any) -> None:
    body = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).json()
    me = api.get("/api/me", **bearer(body["access_token"])).json()
    assert (me["flow"], me["state"]) == ("rest", "oauth2")
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD})
    assert started.json()["error"]["code"] == "mfa_not_enrolled"
    assert api.get("/login").status_code == 200


@pytest.mark.parametrize(
    ("flows", "named"),
    [
        ([{"TYPE": "forms", "LOGIN_PAGE": "/x"}], '["TYPE"]'),
        ([{"TYPE": "rest", "LOGIN_PROCESSING_URL": "/x", "STATE": "cookies"}], "cookies"),
        ([{"TYPE": "mfa", "LOGIN_PAGE": "/x", "FACTOR_REQUIRED": 2}], "factor_required"),
        ([{"TYPE": "rest", "LOGIN_PROCESSING_URL": "x"}], "must start with '/'"),
        ([{"TYPE": "rest"}, {"TYPE": "rest"}], "share the name"),
    ],
)
def test_check_names_what_is_wrong(settings: Any, flows: list[Any], named: str) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "FLOWS": flows}
    (error,) = check_declared_flows()
    assert error.id == "authstate.E021" and named in error.msg
    with pytest.raises(ImproperlyConfigured):
        FlowRegistry.from_settings(flows)


def test_without_declared_flows_the_check_is_silent() -> None:
    assert check_declared_flows() == []


def test_an_entry_that_is_not_a_dict_is_a_type_error(settings: Any) -> None:
    from authstate.conf._checks import check_settings

    settings.AUTHSTATE = {**settings.AUTHSTATE, "FLOWS": ["rest"]}
    assert [m.id for m in check_settings() if "FLOWS" in str(m.msg)] == ["authstate.E002"]
