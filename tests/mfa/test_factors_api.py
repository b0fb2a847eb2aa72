"""Email, SMS and recovery codes through /api/mfa/login; AUTO selection; try another method."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mfa.conftest import last_email_code, last_sms_code, start, totp_code


def verify(api: Any, token: str, factor: str, code: str) -> Any:
    return api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": factor, "code": code})


def test_email_code_logs_in(api: Any, email_device: Any, mailoutbox: Any) -> None:
    token = start(api)["mfa_token"]
    answer = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"}).json()
    assert answer == {"status": "CHALLENGE_SENT", "factor": "email", "expires_in": 300, "sent_to": "a***@example.com"}
    assert mailoutbox[0].to == ["alice@example.com"] and mailoutbox[0].from_email == "noreply@company.com"
    assert verify(api, token, "email", last_email_code()).json()["status"] == "AUTHENTICATED"


def test_sms_code_logs_in(api: Any, sms_device: Any, mfa_settings: Any) -> None:
    mfa_settings(SMS_FACTOR={"PROVIDER": "outbox"})
    token = start(api)["mfa_token"]
    assert api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "sms"}).json()["status"] == "CHALLENGE_SENT"
    assert verify(api, token, "sms", last_sms_code()).json()["status"] == "AUTHENTICATED"


def test_emailed_code_works_once(api: Any, email_device: Any, clock: Any) -> None:
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    code = last_email_code()
    assert verify(api, token, "email", code).status_code == 200
    clock.advance(121)
    second = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": second, "factor": "email"})
    fresh = last_email_code()
    assert verify(api, second, "email", code).status_code == (200 if fresh == code else 401)


def test_delivered_factor_must_be_selected_first(api: Any, email_device: Any) -> None:
    token = start(api)["mfa_token"]
    response = verify(api, token, "email", "123456")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "invalid_state")


def test_recovery_code_works_once(api: Any, totp_device: Any, recovery_codes: list[str]) -> None:
    body = start(api)
    assert body["factors"] == ["totp", "recovery"]
    assert verify(api, body["mfa_token"], "recovery", recovery_codes[0].upper()).status_code == 200
    again = verify(api, start(api)["mfa_token"], "recovery", recovery_codes[0])
    assert again.json()["error"] == {"code": "invalid_code", "message": "The code is incorrect.", "attempts_left": 4}
    assert verify(api, start(api)["mfa_token"], "recovery", recovery_codes[1]).status_code == 200


def test_recovery_codes_are_stored_hashed(user: Any, recovery_codes: list[str]) -> None:
    stored = list(user.authstate_recovery_codes.values_list("code_hash", flat=True))
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in recovery_codes}


def test_unknown_or_unenrolled_factor_is_refused(api: Any, totp_device: Any) -> None:
    token = start(api)["mfa_token"]
    for factor in ("sms", "nope", None):
        response = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": factor})
        assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_request")


@pytest.mark.parametrize("mode", ["AUTO", "SELECT"])
def test_factor_selection_type(
    api: Any, totp_device: Any, email_device: Any, root_settings: Any, mailoutbox: Any, mode: str
) -> None:
    root_settings(FACTOR_SELECTION_TYPE=mode)
    body = start(api)
    if mode == "AUTO":
        assert body["challenge"] == {"status": "CHALLENGE_READY", "factor": "totp", "expires_in": 300}
    else:
        assert "challenge" not in body


def test_auto_challenges_a_delivered_factor_at_once(
    api: Any, email_device: Any, root_settings: Any, mailoutbox: Any
) -> None:
    root_settings(FACTOR_SELECTION_TYPE="AUTO")
    body = start(api)
    assert body["challenge"]["status"] == "CHALLENGE_SENT" and len(mailoutbox) == 1
    assert verify(api, body["mfa_token"], "email", last_email_code()).status_code == 200


def test_try_another_method(api: Any, totp_device: Any, email_device: Any, clock: Any, mailoutbox: Any) -> None:
    token = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    assert verify(api, token, "totp", totp_code(totp_device, clock.now)).status_code == 200


def test_two_factors_required(api: Any, totp_device: Any, email_device: Any, clock: Any, rf: Any) -> None:
    from django.contrib.sessions.backends.cache import SessionStore

    from authstate.conf.enums import StateType
    from authstate.flows._flow import Flow, FlowKind
    from authstate.mfa import _service as service
    from authstate.pipeline._attempt import LoginAttempt

    flow = Flow(
        "api-mfa", FlowKind.MFA, "/x", json=True, declared_state=StateType.OAUTH2, options={"factors_required": 2}
    )
    request = rf.post("/x")
    request.session = SessionStore()
    token = service.begin(LoginAttempt(request, totp_device.user, flow, amr=["pwd"])).body["mfa_token"]
    first = verify(api, token, "totp", totp_code(totp_device, clock.now)).json()
    assert first == {"status": "MFA_CONTINUE", "factors": ["email"]}
    assert verify(api, token, "totp", totp_code(totp_device, clock.now, 1)).status_code == 409
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "email"})
    assert verify(api, token, "email", last_email_code()).json()["status"] == "AUTHENTICATED"


def test_config_lists_flows_and_settings(api: Any, db: Any) -> None:
    body = api.get("/api/mfa/config").json()
    assert body["flows"] == [
        {"name": "mfa", "login_url": "/mfa/login", "json": False, "state": "session"},
        {"name": "api-mfa", "login_url": "/api/mfa/login", "json": True, "state": "oauth2"},
    ]
    assert body["urls"]["verify"] == "/api/mfa/verify" and body["max_retry_attempts"] == 5
    assert body["factors"][:2] == ["passkey", "totp"]


def test_auto_with_a_failing_sender_lets_the_user_select(
    api: Any, sms_device: Any, root_settings: Any, mfa_settings: Any
) -> None:
    root_settings(FACTOR_SELECTION_TYPE="AUTO")
    mfa_settings(SMS_FACTOR={"PROVIDER": "tests.mfa.gateways.FailingGateway"})
    body = start(api)
    assert body["status"] == "MFA_REQUIRED" and "challenge" not in body


def test_resend_interval_also_holds_across_attempts(api: Any, email_device: Any, clock: Any, mailoutbox: Any) -> None:
    """Starting a new login does not buy a new email: the interval is per address too."""
    first = start(api)["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": first, "factor": "email"})
    api.post_json("/api/mfa/cancel", {"mfa_token": first})
    second = start(api)["mfa_token"]
    refused = api.post_json("/api/mfa/select", {"mfa_token": second, "factor": "email"})
    assert (refused.status_code, refused.json()["error"]["retry_after"]) == (429, 121)
    clock.advance(121)
    assert api.post_json("/api/mfa/select", {"mfa_token": second, "factor": "email"}).status_code == 200
    assert len(mailoutbox) == 2
