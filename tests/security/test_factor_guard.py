"""Every view that changes a factor goes through the one guard (``authstate.mfa._guard``).

The walk sends every unsafe method to every authstate URL of the demo, with a body that would
satisfy any enrollment or removal step, as a password-only login of an MFA account (session and
token). Nothing about the user's factors may change, and each factor endpoint must answer with
the guard's refusal. A new view that changes factors without the guard fails this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from authstate.factors.recovery import replace_codes
from authstate.models import MessageDevice, Passkey, RecoveryCode
from tests.conftest import PASSWORD, bearer

#: URLs that end the walker's own login rather than touch factors.
ENDS_THE_LOGIN = {"logout", "logout-all", "login-detail", "logins-page"}
#: Factor endpoints the walk must find refused (proves the walk reached them).
FACTOR_VIEWS = {
    "mfa-recovery-codes",
    "mfa-enroll-setup",
    "mfa-enroll-confirm",
    "mfa-factor",
    "mfa-setup-page",
    "mfa-setup-totp-page",
    "mfa-setup-email-page",
    "mfa-setup-sms-page",
    "mfa-setup-recovery-page",
    "passkeys-options",
    "passkeys",
    "passkey",
    "passkey-delete",
}
UNSAFE = ("post", "put", "delete")


def authstate_patterns() -> list[tuple[str, URLPattern]]:
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "authstate":
            found += [(str(p.pattern), p) for p in entry.url_patterns if isinstance(p, URLPattern)]
    return found


def paths_for(route: str, devices: list[str], passkey_pk: int) -> list[str]:
    if "<int:pk>" in route:
        return ["/" + route.replace("<int:pk>", str(passkey_pk))]
    if "<enrollable_factor:factor>" in route:
        return ["/" + route.replace("<enrollable_factor:factor>", name) for name in ("totp", "email", "sms")]
    if "<str:device_id>" in route:
        return ["/" + route.replace("<str:device_id>", device) for device in devices]
    if "<" in route:
        return []
    return ["/" + route]


def snapshot(user: Any) -> tuple[Any, ...]:
    return (
        sorted(TOTPDevice.objects.filter(user=user).values_list("pk", "key", "confirmed")),
        sorted(MessageDevice.objects.filter(user=user).values_list("pk", "kind", "destination", "confirmed")),
        sorted(RecoveryCode.objects.filter(user=user).values_list("pk", flat=True)),
        sorted(Passkey.objects.filter(user=user).values_list("pk", "credential_id")),
    )


def refused(response: Any) -> bool:
    if response.status_code == 302:
        return response["Location"].startswith("/reauthenticate?")
    if response.status_code == 403 and response.get("Content-Type", "").startswith("application/json"):
        error = response.json().get("error")
        return isinstance(error, dict) and error["code"] in {"mfa_required", "reauthentication_required"}
    return False


@pytest.fixture
def enrolled(user: Any, settings: Any) -> list[str]:
    """An MFA account with every kind of factor; password-only flows are allowed in."""
    settings.AUTHSTATE = {
        **settings.AUTHSTATE,
        "MFA": {**settings.AUTHSTATE["MFA"], "REQUIRE_FOR_ENROLLED_USERS": False},
    }
    totp = TOTPDevice.objects.create(user=user, name="authstate", confirmed=True)
    email = MessageDevice.objects.create(user=user, kind="email", destination=user.email, confirmed=True)
    sms = MessageDevice.objects.create(user=user, kind="sms", destination="+14155550123", confirmed=True)
    replace_codes(user)
    Passkey.objects.create(user=user, name="Key", credential_id="cred-1", public_key=b"k", user_handle="h")
    return [f"totp-{totp.pk}", f"email-{email.pk}", f"sms-{sms.pk}", "recovery-1"]


BODY = {
    "code": "123456",
    "phone_number": "+14155550100",
    "name": "Renamed",
    "remove": "",
    "action": "confirm",
    "factor": "totp",
    "credential": {"id": "x", "rawId": "x", "type": "public-key", "response": {}},
}


@pytest.mark.parametrize("state", ["session", "oauth2"])
def test_no_view_changes_a_factor_without_the_guard(user: Any, enrolled: list[str], state: str) -> None:
    client = Client()
    headers: dict[str, str] = {}
    if state == "session":
        assert client.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 302
    else:
        body = client.post("/api/auth", {"username": "alice", "password": PASSWORD}, content_type="application/json")
        headers = bearer(body.json()["access_token"])
    before = snapshot(user)
    passkey_pk = Passkey.objects.get().pk
    seen_refusals: set[str] = set()
    for route, pattern in authstate_patterns():
        if pattern.name in ENDS_THE_LOGIN:
            continue
        for url in paths_for(route, enrolled, passkey_pk):
            for method in UNSAFE:
                for device in enrolled:
                    body = {**BODY, "remove": device}
                    response = getattr(client, method)(url, body, content_type="application/json", **headers)
                    form = client.post(url, body, **headers) if method == "post" else response
                    if refused(response) or refused(form):
                        seen_refusals.add(pattern.name or url)
                    assert snapshot(user) == before, f"{method.upper()} {url} changed a factor"
    if state == "session":
        assert FACTOR_VIEWS <= seen_refusals, FACTOR_VIEWS - seen_refusals
    else:
        assert {
            name for name in FACTOR_VIEWS if not name.endswith("page") and name != "passkey-delete"
        } <= seen_refusals
