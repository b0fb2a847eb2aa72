"""MFA pages, codes by e-mail and SMS, and MFA JSON errors in the language of ``Accept-Language``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from authstate.factors.sms import gateways
from tests.conftest import PASSWORD, JsonClient


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    yield
    translation.deactivate()


@pytest.fixture
def german() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="de")


def test_wrong_code_on_the_mfa_page_in_german(german: Client, totp_device: Any) -> None:
    german.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    german.post("/mfa/choose", {"factor": "totp"})
    response = german.post("/mfa/verify", {"factor": "totp", "code": "000000"})
    assert response.status_code == 401
    assert "Der Code ist falsch." in response.content.decode()


def test_email_code_in_german(german: Client, email_device: Any) -> None:
    german.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    german.post("/mfa/choose", {"factor": "email"})
    (message,) = mail.outbox
    assert message.subject.startswith("Ihr Anmeldecode: ")
    assert message.body.startswith("Hallo alice,\n\nIhr Anmeldecode lautet ")
    assert "Wenn Sie nicht versucht haben, sich anzumelden, ändern Sie Ihr Passwort." in message.body


def test_sms_code_in_spanish(sms_device: Any) -> None:
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    spanish.post("/mfa/login", {"username": "alice", "password": PASSWORD})
    spanish.post("/mfa/choose", {"factor": "sms"})
    assert gateways.OUTBOX[-1].text.startswith("Su código de inicio de sesión es ")


def test_mfa_json_error_in_french_keeps_its_code(totp_device: Any) -> None:
    api = JsonClient(HTTP_ACCEPT_LANGUAGE="fr")
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()
    token = started["mfa_token"]
    api.post_json("/api/mfa/challenge", {"mfa_token": token, "factor": "totp"})
    response = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    body = response.json()["error"]
    assert (body["code"], body["message"]) == ("invalid_code", "Le code est incorrect.")
