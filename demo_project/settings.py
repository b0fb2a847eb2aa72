"""Settings of the demo project.

Embedded defaults: SQLite, in-memory cache and sessions. ``AUTHSTATE_REDIS_URL`` switches the
cache, the sessions, the MFA store and login revocation to Redis, for several instances behind
a load balancer. ``DATABASE_URL`` (``postgres://user:pass@host:port/name``) switches to PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-insecure-secret-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "authstate",
    "demo_project",
]

# WhiteNoise serves STATIC_ROOT (filled by `collectstatic`) under gunicorn and uvicorn, where
# Django itself serves no static files. Without DEBUG it is required (the `demo` extra and the
# image install it): a missing WhiteNoise fails at start-up instead of answering 404 for every
# script and stylesheet. With DEBUG, runserver serves them itself, so `bin/demo` needs no extra.
SERVE_STATIC = not DEBUG or importlib.util.find_spec("whitenoise") is not None

MIDDLEWARE = [
    "authstate.outage.CacheOutageMiddleware",  # first: a Redis outage answers 503, not 500
    "authstate.metrics.middleware.LatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if SERVE_STATIC else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # after sessions, before common: Accept-Language picks the language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "authstate.logins.middleware.LoginActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "demo_project.urls"
WSGI_APPLICATION = "demo_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": parsed.username or "",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
    }


DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEMO_SQLITE_PATH", str(BASE_DIR / "demo.sqlite3")),
        # A burst of parallel logins on a threaded or multi-worker server: WAL lets readers run
        # beside the one writer, IMMEDIATE takes the write lock when a transaction starts (no
        # deadlocking upgrade from a read lock), and a writer waits up to `timeout` seconds for
        # the lock instead of failing at once with "database is locked".
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}

REDIS_URL = os.environ.get("AUTHSTATE_REDIS_URL", "")
# Redis Sentinel: AUTHSTATE_REDIS_SENTINELS=host:port,host:port, and the URL's host is the service
# name (redis://:password@mymaster/0). DefaultClient reads from the master only: a read from a
# lagging replica could miss an MFA step or a revocation written a moment before.
REDIS_SENTINELS = [
    (host, int(port))
    for host, _, port in (s.rpartition(":") for s in os.environ.get("AUTHSTATE_REDIS_SENTINELS", "").split(","))
    if host
]
if REDIS_URL:
    _redis_options: dict[str, object] = {"CLIENT_CLASS": "django_redis.client.DefaultClient"}
    if REDIS_SENTINELS:
        DJANGO_REDIS_CONNECTION_FACTORY = "django_redis.pool.SentinelConnectionFactory"
        _redis_options["SENTINELS"] = REDIS_SENTINELS
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": _redis_options}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "authstate-demo"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
# The languages authstate ships catalogs for (authstate/locale/); LocaleMiddleware picks one per request.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
# `manage.py collectstatic` copies every app's static files here (the image does it at build
# time); WhiteNoise serves them from here.
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):  # HAProxy terminates TLS and sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

_oauth2 = {"ISSUER_URI": os.environ.get("AUTHSTATE_ISSUER_URI", "http://localhost:8000")}
if os.environ.get("AUTHSTATE_CLIENT_SECRET"):  # required without DEBUG: the published default fails E012
    _oauth2["CLIENT_SECRET"] = os.environ["AUTHSTATE_CLIENT_SECRET"]
# The signing key store for TOKEN_ISSUER=AUTHORIZATION_SERVER (`manage.py authstate_keys generate --path ...`).
for _key in ("JWK_KEY_STORE_PATH", "JWK_KEY_STORE_PASSWORD", "JWK_KEY_ALIAS", "JWK_KEY_PASSWORD"):
    if os.environ.get(f"AUTHSTATE_{_key}"):
        _oauth2[_key] = os.environ[f"AUTHSTATE_{_key}"]

AUTHSTATE = {
    "COOKIE_SECURE": SESSION_COOKIE_SECURE,
    "TOKEN_TRANSPORT_TYPE": os.environ.get("AUTHSTATE_TOKEN_TRANSPORT", "HEADER"),
    "TOKEN_ISSUER": os.environ.get("AUTHSTATE_TOKEN_ISSUER", "INTERNAL"),
    "OAUTH2": _oauth2,
    "TRUSTED_PROXIES": [p for p in os.environ.get("AUTHSTATE_TRUSTED_PROXIES", "").split(",") if p],
    # The demo has no SMS provider: its console gateway only logs the codes, so the SMS factor is
    # offered with DEBUG alone (outside DEBUG, check authstate.E044 refuses it).
    "MFA": {"SESSION_STORAGE_TYPE": "redis" if REDIS_URL else "http-session", "SMS_FACTOR": {"ENABLED": DEBUG}},
    # Reset e-mails link here, never to the request's Host header (check authstate.E090).
    "PASSWORD": {"RESET_BASE_URL": os.environ.get("AUTHSTATE_PASSWORD_RESET_BASE_URL", "http://localhost:8000")},
    # Scrape /metrics with "Authorization: Bearer $AUTHSTATE_METRICS_TOKEN" (off when unset).
    "METRICS": {
        "ENDPOINT_ENABLED": bool(os.environ.get("AUTHSTATE_METRICS_TOKEN")),
        "BEARER_TOKEN": os.environ.get("AUTHSTATE_METRICS_TOKEN") or None,
    },
}

REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "authstate demo API",
    "DESCRIPTION": "JSON endpoints of the demo's flows; errors use the envelope of the HTTP API docs.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "authstate.openapi.hooks.plain_views",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"authstate": {"handlers": ["console"], "level": os.environ.get("AUTHSTATE_LOG_LEVEL", "INFO")}},
}
