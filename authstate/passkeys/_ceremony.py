"""The two WebAuthn ceremonies, wrapping py_webauthn: options out, credentials in.

Options leave as the WebAuthn Level 3 JSON form (what ``PublicKeyCredential.parse*OptionsFromJSON``
reads); credentials arrive as ``credential.toJSON()`` wrote them. Every py_webauthn failure
becomes a domain error with a stable code, so no client input can cause a 500.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticationCredential,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    RegistrationCredential,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from authstate.conf.enums import UserVerification
from authstate.exceptions import InvalidPasskey, PasskeyRejected
from authstate.models import Passkey
from authstate.passkeys import _challenges as challenges
from authstate.passkeys._relying_party import allowed_origins, rp_id, rp_name, timeout_ms, user_verification

__all__ = [
    "MALFORMED",
    "NewCredential",
    "asserted_challenge",
    "authentication_options",
    "credential_id_of",
    "descriptor",
    "parse_assertion",
    "registration_options",
    "verify_assertion",
    "verify_registration",
]


MALFORMED = (WebAuthnException, ValueError, TypeError, KeyError, AttributeError)
_TRANSPORTS = {t.value for t in AuthenticatorTransport}


@dataclass(frozen=True)
class NewCredential:
    """What a verified registration yields, ready to be stored."""

    credential_id: str
    public_key: bytes
    sign_count: int
    transports: list[str]
    aaguid: str
    backed_up: bool
    discoverable: bool


def registration_options(request: HttpRequest, user: Any, user_handle: bytes, exclude: list[Passkey]) -> dict[str, Any]:
    """Creation options asking for a discoverable credential, so it can later replace the password."""
    policy = user_verification()
    options = generate_registration_options(
        rp_id=rp_id(request),
        rp_name=rp_name(),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        user_id=user_handle,
        challenge=challenges.issue("register", str(user.pk)),
        timeout=timeout_ms(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement(policy.value)
        ),
        exclude_credentials=[descriptor(passkey) for passkey in exclude],
    )
    data: dict[str, Any] = json.loads(options_to_json(options))
    data["extensions"] = {"credProps": True}
    return data


def verify_registration(request: HttpRequest, user: Any, credential: Any) -> NewCredential:
    try:
        parsed = parse_registration_credential_json(credential)
        challenge = _challenge_of(parsed, "webauthn.create")
        challenges.redeem(challenge, "register", str(user.pk))
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(request),
            expected_origin=allowed_origins(request),
            require_user_verification=user_verification() is UserVerification.REQUIRED,
        )
    except (*MALFORMED, challenges.ChallengeError) as error:
        raise PasskeyRejected() from error
    return NewCredential(
        credential_id=bytes_to_base64url(parsed.raw_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[t.value for t in parsed.response.transports or []],
        aaguid=verified.aaguid,
        backed_up=verified.credential_backed_up,
        discoverable=_discoverable(credential),
    )


def authentication_options(
    request: HttpRequest, *, purpose: str, binding: str, allow: list[Passkey], passwordless: bool
) -> tuple[dict[str, Any], bytes]:
    """Request options (empty ``allowCredentials`` for a discoverable login) and their challenge."""
    challenge = challenges.issue(purpose, binding)
    options = generate_authentication_options(
        rp_id=rp_id(request),
        challenge=challenge,
        timeout=timeout_ms(),
        allow_credentials=[descriptor(passkey) for passkey in allow],
        user_verification=UserVerificationRequirement(user_verification(passwordless=passwordless).value),
    )
    return json.loads(options_to_json(options)), challenge


def parse_assertion(credential: Any) -> AuthenticationCredential:
    try:
        return parse_authentication_credential_json(credential)
    except MALFORMED as error:
        raise InvalidPasskey() from error


def credential_id_of(parsed: AuthenticationCredential) -> str:
    return bytes_to_base64url(parsed.raw_id)


def asserted_challenge(parsed: AuthenticationCredential) -> bytes:
    try:
        return _challenge_of(parsed, "webauthn.get")
    except MALFORMED as error:
        raise InvalidPasskey() from error


def verify_assertion(
    request: HttpRequest, parsed: AuthenticationCredential, passkey: Passkey, challenge: bytes, *, passwordless: bool
) -> tuple[int, bool]:
    """Check signature, origin, RP id, flags and counter; return the authenticator's new sign count
    and whether it verified its user (PIN or biometric: the ``user`` method of ``amr``)."""
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(request),
            expected_origin=allowed_origins(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=user_verification(passwordless=passwordless) is UserVerification.REQUIRED,
        )
    except MALFORMED as error:
        raise InvalidPasskey() from error
    return verified.new_sign_count, bool(verified.user_verified)


def descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = [AuthenticatorTransport(t) for t in passkey.transports if t in _TRANSPORTS]
    return PublicKeyCredentialDescriptor(id=base64url_to_bytes(passkey.credential_id), transports=transports or None)


def _challenge_of(parsed: RegistrationCredential | AuthenticationCredential, ceremony: str) -> bytes:
    client_data = parse_client_data_json(parsed.response.client_data_json)
    if client_data.type != ceremony:
        raise ValueError(f"clientDataJSON type is {client_data.type!r}")
    return client_data.challenge


def _discoverable(credential: Any) -> bool:
    """``credProps.rk`` when the browser reports it; unknown counts as not discoverable."""
    results = credential.get("clientExtensionResults") if isinstance(credential, dict) else None
    props = results.get("credProps") if isinstance(results, dict) else None
    return bool(props.get("rk")) if isinstance(props, dict) else False
