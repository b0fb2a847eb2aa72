"""Test settings with the cache (and so sessions and login revocations) on a real Redis."""

import os

from tests.settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("AUTHSTATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": os.environ.get("AUTHSTATE_TEST_REDIS_PREFIX", "tests"),
    }
}
