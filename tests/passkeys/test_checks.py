"""System checks of AUTHSTATE["PASSKEY"]: I050, E050 to E052."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from authstate.passkeys import _relying_party as relying_party
from authstate.passkeys._checks import check_passkeys


def ids(settings: Any, **passkey: Any) -> list[str]:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSKEY": passkey}
    return [message.id or "" for message in check_passkeys()]


def test_defaults_pass(settings: Any) -> None:
    assert ids(settings) == []


@pytest.mark.parametrize("origin", ["example.com", "https://example.com/login", "ftp://example.com", "https://"])
def test_an_allowed_origin_must_be_an_origin(settings: Any, origin: str) -> None:
    assert ids(settings, ALLOWED_ORIGINS=[origin]) == ["authstate.E051"]


def test_origins_must_sit_inside_the_rp_id(settings: Any) -> None:
    good = ["https://example.com", "https://login.example.com:8443"]
    assert ids(settings, RP_ID="example.com", ALLOWED_ORIGINS=good) == []
    assert ids(settings, RP_ID="example.com", ALLOWED_ORIGINS=["https://notexample.com"]) == ["authstate.E052"]


def test_missing_webauthn_is_named(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """By default passkeys switch off (an info); asked for explicitly, their absence is an error."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "webauthn" else real(name, *a))
    assert ids(settings) == ["authstate.I050"]
    assert ids(settings, ENABLED=True) == ["authstate.E050"]
    assert ids(settings, ENABLED=False) == []


def test_configured_rp_id_and_origins_are_used(settings: Any, rf: Any) -> None:
    request = rf.get("/", HTTP_HOST="testserver")
    assert (relying_party.rp_id(request), relying_party.allowed_origins(request)) == (
        "testserver",
        ["http://testserver"],
    )
    settings.AUTHSTATE = {
        **settings.AUTHSTATE,
        "PASSKEY": {"RP_ID": "example.com", "ALLOWED_ORIGINS": ["https://app.example.com"]},
    }
    assert (relying_party.rp_id(request), relying_party.allowed_origins(request)) == (
        "example.com",
        ["https://app.example.com"],
    )
