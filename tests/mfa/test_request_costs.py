"""What the MFA steps cost in SQL queries and Redis round trips, pinned exactly (never times).

Counted against a real Redis (cache, sessions and the redis MFA store), as round trips the client
waits for (``authstate.testing._roundtrips``: a pipeline or a Lua script is one), in the steady
state: the user already has a login, which the completed one replaces. Audit events of one step
are written with one INSERT (``audit.batched``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.mfa.conftest import PASSWORD, totp_code
from tests.test_request_costs import LOGIN_ROUND_TRIPS, costs

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_store(redis_cache: Any, mfa_settings: Any) -> None:
    mfa_settings(SESSION_STORAGE_TYPE="redis", FALLBACK_REPOSITORY_TYPE="redis")


def begin(api: Any) -> Any:
    return api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD})


def verify(api: Any, token: str, device: Any, at: float) -> Any:
    return api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(device, at)})


def test_mfa_begin_costs(api: Any, totp_device: Any, redis_store: None) -> None:
    """The user, the lock's row (read before a right password is taken), which factors they have
    (one query of an ``EXISTS`` per factor), the generation
    for the record's stamp, the ``mfa_started`` row. Round trips: the reservation,
    the record, then the password's settlement."""
    begin(api)  # connections opened, the lock markers' state recorded: the steady state
    response, sql, round_trips = costs(lambda: begin(api))
    assert response.status_code == 200
    assert sql == ["SELECT", "SELECT", "SELECT", "SELECT", "INSERT"]
    assert round_trips == [["EVAL"], ["SET"], ["EVAL"]]


def test_mfa_select_costs(api: Any, totp_device: Any, redis_store: None) -> None:
    """The user with its generation (one query), the offered device, ``mfa_challenged``'s row;
    the record read and written back."""
    token = begin(api).json()["mfa_token"]
    response, sql, round_trips = costs(lambda: api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"}))
    assert response.status_code == 200
    assert sql == ["SELECT", "SELECT", "INSERT"]
    assert round_trips == [["GET"], ["SET"]]


def test_mfa_verify_costs(api: Any, totp_device: Any, clock: Any, redis_store: None) -> None:
    """Beyond the login it completes (the REST login's last five queries and its last round trip):
    the user with its generation, the offered device, the device again for the check and the
    replay guard's conditional UPDATE, the lock's row (read before a right code is taken); one
    audit INSERT for mfa_challenged, mfa_verified, mfa_completed and login_succeeded (several
    rows: ``bulk_create`` wraps them in a transaction, which adds BEGIN and COMMIT outside a
    test's own).
    Round trips beyond it: the record read; the claim: the record's end left in its place and the
    token marked claimed (``SET … XX GET`` and ``SET … NX`` in one ``MULTI``: a record written back
    live by a parallel refusal is never completed again, ``tests/mfa/test_completed_once.py``).
    The MFA attempt's and the account's numbers are taken in one script (which also finds a lock),
    in place of the login's password reservation."""
    token = verify_first_login(api, totp_device, clock)
    response, sql, round_trips = costs(lambda: verify(api, token, totp_device, clock.now))
    assert response.status_code == 200
    login = ["INSERT", "SELECT", "UPDATE", "SELECT", "INSERT"]
    assert sql == ["SELECT", "SELECT", "SELECT", "UPDATE", "SELECT", *login]
    claim = ["MULTI", "SET", "SET", "EXEC"]
    assert round_trips == [["GET"], ["EVAL"], claim, ["EVAL", "EVAL", *LOGIN_ROUND_TRIPS[1][1:]]]


def verify_first_login(api: Any, device: Any, clock: Any) -> str:
    """Complete one MFA login (the steady state has one to replace); the next step's token."""
    assert verify(api, begin(api).json()["mfa_token"], device, clock.now).status_code == 200
    clock.advance(device.step)
    return str(begin(api).json()["mfa_token"])
