"""Forged, tampered and expired access tokens are refused with the envelope."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from django.conf import settings as django_settings

from tests.conftest import bearer


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def claims(rest_login: Any) -> dict[str, Any]:
    return jwt.decode(rest_login()["access_token"], options={"verify_signature": False})


def assert_refused(api: Any, token: str, code: str = "invalid_token") -> None:
    response = api.get("/api/me", **bearer(token))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert "WWW-Authenticate" in response


def test_alg_none_is_refused(api: Any, claims: dict[str, Any]) -> None:
    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert_refused(api, token)


def test_tampered_payload_is_refused(api: Any, rest_login: Any, make_user: Any) -> None:
    header, _, signature = rest_login()["access_token"].split(".")
    other = make_user("mallory")
    forged = jwt.decode(f"{header}.{_}.{signature}", options={"verify_signature": False}) | {"sub": str(other.pk)}
    assert_refused(api, f"{header}.{b64(forged)}.{signature}")


def test_wrong_signature_is_refused(api: Any, claims: dict[str, Any]) -> None:
    assert_refused(api, jwt.encode(claims, "not-the-secret-but-long-enough-for-hs256-0123456789", algorithm="HS256"))


def test_stripped_signature_is_refused(api: Any, rest_login: Any) -> None:
    header, payload, _ = rest_login()["access_token"].split(".")
    assert_refused(api, f"{header}.{payload}.")


def test_expired_token_is_refused(api: Any, claims: dict[str, Any]) -> None:
    expired = claims | {"exp": int(time.time()) - 10, "iat": int(time.time()) - 100}
    assert_refused(api, jwt.encode(expired, django_settings.SECRET_KEY, algorithm="HS256"), "token_expired")


def test_wrong_issuer_is_refused(api: Any, claims: dict[str, Any]) -> None:
    assert_refused(
        api, jwt.encode(claims | {"iss": "https://evil.example"}, django_settings.SECRET_KEY, algorithm="HS256")
    )


def test_refresh_token_is_not_an_access_token(api: Any, rest_login: Any) -> None:
    assert_refused(api, rest_login()["refresh_token"])


def test_token_without_login_id_is_refused(api: Any, claims: dict[str, Any]) -> None:
    del claims["sid"]
    assert_refused(api, jwt.encode(claims, django_settings.SECRET_KEY, algorithm="HS256"))


def test_garbage_is_refused(api: Any, db: Any) -> None:
    assert_refused(api, "not-a-jwt")


def test_deactivated_user_is_refused_at_once(api: Any, rest_login: Any, user: Any) -> None:
    token = rest_login()["access_token"]
    assert api.get("/api/me", **bearer(token)).status_code == 200
    user.is_active = False
    user.save()
    assert api.get("/api/me", **bearer(token)).status_code == 401
