"""Attempts are reserved before they are checked: a reservation past the limit is refused without
checking the password or code, whatever the store; password and second-factor failures are
counted apart. "In flight" below means reserved by requests still being checked, as happens when
many guesses arrive at once (``tests/security/test_concurrent_guessing.py`` does it for real)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.db import OperationalError

from authstate import _attempts as attempts
from authstate import _lockout as lockout
from authstate.mfa import _enrollment as enrollment
from authstate.mfa import _records as records
from authstate.mfa._pending import Pending
from authstate.models import AuditEvent, MessageDevice
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.mfa.conftest import last_email_code, start, totp_code


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords that reached ``authenticate`` (each one a password actually checked)."""
    from authstate.pipeline import _login as service

    seen: list[str] = []
    real = service.authenticate

    def counting(request: Any, **credentials: Any) -> Any:
        seen.append(credentials["password"])
        return real(request, **credentials)

    monkeypatch.setattr(service, "authenticate", counting)
    return seen


def verify(api: JsonClient, token: str, code: str) -> Any:
    return api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": code})


def pending_of(token: str) -> Pending:
    return records.open_live(token)[0]


def test_reserve_gives_distinct_numbers_to_parallel_callers(db: Any) -> None:
    numbers: list[int] = []
    barrier = threading.Barrier(30)

    def take() -> None:
        barrier.wait()
        numbers.append(attempts.reserve("authstate:test:parallel", 60))

    threads = [threading.Thread(target=take) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(1, 31))
    attempts.release("authstate:test:parallel")
    assert attempts.count("authstate:test:parallel") == 29
    attempts.release("authstate:test:missing")  # nothing reserved: nothing to give back
    assert attempts.count("authstate:test:missing") == 0


@pytest.fixture
def attempts_cache(settings: Any, root_settings: Any) -> Iterator[Any]:
    """``CACHE_ALIAS`` naming a cache of its own."""
    settings.CACHES = {**settings.CACHES, "attempts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    root_settings(CACHE_ALIAS="attempts")
    caches["attempts"].clear()
    yield caches["attempts"]
    caches["attempts"].clear()


def test_counters_live_in_the_configured_cache(api: JsonClient, user: Any, attempts_cache: Any) -> None:
    api.post_json("/api/auth", {"username": "alice", "password": "wrong"})
    assert lockout.failures("alice", lockout.Kind.PASSWORD) == 1
    assert [key for key in attempts_cache._cache if ":lockout:password:" in key]
    assert not [key for key in caches["default"]._cache if ":lockout:" in key]  # type: ignore[attr-defined]


def test_passwords_in_flight_refuse_the_right_one_unchecked(
    api: JsonClient, user: Any, mfa_settings: Any, checked: list[str]
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3)
    for _ in range(3):
        lockout.reserve("alice", lockout.Kind.PASSWORD)
    response = api.post_json("/api/auth", {"username": "Alice", "password": PASSWORD})
    error = response.json()["error"]
    assert (response.status_code, error["code"], checked) == (423, "account_locked", [])
    assert error["message"].endswith("try again in 15 minutes.")
    assert response["Retry-After"] == str(error["retry_after"]) and 895 <= error["retry_after"] <= 900


def test_the_password_reaching_the_threshold_locks_and_later_ones_are_not_checked(
    api: JsonClient, user: Any, mfa_settings: Any, checked: list[str]
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3)
    statuses = [api.post_json("/api/auth", {"username": "alice", "password": f"w{n}"}).status_code for n in range(5)]
    assert statuses == [401, 401, 423, 423, 423]
    assert checked == ["w0", "w1", "w2"]
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 423
    assert checked == ["w0", "w1", "w2"]


def test_codes_in_flight_refuse_the_right_code_unchecked(
    api: JsonClient, totp_device: Any, clock: Any, mfa_settings: Any, store_kind: str
) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=3)
    token = start(api)["mfa_token"]
    pending = pending_of(token)
    counter = records.attempt_counter(pending)  # three codes in flight hold every number
    assert [attempts.reserve(counter.key, counter.timeout) for _ in range(3)] == [1, 2, 3]
    response = verify(api, token, totp_code(totp_device, clock.now))
    assert (response.status_code, response.json()["error"]["code"]) == (423, "mfa_locked")
    assert not AuditEvent.objects.filter(event__in=["mfa_verified", "mfa_failed"]).exists()  # never checked


def test_the_code_reaching_the_limit_locks_the_attempt_for_good(
    api: JsonClient, totp_device: Any, clock: Any, mfa_settings: Any, store_kind: str
) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=3, CACHE_TTL=0)
    token = start(api)["mfa_token"]
    pending = pending_of(token)  # as read by a request still checking its (wrong) code
    assert [verify(api, token, "000000").status_code for _ in range(3)] == [401, 401, 423]
    records.save(pending)  # that late request writes the record back after the lock...
    response = verify(api, token, totp_code(totp_device, clock.now))
    assert (response.status_code, response.json()["error"]["code"]) == (423, "mfa_locked")  # ...in vain
    assert AuditEvent.objects.filter(event="mfa_failed").count() == 3


