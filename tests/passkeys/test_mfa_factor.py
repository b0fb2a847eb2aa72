"""The passkey as the second factor of the JSON MFA flow (``/api/mfa/*``) and as a ``Factor``."""

from __future__ import annotations

from typing import Any

import pytest

from authstate.factors import factor_for
from authstate.models import Passkey
from tests.conftest import PASSWORD, JsonClient
from tests.passkeys.authenticator import SoftAuthenticator


@pytest.fixture
def enrolled(session_client: JsonClient, register: Any) -> Passkey:
    assert register(session_client).status_code == 201
    return Passkey.objects.get()


@pytest.fixture
def challenge(enrolled: Passkey, api: JsonClient, user: Any) -> dict[str, Any]:
    """Password login on the api-mfa flow, then ``select`` the passkey: ``{"mfa_token", "options"}``."""
    started = api.post_json("/api/mfa/login", {"username": user.username, "password": PASSWORD}).json()
    assert started["status"] == "MFA_REQUIRED" and "passkey" in started["factors"], started
    selected = api.post_json("/api/mfa/select", {"mfa_token": started["mfa_token"], "factor": "passkey"})
    assert selected.status_code == 200, selected.content
    return {"mfa_token": started["mfa_token"], **selected.json()}


def verify(api: JsonClient, challenge: dict[str, Any], credential: Any) -> Any:
    body = {"mfa_token": challenge["mfa_token"], "factor": "passkey", "credential": credential}
    return api.post_json("/api/mfa/verify", body)


def test_select_returns_request_options_for_the_users_passkeys(challenge: dict[str, Any], enrolled: Passkey) -> None:
    assert challenge["status"] == "CHALLENGE_READY"
    assert challenge["factor"] == "passkey"
    options = challenge["options"]
    assert options["rpId"] == "testserver"
    assert options["userVerification"] == "preferred"
    assert [c["id"] for c in options["allowCredentials"]] == [enrolled.credential_id]


def test_passkey_completes_the_login_with_tokens(
    challenge: dict[str, Any], api: JsonClient, authenticator: SoftAuthenticator, enrolled: Passkey
) -> None:
    response = verify(api, challenge, authenticator.get(challenge["options"]))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "AUTHENTICATED"
    assert body["token_type"] == "Bearer" and body["access_token"]
    enrolled.refresh_from_db()
    assert enrolled.sign_count == 1 and enrolled.last_used_at is not None


@pytest.mark.parametrize(
    "lie",
    [{"origin": "https://evil.example"}, {"rp_id": "evil.example"}, {"sign_count": 0}],
    ids=["wrong-origin", "wrong-rp-id", "sign-count-not-advanced"],
)
def test_a_bad_assertion_costs_an_attempt(
    challenge: dict[str, Any], api: JsonClient, authenticator: SoftAuthenticator, enrolled: Passkey, lie: Any
) -> None:
    enrolled.sign_count = 7
    enrolled.save()
    response = verify(api, challenge, authenticator.get(challenge["options"], **lie))
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "invalid_code"
    assert error["attempts_left"] == 4


def test_a_replayed_assertion_is_refused(
    challenge: dict[str, Any], api: JsonClient, authenticator: SoftAuthenticator, user: Any
) -> None:
    credential = authenticator.get(challenge["options"])
    assert verify(api, challenge, credential).status_code == 200
    again = api.post_json("/api/mfa/login", {"username": user.username, "password": PASSWORD}).json()
    api.post_json("/api/mfa/select", {"mfa_token": again["mfa_token"], "factor": "passkey"})
    replay = verify(api, {"mfa_token": again["mfa_token"]}, credential)
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "invalid_code"


def test_another_users_passkey_is_refused(
    challenge: dict[str, Any], api: JsonClient, make_user: Any, register: Any
) -> None:
    other = SoftAuthenticator()
    bob = JsonClient()
    make_user("bob")
    bob.post("/login", {"username": "bob", "password": PASSWORD})
    options = bob.post_json("/api/mfa/passkeys/options").json()["options"]
    assert bob.post_json("/api/mfa/passkeys", {"credential": other.create(options)}).status_code == 201
    assert verify(api, challenge, other.get(challenge["options"])).status_code == 401


@pytest.mark.parametrize("credential", [None, "x", {}, {"id": "a", "rawId": "a", "response": {}, "type": "public-key"}])
def test_malformed_credentials_are_wrong_answers(challenge: dict[str, Any], api: JsonClient, credential: Any) -> None:
    response = verify(api, challenge, credential)
    assert response.status_code in {400, 401}
    assert "error" in response.json()


def test_factor_lists_and_removes_devices(enrolled: Passkey, user: Any) -> None:
    factor = factor_for("passkey")
    (device,) = factor.devices(user)
    assert device.public() == {
        "id": f"passkey-{enrolled.pk}",
        "factor": "passkey",
        "label": "Laptop",
        "created_at": enrolled.created_at.isoformat(),
    }
    assert factor.remove(user, device.id) is True
    assert not Passkey.objects.exists()


def test_verify_without_a_challenge_is_false(enrolled: Passkey, user: Any, rf: Any) -> None:
    assert factor_for("passkey").verify(rf.post("/"), user, {}, {"credential": {}}) is False


def test_disabled_factor(settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSKEY": {"ENABLED": False}}
    assert factor_for("passkey").is_enabled() is False


def test_after_a_failed_attempt_the_same_options_can_be_answered_again(
    challenge: dict[str, Any], api: JsonClient, authenticator: SoftAuthenticator
) -> None:
    assert (
        verify(api, challenge, authenticator.get(challenge["options"], origin="https://evil.example")).status_code
        == 401
    )
    response = verify(api, challenge, authenticator.get(challenge["options"]))
    assert response.status_code == 200
    assert response.json()["status"] == "AUTHENTICATED"
