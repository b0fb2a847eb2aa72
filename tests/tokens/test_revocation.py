"""Instant revocation: password change (optionally keeping the current login), deactivation,
admin revoke; each refused on the very next request."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from authstate.admin._logins import LoginAdmin, revoke_logins
from authstate.logins._passwords import change_password
from authstate.models import Login
from authstate.state import LoginContext
from tests.conftest import bearer


@pytest.fixture
def two_token_logins(configure: Any, token_login: Any) -> list[str]:
    configure(ALLOW_MULTIPLE_LOGINS=True)
    return [token_login()[1].json()["access_token"] for _ in range(2)]


def alive(api: Any, token: str) -> bool:
    return bool(api.get("/api/me", **bearer(token)).status_code == 200)


def test_password_change_revokes_every_login(api: Any, user: Any, two_token_logins: list[str]) -> None:
    user.set_password("a brand new password")
    user.save()
    assert [alive(api, token) for token in two_token_logins] == [False, False]
    assert set(Login.objects.values_list("revoked_reason", flat=True)) == {"password_changed"}


def test_password_change_can_keep_the_current_login(api: Any, user: Any, two_token_logins: list[str]) -> None:
    current = Login.objects.order_by("created_at").first()
    assert current is not None
    request = RequestFactory().post("/")
    request.auth = LoginContext(login_id=current.pk, flow="rest", state="oauth2")  # type: ignore[attr-defined]
    change_password(request, user, "a brand new password")
    assert [alive(api, token) for token in two_token_logins] == [True, False]


def test_password_change_keeps_the_current_session(session_login: Any, user: Any, configure: Any) -> None:
    configure(ALLOW_MULTIPLE_LOGINS=True)
    mine, _ = session_login()
    other, _ = session_login()
    request = RequestFactory().post("/")
    request.session = mine.session  # type: ignore[attr-defined]
    request.user = user
    change_password(request, user, "a brand new password")
    request.session.save()  # SessionMiddleware does this on the way out
    mine.cookies["sessionid"] = request.session.session_key  # the rotated key Django would send back
    assert mine.get("/api/me").status_code == 200
    assert other.get("/api/me").status_code in (401, 403)
    kept = Login.objects.get(revoked_at__isnull=True)
    assert kept.session_key == request.session.session_key


def test_hash_upgrade_at_login_does_not_revoke(api: Any, user: Any, two_token_logins: list[str]) -> None:
    user.check_password("wrong")  # no upgrade, no save
    user.first_name = "Alice"
    user.save()
    assert [alive(api, token) for token in two_token_logins] == [True, True]


def test_deactivation_revokes_every_login(api: Any, user: Any, two_token_logins: list[str]) -> None:
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert [alive(api, token) for token in two_token_logins] == [False, False]
    assert set(Login.objects.values_list("revoked_reason", flat=True)) == {"deactivated"}


def test_admin_action_revokes(api: Any, admin_user: Any, two_token_logins: list[str]) -> None:
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    model_admin = LoginAdmin(Login, site)
    model_admin.message_user = lambda *args, **kwargs: None  # type: ignore[method-assign]
    revoke_logins(model_admin, request, Login.objects.order_by("created_at")[:1])
    assert [alive(api, token) for token in two_token_logins] == [False, True]
    assert Login.objects.get(revoked_at__isnull=False).revoked_reason == "admin"


def test_admin_changelist_filters(admin_client: Any, two_token_logins: list[str]) -> None:
    for query in ("", "?status=active", "?status=revoked", "?state=oauth2", "?q=alice"):
        response = admin_client.get(f"/admin/authstate/login/{query}")
        assert response.status_code == 200
    assert b"Revoke selected logins" in admin_client.get("/admin/authstate/login/").content


def test_command_revokes_all(api: Any, user: Any, two_token_logins: list[str], capsys: Any) -> None:
    call_command("authstate_logins", "list", "--user", "alice")
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    call_command("authstate_logins", "revoke", "--user", "alice", "--all")
    assert "2 login(s) revoked" in capsys.readouterr().out
    assert [alive(api, token) for token in two_token_logins] == [False, False]
    call_command("authstate_logins", "list", "--user", "alice", "--all")
    assert capsys.readouterr().out.count("admin") == 2


def test_command_revokes_one(api: Any, two_token_logins: list[str], capsys: Any) -> None:
    first = Login.objects.order_by("created_at").first()
    assert first is not None
    call_command("authstate_logins", "revoke", "--user", "alice", "--id", first.pk)
    assert [alive(api, token) for token in two_token_logins] == [False, True]


def test_command_refuses_ambiguous_revoke(user: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("authstate_logins", "revoke", "--user", "alice")
    with pytest.raises(CommandError):
        call_command("authstate_logins", "list", "--user", "nobody")


def test_admin_delete_action_ends_token_and_session_logins(
    api: Any, admin_client: Any, two_token_logins: list[str], session_login: Any
) -> None:
    browser, _ = session_login()
    mine = Login.objects.exclude(user__username="admin")
    first = mine.order_by("created_at").first()
    session = mine.get(state="session")
    assert first is not None and browser.get("/api/me").status_code == 200
    data = {"action": "delete_selected", "_selected_action": [first.pk, session.pk], "post": "yes"}
    assert admin_client.post("/admin/authstate/login/", data).status_code == 302
    assert [alive(api, token) for token in two_token_logins] == [False, True]
    assert browser.get("/api/me").status_code in (401, 403)
    assert mine.count() == 1


@pytest.mark.parametrize("how", ["queryset", "instance", "user_cascade"])
def test_deleting_rows_ends_their_logins(api: Any, user: Any, two_token_logins: list[str], how: str) -> None:
    if how == "queryset":
        Login.objects.all().delete()
    elif how == "instance":
        for login in Login.objects.all():
            login.delete()
    else:
        user.delete()
    assert [alive(api, token) for token in two_token_logins] == [False, False]


def test_deleting_ended_rows_writes_nothing(two_token_logins: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The cleanup command deletes ended rows by the thousand: their markers were written when they ended."""
    from authstate.logins import _records as records

    Login.objects.update(revoked_at=timezone.now())
    ended: list[Any] = []
    monkeypatch.setattr(records, "forget_deleted", ended.append)
    Login.objects.all().delete()
    assert ended == []


def test_admin_action_keeps_its_name(admin_client: Any, two_token_logins: list[str]) -> None:
    page = admin_client.get("/admin/authstate/login/").content.decode()
    assert ">Revoke selected logins<" in page