def test_a_right_code_gives_its_number_back(
    api: JsonClient, user: Any, totp_device: Any, email_device: Any, clock: Any, mfa_settings: Any, store_kind: str
) -> None:
    """With two factors required, the right first code costs none of the second's guesses."""
    mfa_settings(MAX_RETRY_ATTEMPTS=2)
    token = start(api)["mfa_token"]
    pending = pending_of(token)
    pending.factors_required = 2
    records.save(pending)
    assert verify(api, token, totp_code(totp_device, clock.now)).json()["status"] == "MFA_CONTINUE"
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "email", "code": "00000000"})
    assert wrong.json()["error"]["attempts_left"] == 1


def test_a_right_password_does_not_reset_the_code_counter(
    api: JsonClient, totp_device: Any, clock: Any, mfa_settings: Any
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3, MAX_RETRY_ATTEMPTS=10)
    token = start(api)["mfa_token"]
    assert [verify(api, token, "000000").status_code for _ in range(2)] == [401, 401]
    assert api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).status_code == 200
    third = verify(api, token, "000000")
    assert (third.status_code, third.json()["error"]["code"]) == (423, "account_locked")
    assert verify(api, token, totp_code(totp_device, clock.now)).status_code == 423
    assert api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).status_code == 423


def test_a_right_password_resets_only_the_password_counter(
    api: JsonClient, totp_device: Any, mfa_settings: Any
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=5)
    api.post_json("/api/auth", {"username": "alice", "password": "wrong"})
    token = start(api)["mfa_token"]
    verify(api, token, "000000")
    assert (lockout.failures("alice", lockout.Kind.PASSWORD), lockout.failures("alice", lockout.Kind.FACTOR)) == (0, 1)


def test_a_completed_mfa_resets_the_code_counter(
    api: JsonClient, totp_device: Any, clock: Any, mfa_settings: Any
) -> None:
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=3)
    token = start(api)["mfa_token"]
    verify(api, token, "000000"), verify(api, token, "000000")
    clock.advance(30)
    assert verify(api, token, totp_code(totp_device, clock.now)).status_code == 200
    assert lockout.failures("alice", lockout.Kind.FACTOR) == 0
    token = start(api)["mfa_token"]
    assert [verify(api, token, "000000").status_code for _ in range(2)] == [401, 401]


def test_a_lockout_refusal_gives_the_throttle_places_back(
    api: JsonClient, user: Any, make_user: Callable[..., Any], mfa_settings: Any, settings: Any
) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "THROTTLE": {"IP_FAILURES": 3, "ACCOUNT_FAILURES": 0}}
    mfa_settings(ACCOUNT_LOCKOUT_THRESHOLD=1)
    assert api.post_json("/api/auth", {"username": "alice", "password": "wrong"}).status_code == 423
    for _ in range(5):  # refused unchecked by the lock: they use none of the IP's places
        assert api.post_json("/api/auth", {"username": "alice", "password": "wrong"}).status_code == 423
    make_user("bob")
    assert api.post_json("/api/auth", {"username": "bob", "password": PASSWORD}).status_code == 200


def test_enrollment_codes_in_flight_refuse_the_right_code_unchecked(
    api: JsonClient, rest_login: Callable[..., Any], mfa_settings: Any, clock: Any
) -> None:
    mfa_settings(MAX_RETRY_ATTEMPTS=2)
    auth = bearer(rest_login()["access_token"])
    api.post_json("/api/mfa/email/setup", {}, **auth)
    user = AuditEvent.objects.filter(event="mfa_enrollment_started").get().user
    assert [enrollment._reserve(user, "email") for _ in range(2)] == [1, 2]
    response = api.post_json("/api/mfa/email/confirm", {"code": last_email_code()}, **auth)
    assert response.json()["error"] == {
        "code": "invalid_code",
        "message": "Too many incorrect codes; start the setup again.",
        "attempts_left": 0,
    }
    assert not MessageDevice.objects.filter(confirmed=True).exists()
    clock.advance(120)  # past the resend interval
    assert api.post_json("/api/mfa/email/setup", {}, **auth).status_code == 200  # a new code, a new budget
    assert api.post_json("/api/mfa/email/confirm", {"code": last_email_code()}, **auth).status_code == 201


def test_a_database_error_during_login_answers_503(user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("authstate.pipeline._login.authenticate", locked)
    response = JsonClient(raise_request_exception=False).post_json("/api/auth", {"username": "a", "password": "b"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "error": {
            "code": "service_unavailable",
            "message": "The service is briefly unavailable; retry shortly.",
            "retry_after": 5,
        }
    }
