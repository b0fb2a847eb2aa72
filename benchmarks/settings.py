"""The demo's settings plus the peer views' apps, for gunicorn instances under load.

Environment (set by the harness): ``AUTHSTATE_REDIS_URL`` (cache, sessions, MFA store),
``BENCH_DB`` (the SQLite file every instance shares, in WAL mode, connections kept open as a
production pool would), ``BENCH_HASHER`` (``pbkdf2`` or ``md5``:
which hasher is preferred, the other stays available for checking), ``BENCH_COSTS=1`` (a probe
instance that reports SQL queries per request in a header).
"""

import os

from demo_project.settings import *  # noqa: F403
from demo_project.settings import INSTALLED_APPS, MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "dj_rest_auth"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DB", "/tmp/authstate-bench.sqlite3"),
        "OPTIONS": {"timeout": 20},
        "CONN_MAX_AGE": None,
    }
}

_HASHERS = {
    "pbkdf2": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "md5": "django.contrib.auth.hashers.MD5PasswordHasher",
}
_preferred = os.environ.get("BENCH_HASHER", "pbkdf2")
PASSWORD_HASHERS = [_HASHERS[_preferred], *(path for name, path in _HASHERS.items() if name != _preferred)]

if os.environ.get("BENCH_COSTS") == "1":
    MIDDLEWARE = ["benchmarks.costs.QueryCountMiddleware", *MIDDLEWARE]

REST_AUTH = {"USE_JWT": True, "SESSION_LOGIN": False, "TOKEN_MODEL": None, "JWT_AUTH_HTTPONLY": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
