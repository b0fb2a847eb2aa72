"""MFA logins through HAProxy: each step lands on the other instance, the pending state is in Redis."""

from __future__ import annotations

from collections.abc import Callable

from tests.cluster.client import Client, assert_alternating
from tests.cluster.logins import PASSWORD, api_mfa_start, api_mfa_verify, enroll_totp, html_mfa_start, me_twice
from tests.cluster.topology import Cluster


def test_api_mfa_login_alternates_instances_at_every_step(
    cluster: Cluster, client: Client, fresh_user: Callable[[], str]
) -> None:
    username = fresh_user()
    authenticator = enroll_totp(cluster.url, username)
    client.served.clear()
    started = client.post_json("/api/mfa/login", {"username": username, "password": PASSWORD})
    body = started.json()
    assert body == {
        "status": "MFA_REQUIRED",
        "mfa_token": body["mfa_token"],
        "factors": ["totp"],
        "unavailable_factors": [],
        "expires_in": body["expires_in"],
    }
    selected = client.post_json("/api/mfa/select", {"mfa_token": body["mfa_token"], "factor": "totp"})
    assert selected.json() == {
        "status": "CHALLENGE_READY",
        "factor": "totp",
        "expires_in": selected.json()["expires_in"],
    }
    verified = api_mfa_verify(client, body["mfa_token"], authenticator.code())
    assert (verified.status_code, verified.json()["status"]) == (200, "AUTHENTICATED"), verified.text
    assert_alternating(client.served)  # password, select and code: three requests, alternating instances
    first, _ = me_twice(client, verified.json()["access_token"])
    assert (first["username"], first["state"], first["flow"]) == (username, "oauth2", "api-mfa")


def test_html_mfa_login_alternates_instances_at_every_step(
    cluster: Cluster, client: Client, fresh_user: Callable[[], str]
) -> None:
    username = fresh_user()
    authenticator = enroll_totp(cluster.url, username)
    client.served.clear()
    page = html_mfa_start(client, username)  # login page, password, choose page, choice, code page
    done = client.submit_form(page, {"code": authenticator.code()})
    assert (done.status_code, done.headers["Location"]) == (302, "/")
    assert_alternating(client.served)
    first, _ = me_twice(client)
    assert (first["username"], first["state"], first["flow"]) == (username, "session", "mfa")


def test_a_wrong_code_on_one_instance_counts_on_the_other(
    cluster: Cluster, client: Client, fresh_user: Callable[[], str]
) -> None:
    """Attempts are part of the shared MFA state: switching instances does not reset the counter."""
    username = fresh_user()
    enroll_totp(cluster.url, username)
    mfa_token = api_mfa_start(client, username)
    client.served.clear()
    answers = [api_mfa_verify(client, mfa_token, "000000").json()["error"] for _ in range(2)]
    assert_alternating(client.served)
    assert answers[0]["code"] == answers[1]["code"] == "invalid_code"
    assert answers[1]["attempts_left"] == answers[0]["attempts_left"] - 1
