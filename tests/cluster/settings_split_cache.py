"""The cluster settings with the cache split the way many projects run it.

Django's ``default`` cache is per process (``LocMemCache``); Redis is configured under another
alias, and authstate, Django's sessions and the MFA store are pointed at it. Anything authstate
kept in ``default`` would be invisible to the other instance.
"""

from tests.cluster.settings import *  # noqa: F403
from tests.cluster.settings import AUTHSTATE, CACHES

SHARED_ALIAS = "shared"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "per-process"},
    SHARED_ALIAS: CACHES["default"],
}
SESSION_CACHE_ALIAS = SHARED_ALIAS
AUTHSTATE = {
    **AUTHSTATE,
    "CACHE_ALIAS": SHARED_ALIAS,
    "MFA": {**AUTHSTATE["MFA"], "REDIS": {"CACHE_ALIAS": SHARED_ALIAS}},
}
