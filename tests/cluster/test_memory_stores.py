"""The failure the seed warns about: in-memory stores on two instances behind round robin.

The demo's embedded defaults keep the cache, the sessions and the pending MFA state in each
process's memory. A login that starts on one instance and continues on the other finds nothing
there: the MFA step is refused with a clear error (never a 500), and a session dies at the
first request that reaches the other instance. docs/deployment.md explains it; sticky sessions would only hide it.
"""

from __future__ import annotations

from collections.abc import Callable

import requests

from tests.cluster.client import Client, assert_alternating
from tests.cluster.logins import enroll_totp, form_login, rest_login
from tests.cluster.topology import Cluster
from tests.cluster.totp import Authenticator

EXPIRED = {"error": {"code": "mfa_expired", "message": "This sign-in attempt has expired; start again."}}


def direct(cluster: Cluster) -> str:
    """One instance, bypassing HAProxy: enrollment's pending secret is in-memory state too."""
    return f"http://{cluster.instances['app1'].address}"


def test_mfa_login_continued_on_the_other_instance_fails_clearly(
    memory_cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    username = fresh_user()
    enroll_totp(direct(memory_cluster), username)
    client = Client(memory_cluster.url)
    started = rest_login(client, username, "/api/mfa/login")
    assert started["status"] == "MFA_REQUIRED"
    selected = client.post_json("/api/mfa/select", {"mfa_token": started["mfa_token"], "factor": "totp"})
    assert_alternating(client.served)
    assert (selected.status_code, selected.json()) == (401, EXPIRED)


def test_html_mfa_login_continued_on_the_other_instance_fails_clearly(
    memory_cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    username = fresh_user()
    enroll_totp(direct(memory_cluster), username)
    client = Client(memory_cluster.url)
    choose = client.follow(form_login(client, username, "/mfa/login"))
    assert_alternating(client.served)
    assert choose.status_code == 401
    assert EXPIRED["error"]["message"] in choose.text and "Sign in again" in choose.text


def test_first_request_to_the_other_instance_ends_the_session(
    memory_cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    """The other instance does not know the session, answers 401 and deletes the cookie."""
    client = Client(memory_cluster.url)
    form_login(client, fresh_user())
    owner, session_key = client.served[-1], client.http.cookies["sessionid"]
    other = client.me()
    assert client.served[-1] != owner
    assert (other.status_code, other.json()["error"]["code"]) == (401, "not_authenticated")
    assert "sessionid" not in client.http.cookies  # the user is logged out from now on
    still_there = requests.get(
        f"http://{memory_cluster.instances[owner].address}/api/me", cookies={"sessionid": session_key}, timeout=10
    )
    assert (still_there.status_code, still_there.json()["instance"]) == (200, owner)  # stranded in one process


def test_totp_enrollment_confirmed_on_the_other_instance_is_refused(
    memory_cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    """The secret shown at setup waits in one process; the other one has nothing to check the code against."""
    client = Client(memory_cluster.url)
    token = rest_login(client, fresh_user())["access_token"]
    setup = client.request("POST", "/api/mfa/totp/setup", token=token)
    code = Authenticator(setup.json()["secret"]).code()
    confirm = client.request("POST", "/api/mfa/totp/confirm", token=token, json={"code": code})
    assert_alternating(client.served)
    assert confirm.status_code == 401
    assert confirm.json()["error"]["code"] == "invalid_code"
