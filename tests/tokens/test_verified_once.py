"""An access token's signature is checked once per process; its expiry on every use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from authstate import _clock as clock
from authstate.tokens import _verify as verify
from tests.conftest import bearer


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The raw tokens that went through SimpleJWT's full check (signature, claims)."""
    seen: list[str] = []
    original = verify._decode

    def counting(kind: Any, raw: str) -> Any:
        seen.append(raw)
        return original(kind, raw)

    monkeypatch.setattr(verify, "_decode", counting)
    return seen


def test_a_token_is_verified_once_then_only_its_expiry(
    api: Any, rest_login: Callable[..., Any], decodes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    access = rest_login()["access_token"]
    for _ in range(3):
        assert api.get("/api/me", **bearer(access)).status_code == 200
    assert decodes == [access]
    claims = verify.decode_access(access).payload
    monkeypatch.setattr(clock, "now", lambda: claims["exp"])  # the memory says: expired
    verify.decode_access(access)
    assert decodes == [access, access]  # checked in full again, never served from memory


def test_each_use_gets_its_own_payload(rest_login: Callable[..., Any]) -> None:
    access = rest_login()["access_token"]
    verify.decode_access(access)["sub"] = "someone else"
    assert verify.decode_access(access)["sub"] != "someone else"


def test_a_forged_token_is_never_kept(api: Any, rest_login: Callable[..., Any], decodes: list[str]) -> None:
    header, payload, signature = rest_login()["access_token"].split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    assert [api.get("/api/me", **bearer(forged)).status_code for _ in range(2)] == [401, 401]
    assert decodes == [forged, forged]


def test_nothing_is_kept_when_the_copies_are_off(
    api: Any, rest_login: Callable[..., Any], decodes: list[str], settings: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "LOCAL_ACTIVITY_CACHE_SIZE": 0}
    access = rest_login()["access_token"]
    for _ in range(2):
        assert api.get("/api/me", **bearer(access)).status_code == 200
    assert decodes == [access, access]


def test_a_kept_token_is_refused_once_the_signing_key_changes(
    api: Any, rest_login: Callable[..., Any], settings: Any
) -> None:
    access = rest_login()["access_token"]
    assert api.get("/api/me", **bearer(access)).status_code == 200  # kept
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"
    assert api.get("/api/me", **bearer(access)).status_code == 401


def test_the_same_claims_under_alg_none_are_not_served_from_memory(api: Any, rest_login: Callable[..., Any]) -> None:
    access = rest_login()["access_token"]
    assert api.get("/api/me", **bearer(access)).status_code == 200
    _, payload, _ = access.split(".")
    unsigned = f"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}."
    assert api.get("/api/me", **bearer(unsigned)).status_code == 401


def test_the_copies_are_bounded(rest_login: Callable[..., Any], decodes: list[str], settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "LOCAL_ACTIVITY_CACHE_SIZE": 2, "ALLOW_MULTIPLE_LOGINS": True}
    first, second, third = (rest_login()["access_token"] for _ in range(3))
    for access in (first, second, third, third, second, first):
        verify.decode_access(access)
    assert decodes == [first, second, third, first]  # the least recently used went first
