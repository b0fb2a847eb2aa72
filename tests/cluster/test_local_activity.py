"""Each instance keeps login activity in memory; revocation still reaches the other one at once.

Both instances subscribe to the invalidation channel. A logout on one is refused by the other on
the very next request (its copy was dropped by the message). With the subscriptions killed
(``CLIENT KILL TYPE pubsub``) and a revocation nobody is told about, the instances fall back to
reading Redis and refuse the token too.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterator

import jwt
import pytest
import redis

from tests.cluster.client import Client, assert_alternating
from tests.cluster.logins import REVOKED, me_twice, rest_login
from tests.cluster.topology import Cluster

CHANNEL_PATTERN = "*authstate:login-invalidations"


@pytest.fixture
def raw_redis(cluster: Cluster) -> Iterator[redis.Redis]:
    assert cluster.redis is not None
    connection = redis.Redis.from_url(cluster.redis.url)
    yield connection
    connection.close()


def subscribers(raw: redis.Redis) -> int:
    channels = raw.pubsub_channels(CHANNEL_PATTERN)
    return sum(count for _, count in raw.pubsub_numsub(*channels)) if channels else 0


def wait_subscribed(raw: redis.Redis, client: Client, token: str, count: int = 2, timeout: float = 30) -> None:
    """Each instance subscribes on its first token request, then within about a second."""
    deadline = time.monotonic() + timeout
    while subscribers(raw) < count:
        assert time.monotonic() < deadline, f"{subscribers(raw)} of {count} instances subscribed"
        client.me(token)  # reaches both instances in turn (round robin)
        time.sleep(0.1)


def test_logout_on_one_instance_is_refused_by_the_others_memory_at_once(
    client: Client, raw_redis: redis.Redis, fresh_user: Callable[[], str]
) -> None:
    tokens = rest_login(client, fresh_user())
    wait_subscribed(raw_redis, client, tokens["access_token"])
    me_twice(client, tokens["access_token"])  # read from Redis, kept in memory
    me_twice(client, tokens["access_token"])  # served from memory by both
    client.served.clear()
    logout = client.request("POST", "/logout", token=tokens["access_token"])
    assert logout.status_code == 200
    refused = [client.me(tokens["access_token"]) for _ in range(2)]
    assert [(r.status_code, r.json()) for r in refused] == [(401, REVOKED)] * 2
    assert_alternating(client.served)


def test_killed_subscriptions_never_let_a_revoked_token_through(
    client: Client, raw_redis: redis.Redis, fresh_user: Callable[[], str]
) -> None:
    tokens = rest_login(client, fresh_user())
    wait_subscribed(raw_redis, client, tokens["access_token"])
    me_twice(client, tokens["access_token"])
    me_twice(client, tokens["access_token"])  # both instances hold the entry in memory
    assert raw_redis.client_kill_filter(_type="pubsub") >= 2
    # A revocation no instance hears of: the marker alone, written as django-redis would, no message.
    sid = jwt.decode(tokens["access_token"], options={"verify_signature": False})["sid"]
    keys = raw_redis.keys(f"*authstate:login:{sid}")
    assert len(keys) == 1
    raw_redis.set(keys[0], pickle.dumps("revoked", pickle.HIGHEST_PROTOCOL), ex=300)
    refused = [client.me(tokens["access_token"]) for _ in range(4)]
    assert [(r.status_code, r.json()) for r in refused] == [(401, REVOKED)] * 4
    wait_subscribed(raw_redis, client, tokens["access_token"])  # they come back by themselves
    assert client.me(tokens["access_token"]).status_code == 401
