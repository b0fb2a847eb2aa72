"""Redis Sentinel through django-redis: the master dies, the demo follows the promoted replica.

One demo instance, addressed directly: the subject is Redis failover, not load balancing.
Sessions, a pending MFA login and a revocation written before the failover are all honoured
after it (``WAIT`` makes sure the replica had them: replication is asynchronous).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.cluster.client import Client
from tests.cluster.conftest import REDIS_PASSWORD
from tests.cluster.logins import REVOKED, api_mfa_start, api_mfa_verify, enroll_totp, form_login, rest_login
from tests.cluster.sentinel import ReplicatedRedis
from tests.cluster.topology import Instance, app_environment


@pytest.fixture(scope="module")
def sentinel_setup(cluster_dir: Path, database_url: str) -> Iterator[tuple[ReplicatedRedis, str]]:
    with ExitStack() as stack:
        redis = ReplicatedRedis(cluster_dir / "sentinel", REDIS_PASSWORD)
        stack.callback(redis.stop)
        redis.start()
        env = app_environment(database_url=database_url, redis_url=redis.url, instance="app-sentinel")
        env["AUTHSTATE_REDIS_SENTINELS"] = redis.sentinels
        instance = Instance("app-sentinel", env, cluster_dir / "sentinel")
        stack.callback(instance.stop)
        instance.start().wait_healthy()
        yield redis, f"http://{instance.address}"


def test_logins_survive_a_sentinel_failover(
    sentinel_setup: tuple[ReplicatedRedis, str], fresh_user: Callable[[], str]
) -> None:
    redis, url = sentinel_setup
    browser, pending, revoked = Client(url), Client(url), Client(url)
    form_login(browser, fresh_user())
    mfa_user = fresh_user()
    authenticator = enroll_totp(url, mfa_user)
    mfa_token = api_mfa_start(pending, mfa_user)
    tokens = rest_login(revoked, fresh_user())
    assert revoked.request("POST", "/logout", token=tokens["access_token"]).status_code == 200
    redis.wait_replicated()

    redis.fail_over()

    assert browser.me().status_code == 200
    verified = api_mfa_verify(pending, mfa_token, authenticator.code())
    assert (verified.status_code, verified.json()["status"]) == (200, "AUTHENTICATED"), verified.text
    assert revoked.me(tokens["access_token"]).json() == REVOKED
    after = rest_login(Client(url), fresh_user())  # and new writes go to the promoted master
    assert Client(url).me(after["access_token"]).status_code == 200
