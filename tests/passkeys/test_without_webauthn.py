"""A plain install (no ``webauthn``): passkeys switch themselves off and ``check`` passes.

Here ``webauthn`` is hidden from the import system; the package env (tests/packaging) installs
the wheel without extras for the real thing. With ``webauthn`` installed everything is on.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import checks

from authstate.conf import auth_settings
from authstate.mfa import _factors as factors
from authstate.passkeys import _urls as passkey_urls
from authstate.passkeys._checks import check_passkeys
from authstate.registry import FlowRegistry


@pytest.fixture
def no_webauthn(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "webauthn" else real(name, *a))
    for name in [n for n in sys.modules if n == "webauthn" or n.startswith(("webauthn.", "authstate.factors.passkey"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "webauthn", None)  # ``import webauthn`` raises ImportError
    auth_settings.reload()  # the factors are built once per settings load
    yield
    auth_settings.reload()


def registry() -> Any:
    return FlowRegistry().form(login_page="/login").session().build()


def test_without_webauthn_check_reports_an_info_and_no_error(no_webauthn: None) -> None:
    [message] = check_passkeys()
    assert (message.id, message.level) == ("authstate.I050", checks.INFO)
    assert not message.is_serious()  # `manage.py check` prints it and exits 0


def test_without_webauthn_passkeys_are_off_everywhere(no_webauthn: None) -> None:
    assert passkey_urls.patterns_for(registry()) == []
    assert "passkey" not in [factor.name for factor in factors.enabled()]


def test_with_webauthn_passkeys_are_on_and_check_is_silent() -> None:
    assert importlib.util.find_spec("webauthn") is not None
    assert check_passkeys() == []
    names = {pattern.name for pattern in passkey_urls.patterns_for(registry())}
    assert {"passkeys", "passkey-login-form"} <= names
    assert "passkey" in [factor.name for factor in factors.enabled()]
