"""A per-process ``default`` cache and Redis under another alias, two instances behind HAProxy.

Every limit and every step authstate keeps in a cache must live in the alias it was pointed at
(``AUTHSTATE["CACHE_ALIAS"]``, ``MFA.REDIS.CACHE_ALIAS``): an account lockout that an attacker
spreads over instances must still trip, a code's resend pacing must hold on the other instance,
and an enrollment started on one instance must be confirmed on the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.cluster.client import Client, assert_alternating
from tests.cluster.logins import PASSWORD, rest_login
from tests.cluster.topology import INSTANCE_NAMES, Cluster, Instance, app_environment, run
from tests.cluster.totp import Authenticator
from tests.services import RedisServer, free_port

LOCKOUT_THRESHOLD = 10  # MFA.ACCOUNT_LOCKOUT_THRESHOLD's default, which the demo keeps


@pytest.fixture(scope="module")
def split_cluster(cluster_dir: Path, database_url: str) -> Iterator[Cluster]:
    with ExitStack() as stack:
        workdir = cluster_dir / "split-caches"
        workdir.mkdir()
        redis = RedisServer(free_port(), None, workdir)
        stack.callback(redis.stop)
        redis.start()
        instances = {}
        for name in INSTANCE_NAMES:
            env = app_environment(database_url=database_url, redis_url=redis.url, instance=name)
            env["DJANGO_SETTINGS_MODULE"] = "tests.cluster.settings_split_cache"
            instances[name] = Instance(name, env, workdir)
        yield run(stack, instances, workdir, redis)


def test_a_lockout_spread_over_instances_trips(split_cluster: Cluster, fresh_user: Callable[[], str]) -> None:
    username = fresh_user()
    client = Client(split_cluster.url)
    wrong = [
        client.post_json("/api/auth", {"username": username, "password": "not-the-password"})
        for _ in range(LOCKOUT_THRESHOLD)
    ]
    assert_alternating(client.served)  # half the guesses on each instance
    # The guess that reaches the threshold locks the account and says so.
    assert [r.status_code for r in wrong] == [401] * (LOCKOUT_THRESHOLD - 1) + [423], [r.text for r in wrong]
    for _ in range(2):  # the right password, on each instance in turn
        right = client.post_json("/api/auth", {"username": username, "password": PASSWORD})
        assert (right.status_code, right.json()["error"]["code"]) == (423, "account_locked"), right.text


def test_email_code_pacing_holds_on_the_other_instance(split_cluster: Cluster, fresh_user: Callable[[], str]) -> None:
    client = Client(split_cluster.url)
    token = rest_login(client, fresh_user())["access_token"]
    client.served.clear()
    first = client.request("POST", "/api/mfa/email/setup", token=token)
    again = client.request("POST", "/api/mfa/email/setup", token=token)
    assert_alternating(client.served)
    assert first.status_code == 200, first.text
    assert again.status_code == 429, again.text
    assert int(again.headers["Retry-After"]) > 0


def test_an_enrollment_started_on_one_instance_is_confirmed_on_the_other(
    split_cluster: Cluster, fresh_user: Callable[[], str]
) -> None:
    client = Client(split_cluster.url)
    username = fresh_user()
    token = rest_login(client, username)["access_token"]
    client.served.clear()
    setup = client.request("POST", "/api/mfa/totp/setup", token=token)
    assert setup.status_code == 200, setup.text
    confirm = client.request(
        "POST", "/api/mfa/totp/confirm", token=token, json={"code": Authenticator(setup.json()["secret"]).code()}
    )
    assert_alternating(client.served)
    assert confirm.status_code == 201, confirm.text
    started = client.post_json("/api/mfa/login", {"username": username, "password": PASSWORD})
    assert (started.json()["status"], started.json()["factors"]) == ("MFA_REQUIRED", ["totp"]), started.text
