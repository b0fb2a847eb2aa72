"""Clients: the settings client synced after migrate, the published secret, commands and admin."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from authstate.conf.defaults import PUBLISHED_CLIENT_SECRET
from authstate.models import OAuth2Client
from authstate.models.oauth2 import AUTHENTICATED_USER, REFRESH_TOKEN
from authstate.oauth2._clients import sync_settings_client
from authstate.oauth2._keystore import load
from tests.oauth2.conftest import basic, post_form


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def secret_of(output: str) -> str:
    return next(line.split(": ", 1)[1] for line in output.splitlines() if line.startswith("client_secret: "))


def test_migrate_created_the_settings_client(db: Any) -> None:
    client = OAuth2Client.objects.get(client_id="default-client")
    assert client.managed_by_settings
    assert (client.scopes, client.default_scopes) == ("read openid profile email", "read")
    assert (client.grant_types, client.redirect_uris) == (
        [AUTHENTICATED_USER, REFRESH_TOKEN],
        ["http://localhost:8080"],
    )


def test_published_secret_is_stored_unusable_unless_debug(db: Any, settings: Any) -> None:
    settings.DEBUG = False
    assert not is_password_usable(sync_settings_client().secret_hash)
    response = post_form(
        Client(),
        "/oauth2/token",
        {"grant_type": AUTHENTICATED_USER},
        **basic("default-client", PUBLISHED_CLIENT_SECRET),
    )
    assert response.json()["error"] == "invalid_client"
    settings.DEBUG = True
    assert sync_settings_client().check_secret(PUBLISHED_CLIENT_SECRET)


def test_settings_changes_reach_the_client_on_sync(db: Any, settings: Any) -> None:
    settings.AUTHSTATE = {
        **settings.AUTHSTATE,
        "ENABLE_REFRESH_TOKEN": False,
        "OAUTH2": {
            **settings.AUTHSTATE["OAUTH2"],
            "CLIENT_SECRET": "a-real-secret",
            "SCOPE": "read write",
            "AUTHORIZED_URI": "https://app.example/cb",
        },
    }
    client = sync_settings_client()
    assert client.check_secret("a-real-secret")
    assert (client.default_scopes, client.grant_types) == ("read write", [AUTHENTICATED_USER])
    assert client.redirect_uris == ["http://localhost:8080", "https://app.example/cb"]


def test_clients_command_lifecycle(db: Any) -> None:
    created = run("authstate_clients", "create", "billing", "--scopes", "read openid", "--grant", AUTHENTICATED_USER)
    first = secret_of(created)
    client = OAuth2Client.objects.get(client_id="billing")
    assert client.check_secret(first) and first not in client.secret_hash
    assert client.grant_types == [AUTHENTICATED_USER]
    assert "billing  active  scopes='read openid'  grants=authenticated-user" in run("authstate_clients", "list")
    second = secret_of(run("authstate_clients", "rotate-secret", "billing"))
    client.refresh_from_db()
    assert client.check_secret(second) and not client.check_secret(first)
    assert run("authstate_clients", "delete", "billing").strip() == "deleted billing"
    assert not OAuth2Client.objects.filter(client_id="billing").exists()


def test_clients_command_refuses_the_settings_client_and_duplicates(db: Any) -> None:
    with pytest.raises(CommandError, match="managed by"):
        run("authstate_clients", "rotate-secret", "default-client")
    run("authstate_clients", "create", "twice")
    with pytest.raises(CommandError, match="exists"):
        run("authstate_clients", "create", "twice")


def test_keys_command(tmp_path: Path) -> None:
    path = str(tmp_path / "keys.pem")
    generated = run("authstate_keys", "generate", "--path", path, "--alg", "ES256")
    first = load(path).active.kid
    assert generated.strip() == f"generated ES256 key kid={first}"
    run("authstate_keys", "rotate", "--path", path)
    listing = run("authstate_keys", "list", "--path", path).splitlines()
    assert listing[0] == f"{load(path).active.kid}  ES256  active"
    assert listing[1].startswith(f"{first}  ES256  retired ") and "verifies until" in listing[1]
    with pytest.raises(CommandError, match="exists"):
        run("authstate_keys", "generate", "--path", path)
    staged = run("authstate_keys", "stage", "--path", path).split("kid=")[1].strip()
    assert f"{staged}  ES256  staged " in run("authstate_keys", "list", "--path", path)
    assert run("authstate_keys", "activate", "--path", path).strip() == f"activated ES256 key kid={staged}"
    assert load(path).active.kid == staged


def test_admin_shows_a_new_secret_once(admin_client: Any) -> None:
    response = admin_client.post(
        "/admin/authstate/oauth2client/add/",
        {
            "client_id": "from-admin",
            "name": "",
            "grant_types": f'["{AUTHENTICATED_USER}"]',
            "scopes": "read",
            "default_scopes": "",
            "redirect_uris": "[]",
            "is_active": "on",
        },
    )
    assert response.status_code == 200, response.content
    secret = response.context["secret"]
    assert OAuth2Client.objects.get(client_id="from-admin").check_secret(secret)
    page = admin_client.get(
        f"/admin/authstate/oauth2client/{OAuth2Client.objects.get(client_id='from-admin').pk}/change/"
    )
    assert secret not in page.content.decode()
