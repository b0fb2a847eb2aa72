"""Primary login, logout, "who am I", refresh and the caller's logins."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from authstate.flows.rest._serializers import LoginSerializer
from authstate.openapi._annotate import document
from authstate.openapi._components import (
    LOGIN_RESULT,
    AuthenticatedSerializer,
    LoggedOutSerializer,
    MeSerializer,
    errors,
    one_of,
)

__all__ = ["AUTH_ERRORS", "DEVICE_HEADER", "LOGIN_ITEMS", "OPTIONAL_AUTH", "REFRESH_HEADER"]


DEVICE_HEADER = OpenApiParameter("X-Device-Id", str, OpenApiParameter.HEADER, required=False)
REFRESH_HEADER = OpenApiParameter("X-Refresh-Token", str, OpenApiParameter.HEADER, required=False)
AUTH_ERRORS = ("not_authenticated", "invalid_token", "token_expired", "login_revoked")
OPTIONAL_AUTH: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"sessionAuth": []}, {}]

document(
    "authstate.flows.rest._views.LoginView",
    tags=["login"],
    post={
        "summary": "Primary login with username and password",
        "description": "Completes into the flow's state (tokens or a session) or answers `MFA_REQUIRED`.",
        "request": LoginSerializer,
        "parameters": [DEVICE_HEADER],
        "responses": {
            200: LOGIN_RESULT,
            **errors(
                "invalid_request",
                "invalid_credentials",
                "account_locked",
                "mfa_not_enrolled",
                "login_limit_reached",
                "throttled",
                "flow_unavailable",
            ),
        },
        "auth": [],
    },
)

document(
    "authstate.flows.rest._views.LogoutView",
    tags=["login"],
    post={
        "summary": "End the caller's login",
        "description": "JSON for bearer or JSON requests; HTML form posts are redirected instead. "
        "Idempotent: without a login it still answers `LOGGED_OUT`.",
        "request": inline_serializer("LogoutRequest", {"next": serializers.CharField(required=False)}),
        "responses": {
            200: LoggedOutSerializer,
            302: OpenApiResponse(description="HTML form post: redirect to a safe `next` or `LOGOUT_REDIRECT_URL`."),
            **errors("csrf_failed", "unsupported_media_type", *AUTH_ERRORS),
        },
        "auth": OPTIONAL_AUTH,
    },
    get={
        "summary": "A browser's sign-out confirmation page",
        "description": "Browsers get an HTML page whose form posts here; a GET never ends a login. "
        "JSON and bearer callers get `405 method_not_allowed`: log out with `POST`.",
        "responses": {
            200: OpenApiResponse(description="HTML confirmation page with a POST form (browsers only)."),
            **errors("method_not_allowed"),
        },
        "auth": OPTIONAL_AUTH,
    },
)

document(
    "authstate.flows.rest._views.MeView",
    tags=["login"],
    get={
        "summary": "Who is logged in, in which state and flow",
        "responses": {200: MeSerializer, **errors(*AUTH_ERRORS, "permission_denied")},
    },
)

document(
    "authstate.flows.rest._tokens.RefreshView",
    tags=["tokens"],
    post={
        "summary": "New access token from a refresh token",
        "description": "The refresh token comes from the body, `X-Refresh-Token` or the refresh cookie, "
        "per transport. It rotates when less than `REFRESH_ROTATE_THRESHOLD` of its life is left; "
        "replaying a rotated-out token revokes the whole family (`token_reused`).",
        "request": inline_serializer("RefreshRequest", {"refresh_token": serializers.CharField(required=False)}),
        "parameters": [REFRESH_HEADER],
        "responses": {
            200: AuthenticatedSerializer,
            **errors("invalid_request", "refresh_disabled", "csrf_failed", "token_reused", *AUTH_ERRORS),
        },
        "auth": [],
    },
)

LOGIN_ITEMS = inline_serializer(
    "LoginItem",
    {
        "id": serializers.CharField(),
        "flow": serializers.CharField(),
        "state": one_of("session", "oauth2"),
        "device_id": serializers.CharField(allow_null=True),
        "ip_address": serializers.CharField(allow_null=True),
        "user_agent": serializers.CharField(),
        "device": serializers.CharField(
            allow_null=True,
            help_text='Browser and system parsed from the user agent ("Firefox on Linux"); null if unknown.',
        ),
        "created_at": serializers.DateTimeField(),
        "last_seen_at": serializers.DateTimeField(),
        "expires_at": serializers.DateTimeField(),
        "current": serializers.BooleanField(),
    },
    many=True,
)

document(
    "authstate.flows.rest._logins.LoginListView",
    tags=["logins"],
    get={
        "summary": "The caller's active logins (devices)",
        "responses": {200: inline_serializer("LoginList", {"logins": LOGIN_ITEMS}), **errors(*AUTH_ERRORS)},
    },
)

document(
    "authstate.flows.rest._logins.LoginDetailView",
    tags=["logins"],
    delete={
        "summary": "End one of the caller's logins",
        "responses": {
            200: inline_serializer("LoginRevoked", {"status": one_of("REVOKED"), "id": serializers.CharField()}),
            **errors("not_found", "csrf_failed", *AUTH_ERRORS),
        },
    },
)

document(
    "authstate.flows.rest._logins.LogoutAllView",
    tags=["logins"],
    post={
        "summary": "End every login of the caller (optionally all but this one)",
        "request": inline_serializer("LogoutAllRequest", {"keep_current": serializers.BooleanField(required=False)}),
        "responses": {
            200: LoggedOutSerializer,
            **errors("invalid_request", "csrf_failed", *AUTH_ERRORS),
        },
    },
)
