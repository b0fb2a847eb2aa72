"""Both demo MFA flows on a real redis-server: django-redis cache, Redis sessions, the redis MFA store."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from django.test import Client

from authstate._cache import shared
from tests.conftest import PASSWORD
from tests.mfa.conftest import start, totp_code


@pytest.fixture
def redis_backed(redis_server: Any, settings: Any, mfa_settings: Any) -> redis.Redis:
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    mfa_settings(SESSION_STORAGE_TYPE="redis", FALLBACK_REPOSITORY_TYPE="redis")
    return client


def test_api_flow_keeps_its_record_in_redis(redis_backed: redis.Redis, api: Any, totp_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    assert redis_backed.exists(f"mfa:session:{token}")
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert wrong.json()["error"]["attempts_left"] == 4
    assert shared().get(f"authstate:mfa-attempts:{token}") == 1  # beside the account's counter
    payload = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    assert api.post_json("/api/mfa/verify", payload).json()["status"] == "AUTHENTICATED"
    assert redis_backed.exists(f"mfa:session:{token}:claimed")  # claimed with its end, in one MULTI
    assert api.post_json("/api/mfa/verify", payload).json()["error"]["code"] == "mfa_expired"


def test_html_flow_uses_the_mfa_sid_cookie(
    redis_backed: redis.Redis, client: Client, totp_device: Any, clock: Any
) -> None:
    response = client.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    cookie = response.cookies["MFA_SID"]
    assert cookie["samesite"] == "Strict" and redis_backed.exists(f"mfa:session:{cookie.value}")
    client.post("/mfa/choose", {"factor": "totp"})
    response = client.post("/mfa/verify", {"factor": "totp", "code": totp_code(totp_device, clock.now)})
    assert response.status_code == 302 and response.cookies["MFA_SID"].value == ""
    assert client.get("/api/me").json()["state"] == "session"
