"""A second process sharing only Redis with the test: ``python -m tests.tokens.second_process``.

It reads one question per line on stdin and answers each on stdout: ``token <access token>``
gets the username or the refusal code; ``session <key>`` whether the session still exists.
Its database is empty and unmigrated, so every answer comes from the shared cache. Settings
come from ``tests.tokens.redis_settings``.
"""

from __future__ import annotations

import os
import sys


def answer(kind: str, value: str) -> str:
    if kind == "session":
        from django.contrib.sessions.backends.cache import SessionStore

        return "exists" if SessionStore().exists(value) else "gone"
    from django.test import RequestFactory

    from authstate.authentication import authenticate_token
    from authstate.exceptions import AuthStateError

    request = RequestFactory().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {value}")
    try:
        result = authenticate_token(request)
    except AuthStateError as error:
        return error.code
    return result[0].get_username() if result else "anonymous"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.tokens.redis_settings")
    import django

    django.setup()
    print("ready", flush=True)
    for line in sys.stdin:
        kind, _, value = line.strip().partition(" ")
        print(answer(kind, value), flush=True)


if __name__ == "__main__":
    main()
