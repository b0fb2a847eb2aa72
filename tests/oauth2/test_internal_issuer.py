"""With TOKEN_ISSUER=INTERNAL the token endpoint still works, signing with SimpleJWT's HS256."""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.test import Client

from tests.oauth2.conftest import exchange


def test_internal_tokens_are_hs256_and_work_on_the_api(spa: Any, ticket_for: Any) -> None:
    access = exchange(Client(), ticket_for()).json()["access_token"]
    assert jwt.get_unverified_header(access) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(access, settings.SECRET_KEY, algorithms=["HS256"], audience="spa")
    assert claims["client_id"] == "spa"
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 200


def test_internal_discovery_advertises_hs256(db: Any) -> None:
    body = Client().get("/.well-known/openid-configuration").json()
    assert body["id_token_signing_alg_values_supported"] == ["HS256"]
