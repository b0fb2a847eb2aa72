"""MFA fixtures: users with each factor enrolled, a movable clock, code helpers."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import fakeredis
import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.audit import _metrics as metrics
from authstate.factors import _codes as codes
from authstate.factors.recovery import replace_codes
from authstate.factors.sms import gateways
from authstate.mfa.stores.redis import RedisStore
from authstate.models import MessageDevice
from tests.conftest import PASSWORD, JsonClient, bearer


class Clock:
    """Replaces ``authstate._clock.now``: every expiry, window and TOTP step moves with it."""

    def __init__(self) -> None:
        self.now = time.time()

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("authstate._clock.now", fake)
    return fake


@pytest.fixture(autouse=True)
def _clean_outboxes() -> Iterator[None]:
    gateways.OUTBOX.clear()
    metrics.reset()
    from authstate.mfa.stores.memory import MEMORY_STORE

    MEMORY_STORE.__init__()  # type: ignore[misc]
    yield
    gateways.OUTBOX.clear()


@pytest.fixture
def mfa_settings(settings: Any) -> Callable[..., None]:
    """Override ``AUTHSTATE["MFA"]`` keys (nested dicts merge one level deep)."""

    def apply(**values: Any) -> None:
        auth = dict(settings.AUTHSTATE)
        mfa = dict(auth.get("MFA", {}))
        for key, value in values.items():
            mfa[key] = {**mfa.get(key, {}), **value} if isinstance(value, dict) else value
        auth["MFA"] = mfa
        settings.AUTHSTATE = auth

    return apply


@pytest.fixture(params=["http-session", "memory", "redis"])
def store_kind(request: pytest.FixtureRequest, mfa_settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every MFA store (redis on fakeredis: the real server runs in the concurrency suite)."""
    if request.param == "redis":
        fake = fakeredis.FakeRedis()
        monkeypatch.setattr(RedisStore, "client", lambda self: fake)
        monkeypatch.setattr(RedisStore, "is_usable", lambda self: True)
    mfa_settings(SESSION_STORAGE_TYPE=request.param, FALLBACK_REPOSITORY_TYPE=request.param)
    return str(request.param)


@pytest.fixture
def root_settings(settings: Any) -> Callable[..., None]:
    def apply(**values: Any) -> None:
        settings.AUTHSTATE = {**settings.AUTHSTATE, **values}

    return apply


def totp_code(device: TOTPDevice, at: float, steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at + steps * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def totp_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)


@pytest.fixture
def email_device(user: Any) -> MessageDevice:
    return MessageDevice.objects.create(user=user, kind="email", destination=user.email, confirmed=True)


@pytest.fixture
def sms_device(user: Any) -> MessageDevice:
    return MessageDevice.objects.create(user=user, kind="sms", destination="+14155550123", confirmed=True)


@pytest.fixture
def recovery_codes(user: Any) -> list[str]:
    return replace_codes(user)


def last_email_code() -> str:
    return re.findall(r"\b\d{4,10}\b", mail.outbox[-1].body)[0]


def last_sms_code() -> str:
    return re.findall(r"\b\d{4,10}\b", gateways.OUTBOX[-1].text)[0]


@pytest.fixture
def mfa_bearer(api: JsonClient, totp_device: TOTPDevice, clock: Clock) -> dict[str, str]:
    """The bearer header of an ``api-mfa`` login that passed TOTP (``amr`` has ``mfa``)."""
    token = start(api)["mfa_token"]
    payload = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    body = api.post_json("/api/mfa/verify", payload).json()
    return bearer(body["access_token"])


def session_mfa_login(client: Any, device: TOTPDevice, at: float, url: str = "/login") -> None:
    """Sign a test client in through the HTML pages: password, then TOTP."""
    response = client.post(url, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302, response.content
    client.post("/mfa/choose", {"factor": "totp"})
    done = client.post("/mfa/verify", {"factor": "totp", "code": totp_code(device, at)})
    assert done.status_code == 302 and "/mfa/" not in done["Location"], done


@pytest.fixture
def later(clock: Clock) -> Callable[[float], None]:
    """Move the one clock forward: how old the current login's proof looks to the assurance checks."""
    return clock.advance


def start(api: JsonClient, url: str = "/api/mfa/login", username: str = "alice", **extra: Any) -> Any:
    response = api.post_json(url, {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.content
    return response.json()


__all__ = ["Clock", "codes", "last_email_code", "last_sms_code", "session_mfa_login", "start", "totp_code"]
