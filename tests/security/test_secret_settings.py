"""Secret settings are masked wherever authstate prints settings, and every secret-ish option is marked.

``manage.py authstate_settings`` masks options declared ``secret=True`` in every ``--format``;
the admin never shows settings at all (client secrets are hashed and shown once), which the last
test holds it to.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from authstate.conf._schema import authstate_path, walk
from authstate.conf.defaults import ROOT
from authstate.management.commands.authstate_settings import MASK

BEARER = "metrics-scrape-secret-0123456789abcdefghijklmnop"
CLIENT_SECRET = "client-secret-of-our-own-0123456789abcdefghijkl"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|BEARER|_TOKEN$")


def printed(fmt: str, **options: Any) -> str:
    out = io.StringIO()
    call_command("authstate_settings", format=fmt, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def secrets_set(settings: Any) -> Any:
    settings.AUTHSTATE = {
        "OAUTH2": {"CLIENT_SECRET": CLIENT_SECRET},
        "METRICS": {"ENDPOINT_ENABLED": True, "BEARER_TOKEN": BEARER},
    }
    return settings


@pytest.mark.parametrize("fmt", ["table", "properties", "json"])
def test_metrics_bearer_token_is_masked_in_every_format(secrets_set: Any, fmt: str) -> None:
    text = printed(fmt)
    assert BEARER not in text and CLIENT_SECRET not in text
    assert text.count(MASK) == 2


def test_masked_values_are_where_the_secrets_were(secrets_set: Any) -> None:
    data = json.loads(printed("json"))
    assert data['AUTHSTATE["METRICS"]["BEARER_TOKEN"]'] == MASK
    assert data['AUTHSTATE["OAUTH2"]["CLIENT_SECRET"]'] == MASK
    assert "spring.auth.metrics.bearer-token=********" in printed("properties").splitlines()


def test_show_secrets_prints_the_bearer_token(secrets_set: Any) -> None:
    data = json.loads(printed("json", show_secrets=True))
    assert data['AUTHSTATE["METRICS"]["BEARER_TOKEN"]'] == BEARER


def test_an_unset_bearer_token_is_printed_as_unset(settings: Any) -> None:
    settings.AUTHSTATE = {}
    assert json.loads(printed("json"))['AUTHSTATE["METRICS"]["BEARER_TOKEN"]'] is None


def test_every_secret_looking_string_option_is_marked_secret() -> None:
    """A new password, secret or token option must be declared ``secret=True`` to be masked."""
    looks_secret = {authstate_path(p) for p, o in walk(ROOT) if o.type is str and SECRET_NAME.search(p[-1])}
    marked = {authstate_path(p) for p, o in walk(ROOT) if o.secret}
    assert looks_secret == marked
    assert 'AUTHSTATE["METRICS"]["BEARER_TOKEN"]' in marked


def test_admin_pages_show_no_secret_setting(secrets_set: Any, admin_client: Client) -> None:
    from authstate.oauth2._clients import settings_client

    client = settings_client()
    pages = ["/admin/", "/admin/authstate/oauth2client/", f"/admin/authstate/oauth2client/{client.pk}/change/"]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert BEARER not in body and CLIENT_SECRET not in body, page
        assert client.secret_hash not in body, page
