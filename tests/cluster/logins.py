"""The logins of API.md, driven through HAProxy, and the "served by another instance" check."""

from __future__ import annotations

from typing import Any

import requests

from tests.cluster.client import Client, assert_alternating
from tests.cluster.totp import Authenticator

PASSWORD = "cluster-password-4f9a"
REVOKED = {"error": {"code": "login_revoked", "message": "This login has ended; sign in again."}}


def form_login(client: Client, username: str, page: str = "/login") -> requests.Response:
    """GET the login page, POST it; returns the redirect that ends the POST."""
    form = client.get(page)
    assert form.status_code == 200, form.text[:500]
    response = client.submit_form(form, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.text[:500]
    return response


def rest_login(client: Client, username: str, path: str = "/api/auth") -> dict[str, Any]:
    response = client.post_json(path, {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()


def me_twice(client: Client, token: str | None = None) -> list[dict[str, Any]]:
    """Two consecutive ``/api/me`` calls; asserts two different instances answered them."""
    client.served.clear()
    bodies = []
    for _ in range(2):
        response = client.me(token)
        assert response.status_code == 200, response.text
        bodies.append(response.json())
    assert_alternating(client.served)
    assert [b["instance"] for b in bodies] == client.served
    assert bodies[0] == {**bodies[1], "instance": bodies[0]["instance"]}
    return bodies


def enroll_totp(base_url: str, username: str) -> Authenticator:
    """Enroll a TOTP device over the JSON API (its own client, so it leaves no cookies behind)."""
    client = Client(base_url)
    token = rest_login(client, username)["access_token"]
    setup = client.request("POST", "/api/mfa/totp/setup", token=token)
    assert setup.status_code == 200, setup.text
    authenticator = Authenticator(setup.json()["secret"])
    confirm = client.request("POST", "/api/mfa/totp/confirm", token=token, json={"code": authenticator.code()})
    assert confirm.status_code == 201, confirm.text
    return authenticator


def api_mfa_start(client: Client, username: str) -> str:
    """Password step of the ``api-mfa`` flow, then TOTP selected; returns the ``mfa_token``."""
    started = rest_login(client, username, "/api/mfa/login")
    assert (started["status"], started["factors"]) == ("MFA_REQUIRED", ["totp"]), started
    token: str = started["mfa_token"]
    selected = client.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"})
    assert (selected.status_code, selected.json()["status"]) == (200, "CHALLENGE_READY"), selected.text
    return token


def api_mfa_verify(client: Client, mfa_token: str, code: str) -> requests.Response:
    return client.post_json("/api/mfa/verify", {"mfa_token": mfa_token, "factor": "totp", "code": code})


def html_mfa_start(client: Client, username: str) -> requests.Response:
    """Password page of the ``mfa`` flow, then TOTP chosen; returns the code-entry page."""
    choose = client.follow(form_login(client, username, "/mfa/login"))
    assert choose.url.endswith("/mfa/choose"), choose.url
    verify = client.follow(client.submit_form(choose, {"factor": "totp"}))
    assert verify.status_code == 200 and verify.url.endswith("/mfa/verify"), verify.text[:500]
    return verify
