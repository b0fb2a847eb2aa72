"""The ``authstate_*`` commands share their conventions: help, ``--format json``, exit status 1."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.utils import timezone

from authstate.models import Login


def run(*args: str) -> Any:
    out = io.StringIO()
    call_command(*args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def authstate_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if name.startswith("authstate_"))


@pytest.mark.parametrize("name", authstate_commands())
def test_every_command_explains_itself(name: str) -> None:
    command = load_command_class("authstate", name)
    assert command.help and command.help.endswith(".")
    parser = command.create_parser("manage.py", name)
    assert "--format" in parser.format_help()


def test_logins_list_and_revoke_as_json(rest_login: Any) -> None:
    rest_login()
    rows = run("authstate_logins", "list", "--user", "alice")["logins"]
    assert [(row["flow"], row["state"], row["status"]) for row in rows] == [("rest", "oauth2", "active")]
    assert set(rows[0]) == {"id", "flow", "state", "device_id", "ip_address", "last_seen_at", "status"}
    assert run("authstate_logins", "revoke", "--user", "alice", "--all") == {"revoked": 1}
    assert run("authstate_logins", "list", "--user", "alice")["logins"] == []
    ended = run("authstate_logins", "list", "--user", "alice", "--all")["logins"]
    assert [row["status"] for row in ended] == ["admin"]


def test_clients_create_shows_the_secret_once_and_list_never(db: Any) -> None:
    created = run("authstate_clients", "create", "reporting", "--scopes", "read")
    assert created["client_id"] == "reporting" and len(created["client_secret"]) >= 32
    listed = run("authstate_clients", "list")["clients"]
    assert "reporting" in [row["client_id"] for row in listed]
    assert created["client_secret"] not in json.dumps(listed)


def test_cleanup_reports_each_step(user: Any) -> None:
    past = timezone.now() - timedelta(days=1)
    Login.objects.create(user=user, flow="rest", state="oauth2", expires_at=past)
    assert run("authstate_cleanup")["removed"]["purge_logins"] == 1
    assert run("authstate_cleanup")["removed"]["purge_logins"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("authstate_logins", "list", "--user", "nobody"),
        ("authstate_logins", "revoke", "--user", "alice"),
        ("authstate_clients", "delete", "no-such-client"),
    ],
)
def test_failures_are_command_errors_with_exit_status_1(user: Any, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as raised:
        call_command(*args, "--format", "json", stdout=io.StringIO())
    assert raised.value.returncode == 1


def test_keys_generate_and_list_as_json(tmp_path: Any) -> None:
    path = str(tmp_path / "keys.pem")
    generated = run("authstate_keys", "generate", "--path", path)
    assert generated["action"] == "generated" and generated["alg"] == "RS256"
    rotated = run("authstate_keys", "rotate", "--path", path)
    listed = run("authstate_keys", "list", "--path", path)["keys"]
    assert [(key["kid"], key["status"]) for key in listed] == [
        (rotated["kid"], "active"),
        (generated["kid"], "retired"),
    ]


def test_mfa_status_recovery_codes_and_unlock_as_json(user: Any) -> None:
    codes = run("authstate_mfa", "recovery-codes", "alice")["codes"]
    assert len(codes) == len(set(codes)) >= 8
    status = run("authstate_mfa", "status", "alice")
    assert [factor["factor"] for factor in status["factors"]] == ["recovery"]
    assert status["locked_until"] is None
    assert run("authstate_mfa", "unlock", "alice") == {"username": "alice", "unlocked": False}
    assert run("authstate_mfa", "reset", "alice") == {"username": "alice", "removed": 1}
