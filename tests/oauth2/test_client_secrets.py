"""Client secrets: a fast keyed hash at rest, old PBKDF2 hashes upgraded on use, failures throttled."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import hashers
from django.contrib.auth.hashers import make_password
from django.test import Client

from authstate.models import OAuth2Client
from authstate.models.oauth2 import hash_secret, is_fast_hash, secret_matches
from tests.oauth2.conftest import SECRET, basic, post_form

INTROSPECT = "/oauth2/introspect"


def introspect(client_id: str = "spa", secret: str = SECRET, **extra: Any) -> Any:
    return post_form(Client(), INTROSPECT, {"token": "x"}, **basic(client_id, secret), **extra)


@pytest.fixture
def no_password_hasher(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every call of Django's password hasher (PBKDF2): client auth must not need it."""
    calls: list[str] = []
    original = hashers.check_password
    checked = lambda *args, **kwargs: calls.append("check") or original(*args, **kwargs)  # noqa: E731
    monkeypatch.setattr("authstate.models.oauth2.check_password", checked)
    return calls


def test_secrets_are_stored_as_a_salted_hmac_never_in_clear(spa: OAuth2Client) -> None:
    algorithm, salt, digest = spa.secret_hash.split("$")
    assert (algorithm, len(salt), len(digest)) == ("hmac_sha256", 32, 64)
    assert SECRET not in spa.secret_hash
    assert hash_secret(SECRET) != spa.secret_hash  # a fresh salt each time
    assert secret_matches(SECRET, spa.secret_hash) and not secret_matches(SECRET + "x", spa.secret_hash)


def test_client_authentication_never_runs_the_password_hasher(spa: OAuth2Client, no_password_hasher: list[str]) -> None:
    assert introspect().json() == {"active": False}
    assert introspect(secret="wrong").status_code == 401
    assert introspect(client_id="nobody").status_code == 401
    spa.set_secret(None)  # unusable: Django's check_password would still run PBKDF2 on it
    spa.save()
    assert introspect().status_code == 401
    assert no_password_hasher == []


def test_an_old_pbkdf2_hash_is_accepted_once_and_upgraded(spa: OAuth2Client, no_password_hasher: list[str]) -> None:
    OAuth2Client.objects.filter(pk=spa.pk).update(secret_hash=make_password(SECRET))
    assert introspect(secret="wrong").status_code == 401
    assert not is_fast_hash(OAuth2Client.objects.get(pk=spa.pk).secret_hash)  # a wrong secret upgrades nothing
    assert introspect().json() == {"active": False}
    stored = OAuth2Client.objects.get(pk=spa.pk).secret_hash
    assert is_fast_hash(stored) and secret_matches(SECRET, stored)
    assert introspect().json() == {"active": False}
    assert no_password_hasher == ["check", "check"]  # the wrong one and the upgrading one, then never again


def _limits(settings: Any, ip: int = 50, client: int = 20) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"IP_FAILURES": ip, "ACCOUNT_FAILURES": client}}


THROTTLED = {"error": "temporarily_unavailable"}


@pytest.mark.parametrize("endpoint", ["/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"])
def test_wrong_secrets_for_one_client_answer_429_with_an_oauth_body(
    spa: OAuth2Client, settings: Any, endpoint: str
) -> None:
    _limits(settings, ip=0, client=5)
    answers = [post_form(Client(), endpoint, {"token": "x"}, **basic("spa", f"guess-{n}")) for n in range(7)]
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 2
    body = answers[-1].json()
    assert {"error": body["error"]} == THROTTLED
    retry_after = int(answers[-1]["Retry-After"])
    assert 1 <= retry_after <= 301
    assert body == {
        "error": "temporarily_unavailable",
        "error_description": f"Too many failed client authentications; retry after {retry_after} seconds.",
    }
    assert answers[-1]["Cache-Control"] == "no-store"
    assert post_form(Client(), endpoint, {"token": "x"}, **basic()).status_code == 429  # even the right secret


def test_one_address_guessing_many_client_ids_is_throttled(spa: OAuth2Client, settings: Any) -> None:
    _limits(settings, ip=4, client=0)
    statuses = [introspect(client_id=f"client-{n}", secret="x").status_code for n in range(6)]
    assert statuses == [401] * 4 + [429] * 2
    other = introspect(REMOTE_ADDR="192.0.2.9")
    assert other.json() == {"active": False}  # another address is not affected


def test_successes_count_nothing(spa: OAuth2Client, settings: Any) -> None:
    _limits(settings, ip=3, client=3)
    for _ in range(10):
        assert introspect().json() == {"active": False}
    assert [introspect(secret="wrong").status_code for _ in range(4)] == [401, 401, 401, 429]


def test_the_throttle_can_be_turned_off(spa: OAuth2Client, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"ENABLED": False}}
    assert {introspect(secret="wrong").status_code for _ in range(30)} == {401}
