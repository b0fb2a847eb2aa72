"""Another Django service: verifies authstate's access tokens with SimpleJWT and the JWKS URL alone.

It shares no secret with the authorization server. Run as
``python resource_server.py <jwks_url> <issuer> <audience> <token>...``; prints one JSON line per
token: the validated claims, or the error.
"""

from __future__ import annotations

import json
import sys

import django
from django.conf import settings


def configure(jwks_url: str, issuer: str, audience: str) -> None:
    settings.configure(
        SECRET_KEY="the-resource-server-has-its-own-unrelated-secret-key",
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "rest_framework"],
        DATABASES={},
        SIMPLE_JWT={
            "ALGORITHM": "RS256",
            "JWK_URL": jwks_url,
            "ISSUER": issuer,
            "AUDIENCE": audience,
            "USER_ID_CLAIM": "sub",
            "LEEWAY": 0,
        },
    )
    django.setup()


def check(raw: str) -> dict[str, object]:
    from rest_framework.exceptions import AuthenticationFailed
    from rest_framework_simplejwt.authentication import JWTStatelessUserAuthentication

    authentication = JWTStatelessUserAuthentication()
    try:
        token = authentication.get_validated_token(raw.encode())
    except AuthenticationFailed as exc:
        return {"error": type(exc).__name__}
    user = authentication.get_user(token)
    return {"user_id": user.id, "sid": token["sid"], "scopes": token["scopes"]}


if __name__ == "__main__":
    configure(*sys.argv[1:4])
    for raw in sys.argv[4:]:
        print(json.dumps(check(raw)))
