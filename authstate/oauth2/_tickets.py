"""Login tickets: single-use, short-lived proof that a login just completed, bound to one client.

A JSON login (REST or MFA) adds ``login_ticket`` to its completion body when the caller sends
``X-Login-Ticket: <client_id>`` (or ``1`` for the settings client), or for the settings client
when ``OAUTH2.LOGIN_TICKETS`` is true. The client exchanges it once at the token endpoint.
Only the ticket's SHA-256 is stored; consuming it is a single conditional UPDATE.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.http import HttpRequest
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.models import Login, LoginTicket, OAuth2Client
from authstate.models.oauth2 import AUTHENTICATED_USER
from authstate.oauth2._clients import settings_client
from authstate.oauth2._errors import InvalidGrant

__all__ = [
    "REQUEST_HEADER",
    "SETTINGS_CLIENT_VALUES",
    "consume",
    "digest",
    "issue",
    "requested_client",
    "ticket_fields",
]


REQUEST_HEADER = "HTTP_X_LOGIN_TICKET"
SETTINGS_CLIENT_VALUES = {"1", "true", "yes"}
logger = logging.getLogger("authstate.oauth2")


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(login: Login, client: OAuth2Client) -> str:
    raw = secrets.token_urlsafe(32)
    validity = auth_settings.oauth2.login_ticket_validity
    LoginTicket.objects.stale().delete()
    LoginTicket.objects.create(digest=digest(raw), login=login, client=client, expires_at=timezone.now() + validity)
    return raw


def consume(raw: str, client: OAuth2Client) -> Login:
    """The ticket's login; a second use, an expired ticket or another client's ticket is ``invalid_grant``."""
    key = digest(raw)
    used = LoginTicket.objects.filter(digest=key, used_at__isnull=True).update(used_at=timezone.now())
    ticket = LoginTicket.objects.select_related("login__user").filter(digest=key).first()
    if not used or ticket is None:
        raise InvalidGrant("The login ticket is unknown or was already used.")
    if ticket.expires_at <= timezone.now():
        raise InvalidGrant("The login ticket has expired.")
    if ticket.client_id != client.pk:
        raise InvalidGrant("The login ticket was issued to another client.")
    return ticket.login


def requested_client(request: HttpRequest) -> OAuth2Client | None:
    """Which client the caller wants a ticket for, if any (see the module docstring)."""
    asked = request.META.get(REQUEST_HEADER, "").strip()
    if not asked:
        return settings_client() if auth_settings.oauth2.login_tickets else None
    if asked.lower() in SETTINGS_CLIENT_VALUES:
        return settings_client()
    client = OAuth2Client.objects.filter(client_id=asked, is_active=True).first()
    if client is None or not client.allows(AUTHENTICATED_USER):
        logger.warning("authstate: no login ticket for unknown or unauthorized client %r", asked[:100])
        return None
    return client


def ticket_fields(request: HttpRequest, login: Login) -> dict[str, object]:
    client = requested_client(request)
    if client is None:
        return {}
    return {
        "login_ticket": issue(login, client),
        "login_ticket_expires_in": int(auth_settings.oauth2.login_ticket_validity.total_seconds()),
    }
