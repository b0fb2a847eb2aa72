"""Every transport by login, authenticated request, refresh and logout, as API.md describes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import bearer

ACCESS, REFRESH = "authstate_access", "authstate_refresh"
TOKEN_FIELDS = {"access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"}
BODY_FIELDS = {
    "HEADER": {"status"} | TOKEN_FIELDS,
    "HEADER_COOKIE": {"status"} | TOKEN_FIELDS - {"refresh_token"},
    "COOKIE": {"status"} | TOKEN_FIELDS - {"refresh_token", "access_token"},
}
COOKIES = {"HEADER": set(), "HEADER_COOKIE": {REFRESH}, "COOKIE": {ACCESS, REFRESH}}
TRANSPORTS = list(BODY_FIELDS)


def set_cookie_headers(response: Any, name: str) -> list[str]:
    return [str(morsel.output(header="")).strip() for morsel in response.cookies.values() if morsel.key == name]


def auth_headers(transport: str, body: dict[str, Any]) -> dict[str, str]:
    return {} if transport == "COOKIE" else bearer(body["access_token"])


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest, configure: Any) -> str:
    configure(TOKEN_TRANSPORT_TYPE=request.param, COOKIE_SECURE=True)
    return str(request.param)


def test_login_body_and_cookies(transport: str, token_login: Any) -> None:
    _, response = token_login()
    assert response.status_code == 200
    assert set(response.json()) == BODY_FIELDS[transport]
    assert {morsel.key for morsel in response.cookies.values() if morsel.value} == COOKIES[transport]


@pytest.mark.parametrize("transport", ["HEADER_COOKIE", "COOKIE"], indirect=True)
def test_cookie_attributes(transport: str, token_login: Any) -> None:
    _, response = token_login()
    refresh = set_cookie_headers(response, REFRESH)
    assert {header.split("Path=")[1].split(";")[0] for header in refresh} == {"/api/auth/refresh", "/logout"}
    for header in refresh:
        assert "HttpOnly" in header and "Secure" in header and "SameSite=Strict" in header
        assert "Max-Age=604800" in header or "Max-Age=604799" in header
    if transport == "COOKIE":
        (access,) = set_cookie_headers(response, ACCESS)
        assert "Path=/;" in access and "HttpOnly" in access and "SameSite=Strict" in access
        assert "Max-Age=3600" in access or "Max-Age=3599" in access


def test_authenticated_request(transport: str, token_login: Any) -> None:
    client, response = token_login()
    me = client.get("/api/me", **auth_headers(transport, response.json()))
    assert me.status_code == 200
    assert me.json()["state"] == "oauth2"


def test_refresh(transport: str, token_login: Any) -> None:
    client, response = token_login()
    body = response.json()
    payload = {"refresh_token": body["refresh_token"]} if transport == "HEADER" else {}
    refreshed = client.post_json("/api/auth/refresh", payload)
    assert refreshed.status_code == 200, refreshed.content
    new = refreshed.json()
    assert new["status"] == "AUTHENTICATED"
    assert ("access_token" in new) is (transport != "COOKIE")
    assert "refresh_token" not in new  # far from expiry: not rotated
    assert new["refresh_expires_in"] > 604000
    token = new.get("access_token")
    assert client.get("/api/me", **({} if token is None else bearer(token))).status_code == 200


def test_logout_clears_cookies_and_revokes(transport: str, token_login: Any) -> None:
    client, response = token_login()
    headers = auth_headers(transport, response.json())
    logout = client.post("/logout", HTTP_ACCEPT="application/json", **headers)
    assert logout.status_code == 200
    assert logout.json() == {"status": "LOGGED_OUT"}
    cleared = {morsel.key for morsel in logout.cookies.values() if morsel["max-age"] == 0}
    assert cleared == COOKIES[transport]
    assert client.get("/api/me", **headers).status_code in (401, 403)
    body = response.json()
    refresh_payload = {"refresh_token": body["refresh_token"]} if transport == "HEADER" else {}
    refused = client.post_json("/api/auth/refresh", refresh_payload)
    assert refused.status_code == 401


def test_header_wins_over_cookie(configure: Any, token_login: Any, make_user: Any) -> None:
    configure(TOKEN_TRANSPORT_TYPE="COOKIE")
    alice, _ = token_login()
    make_user("bob")
    _, bob = token_login(username="bob")
    assert alice.get("/api/me").json()["username"] == "alice"
    assert alice.get("/api/me", **bearer(bob.cookies[ACCESS].value)).json()["username"] == "bob"


def test_refresh_header_is_read(configure: Any, token_login: Any, api: Any) -> None:
    _, response = token_login()
    refreshed = api.post_json("/api/auth/refresh", {}, HTTP_X_REFRESH_TOKEN=response.json()["refresh_token"])
    assert refreshed.status_code == 200


def test_refresh_without_token_is_401(api: Any, db: Any) -> None:
    response = api.post_json("/api/auth/refresh", {})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_refresh_with_an_access_token_is_refused(token_login: Any, api: Any) -> None:
    _, response = token_login()
    refused = api.post_json("/api/auth/refresh", {"refresh_token": response.json()["access_token"]})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"


def test_refresh_token_of_wrong_type_in_body_is_400(api: Any, db: Any) -> None:
    response = api.post_json("/api/auth/refresh", {"refresh_token": 42})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
