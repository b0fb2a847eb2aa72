"""``Accept-Language`` picks the language of messages and pages; error codes never change with it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from authstate.passwords import _mail as password_mail
from authstate.templatetags.authstate_pages import ago
from tests.conftest import PASSWORD, JsonClient

WRONG_PASSWORD = {
    "en": "The username or password is incorrect.",
    "de": "Benutzername oder Passwort ist falsch.",
    "fr": "Le nom d\u2019utilisateur ou le mot de passe est incorrect.",
    "es": "El nombre de usuario o la contraseña no son correctos.",
}


@pytest.mark.parametrize("language", sorted(WRONG_PASSWORD))
def test_json_error_message_follows_accept_language_and_the_code_does_not(user: Any, language: str) -> None:
    api = JsonClient(HTTP_ACCEPT_LANGUAGE=language)
    response = api.post_json("/api/auth", {"username": "alice", "password": "wrong"})
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "invalid_credentials", "message": WRONG_PASSWORD[language]}}
    assert response["Content-Language"] == language


def test_drf_validation_envelope_is_translated(db: Any) -> None:
    response = JsonClient(HTTP_ACCEPT_LANGUAGE="de").post_json("/api/auth", {"username": "alice"})
    body = response.json()["error"]
    assert (body["code"], body["message"]) == ("invalid_request", "Die Anfrage ist ungültig.")
    assert body["fields"]["password"] == ["Dieses Feld ist zwingend erforderlich."]  # Django REST framework's own


def test_unknown_language_falls_back_to_english(user: Any) -> None:
    response = JsonClient(HTTP_ACCEPT_LANGUAGE="tlh").post_json("/api/auth", {"username": "alice", "password": "x"})
    assert response.json()["error"]["message"] == WRONG_PASSWORD["en"]


def test_login_page_in_german(user: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    page = client.get("/login").content.decode()
    assert "Passwort vergessen?" in page
    failed = client.post("/login", {"username": "alice", "password": "wrong"}).content.decode()
    assert "Benutzername oder Passwort ist falsch." in failed


@pytest.mark.parametrize(
    ("url", "title", "button"),
    [
        ("authstate:password-reset-page", "Passwort zurücksetzen", "Link senden"),
        ("authstate:password-change-page", "Passwort ändern", "Passwort ändern"),
        ("authstate:reauthenticate-page", "Bestätigen Sie, dass Sie es sind", "Bestätigen"),
    ],
)
def test_pages_with_translatable_templates_render_in_german(user: Any, url: str, title: str, button: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.post("/login", {"username": "alice", "password": PASSWORD})
    page = client.get(reverse(url)).content.decode()
    assert f"<title>{title}</title>" in page
    assert f">{button}</button>" in page


def test_password_reset_email_in_the_language_of_the_request(user: Any, settings: Any) -> None:
    """Rendered in the request (the background pool only sends it), so in the request's language."""
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": "https://accounts.example.com"}}
    user.email = "alice@example.com"
    user.save()
    Client(HTTP_ACCEPT_LANGUAGE="de").post(reverse("authstate:password-reset-page"), {"email": user.email})
    password_mail.wait()
    (message,) = mail.outbox
    assert message.subject == "Passwort zurücksetzen"
    assert "Hallo alice," in message.body and "Der Link funktioniert einmal" in message.body


@pytest.mark.parametrize(
    "language, days, expected",
    [
        ("en", 3, "3\xa0days ago"),
        (
            "de",
            3,
            "vor 3\xa0Tagen",
        ),  # dative after "vor", not the nominative "3 Tage" (Django keeps the number and unit together)
        ("de", 1, "vor 1\xa0Tag"),
        ("fr", 3, "il y a 3\xa0jours"),
        ("es", 3, "hace 3\xa0días"),
    ],
)
def test_times_ago_read_as_a_phrase_of_the_language(language: str, days: int, expected: str) -> None:
    with translation.override(language):
        assert ago(timezone.now() - timedelta(days=days, minutes=5)) == expected
