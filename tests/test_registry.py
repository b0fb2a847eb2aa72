"""The flow registry DSL: state applies to the flow before it; bad registries fail at startup."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from authstate.conf.enums import StateType
from authstate.registry import FlowKind, FlowRegistry


def test_state_applies_to_the_flow_added_just_before() -> None:
    registry = (
        FlowRegistry().form(login_page="/login").session().rest(login_processing_url="/api/auth").oauth2().build()
    )
    assert registry.get("form").state is StateType.SESSION
    assert registry.get("rest").state is StateType.OAUTH2
    assert registry.get("rest").kind is FlowKind.REST


def test_flow_without_state_gets_state_type(settings: Any) -> None:
    registry = FlowRegistry().form(login_page="/login").build()
    settings.AUTHSTATE = {"STATE_TYPE": "SESSION"}
    assert registry.get("form").state is StateType.SESSION
    settings.AUTHSTATE = {}
    assert registry.get("form").state is StateType.OAUTH2


def test_state_before_any_flow_fails() -> None:
    with pytest.raises(ImproperlyConfigured, match="must follow a flow"):
        FlowRegistry().session()


def test_two_states_for_one_flow_fail() -> None:
    with pytest.raises(ImproperlyConfigured, match="already has state"):
        FlowRegistry().form().session().oauth2()


def test_two_flows_on_one_url_fail() -> None:
    with pytest.raises(ImproperlyConfigured, match="share the url"):
        FlowRegistry().form(login_page="/login").rest(login_processing_url="/login", name="api").build()


def test_two_flows_with_one_name_fail() -> None:
    with pytest.raises(ImproperlyConfigured, match="share the name"):
        FlowRegistry().form(login_page="/a").form(login_page="/b").build()


def test_mfa_needs_exactly_one_url() -> None:
    with pytest.raises(ImproperlyConfigured):
        FlowRegistry().mfa()
    with pytest.raises(ImproperlyConfigured):
        FlowRegistry().mfa(login_page="/a", login_processing_url="/b")


def test_empty_registry_fails() -> None:
    with pytest.raises(ImproperlyConfigured, match="no flows"):
        FlowRegistry().build()


def test_registry_provides_url_patterns() -> None:
    registry = FlowRegistry().form(login_page="/signin").session().build()
    patterns, app_name = registry.urls
    assert app_name == "authstate"
    assert "signin" in [str(p.pattern) for p in patterns]


def test_password_pages_are_mounted_only_when_asked() -> None:
    from authstate._routes import patterns_for

    def names(registry: Any) -> set[str]:
        return {p.name for p in patterns_for(registry) if p.name and "password" in p.name}

    plain = FlowRegistry().form(login_page="/login").session().build()
    assert names(plain) == set()
    both = FlowRegistry().form(login_page="/login").session().passwords().build()
    assert names(both) == {
        "password-change",
        "password-change-page",
        "password-reset",
        "password-reset-confirm",
        "password-reset-page",
        "password-reset-confirm-page",
    }
    change_only = FlowRegistry().passwords(reset=False).form(login_page="/login").session().build()
    assert names(change_only) == {"password-change", "password-change-page"}


def test_passwords_refuses_unknown_options() -> None:
    with pytest.raises(ImproperlyConfigured, match="accepts change, reset"):
        FlowRegistry().passwords(forgot=True)


def test_reset_without_a_base_url_fails_check_e090(settings: Any) -> None:
    from authstate.passwords._checks import check_reset_base_url

    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": None}}
    assert [error.id for error in check_reset_base_url()] == ["authstate.E090"]
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": "accounts.example.com"}}
    assert [error.id for error in check_reset_base_url()] == ["authstate.E090"]
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": "https://accounts.example.com"}}
    assert check_reset_base_url() == []
