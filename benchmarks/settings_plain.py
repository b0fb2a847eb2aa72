"""The DRF session peer's stack: the benchmark settings without any authstate middleware.

Plain ``SessionMiddleware`` + ``AuthenticationMiddleware`` + DRF's ``SessionAuthentication``: what
a project without authstate runs per session request (the session read, then the user query).
The apps stay installed (same database, same session cookie from an authstate form login).
"""

from benchmarks.settings import *  # noqa: F403
from benchmarks.settings import MIDDLEWARE

MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("authstate.")]
