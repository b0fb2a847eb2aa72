"""Password fixtures: the MFA fixtures (clock, factors, settings), a drained mail queue, links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail

from authstate.passwords import _mail as password_mail
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.mfa.conftest import (  # noqa: F401  (fixtures)
    _clean_outboxes,
    clock,
    email_device,
    later,
    mfa_settings,
    root_settings,
    totp_device,
)

NEW_PASSWORD = "a brand new passphrase"
BASE_URL = "https://accounts.example.com"


@pytest.fixture(autouse=True)
def _reset_base_url(settings: Any) -> Iterator[None]:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSWORD": {"RESET_BASE_URL": BASE_URL}}
    yield
    password_mail.wait()


@pytest.fixture
def password_settings(settings: Any) -> Callable[..., None]:
    def apply(**values: Any) -> None:
        settings.AUTHSTATE = {
            **settings.AUTHSTATE,
            "PASSWORD": {**settings.AUTHSTATE.get("PASSWORD", {}), **values},
        }

    return apply


def sent() -> list[Any]:
    """The e-mails sent so far, once the background queue is drained."""
    password_mail.wait()
    return list(mail.outbox)


def reset_link(email: str = "alice@example.com") -> str:
    message = [m for m in sent() if m.to == [email] and "reset" in m.subject.lower()][-1]
    return str(re.search(r"https?://\S+", message.body).group(0))  # type: ignore[union-attr]


def uid_and_token(link: str) -> tuple[str, str]:
    uid, token = link.rstrip("/").split("/")[-2:]
    return uid, token


@pytest.fixture
def request_link(api: JsonClient) -> Callable[..., tuple[str, str]]:
    def ask(email: str = "alice@example.com") -> tuple[str, str]:
        assert api.post_json("/api/password/reset", {"email": email}).status_code == 202
        return uid_and_token(reset_link(email))

    return ask


def token_login(api: JsonClient, password: str = PASSWORD) -> dict[str, str]:
    response = api.post_json("/api/auth", {"username": "alice", "password": password})
    assert response.status_code == 200 and response.json()["status"] == "AUTHENTICATED", response.content
    return bearer(response.json()["access_token"])


__all__ = ["BASE_URL", "NEW_PASSWORD", "reset_link", "sent", "token_login", "uid_and_token"]
