"""/health answers 200 while the database and cache answer, 503 otherwise."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_health_ok(client: Client, db: Any) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_503_when_cache_fails(client: Client, db: Any, settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "broken": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2},
        },
    }
    settings.AUTHSTATE = {"CACHE_ALIAS": "broken"}
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["cache"]}
