"""Losing a process loses no login: an instance killed mid-MFA, Redis restarted (AOF)."""

from __future__ import annotations

from collections.abc import Callable

import redis

from tests.cluster.client import Client
from tests.cluster.logins import REVOKED, api_mfa_start, api_mfa_verify, enroll_totp, form_login, me_twice, rest_login
from tests.cluster.topology import Cluster


def test_instance_killed_mid_mfa_login_completes_on_the_survivor(
    cluster: Cluster, client: Client, fresh_user: Callable[[], str]
) -> None:
    username = fresh_user()
    authenticator = enroll_totp(cluster.url, username)
    client.served.clear()
    mfa_token = api_mfa_start(client, username)
    victim, survivor = client.served  # password on the victim, factor choice on the survivor
    cluster.kill_instance(victim)  # round robin sends the next request to the victim: refused, redispatched
    try:
        client.served.clear()
        verified = api_mfa_verify(client, mfa_token, authenticator.code())
        assert (verified.status_code, verified.json()["status"]) == (200, "AUTHENTICATED"), verified.text
        access = verified.json()["access_token"]
        assert [client.me(access).json()["instance"] for _ in range(2)] == [survivor, survivor]
        assert client.served == [survivor] * 3
    finally:
        cluster.restart_instance(victim)
    first, _ = me_twice(client, access)  # and the restarted instance honours it as well
    assert (first["username"], first["flow"]) == (username, "api-mfa")


def test_redis_restart_keeps_sessions_pending_mfa_and_revocations(
    cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    browser, pending, revoked = Client(cluster.url), Client(cluster.url), Client(cluster.url)
    form_login(browser, fresh_user())
    mfa_user = fresh_user()
    authenticator = enroll_totp(cluster.url, mfa_user)
    mfa_token = api_mfa_start(pending, mfa_user)
    tokens = rest_login(revoked, fresh_user())
    login_id = me_twice(revoked, tokens["access_token"])[0]["login_id"]
    assert revoked.request("POST", "/logout", token=tokens["access_token"]).status_code == 200

    assert cluster.redis is not None
    cluster.restart_redis()

    store = redis.Redis.from_url(cluster.redis.url)
    assert store.keys(f"*authstate:login:{login_id}"), "the revocation was not in the append-only file"
    assert store.keys(f"*{browser.http.cookies['sessionid']}"), "the session was not in the append-only file"
    me_twice(browser)
    verified = api_mfa_verify(pending, mfa_token, authenticator.code())
    assert (verified.status_code, verified.json()["status"]) == (200, "AUTHENTICATED"), verified.text
    assert [revoked.me(tokens["access_token"]).json() for _ in range(2)] == [REVOKED] * 2
