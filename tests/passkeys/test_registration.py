"""Registering passkeys through the JSON API, in both states, and everything that must be refused."""

from __future__ import annotations

from typing import Any

import pytest

from authstate.models import AuditEvent, Passkey
from authstate.signals import mfa_factors_changed
from tests.conftest import PASSWORD, JsonClient
from tests.passkeys.authenticator import SoftAuthenticator, b64u


def test_options_are_the_level3_json_form(session_client: JsonClient, user: Any) -> None:
    response = session_client.post_json("/api/mfa/passkeys/options")
    assert response.status_code == 200
    options = response.json()["options"]
    assert set(options) >= {"challenge", "rp", "user", "pubKeyCredParams", "timeout", "authenticatorSelection"}
    assert options["rp"] == {"id": "testserver", "name": "authstate"}
    assert options["user"]["name"] == user.username
    assert options["authenticatorSelection"]["residentKey"] == "preferred"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert options["extensions"] == {"credProps": True}
    assert options["excludeCredentials"] == []


def test_register_list_rename_delete(enrolled_client: JsonClient, register: Any, user: Any) -> None:
    created = register(enrolled_client)
    assert created.status_code == 201, created.content
    body = created.json()
    passkey = Passkey.objects.get(user=user)
    assert body == {
        "id": passkey.pk,
        "name": "Laptop",
        "transports": ["internal", "hybrid"],
        "discoverable": True,
        "backed_up": False,
        "created_at": passkey.created_at.isoformat(),
        "last_used_at": None,
    }
    assert passkey.sign_count == 0
    assert enrolled_client.get("/api/mfa/passkeys").json() == {"passkeys": [body]}
    renamed = enrolled_client.patch(f"/api/mfa/passkeys/{passkey.pk}", {"name": "  Work   key "}, "application/json")
    assert renamed.json()["name"] == "Work key"
    assert enrolled_client.delete(f"/api/mfa/passkeys/{passkey.pk}").status_code == 204
    assert not Passkey.objects.exists()


def test_second_registration_excludes_the_first(session_client: JsonClient, register: Any) -> None:
    register(session_client)
    options = session_client.post_json("/api/mfa/passkeys/options").json()["options"]
    stored = Passkey.objects.get()
    assert options["excludeCredentials"] == [
        {"id": stored.credential_id, "type": "public-key", "transports": ["internal", "hybrid"]}
    ]


def test_anonymous_cannot_register(api: JsonClient) -> None:
    response = api.post_json("/api/mfa/passkeys/options")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "lie",
    [
        {"attestation": "broken"},
        {"origin": "https://evil.example"},
        {"rp_id": "evil.example"},
    ],
    ids=["bad-attestation", "wrong-origin", "wrong-rp-id"],
)
def test_forged_registrations_are_rejected(session_client: JsonClient, register: Any, lie: dict[str, Any]) -> None:
    response = register(session_client, **lie)
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "passkey_rejected", "message": "The passkey could not be registered; try again."}
    }
    assert not Passkey.objects.exists()


