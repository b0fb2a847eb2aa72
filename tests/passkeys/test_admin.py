"""The passkey admin lists credentials and keeps key material read-only."""

from __future__ import annotations

from typing import Any

from django.test import Client

from authstate.models import Passkey


def test_admin_changelist_and_readonly_key(admin_client: Client, session_client: Any, register: Any) -> None:
    register(session_client, name="Admin view key")
    passkey = Passkey.objects.get()
    listing = admin_client.get("/admin/authstate/passkey/")
    assert listing.status_code == 200
    assert "Admin view key" in listing.content.decode()
    change = admin_client.get(f"/admin/authstate/passkey/{passkey.pk}/change/").content.decode()
    assert 'name="credential_id"' not in change and 'name="sign_count"' not in change
    assert 'name="name"' in change
