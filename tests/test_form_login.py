"""HTML form login into the session state: fixation, CSRF, safe next, logout."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from authstate.models import Login
from tests.conftest import PASSWORD, bearer


def csrf_token(client: Client, path: str = "/login") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.cookies["csrftoken"].value


def form_login(client: Client, password: str = PASSWORD, **extra: str) -> Any:
    token = csrf_token(client)
    return client.post("/login", {"username": "alice", "password": password, "csrfmiddlewaretoken": token, **extra})


def test_login_page_renders_a_form(client: Client, db: Any) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ('name="username"', 'name="password"', 'name="csrfmiddlewaretoken"', 'name="next"'):
        assert name in html


def test_form_login_gives_a_session_with_a_new_key(csrf_client: Client, user: Any) -> None:
    csrf_client.get("/login")
    csrf_client.cookies[django_settings.SESSION_COOKIE_NAME] = "attacker-chosen-session-key"
    response = form_login(csrf_client)
    assert response.status_code == 302
    assert response["Location"] == "/"
    new_key = response.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert new_key and new_key != "attacker-chosen-session-key"
    me = csrf_client.get("/api/me")
    assert me.status_code == 200
    assert me.json()["state"] == "session"
    assert me.json()["flow"] == "form"
    assert Login.objects.get(pk=me.json()["login_id"]).session_key == new_key


def test_session_key_changes_at_login(csrf_client: Client, user: Any) -> None:
    csrf_client.get("/login")
    csrf_client.session.save() if hasattr(csrf_client.session, "save") else None
    before = csrf_client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    form_login(csrf_client)
    after = csrf_client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert before is None or before.value != after


def test_wrong_password_shows_one_error_for_both_cases(client: Client, user: Any) -> None:
    wrong = form_login(client, password="nope")
    token = csrf_token(client)
    unknown = client.post("/login", {"username": "nobody", "password": "nope", "csrfmiddlewaretoken": token})
    assert wrong.status_code == unknown.status_code == 401
    assert "The username or password is incorrect." in wrong.content.decode()
    assert "The username or password is incorrect." in unknown.content.decode()
    assert (
        django_settings.SESSION_COOKIE_NAME not in wrong.cookies
        or not wrong.cookies[django_settings.SESSION_COOKIE_NAME].value
    )


def test_post_without_csrf_is_403(csrf_client: Client, user: Any) -> None:
    response = csrf_client.post("/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:evil.example"],
)
def test_open_redirects_are_not_followed(client: Client, user: Any, target: str) -> None:
    response = form_login(client, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_safe_next_is_followed(client: Client, user: Any) -> None:
    response = form_login(client, next="/api/me?x=1")
    assert response["Location"] == "/api/me?x=1"


def test_logout_ends_the_session_and_the_cookie_no_longer_works(csrf_client: Client, user: Any) -> None:
    form_login(csrf_client)
    old_cookie = csrf_client.cookies[django_settings.SESSION_COOKIE_NAME].value
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/logout", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert csrf_client.get("/api/me").status_code in (401, 403)
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = old_cookie
    assert replay.get("/api/me").status_code in (401, 403)


def test_session_logout_without_csrf_is_refused(csrf_client: Client, user: Any) -> None:
    form_login(csrf_client)
    response = csrf_client.post("/logout", content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert csrf_client.get("/api/me").status_code == 200


def test_session_state_sets_no_tokens(client: Client, user: Any) -> None:
    response = form_login(client)
    assert "access_token" not in response.content.decode()
    # the one authstate cookie of a session login is the signed login id (why a session ended), no token
    assert [c for c in response.cookies if c.startswith("authstate_")] == ["authstate_login"]
    assert "." not in response.cookies["authstate_login"].value.split(":")[0]  # a login id, not a JWT


def test_token_only_view_ignores_session_cookie(client: Client, user: Any, rf: Any) -> None:
    from rest_framework.response import Response

    from authstate.authentication import TokenAuthentication
    from authstate.flows.rest._base import AuthStateAPIView

    class TokenOnly(AuthStateAPIView):
        authentication_classes = [TokenAuthentication]

        def get(self, request: Any) -> Response:
            return Response({"user": request.user.is_authenticated})

    form_login(client)
    request = rf.get("/x")
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    assert request.user.is_authenticated
    assert TokenOnly.as_view()(request).data == {"user": False}


def test_session_only_view_ignores_bearer_tokens(rest_login: Any, rf: Any) -> None:
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.response import Response

    from authstate.authentication import SessionAuthentication
    from authstate.flows.rest._base import AuthStateAPIView

    class SessionOnly(AuthStateAPIView):
        authentication_classes = [SessionAuthentication]

        def get(self, request: Any) -> Response:
            return Response({"user": request.user.is_authenticated})

    request = rf.get("/x", **bearer(rest_login()["access_token"]))
    request.user = AnonymousUser()
    request._dont_enforce_csrf_checks = True
    assert SessionOnly.as_view()(request).data == {"user": False}
