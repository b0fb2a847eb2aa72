"""Create the benchmark database and users: ``python -m benchmarks.seed`` (run by the harness).

Password hashes are computed once per hasher and shared, so seeding stays fast even with
PBKDF2's full iteration count.
"""

from __future__ import annotations

import os

import django

PASSWORD = "bench-password-1"
PBKDF2_USERS = ("bench-token", "bench-session", "bench-login")
MD5_USERS = ("bench-login-fast", "bench-probe")
MFA_USERS = tuple(f"bench-mfa-{i}" for i in range(12))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
    call_command("migrate", verbosity=0, interactive=False)
    hashes = {"pbkdf2": make_password(PASSWORD, hasher="pbkdf2_sha256"), "md5": make_password(PASSWORD, hasher="md5")}
    users = [(name, hashes["pbkdf2"]) for name in PBKDF2_USERS]
    users += [(name, hashes["md5"]) for name in (*MD5_USERS, *MFA_USERS)]
    model = get_user_model()
    model.objects.bulk_create(
        [model(username=name, password=hashed, email=f"{name}@example.com") for name, hashed in users]
    )


if __name__ == "__main__":
    main()
