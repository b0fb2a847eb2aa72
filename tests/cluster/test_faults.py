"""Load and faults through HAProxy, bounded and on 127.0.0.1 only.

* 200 concurrent ``api-mfa`` logins (password, then TOTP) with 0 errors;
* Redis stopped for a moment: clear 503s, never a 500, and recovery without restarting anything;
* the login table locked for a moment: logins wait, none is lost.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jwt
import psycopg
import pytest
import requests
from django_otp.oath import totp

from tests.cluster.logins import PASSWORD
from tests.cluster.topology import ROOT, Cluster, app_environment

LOAD = 200
TIMEOUT = 60  # per request: bounds the whole test even if something hangs


@pytest.fixture(scope="module")
def load_users(cluster: Cluster, database_url: str) -> dict[str, str]:
    """``LOAD`` users with a confirmed TOTP device each (username → hex key), in one Django start-up."""
    keys = {f"load-{n:03d}-{secrets.token_hex(3)}": secrets.token_hex(20) for n in range(LOAD)}
    script = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
keys = {keys!r}
encoded = make_password({PASSWORD!r})
User = get_user_model()
users = User.objects.bulk_create([User(username=n, email=n + "@example.com", password=encoded) for n in keys])
TOTPDevice.objects.bulk_create(
    [TOTPDevice(user=u, name="authstate", key=keys[u.username], confirmed=True) for u in users]
)
"""
    env = app_environment(database_url=database_url, redis_url=cluster.redis.url if cluster.redis else None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return keys


@pytest.fixture(scope="module")
def password_users(cluster: Cluster, database_url: str) -> list[str]:
    """Users with no second factor, for the password-only REST flow (MFA protects every flow of
    an enrolled user, so the TOTP users above would be asked for a code there)."""
    names = [f"plain-{n:02d}-{secrets.token_hex(3)}" for n in range(25)]
    script = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
encoded = make_password({PASSWORD!r})
get_user_model().objects.bulk_create(
    [get_user_model()(username=n, email=n + "@example.com", password=encoded) for n in {names!r}]
)
"""
    env = app_environment(database_url=database_url, redis_url=cluster.redis.url if cluster.redis else None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return names


def mfa_login(base_url: str, username: str, key: str) -> tuple[str, str]:
    """One whole ``api-mfa`` login; returns (instance that answered /api/me, error or "")."""
    session = requests.Session()
    body = {"username": username, "password": PASSWORD}
    start = session.post(f"{base_url}/api/mfa/login", json=body, timeout=TIMEOUT)
    if start.status_code != 200 or start.json().get("status") != "MFA_REQUIRED":
        return "", f"start {start.status_code} {start.text[:120]}"
    code = f"{totp(bytes.fromhex(key), step=30):06d}"
    body = {"mfa_token": start.json()["mfa_token"], "factor": "totp", "code": code}
    verify = session.post(f"{base_url}/api/mfa/verify", json=body, timeout=TIMEOUT)
    if verify.status_code != 200 or verify.json().get("status") != "AUTHENTICATED":
        return "", f"verify {verify.status_code} {verify.text[:120]}"
    headers = {"Authorization": f"Bearer {verify.json()['access_token']}"}
    me = session.get(f"{base_url}/api/me", headers=headers, timeout=TIMEOUT)
    if me.status_code != 200 or me.json().get("username") != username:
        return "", f"me {me.status_code} {me.text[:120]}"
    return str(me.json()["instance"]), ""


def run_concurrently(count: int, task: Any) -> list[Any]:
    """``count`` threads released together by a barrier, so the requests really overlap."""
    barrier = threading.Barrier(count)

    def released(n: int) -> Any:
        barrier.wait(timeout=TIMEOUT)
        return task(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(released, range(count)))


def test_200_concurrent_mfa_logins_through_haproxy(cluster: Cluster, load_users: dict[str, str]) -> None:
    users = list(load_users.items())
    started = time.monotonic()
    results = run_concurrently(LOAD, lambda n: mfa_login(cluster.url, *users[n]))
    elapsed = time.monotonic() - started
    errors = [error for _, error in results if error]
    served = Counter(instance for instance, error in results if not error)
    print(f"\n{LOAD} concurrent MFA logins in {elapsed:.1f}s, served by {dict(served)}, errors {len(errors)}")
    assert errors == []
    assert set(served) == set(cluster.instances)


def test_redis_outage_answers_503_never_500_and_recovers(cluster: Cluster, password_users: list[str]) -> None:
    assert cluster.redis is not None
    username = password_users[-1]
    login = requests.post(f"{cluster.url}/api/auth", json={"username": username, "password": PASSWORD}, timeout=10)
    token = login.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    cluster.redis.stop()
    statuses: list[int] = []
    try:
        for _ in range(15):  # about three seconds of traffic while Redis is down
            statuses.append(requests.get(f"{cluster.url}/api/me", headers=headers, timeout=10).status_code)
            body = {"username": username, "password": PASSWORD}
            statuses.append(requests.post(f"{cluster.url}/api/auth", json=body, timeout=10).status_code)
            time.sleep(0.2)
    finally:
        cluster.redis.start(appendonly=True)
    cluster.balancer.wait_serving(set(cluster.instances))
    print(f"\nstatuses while Redis was down: {dict(Counter(statuses))}")
    assert 500 not in statuses
    assert set(statuses) <= {503}
    again = requests.post(f"{cluster.url}/api/auth", json={"username": username, "password": PASSWORD}, timeout=10)
    assert again.status_code == 200
    fresh = {"Authorization": f"Bearer {again.json()['access_token']}"}
    assert requests.get(f"{cluster.url}/api/me", headers=fresh, timeout=10).status_code == 200


def test_locked_login_table_loses_no_writes(cluster: Cluster, password_users: list[str], database_url: str) -> None:
    names = password_users[:20]
    with psycopg.connect(database_url, autocommit=False) as lock:
        lock.execute("LOCK TABLE authstate_login IN ACCESS EXCLUSIVE MODE")
        release = threading.Timer(2.0, lock.commit)
        release.start()

        def login(n: int) -> requests.Response:
            body = {"username": names[n], "password": PASSWORD}
            return requests.post(f"{cluster.url}/api/auth", json=body, timeout=TIMEOUT)

        responses = run_concurrently(len(names), login)
        release.join()
    assert [r.status_code for r in responses] == [200] * len(names), [r.text[:120] for r in responses]
    sids = [jwt.decode(r.json()["access_token"], options={"verify_signature": False})["sid"] for r in responses]
    with psycopg.connect(database_url) as check:
        stored = check.execute("SELECT count(*) FROM authstate_login WHERE id = ANY(%s)", (sids,)).fetchone()
    assert stored == (len(names),)
