"""Schemas of authstate's plain Django views (OAuth2 server, health, metrics), added by a hook.

drf-spectacular only sees DRF views; these endpoints are plain views because they speak the
OAuth 2.0 wire format (RFC 6749, 7009, 7662) rather than the authstate envelope. The hook finds
them in the URLconf by their import path, so their documented paths follow wherever a project
mounts them. Enable it in ``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]`` (see the demo).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CLIENT_AUTH",
    "COMPONENTS",
    "INTEGER",
    "OPERATIONS",
    "STRING",
    "TOKEN_PARAMS",
    "body",
    "form",
    "oauth2_errors",
    "obj",
    "ref",
]


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
CLIENT_AUTH: list[dict[str, list[str]]] = [{"clientBasic": []}, {}]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def form(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema}}}


def oauth2_errors(*statuses: int) -> dict[str, Any]:
    return {str(s): body(ref("OAuth2Error"), "RFC 6749 section 5.2 error") for s in statuses}


#: Client-authenticated endpoints throttle failed client authentications per client and address.
CLIENT_THROTTLED = {
    "429": {
        **body(ref("OAuth2Error"), "Too many failed client authentications (RFC 6585)."),
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": INTEGER}},
    }
}


def obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """An object schema; OpenAPI 3.0 forbids an empty ``required``, so it is left out then."""
    return {"type": "object", "properties": properties, **({"required": required} if required else {}), **extra}


COMPONENTS: dict[str, Any] = {
    "OAuth2Error": obj({"error": STRING, "error_description": STRING}, ["error"]),
    "OAuth2Token": obj(
        {
            "access_token": STRING,
            "token_type": STRING,
            "expires_in": INTEGER,
            "scope": STRING,
            "refresh_token": STRING,
            "refresh_expires_in": INTEGER,
            "id_token": STRING,
        },
        ["access_token", "token_type", "expires_in", "scope"],
    ),
    "Introspection": obj({"active": {"type": "boolean"}}, ["active"], additionalProperties=True),
    "OpenIdConfiguration": obj(
        {"issuer": STRING, "token_endpoint": STRING, "jwks_uri": STRING}, ["issuer"], additionalProperties=True
    ),
    "Jwks": obj({"keys": {"type": "array", "items": {"type": "object", "additionalProperties": True}}}, ["keys"]),
    "UserInfo": obj({"sub": STRING}, ["sub"], additionalProperties=True),
    "Health": obj(
        {"status": {"type": "string", "enum": ["ok", "unavailable"]}, "failing": {"type": "array", "items": STRING}},
        ["status"],
    ),
}

TOKEN_PARAMS = {"token": STRING, "token_type_hint": {"type": "string", "enum": ["access_token", "refresh_token"]}}

OPERATIONS: dict[str, dict[str, Any]] = {
    "authstate.oauth2._views.token": {
        "post": {
            "summary": "Token endpoint: authenticated-user or refresh_token grant",
            "requestBody": form(
                {
                    "grant_type": {
                        "type": "string",
                        "enum": ["urn:ietf:params:oauth:grant-type:authenticated-user", "refresh_token"],
                    },
                    "login_ticket": {**STRING, "description": "Single-use proof of a completed login."},
                    "refresh_token": STRING,
                    "scope": STRING,
                    "client_id": STRING,
                    "client_secret": {**STRING, "description": "client_secret_post; or use HTTP Basic."},
                },
                ["grant_type"],
            ),
            "responses": {"200": body(ref("OAuth2Token")), **oauth2_errors(400, 401), **CLIENT_THROTTLED},
            "security": CLIENT_AUTH,
        }
    },
    "authstate.oauth2._views.revoke": {
        "post": {
            "summary": "RFC 7009 revocation: ends the token's login and all its tokens",
            "requestBody": form(TOKEN_PARAMS, ["token"]),
            "responses": {"200": body(obj({})), **oauth2_errors(400, 401), **CLIENT_THROTTLED},
            "security": CLIENT_AUTH,
        }
    },
    "authstate.oauth2._views.introspect": {
        "post": {
            "summary": "RFC 7662 introspection (for authenticated clients)",
            "requestBody": form(TOKEN_PARAMS, ["token"]),
            "responses": {"200": body(ref("Introspection")), **oauth2_errors(400, 401), **CLIENT_THROTTLED},
            "security": CLIENT_AUTH,
        }
    },
    "authstate.oauth2._views.userinfo": {
        method: {
            "summary": "OIDC UserInfo (access token with the openid scope)",
            "responses": {"200": body(ref("UserInfo")), **oauth2_errors(401, 403)},
            "security": [{"bearerAuth": []}],
        }
        for method in ("get", "post")
    },
    "authstate.oauth2._discovery.openid_configuration": {
        "get": {"summary": "OpenID Provider metadata", "responses": {"200": body(ref("OpenIdConfiguration"))}}
    },
    "authstate.oauth2._discovery.jwks": {
        "get": {
            "summary": "Public signing keys (empty while tokens are HS256)",
            "responses": {"200": body(ref("Jwks"))},
        }
    },
    "authstate.passkeys._urls._page_or_login.<locals>.view": {
        "post": {
            "summary": "Passwordless sign-in: the browser's passkey assertion (GET serves the page)",
            "description": "Completes into the form flow's state. Needs the CSRF token (login CSRF).",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": obj(
                            {"credential": {"type": "object", "additionalProperties": True}, "next": STRING},
                            ["credential"],
                        )
                    }
                },
            },
            "responses": {
                "200": body(obj({"status": {"type": "string", "enum": ["AUTHENTICATED"]}, "redirect": STRING})),
                "400": body(ref("ErrorEnvelope"), "Codes: `invalid_request`"),
                "401": body(ref("ErrorEnvelope"), "Codes: `invalid_passkey`"),
                "403": body(ref("ErrorEnvelope"), "Codes: `csrf_failed`"),
                "404": body(ref("ErrorEnvelope"), "Codes: `flow_unavailable`"),
            },
            "security": [{}],
        }
    },
    "authstate._views.health": {
        "get": {
            "summary": "Load balancer health: database and cache",
            "responses": {"200": body(ref("Health")), "503": body(ref("Health"), "A dependency is down.")},
        }
    },
    "authstate.metrics._views.metrics_view": {
        "get": {
            "summary": "Prometheus metrics (404 unless METRICS.ENDPOINT_ENABLED)",
            "responses": {
                "200": {"description": "Prometheus text format", "content": {"text/plain": {"schema": STRING}}},
                "401": body(ref("ErrorEnvelope")),
                "403": body(ref("ErrorEnvelope")),
                "404": {"description": "The endpoint is off."},
            },
            "security": [{"bearerAuth": []}, {"sessionAuth": []}],
        }
    },
}
