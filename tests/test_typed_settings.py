"""Settings read as typed, frozen dataclasses: durations as ``timedelta``, one declaration per option.

Types are checked on the dataclass annotations at run time (what mypy reads too); the ``type``
tox env runs mypy over the package, where ``auth_settings.mfa.session_timeout`` is a
``timedelta``.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from django.core.management import call_command
from django.test import override_settings

from authstate.conf import auth_settings
from authstate.conf._schema import MS, Group, option, schema, settings_group, walk
from authstate.conf.defaults import ROOT
from authstate.conf.enums import SameSite, StorageType, StoreName


def groups(group: Group = ROOT) -> list[Group]:
    nested = [child for child in group.children if isinstance(child, Group)]
    return [group, *(each for child in nested for each in groups(child))]


def test_durations_read_as_timedelta_in_the_unit_of_their_key(settings: Any) -> None:
    settings.AUTHSTATE = {
        "ACCESS_TOKEN_VALIDITY": 1500,
        "MFA": {
            "SESSION_TIMEOUT_MS": 90000,
            "OTP_TOKEN_VALIDITY_SECONDS": "45",
            "MEMORY": {"CLEANUP_INTERVAL_MINUTES": 7},
        },
    }
    assert auth_settings.access_token_validity == timedelta(milliseconds=1500)
    assert auth_settings.mfa.session_timeout == timedelta(seconds=90)
    assert auth_settings.mfa.otp_token_validity == timedelta(seconds=45)
    assert auth_settings.mfa.memory.cleanup_interval == timedelta(minutes=7)
    assert auth_settings.passkey.timeout == timedelta(minutes=2)


def test_users_still_read_and_print_milliseconds(settings: Any) -> None:
    settings.AUTHSTATE = {"MFA": {"SESSION_TIMEOUT_MS": 90000}}
    assert auth_settings.as_dict()["mfa"]["session_timeout_ms"] == 90000
    out = io.StringIO()
    call_command("authstate_settings", format="properties", stdout=out)
    assert "spring.auth.mfa.session-timeout-ms=90000" in out.getvalue().splitlines()


def test_every_field_is_annotated_and_every_duration_is_a_timedelta() -> None:
    for group in groups():
        hints = get_type_hints(group.cls)
        for child in group.children:
            annotation = hints[child.attr]
            assert annotation is not Any, child.key
            if isinstance(child, Group):
                assert annotation is child.cls
            elif child.unit:
                assert annotation is timedelta, child.key
    assert get_type_hints(type(auth_settings.mfa))["session_timeout"] is timedelta
    assert get_type_hints(type(auth_settings.oauth2))["client_id"] is str
    assert get_type_hints(type(auth_settings.mfa.redis))["same_site"] is SameSite
    assert get_type_hints(type(auth_settings.mfa))["repository_priority"] == tuple[StoreName, ...]


def test_every_default_loads_as_its_annotated_type(settings: Any) -> None:
    del settings.AUTHSTATE
    for path, declared in walk(ROOT):
        block: Any = auth_settings
        for part in path[:-1]:
            block = getattr(block, part.lower())
        annotation = get_type_hints(type(block))[declared.attr]
        expected = get_origin(annotation) or annotation
        if expected in (Union, UnionType):
            expected = tuple(get_origin(arg) or arg for arg in get_args(annotation))
        assert isinstance(getattr(block, declared.attr), expected), path


def test_duration_attributes_drop_the_unit_suffix_of_their_key() -> None:
    names = {"/".join(path): option.attr for path, option in walk(ROOT) if option.unit}
    assert names["MFA/SESSION_TIMEOUT_MS"] == "session_timeout"
    assert names["MFA/OTP_TOKEN_VALIDITY_SECONDS"] == "otp_token_validity"
    assert names["MFA/MEMORY/CLEANUP_INTERVAL_MINUTES"] == "cleanup_interval"
    assert names["MFA/INACTIVITY_TIMEOUT"] == "inactivity_timeout"
    assert not [attr for attr in names.values() if attr.endswith(("_ms", "_seconds", "_minutes"))]


def test_groups_are_frozen_and_lists_are_tuples() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        auth_settings.mfa.max_retry_attempts = 1  # type: ignore[misc]
    assert auth_settings.mfa.repository_priority == (StorageType.REDIS, StorageType.MEMORY, StorageType.HTTP_SESSION)
    assert auth_settings.oauth2.audience == ()


def test_override_settings_reloads_the_typed_values() -> None:
    with override_settings(AUTHSTATE={"PASSKEY": {"TIMEOUT_MS": 30000}}):
        assert auth_settings.passkey.timeout == timedelta(seconds=30)
    assert auth_settings.passkey.timeout == timedelta(minutes=2)


def test_an_old_millisecond_attribute_is_an_error_naming_authstate() -> None:
    with pytest.raises(AttributeError, match="AUTHSTATE has no setting 'access_token_validity_ms'"):
        auth_settings.access_token_validity_ms  # type: ignore[attr-defined]


def test_a_declaration_breaking_the_attribute_rule_is_refused() -> None:
    @settings_group
    class Misnamed:
        timeout_ms: timedelta = option("TIMEOUT_MS", 1000, "A duration keeping its suffix.", unit=MS)

    @settings_group
    class Untyped:
        timeout: int = option("TIMEOUT_MS", 1000, "A duration read as a number.", unit=MS)

    with pytest.raises(TypeError, match="must be named 'timeout'"):
        schema(Misnamed)
    with pytest.raises(TypeError, match="annotated timedelta"):
        schema(Untyped)
