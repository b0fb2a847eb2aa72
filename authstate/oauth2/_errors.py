"""OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009, RFC 7662, RFC 6750): ``{"error", "error_description"}``.

These endpoints speak the OAuth wire format, not authstate's envelope, because OAuth client
libraries parse exactly these fields. ``error_description`` is not translated: RFC 6749 §5.2 allows
only printable ASCII in it (and it is copied into ``WWW-Authenticate``), and it is meant for the
client's developer, not for the person signing in.
"""

from __future__ import annotations

from django.http import JsonResponse

__all__ = [
    "InsufficientScope",
    "InvalidBearer",
    "InvalidClient",
    "InvalidGrant",
    "InvalidRequest",
    "InvalidScope",
    "OAuth2Error",
    "TooManyRequests",
    "UnauthorizedClient",
    "UnsupportedGrantType",
    "no_store",
]


class OAuth2Error(Exception):
    error = "invalid_request"
    status = 400

    def __init__(self, description: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.headers = headers or {}

    def response(self) -> JsonResponse:
        body = {"error": self.error, "error_description": str(self.description)}
        response = JsonResponse(body, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return no_store(response)


class InvalidRequest(OAuth2Error):
    error = "invalid_request"


class InvalidClient(OAuth2Error):
    error = "invalid_client"
    status = 401

    def __init__(self, description: str = "Client authentication failed.") -> None:
        super().__init__(description, headers={"WWW-Authenticate": 'Basic realm="oauth2"'})


class TooManyRequests(OAuth2Error):
    """Too many failed client authentications from this client or address (RFC 6585 429).

    RFC 6749 has no code for throttling; ``temporarily_unavailable`` is its code for "try later"."""

    error = "temporarily_unavailable"
    status = 429

    def __init__(self, retry_after: int) -> None:
        description = f"Too many failed client authentications; retry after {retry_after} seconds."
        super().__init__(description, headers={"Retry-After": str(retry_after)})


class InvalidGrant(OAuth2Error):
    error = "invalid_grant"


class UnauthorizedClient(OAuth2Error):
    error = "unauthorized_client"


class UnsupportedGrantType(OAuth2Error):
    error = "unsupported_grant_type"


class InvalidScope(OAuth2Error):
    error = "invalid_scope"


class InvalidBearer(OAuth2Error):
    """RFC 6750 §3.1: a missing, malformed, expired or revoked access token at a protected resource."""

    error = "invalid_token"
    status = 401

    def __init__(self, description: str = "The access token is invalid.") -> None:
        challenge = f'Bearer error="invalid_token", {_quoted(description)}'
        super().__init__(description, headers={"WWW-Authenticate": challenge})


class InsufficientScope(OAuth2Error):
    error = "insufficient_scope"
    status = 403

    def __init__(self, scope: str) -> None:
        description = f"The access token lacks the {scope!r} scope."
        challenge = f'Bearer error="insufficient_scope", scope="{scope}"'
        super().__init__(description, headers={"WWW-Authenticate": challenge})


def _quoted(description: str) -> str:
    return 'error_description="' + description.replace('"', "'") + '"'


def no_store(response: JsonResponse) -> JsonResponse:
    """RFC 6749 §5.1: token responses must not be cached."""
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response
