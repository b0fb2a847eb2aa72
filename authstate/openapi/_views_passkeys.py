"""Passkey enrollment (list, register, rename, delete) and passwordless sign-in options."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from authstate.openapi._annotate import document
from authstate.openapi._components import errors
from authstate.openapi._views_core import AUTH_ERRORS

__all__ = ["ERRORS", "OPTIONS", "PASSKEY", "REGISTER", "RENAME"]


OPTIONS = inline_serializer(
    "WebAuthnOptions",
    {"options": serializers.DictField(help_text="WebAuthn Level 3 JSON (`parse…OptionsFromJSON`).")},
)
PASSKEY = inline_serializer(
    "Passkey",
    {
        "id": serializers.IntegerField(),
        "name": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
        "last_used_at": serializers.DateTimeField(allow_null=True),
        "transports": serializers.ListField(child=serializers.CharField()),
        "discoverable": serializers.BooleanField(),
        "backed_up": serializers.BooleanField(),
    },
)
REGISTER = inline_serializer(
    "PasskeyRegistration",
    {
        "credential": serializers.DictField(help_text="`credential.toJSON()`."),
        "name": serializers.CharField(required=False),
    },
)
RENAME = inline_serializer("PasskeyRename", {"name": serializers.CharField()})
ERRORS = (*AUTH_ERRORS, "invalid_request", "csrf_failed", "flow_unavailable")

document(
    "authstate.passkeys._api.RegistrationOptionsView",
    tags=["passkeys"],
    post={
        "summary": "Registration options for a new passkey",
        "request": None,
        "responses": {200: OPTIONS, **errors(*ERRORS)},
    },
)
document(
    "authstate.passkeys._api.PasskeyListView",
    tags=["passkeys"],
    get={
        "summary": "The signed-in user's passkeys",
        "responses": {
            200: inline_serializer("Passkeys", {"passkeys": PASSKEY.__class__(many=True)}),
            **errors(*AUTH_ERRORS),
        },
    },
    post={
        "summary": "Register a passkey from the browser's credential",
        "request": REGISTER,
        "responses": {201: PASSKEY, **errors(*ERRORS, "passkey_rejected", "passkey_exists")},
    },
)
document(
    "authstate.passkeys._api.PasskeyDetailView",
    tags=["passkeys"],
    patch={
        "summary": "Rename a passkey",
        "request": RENAME,
        "responses": {200: PASSKEY, **errors(*ERRORS, "not_found")},
    },
    delete={"summary": "Delete a passkey", "responses": {204: None, **errors(*ERRORS, "not_found")}},
)
document(
    "authstate.passkeys._login.PasswordlessOptionsView",
    tags=["passkeys"],
    post={
        "summary": "Request options for passwordless sign-in (CSRF token required)",
        "request": None,
        "responses": {200: OPTIONS, **errors("csrf_failed", "flow_unavailable")},
        "auth": [],
    },
)
