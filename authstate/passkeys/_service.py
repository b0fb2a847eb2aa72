"""Passkey use-cases shared by the JSON API, the pages and the MFA factor.

A sign-in with a passkey reads and updates its row under ``select_for_update``, so two
concurrent assertions cannot both pass the counter check.
"""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from webauthn.helpers.structs import AuthenticationCredential

from authstate import audit
from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.exceptions import InvalidPasskey, NotFound, PasskeyExists
from authstate.flows._flow import Flow
from authstate.models import Passkey
from authstate.passkeys import _ceremony as ceremony
from authstate.passkeys import _challenges as challenges
from authstate.signals import login_failed, mfa_factors_changed

__all__ = [
    "NAME_MAX",
    "delete",
    "key_method",
    "login_options",
    "of_user",
    "passkey_methods",
    "passwordless_key",
    "public",
    "register",
    "registration_options",
    "rename",
    "use",
    "user_handle",
]


NAME_MAX = 64


def user_handle(user: User) -> str:
    """The WebAuthn user id: the one already given to this user's passkeys, else an opaque HMAC of the pk."""
    existing = Passkey.objects.filter(user_id=user.pk).values_list("user_handle", flat=True).first()
    if existing:
        return existing
    digest = salted_hmac("authstate.passkeys.user_handle", str(user.pk), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def registration_options(request: HttpRequest, user: User) -> dict[str, Any]:
    """WebAuthn creation options; the user's passkeys are excluded so an authenticator is
    never registered twice."""
    handle = user_handle(user).encode()
    return ceremony.registration_options(request, user, handle, list(Passkey.objects.filter(user_id=user.pk)))


def register(request: HttpRequest, user: User, credential: Any, name: str = "") -> Passkey:
    """Verify a registration and store the passkey; a credential already stored is ``passkey_exists``."""
    new = ceremony.verify_registration(request, user, credential)
    fields = asdict(new)
    try:
        with transaction.atomic():
            passkey = Passkey.objects.create(
                user_id=user.pk, name=_name(user, name), user_handle=user_handle(user), **fields
            )
    except IntegrityError as error:
        raise PasskeyExists() from error
    _changed(request, user, "added")
    return passkey


def login_options(request: HttpRequest, flow_name: str) -> dict[str, Any]:
    """Options for a discoverable (username-less) login into ``flow_name``."""
    options, _ = ceremony.authentication_options(
        request, purpose="login", binding=flow_name, allow=[], passwordless=True
    )
    return options


def passwordless_key(request: HttpRequest, flow_name: str, credential: Any) -> Passkey:
    """The passkey a discoverable assertion proves, or ``InvalidPasskey`` (sent as ``login_failed``)."""
    try:
        parsed = ceremony.parse_assertion(credential)
        challenge = ceremony.asserted_challenge(parsed)
        _redeem_login(challenge, flow_name)
        return use(request, parsed, challenge, passwordless=True)
    except InvalidPasskey:
        login_failed.send(sender=Flow, request=request, username="", code=InvalidPasskey.code)
        raise


def _redeem_login(challenge: bytes, flow_name: str) -> None:
    try:
        challenges.redeem(challenge, "login", flow_name)
    except challenges.ChallengeError as error:
        raise InvalidPasskey() from error


def use(
    request: HttpRequest,
    parsed: AuthenticationCredential,
    challenge: bytes,
    *,
    passwordless: bool,
    user: User | None = None,
) -> Passkey:
    """Verify an assertion against its stored passkey (of ``user`` when given) and record the use."""
    rows = Passkey.objects.select_for_update().select_related("user")
    if user is not None:
        rows = rows.filter(user_id=user.pk)
    with transaction.atomic():
        passkey = rows.filter(credential_id=ceremony.credential_id_of(parsed)).first()
        if passkey is None or not _handle_matches(parsed, passkey, passwordless) or not passkey.user.is_active:
            raise InvalidPasskey()
        passkey.sign_count, passkey.user_verified = ceremony.verify_assertion(
            request, parsed, passkey, challenge, passwordless=passwordless
        )
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey


def key_method(passkey: Passkey) -> str:
    """RFC 8176: ``swk`` for a synced (backed-up) passkey, a software key; ``hwk`` for a device-bound one."""
    return "swk" if passkey.backed_up else "hwk"


def passkey_methods(passkey: Passkey) -> list[str]:
    """The ``amr`` of a passkey just used: the key, and ``user`` when the authenticator verified its
    user (PIN or biometric), which makes a passwordless login multi-factor."""
    return [key_method(passkey), *(["user"] if passkey.user_verified else [])]


def of_user(user: User) -> list[Passkey]:
    """The user's passkeys, for the account pages and ``GET /api/mfa/passkeys``."""
    return list(Passkey.objects.filter(user_id=user.pk))


def rename(user: User, pk: int, name: str) -> Passkey:
    """Rename one of the user's passkeys (another user's id is ``not_found``)."""
    passkey = _get(user, pk)
    passkey.name = _name(user, name)
    passkey.save(update_fields=["name"])
    return passkey


def delete(request: HttpRequest, user: User, pk: int) -> None:
    """Delete one of the user's passkeys, with the same signal and audit event as any factor change."""
    _get(user, pk).delete()
    _changed(request, user, "removed")


def public(passkey: Passkey) -> dict[str, Any]:
    """What clients may see of a passkey: no key material, no sign counter."""
    return {
        "id": passkey.pk,
        "name": passkey.name,
        "transports": passkey.transports,
        "discoverable": passkey.discoverable,
        "backed_up": passkey.backed_up,
        "created_at": passkey.created_at.isoformat(),
        "last_used_at": passkey.last_used_at.isoformat() if passkey.last_used_at else None,
    }


def _changed(request: HttpRequest, user: User, action: str) -> None:
    """The same signal and audit event as every other factor's enrollment."""
    mfa_factors_changed.send(sender=Passkey, user=user, factor="passkey", action=action)
    audit.record(f"mfa_factor_{action}", request=request, user=user, factor="passkey")


def _get(user: User, pk: int) -> Passkey:
    passkey = Passkey.objects.filter(user_id=user.pk, pk=pk).first()
    if passkey is None:
        raise NotFound(_("No such passkey."))
    return passkey


def _name(user: User, name: str) -> str:
    cleaned = " ".join(str(name or "").split())[:NAME_MAX]
    return cleaned or _("Passkey %(number)d") % {"number": Passkey.objects.filter(user_id=user.pk).count() + 1}


def _handle_matches(parsed: AuthenticationCredential, passkey: Passkey, passwordless: bool) -> bool:
    """A discoverable assertion names its user; it must be the one the passkey was registered for."""
    handle = parsed.response.user_handle
    if handle is None:
        return not passwordless
    return handle == passkey.user_handle.encode()
