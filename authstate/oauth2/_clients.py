"""Client authentication (``client_secret_basic``, ``client_secret_post``) and the settings client."""

from __future__ import annotations

import base64
import binascii
import secrets
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from authstate.conf import auth_settings
from authstate.conf.defaults import PUBLISHED_CLIENT_SECRET
from authstate.models import OAuth2Client
from authstate.models.oauth2 import AUTHENTICATED_USER, REFRESH_TOKEN, hash_secret, is_fast_hash, secret_matches
from authstate.oauth2 import _throttle as throttle
from authstate.oauth2._errors import InvalidClient, InvalidRequest

__all__ = ["authenticate", "new_secret", "settings_client", "sync_settings_client"]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@sensitive_variables("secret")
def authenticate(request: HttpRequest) -> OAuth2Client:
    """The client named and proven by the request; one method only, as RFC 6749 §2.3 requires.

    Every secret check is reserved first (``throttle``): past the limit, 429 without checking.
    """
    client_id, secret = _credentials(request)
    reservation = throttle.reserve(request, client_id)
    client = _active_client(client_id)
    if client is None or not secret:
        _spend_like_a_check(secret)
        raise InvalidClient()
    if not _acceptable(secret) or not client.check_secret(secret):
        raise InvalidClient()
    reservation.release()
    return client


@sensitive_variables("secret")
def _credentials(request: HttpRequest) -> tuple[str, str]:
    basic = _basic_credentials(request)
    posted = request.POST.get("client_secret")
    if basic and posted is not None:
        raise InvalidRequest("Use one client authentication method, not several.")
    return basic or (request.POST.get("client_id", ""), posted or "")


def _active_client(client_id: str) -> OAuth2Client | None:
    """NUL never names a client (and PostgreSQL would refuse the query with a 500)."""
    if not client_id or "\x00" in client_id:
        return None
    return OAuth2Client.objects.filter(client_id=client_id, is_active=True).first()


def _basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidClient("Malformed Basic credentials.") from exc
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise InvalidClient("Malformed Basic credentials.")
    return unquote_plus(client_id), unquote_plus(secret)


def _acceptable(secret: str) -> bool:
    """The secret published in the Spring docs authenticates nobody outside DEBUG."""
    return settings.DEBUG or secret != PUBLISHED_CLIENT_SECRET


def _spend_like_a_check(secret: str) -> None:
    """Unknown clients cost one (fast) hash check too, so timing does not reveal which client ids exist."""
    secret_matches(secret, auth_settings.derived("oauth2.dummy_hash", lambda: hash_secret(new_secret())))


def settings_client() -> OAuth2Client:
    """The client declared by ``OAUTH2.CLIENT_ID`` etc., synced once per settings load."""
    client_id = auth_settings.derived("oauth2.settings_client_synced", lambda: sync_settings_client().client_id)
    client = OAuth2Client.objects.filter(client_id=client_id).first()
    return client or sync_settings_client()


@sensitive_variables("secret")
def sync_settings_client() -> OAuth2Client:
    """Create or update the settings client; the published secret is stored unusable unless DEBUG."""
    oauth2 = auth_settings.oauth2
    client = OAuth2Client.objects.filter(client_id=oauth2.client_id).first() or OAuth2Client(
        client_id=oauth2.client_id, name="settings client", managed_by_settings=True
    )
    scopes = oauth2.scope.split()
    client.scopes = " ".join(dict.fromkeys(scopes + oauth2.client_scopes.split()))
    client.default_scopes = " ".join(scopes)
    client.redirect_uris = [uri for uri in (oauth2.redirect_uri, oauth2.authorized_uri) if uri]
    client.grant_types = [AUTHENTICATED_USER]
    if auth_settings.enable_refresh_token:
        client.grant_types.append(REFRESH_TOKEN)
    secret = oauth2.client_secret if _acceptable(oauth2.client_secret) else None
    if secret is None or not is_fast_hash(client.secret_hash) or not secret_matches(secret, client.secret_hash):
        client.set_secret(secret)
    client.save()
    return client
