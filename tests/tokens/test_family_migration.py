"""Upgrading moves every login's refresh family onto its row: issued refresh tokens keep their
generation, and a replay of an older one is still caught."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("authstate", "0007_user_generation")]
AFTER = [("authstate", "0008_refresh_family_on_login")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_families_move_onto_their_logins_and_back(user: Any) -> None:
    apps = migrate(BEFORE)
    Login, RefreshFamily = apps.get_model("authstate", "Login"), apps.get_model("authstate", "RefreshFamily")
    now = timezone.now().replace(microsecond=0)
    rotated = Login.objects.create(id="a" * 32, user_id=user.pk, flow="rest", state="oauth2", expires_at=now)
    session = Login.objects.create(id="b" * 32, user_id=user.pk, flow="form", state="session", expires_at=now)
    RefreshFamily.objects.create(login=rotated, generation=3, rotated_at=now, expires_at=now + timedelta(days=7))
    try:
        apps = migrate(AFTER)
        moved = apps.get_model("authstate", "Login").objects.in_bulk([rotated.pk, session.pk])
        assert (moved[rotated.pk].refresh_generation, moved[rotated.pk].refresh_rotated_at) == (3, now)
        assert moved[rotated.pk].refresh_expires_at == now + timedelta(days=7)
        assert moved[session.pk].refresh_expires_at is None  # no family: its refresh is refused

        apps = migrate(BEFORE)
        back = apps.get_model("authstate", "RefreshFamily").objects.get()
        assert (back.login_id, back.generation, back.expires_at) == (rotated.pk, 3, now + timedelta(days=7))
    finally:
        migrate(AFTER)
