"""Resetting a forgotten password, through the demo's URLs: identical answers for unknown and known
addresses, links only on the configured base URL, single-use and expiring links, every login
ending, the lockout lifted, throttles per address and per IP."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.test import Client

from authstate import _lockout as lockout
from authstate.models import Login
from tests.conftest import PASSWORD, JsonClient
from tests.passwords.conftest import BASE_URL, NEW_PASSWORD, reset_link, sent, token_login, uid_and_token

RESET, CONFIRM = "/api/password/reset", "/api/password/reset/confirm"
VOLATILE_HEADERS = {"Date", "Content-Length"}


def ask(client: Any, email: str, **extra: Any) -> Any:
    return client.post(RESET, {"email": email}, content_type="application/json", **extra)


def confirm(api: JsonClient, uid: str, token: str, password: str = NEW_PASSWORD, **more: Any) -> Any:
    return api.post_json(CONFIRM, {"uid": uid, "token": token, "new_password": password, **more})


def test_unknown_and_known_addresses_get_the_same_answer(api: JsonClient, user: Any) -> None:
    known, unknown = ask(Client(), "alice@example.com"), ask(Client(), "nobody@example.com")
    assert (
        (known.status_code, known.json())
        == (unknown.status_code, unknown.json())
        == (202, {"status": "RESET_REQUESTED"})
    )
    assert {k: v for k, v in known.items() if k not in VOLATILE_HEADERS} == {
        k: v for k, v in unknown.items() if k not in VOLATILE_HEADERS
    }
    assert known.cookies.keys() == unknown.cookies.keys()
    assert [m.to for m in sent()] == [["alice@example.com"]]


def test_a_known_address_does_not_wait_for_the_mail_server(
    api: JsonClient, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sending inline would make known addresses an SMTP round trip slower than unknown ones: the
    answer comes while the mail server is still holding the message (no timing measured)."""
    real_send, server_answers, delivered = EmailMessage.send, threading.Event(), []

    def held_send(self: EmailMessage, *args: Any, **kwargs: Any) -> int:
        server_answers.wait(timeout=30)
        delivered.append(self)
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", held_send)
    assert ask(api, "alice@example.com").status_code == 202
    assert delivered == []  # answered before the send finished
    server_answers.set()
    assert len(sent()) == 1


