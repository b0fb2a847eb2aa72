"""Who the relying party is for a request: its id, name and the origins it accepts.

Unset ``RP_ID``/``ALLOWED_ORIGINS`` fall back to the request's own host and origin (Django has
already checked the host against ``ALLOWED_HOSTS``), which suits development and single-domain
sites; a project serving several subdomains sets both explicitly.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.http.request import split_domain_port

from authstate.conf import auth_settings
from authstate.conf.enums import UserVerification

__all__ = ["allowed_origins", "rp_id", "rp_name", "timeout_ms", "user_verification"]


def rp_id(request: HttpRequest) -> str:
    configured: str | None = auth_settings.passkey.rp_id
    return configured or split_domain_port(request.get_host())[0]


def rp_name() -> str:
    name: str = auth_settings.passkey.rp_name
    return name


def allowed_origins(request: HttpRequest) -> list[str]:
    return list(auth_settings.passkey.allowed_origins) or [f"{request.scheme}://{request.get_host()}"]


def user_verification(*, passwordless: bool = False) -> UserVerification:
    passkey = auth_settings.passkey
    policy: UserVerification = passkey.passwordless_user_verification if passwordless else passkey.user_verification
    return policy


def timeout_ms() -> int:
    """The ceremony timeout in the unit WebAuthn options and the challenge's issued-at carry."""
    return auth_settings.passkey.timeout // timedelta(milliseconds=1)
