"""One spelling on the wire: states, factor names, statuses, codes and ``amr`` values, as
``docs/api.md`` ("Wire vocabulary") lists them, on every JSON endpoint of the demo, in both states."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, JsonClient, bearer
from tests.mfa.conftest import Clock, start, totp_code

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def vocabulary(text: str) -> dict[str, set[str]]:
    """``{row: {values}}`` from the Wire vocabulary table: the backticked words of its last column."""
    section = text.split("\n## Wire vocabulary\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and "`" in line]
    return {row[0].strip("| "): set(re.findall(r"`([^`]+)`", row[-1])) for row in rows}


def walk(body: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every ``(key, value)`` of a JSON body, list items under their list's key; the ``urls`` map
    of ``/api/mfa/config`` is skipped (its keys name endpoints, its values are paths)."""
    if isinstance(body, dict):
        for name, value in body.items():
            if name != "urls":
                yield from walk(value, name)
    elif isinstance(body, list):
        for item in body:
            yield from walk(item, key)
    else:
        yield key, body


class Wire:
    """Collects what the endpoints said, keyed by field name."""

    def __init__(self) -> None:
        self.seen: dict[str, set[Any]] = defaultdict(set)

    def __call__(self, response: Any) -> Any:
        body = response.json()
        for key, value in walk(body):
            self.seen[key].add(value)
        return body


@pytest.fixture
def wire() -> Wire:
    return Wire()


def walk_oauth2_state(api: JsonClient, device: TOTPDevice, clock: Clock, wire: Wire) -> None:
    """The ``api-mfa`` flow end to end, then the authenticated JSON endpoints with its token."""
    wire(api.get("/api/mfa/config"))
    token = wire(api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}))["mfa_token"]
    for factor in ("email", "sms", "totp"):
        wire(api.post_json("/api/mfa/select", {"mfa_token": token, "factor": factor}))
    wire(api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"}))
    done = wire(
        api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(device, clock.now)})
    )
    auth = bearer(done["access_token"])
    for path in ("/api/me", "/api/mfa/factors", "/api/auth/logins"):
        wire(api.get(path, **auth))
    wire(api.post_json("/api/mfa/cancel", {"mfa_token": start(api)["mfa_token"]}))
    wire(api.post_json("/api/mfa/cancel", {"mfa_token": "unknown"}))
    wire(api.post_json("/api/reauthenticate", {"password": PASSWORD}, **auth))
    wire(api.post_json("/api/password/reset", {"email": "alice@example.com"}))
    wire(api.post_json("/logout", **auth))
    wire(api.get("/api/me", **auth))


def walk_session_state(make_user: Any, wire: Wire) -> None:
    """A plain form login (no factors): the same endpoints answered from the session."""
    make_user("bob")
    client = Client()
    assert client.post("/login", {"username": "bob", "password": PASSWORD}).status_code == 302
    for path in ("/api/me", "/api/auth/logins", "/api/mfa/factors"):
        wire(client.get(path))
    wire(client.post("/api/auth/logout-all", {}, content_type="application/json"))


def test_every_endpoint_spells_values_as_documented(
    api: JsonClient,
    make_user: Any,
    totp_device: TOTPDevice,
    email_device: Any,
    sms_device: Any,
    recovery_codes: list[str],
    clock: Clock,
    wire: Wire,
) -> None:
    walk_oauth2_state(api, totp_device, clock, wire)
    walk_session_state(make_user, wire)
    words = vocabulary(API_DOC.read_text())
    seen = wire.seen

    assert seen["state"] == words["login state"] == {"session", "oauth2"}
    assert seen["factor"] | seen["factors"] | seen["unavailable_factors"] <= words["factor name"]
    assert {"totp", "email", "sms", "recovery"} <= seen["factors"]
    assert all(
        str(device_id).split("-")[0] in words["factor name"] for device_id in seen["id"] if "-" in str(device_id)
    )
    assert seen["status"] <= words["status"]
    assert {"MFA_REQUIRED", "CHALLENGE_SENT", "CHALLENGE_READY", "AUTHENTICATED", "MFA_CANCELLED"} <= seen["status"]
    assert {"LOGGED_OUT", "RESET_REQUESTED"} <= seen["status"]
    assert seen["amr"] <= words["authentication method"] and seen["amr"]
    assert seen["factor_selection_type"] <= words["setting"]
    assert seen["code"] and all(SNAKE.match(code) for code in seen["code"])


def test_the_vocabulary_parser_reads_the_table() -> None:
    """The assertions above compare with what this parser returns: it must see every row."""
    words = vocabulary(API_DOC.read_text())
    assert set(words) >= {"login state", "factor name", "status", "authentication method", "setting"}
    assert words["factor name"] == {"totp", "email", "sms", "recovery", "passkey"}
    assert all(word.isupper() for word in words["status"])
