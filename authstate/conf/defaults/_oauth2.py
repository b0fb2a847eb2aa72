"""``OAUTH2``: the built-in authorization server and its default client."""

from __future__ import annotations

from datetime import timedelta

from authstate.conf._schema import MS, option, settings_group

__all__ = ["PUBLISHED_CLIENT_SECRET", "OAuth2Settings"]


#: The secret published in the Spring documentation. Never acceptable outside ``DEBUG``.
PUBLISHED_CLIENT_SECRET = "173f8245-5f7d-4623-a612-aa0c68f6da4a"


@settings_group
class OAuth2Settings:
    client_id: str = option("CLIENT_ID", "default-client", "OAuth2 client ID.")
    client_secret: str = option(
        "CLIENT_SECRET", PUBLISHED_CLIENT_SECRET, "Client secret (refused unless DEBUG).", secret=True
    )
    issuer_uri: str = option("ISSUER_URI", "http://localhost:9000", "Token issuer URI (the `iss` claim).")
    token_endpoint: str = option("TOKEN_ENDPOINT", "/oauth2/token", "Authorization Server token endpoint.")
    scope: str = option("SCOPE", "read", "Default requested scope.")
    redirect_uri: str = option("REDIRECT_URI", "http://localhost:8080", "Client redirect URI.")
    authorized_uri: str | None = option("AUTHORIZED_URI", None, "Optional pre-authorized redirect URI.")
    jwk_key_store_path: str | None = option("JWK_KEY_STORE_PATH", None, "JWK keystore path (PEM or PKCS#12).")
    jwk_key_store_password: str | None = option("JWK_KEY_STORE_PASSWORD", None, "Keystore password.", secret=True)
    jwk_key_alias: str | None = option("JWK_KEY_ALIAS", None, "Key alias (friendly name of the PKCS#12 key entry).")
    jwk_key_password: str | None = option("JWK_KEY_PASSWORD", None, "Key password.", secret=True)
    client_scopes: str = option(
        "CLIENT_SCOPES", "openid profile email", "Scopes the settings client may ask for besides SCOPE.", spring=False
    )
    audience: tuple[str, ...] = option(
        "AUDIENCE", [], "Extra `aud` values of access tokens (resource servers).", spring=False
    )
    login_tickets: bool = option(
        "LOGIN_TICKETS", False, "Add a login_ticket to every JSON login completion.", spring=False
    )
    login_ticket_validity: timedelta = option(
        "LOGIN_TICKET_VALIDITY", 60000, "Login ticket validity.", unit=MS, spring=False
    )
    account_scope: str = option(
        "ACCOUNT_SCOPE",
        "authstate.account",
        "Scope a client's token needs to reach authstate's own account endpoints.",
        spring=False,
    )