def test_required_user_verification_is_enforced(session_client: JsonClient, register: Any, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSKEY": {"USER_VERIFICATION": "required"}}
    assert register(session_client, user_verified=False).status_code == 400
    assert register(session_client, user_verified=True).status_code == 201


def test_replayed_registration_is_rejected(session_client: JsonClient, authenticator: SoftAuthenticator) -> None:
    options = session_client.post_json("/api/mfa/passkeys/options").json()["options"]
    credential = authenticator.create(options)
    assert session_client.post_json("/api/mfa/passkeys", {"credential": credential}).status_code == 201
    replay = session_client.post_json("/api/mfa/passkeys", {"credential": credential})
    assert replay.status_code == 400
    assert replay.json()["error"]["code"] == "passkey_rejected"


def test_same_credential_twice_is_a_conflict(session_client: JsonClient, register: Any) -> None:
    assert register(session_client).status_code == 201
    again = register(session_client)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "passkey_exists"


def test_a_challenge_is_bound_to_its_user(
    session_client: JsonClient, make_user: Any, authenticator: SoftAuthenticator
) -> None:
    options = session_client.post_json("/api/mfa/passkeys/options").json()["options"]
    mallory = JsonClient()
    make_user("mallory")
    mallory.post("/login", {"username": "mallory", "password": PASSWORD})
    response = mallory.post_json("/api/mfa/passkeys", {"credential": authenticator.create(options)})
    assert response.status_code == 400


def test_an_expired_challenge_is_rejected(session_client: JsonClient, register: Any, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSKEY": {"TIMEOUT_MS": 0}}
    assert register(session_client).status_code == 400


@pytest.mark.parametrize(
    "body",
    [{}, {"credential": "not json"}, {"credential": []}, {"credential": {"id": 1}}, {"credential": {}, "name": 5}],
)
def test_malformed_bodies_are_client_errors(session_client: JsonClient, body: Any) -> None:
    response = session_client.post_json("/api/mfa/passkeys", body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"invalid_request", "passkey_rejected"}


def test_a_forged_client_data_challenge_is_rejected(
    session_client: JsonClient, authenticator: SoftAuthenticator
) -> None:
    session_client.post_json("/api/mfa/passkeys/options")
    forged = authenticator.create({"challenge": b64u(b"x" * 40), "user": {"id": b64u(b"u")}})
    assert session_client.post_json("/api/mfa/passkeys", {"credential": forged}).status_code == 400


def test_other_users_passkeys_are_not_found(session_client: JsonClient, register: Any, make_user: Any) -> None:
    register(session_client)
    passkey = Passkey.objects.get()
    bob = JsonClient()
    make_user("bob")
    bob.post("/login", {"username": "bob", "password": PASSWORD})
    assert bob.delete(f"/api/mfa/passkeys/{passkey.pk}").status_code == 404
    assert bob.patch(f"/api/mfa/passkeys/{passkey.pk}", {"name": "x"}, "application/json").status_code == 404
    assert bob.get("/api/mfa/passkeys").json() == {"passkeys": []}
    assert Passkey.objects.filter(name="Laptop").exists()


def test_adding_and_removing_is_audited_and_signalled(session_client: JsonClient, register: Any) -> None:
    seen: list[str] = []

    def receiver(**kwargs: Any) -> None:
        seen.append(f"{kwargs['factor']}:{kwargs['action']}")

    mfa_factors_changed.connect(receiver, weak=False)
    try:
        register(session_client)
        session_client.delete(f"/api/mfa/passkeys/{Passkey.objects.get().pk}")
    finally:
        mfa_factors_changed.disconnect(receiver)
    assert seen == ["passkey:added", "passkey:removed"]
    events = AuditEvent.objects.filter(factor="passkey").order_by("pk").values_list("event", flat=True)
    assert list(events) == ["mfa_factor_added", "mfa_factor_removed"]


def test_disabled_passkeys_cannot_be_enrolled(session_client: JsonClient, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "PASSKEY": {"ENABLED": False}}
    response = session_client.post_json("/api/mfa/passkeys/options")
    assert response.status_code == 404
    assert response.json()["error"] == {"code": "not_found", "message": "Passkeys are not enabled."}
    assert session_client.get("/mfa/setup/passkeys").status_code == 404


def test_the_page_lists_passkeys_and_renames_and_removes(session_client: JsonClient, register: Any) -> None:
    register(session_client, name="Desk key")
    passkey = Passkey.objects.get()
    page = session_client.get("/mfa/setup/passkeys").content.decode()
    assert "Desk key" in page and "data-passkey-register" in page
    session_client.post(f"/mfa/setup/passkeys/{passkey.pk}/rename", {"name": "Travel key"})
    assert Passkey.objects.get().name == "Travel key"
    assert session_client.post(f"/mfa/setup/passkeys/{passkey.pk}/rename", {"name": ""}).status_code == 302
    assert Passkey.objects.get().name == "Travel key"
    session_client.post(f"/mfa/setup/passkeys/{passkey.pk}/delete")
    assert not Passkey.objects.exists()


def test_the_page_needs_a_session(api: JsonClient) -> None:
    response = api.get("/mfa/setup/passkeys")
    assert response.status_code == 302 and response["Location"].startswith("/login")
