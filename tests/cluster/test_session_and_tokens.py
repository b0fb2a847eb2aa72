"""Form and REST logins through HAProxy: the state is shared, so every instance honours it."""

from __future__ import annotations

from collections.abc import Callable

from tests.cluster.client import Client, assert_alternating
from tests.cluster.logins import REVOKED, form_login, me_twice, rest_login

NOT_AUTHENTICATED = {"error": {"code": "not_authenticated", "message": "Authentication credentials were not provided."}}


def test_form_login_session_is_honoured_by_both_instances(client: Client, fresh_user: Callable[[], str]) -> None:
    username = fresh_user()
    form_login(client, username)
    assert_alternating(client.served)  # the form came from one instance, the login POST went to the other
    first, _ = me_twice(client)
    assert {k: first[k] for k in ("username", "state", "flow")} == {
        "username": username,
        "state": "session",
        "flow": "form",
    }


def test_rest_login_tokens_are_honoured_by_both_instances(client: Client, fresh_user: Callable[[], str]) -> None:
    username = fresh_user()
    tokens = rest_login(client, username)
    assert set(tokens) == {"status", "access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"}
    first, second = me_twice(client, tokens["access_token"])
    assert first == {
        "username": username,
        "state": "oauth2",
        "flow": "rest",
        "login_id": second["login_id"],
        "instance": first["instance"],
        "amr": ["pwd"],
        "auth_time": second["auth_time"],
    }
    assert "sessionid" not in client.http.cookies  # a flow in state oauth2 never sets a session cookie


def test_token_logout_on_one_instance_is_refused_on_the_other(client: Client, fresh_user: Callable[[], str]) -> None:
    tokens = rest_login(client, fresh_user())
    me_twice(client, tokens["access_token"])
    client.served.clear()
    logout = client.request("POST", "/logout", token=tokens["access_token"])
    assert (logout.status_code, logout.json()) == (200, {"status": "LOGGED_OUT"})
    refused = [client.me(tokens["access_token"]) for _ in range(2)]
    assert [(r.status_code, r.json()) for r in refused] == [(401, REVOKED)] * 2
    assert_alternating(client.served)  # logout on one, refusal on the other, then on the first again
    refresh = client.post_json("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert (refresh.status_code, refresh.json()) == (401, REVOKED)


def test_session_logout_on_one_instance_is_refused_on_the_other(client: Client, fresh_user: Callable[[], str]) -> None:
    form_login(client, fresh_user())
    me_twice(client)
    stolen = client.http.cookies.get("sessionid")
    client.served.clear()
    logout = client.request("POST", "/logout", headers=client.csrf_headers())
    assert (logout.status_code, logout.json()) == (200, {"status": "LOGGED_OUT"})
    replay = Client(client.base_url)
    replay.http.cookies.set("sessionid", stolen)
    refused = [replay.me() for _ in range(2)]
    assert [(r.status_code, r.json()) for r in refused] == [(401, NOT_AUTHENTICATED)] * 2
    assert_alternating(client.served + replay.served)


def test_concurrency_limit_holds_across_instances(client: Client, fresh_user: Callable[[], str]) -> None:
    """The demo allows one login per user: a login on one instance evicts the one made on the other."""
    username = fresh_user()
    client.served.clear()
    older, newer = rest_login(client, username), rest_login(client, username)
    assert_alternating(client.served)
    assert [client.me(older["access_token"]).json() for _ in range(2)] == [REVOKED] * 2
    me_twice(client, newer["access_token"])
