"""Refresh rotation below/above REFRESH_ROTATE_THRESHOLD, reuse detection and its grace window."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
import pytest
from django.core.cache import cache
from django.utils import timezone

from authstate.models import Login
from authstate.tokens._issue import refresh_for
from tests.conftest import bearer

WEEK_MS = 604800000


def claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def refresh(api: Any, token: str) -> Any:
    return api.post_json("/api/auth/refresh", {"refresh_token": token})


@pytest.fixture
def rotating(configure: Any) -> None:
    """Every refresh token is 'close to expiry': the threshold exceeds the validity."""
    configure(REFRESH_ROTATE_THRESHOLD=WEEK_MS + 1000)


def test_below_threshold_keeps_the_refresh_token(api: Any, rest_login: Any) -> None:
    body = rest_login()
    response = refresh(api, body["refresh_token"])
    assert response.status_code == 200
    new = response.json()
    assert set(new) == {"status", "access_token", "token_type", "expires_in", "refresh_expires_in"}
    assert new["access_token"] != body["access_token"]
    assert refresh(api, body["refresh_token"]).status_code == 200  # still the current one
    assert Login.objects.get().refresh_generation == 0


def test_above_threshold_rotates(api: Any, rest_login: Any, rotating: None) -> None:
    body = rest_login()
    response = refresh(api, body["refresh_token"])
    assert response.status_code == 200
    new = response.json()
    assert set(new) == {"status", "access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"}
    assert claims(new["refresh_token"])["gen"] == 1
    assert claims(new["refresh_token"])["sid"] == claims(body["refresh_token"])["sid"]
    assert api.get("/api/me", **bearer(new["access_token"])).status_code == 200
    assert refresh(api, new["refresh_token"]).status_code == 200


def test_rotation_extends_the_login(api: Any, rest_login: Any, rotating: None) -> None:
    body = rest_login()
    login = Login.objects.get()
    Login.objects.filter(pk=login.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    new = refresh(api, body["refresh_token"]).json()
    assert Login.objects.get().expires_at > timezone.now() + timedelta(days=6)
    cache.clear()  # reloaded from the row, or kept: either way the longer expiry holds
    assert api.get("/api/me", **bearer(new["access_token"])).status_code == 200


def test_replay_within_grace_gets_the_current_generation(api: Any, rest_login: Any, rotating: None) -> None:
    old = rest_login()["refresh_token"]
    first = refresh(api, old).json()["refresh_token"]
    second = refresh(api, old)  # a second tab, a moment later
    assert second.status_code == 200
    replacement = second.json()["refresh_token"]
    assert claims(replacement)["gen"] == claims(first)["gen"] == 1
    assert claims(replacement)["exp"] == claims(first)["exp"]
    assert Login.objects.get().refresh_generation == 1


def test_replay_after_grace_revokes_the_whole_login(api: Any, rest_login: Any, rotating: None) -> None:
    body = rest_login()
    new = refresh(api, body["refresh_token"]).json()
    Login.objects.update(refresh_rotated_at=timezone.now() - timedelta(seconds=11))
    replay = refresh(api, body["refresh_token"])
    assert replay.status_code == 401
    assert replay.json() == {
        "error": {"code": "token_reused", "message": "This refresh token was already used; the login has been ended."}
    }
    assert Login.objects.get().revoked_reason == "token_reused"
    assert refresh(api, new["refresh_token"]).json()["error"]["code"] == "login_revoked"
    assert api.get("/api/me", **bearer(new["access_token"])).json()["error"]["code"] == "login_revoked"


def test_grace_window_is_configurable(api: Any, rest_login: Any, rotating: None, configure: Any) -> None:
    configure(REFRESH_ROTATE_THRESHOLD=WEEK_MS + 1000, REFRESH_REUSE_GRACE=0)
    body = rest_login()
    refresh(api, body["refresh_token"])
    assert refresh(api, body["refresh_token"]).json()["error"]["code"] == "token_reused"


def test_two_generations_back_is_reuse_even_within_grace(api: Any, rest_login: Any, rotating: None) -> None:
    gen0 = rest_login()["refresh_token"]
    gen1 = refresh(api, gen0).json()["refresh_token"]
    refresh(api, gen1)
    assert refresh(api, gen0).json()["error"]["code"] == "token_reused"


def test_refresh_disabled_issues_none_and_refuses(api: Any, rest_login: Any, configure: Any) -> None:
    configure(ENABLE_REFRESH_TOKEN=False)
    body = rest_login()
    assert "refresh_token" not in body and "refresh_expires_in" not in body
    response = refresh(api, "anything")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "refresh_disabled"


def test_refresh_of_a_deactivated_user_is_refused(api: Any, rest_login: Any, user: Any) -> None:
    body = rest_login()
    user.is_active = False
    user.save()
    assert refresh(api, body["refresh_token"]).json()["error"]["code"] == "login_revoked"


def test_a_session_login_has_no_refresh_family(api: Any, session_login: Any) -> None:
    """Even a validly signed refresh token naming a session login's ``sid`` refreshes nothing:
    only a login begun with a family (a token login) rotates."""
    session_login()
    login = Login.objects.get()
    assert login.refresh_expires_at is None
    forged = refresh_for(login)
    assert forged is not None
    response = refresh(api, str(forged))
    assert (response.status_code, response.json()["error"]["code"]) == (401, "invalid_token")
    assert Login.objects.get().refresh_generation == 0
