"""Logout still ends a login whose access token has expired, through its refresh token."""

from __future__ import annotations

import time
from typing import Any

import jwt
from django.conf import settings as django_settings

from tests.conftest import bearer


def expired(access_token: str) -> str:
    claims = jwt.decode(access_token, options={"verify_signature": False})
    claims |= {"exp": int(time.time()) - 30, "iat": int(time.time()) - 90}
    return jwt.encode(claims, django_settings.SECRET_KEY, algorithm="HS256")


def test_expired_access_token_plus_refresh_token_logs_out(api: Any, rest_login: Any) -> None:
    body = rest_login()
    response = api.post_json(
        "/logout", {"refresh_token": body["refresh_token"]}, **bearer(expired(body["access_token"]))
    )
    assert response.status_code == 200
    assert response.json() == {"status": "LOGGED_OUT"}
    refreshed = api.post_json("/api/auth/refresh", {"refresh_token": body["refresh_token"]})
    assert refreshed.status_code == 401
    assert api.get("/api/me", **bearer(body["access_token"])).status_code == 401


def test_refresh_cookie_alone_logs_out_and_clears_cookies(api: Any, user: Any, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "TOKEN_TRANSPORT_TYPE": "COOKIE", "COOKIE_SECURE": False}
    login = api.post_json("/api/auth", {"username": "alice", "password": "correct horse battery staple"})
    assert login.status_code == 200
    refresh_cookie = login.cookies["authstate_refresh"].value
    api.cookies.pop("authstate_access", None)
    response = api.post_json("/logout", {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.cookies["authstate_refresh"].value == ""
    again = api.post_json("/api/auth/refresh", {"refresh_token": refresh_cookie})
    assert again.status_code == 401


def test_tampered_access_token_is_still_refused_at_logout(api: Any, rest_login: Any) -> None:
    body = rest_login()
    header, payload, _ = body["access_token"].split(".")
    response = api.post_json("/logout", {}, **bearer(f"{header}.{payload}.forged"))
    assert response.status_code == 401
    assert api.get("/api/me", **bearer(body["access_token"])).status_code == 200


def test_logout_ignores_an_unparsable_body(api: Any, rest_login: Any) -> None:
    token = rest_login()["access_token"]
    response = api.post("/logout", b"\xed\x00{", content_type="application/json", **bearer(token))
    assert response.status_code == 200
    assert api.get("/api/me", **bearer(token)).status_code == 401
    anonymous = api.post("/logout", b"\xed\x00{", content_type="application/json")
    assert anonymous.status_code == 200
