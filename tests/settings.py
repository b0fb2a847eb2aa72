"""Test settings: the demo project with a fast hasher and no failure padding by default."""

from demo_project.settings import *  # noqa: F403
from demo_project.settings import AUTHSTATE

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}  # type: ignore[dict-item]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "authstate-tests"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# SMS codes go to the in-memory outbox (the console gateway is refused outside DEBUG, E044).
AUTHSTATE = {
    **AUTHSTATE,
    "MFA": {**AUTHSTATE["MFA"], "MINIMUM_DELAY_MS": 0, "SMS_FACTOR": {"ENABLED": True, "PROVIDER": "outbox"}},  # type: ignore[dict-item]
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