def test_both_answers_are_padded_to_the_minimum_delay(
    api: JsonClient, user: Any, mfa_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both answers ask for the same padding (recorded, not timed)."""
    mfa_settings(MINIMUM_DELAY_MS=150)
    padded: list[float] = []
    monkeypatch.setattr("authstate.mfa._verification.time.sleep", padded.append)
    for email in ("alice@example.com", "nobody@example.com"):
        padded.clear()
        assert ask(api, email).status_code == 202
        assert len(padded) == 1 and 0 < padded[0] <= 0.15


def test_a_forged_host_header_never_reaches_the_mail(user: Any, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]  # a permissive deployment: the Host header is whatever the client sends
    forged = {"HTTP_HOST": "evil.example", "HTTP_X_FORWARDED_HOST": "evil.example", "SERVER_NAME": "evil.example"}
    assert ask(Client(), "alice@example.com", **forged).status_code == 202
    [message] = sent()
    assert "evil.example" not in message.body
    assert reset_link().startswith(f"{BASE_URL}/password/reset/")
    assert reset_link().endswith("/")


def test_without_a_base_url_nothing_is_sent_and_the_answer_is_the_same(
    api: JsonClient, user: Any, password_settings: Any
) -> None:
    password_settings(RESET_BASE_URL=None)
    response = ask(api, "alice@example.com")
    assert (response.status_code, response.json()) == (202, {"status": "RESET_REQUESTED"})
    assert sent() == []


def test_the_link_sets_a_new_password_once(api: JsonClient, user: Any, request_link: Any) -> None:
    uid, token = request_link()
    done = confirm(api, uid, token)
    assert (done.status_code, done.json()) == (200, {"status": "PASSWORD_RESET"})
    assert get_user_model().objects.get().check_password(NEW_PASSWORD)
    again = confirm(api, uid, token, password="yet another passphrase")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid_reset_link"
    assert get_user_model().objects.get().check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(
    api: JsonClient, user: Any, request_link: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid, token = request_link()
    issued = default_token_generator._now()
    from datetime import timedelta

    monkeypatch.setattr(
        default_token_generator, "_now", lambda: issued + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    )
    response = confirm(api, uid, token)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_reset_link")
    assert get_user_model().objects.get().check_password(PASSWORD)


@pytest.mark.parametrize(
    "uid,token",
    [("", ""), ("!!!", "x"), ("MQ", "not-a-token"), ("OTk5OQ", "abc-def"), ("A" * 64, "1-2"), ("8J-Ygg", "x-y")],
)
def test_malformed_links_are_refused_alike(api: JsonClient, user: Any, uid: str, token: str) -> None:
    response = confirm(api, uid, token)
    assert response.status_code == 400
    assert response.json()["error"]["code"] in ("invalid_reset_link", "invalid_request")


def test_a_reset_ends_every_login_lifts_the_lockout_and_notifies(
    api: JsonClient, user: Any, request_link: Any, root_settings: Any, mfa_settings: Any
) -> None:
    root_settings(ALLOW_MULTIPLE_LOGINS=True, MAX_CONCURRENT_LOGINS=5)
    tokens = token_login(api)
    browser = Client()
    assert browser.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    uid, token = request_link()
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=2)
    for _ in range(2):
        api.post_json("/api/auth", {"username": "alice", "password": "guess"})
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 423
    assert confirm(api, uid, token).status_code == 200
    assert api.get("/api/me", **tokens).status_code == 401
    assert browser.get("/api/me").status_code in (401, 403)
    assert not Login.objects.active().exists()
    assert set(Login.objects.values_list("revoked_reason", flat=True)) == {"password_reset"}
    assert lockout.failures("alice", lockout.Kind.PASSWORD) == 0
    token_login(api, NEW_PASSWORD)  # unlocked, with the new password
    notice = sent()[-1]
    assert notice.subject == "Your password was changed" and "reset" in notice.body


def test_the_validators_run_on_the_new_password(api: JsonClient, user: Any, request_link: Any) -> None:
    uid, token = request_link()
    response = confirm(api, uid, token, password="short")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "new_password": ["This password is too short. It must contain at least 8 characters."]
    }
    assert confirm(api, uid, token).status_code == 200  # a refused password does not use up the link


def test_requests_are_throttled_per_address_known_or_not(api: JsonClient, user: Any, password_settings: Any) -> None:
    password_settings(RESET_ADDRESS_LIMIT=2)
    for email in ("alice@example.com", "nobody@example.com"):
        statuses = [ask(api, email).status_code for _ in range(3)]
        assert statuses == [202, 202, 429]
    throttled = ask(api, "ALICE@example.com")
    assert throttled.json()["error"]["code"] == "throttled" and int(throttled["Retry-After"]) >= 1
    assert len(sent()) == 2


def test_requests_are_throttled_per_client_ip(api: JsonClient, db: Any, password_settings: Any) -> None:
    password_settings(RESET_IP_LIMIT=3)
    statuses = [ask(api, f"user{n}@example.com").status_code for n in range(4)]
    assert statuses == [202, 202, 202, 429]
    other_ip = ask(Client(), "user9@example.com", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 202


def test_reset_requests_leave_the_login_throttles_alone(api: JsonClient, user: Any, password_settings: Any) -> None:
    password_settings(RESET_IP_LIMIT=100, RESET_ADDRESS_LIMIT=100)
    for _ in range(60):
        ask(api, "alice@example.com")
    assert token_login(api)  # THROTTLE.IP_FAILURES (50) is a different budget


def test_the_reset_pages_from_the_login_page(user: Any) -> None:
    browser = Client()
    login_page = browser.get("/login").content.decode()
    assert 'href="/password/reset"' in login_page
    assert browser.get("/password/reset").status_code == 200
    asked = browser.post("/password/reset", {"email": "alice@example.com"})
    assert asked.status_code == 200 and b'id="reset-sent"' in asked.content
    unknown = browser.post("/password/reset", {"email": "nobody@example.com"})
    assert unknown.content == asked.content  # the same page, known or not
    path = reset_link().removeprefix(BASE_URL)
    page = browser.get(path)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert b"id_code" not in page.content  # no second factor on this account
    done = browser.post(path, {"new_password": NEW_PASSWORD})
    assert done.status_code == 200 and b'id="reset-done"' in done.content
    assert get_user_model().objects.get().check_password(NEW_PASSWORD)
    used = browser.get(path)
    assert used.status_code == 400 and b'id="reset-invalid"' in used.content


def test_the_confirm_page_shows_validator_messages(user: Any) -> None:
    browser = Client()
    browser.post("/password/reset", {"email": "alice@example.com"})
    path = reset_link().removeprefix(BASE_URL)
    short = browser.post(path, {"new_password": "short"})
    assert short.status_code == 400 and b"This password is too short." in short.content


def test_inactive_accounts_and_accounts_without_a_password_get_no_mail(api: JsonClient, make_user: Any) -> None:
    make_user("bob", is_active=False)
    carol = make_user("carol")
    carol.set_unusable_password()
    carol.save()
    for email in ("bob@example.com", "carol@example.com"):
        assert ask(api, email).status_code == 202
    assert sent() == []


def test_uid_and_token_are_what_the_link_carries(api: JsonClient, user: Any, request_link: Any) -> None:
    uid, token = request_link()
    assert (uid, token) == uid_and_token(reset_link())
    assert default_token_generator.check_token(user, token)
