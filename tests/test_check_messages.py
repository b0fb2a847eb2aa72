"""Check messages and hints are for people, so they are translatable; check ids are not.

Read from the source: every ``Error(...)``/``Warning(...)`` of these check modules takes its
message and hint from ``_()`` (``gettext_lazy``), ``%``-formatted at most; the id is a plain
string literal.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.utils.functional import Promise

from authstate.conf import _checks as conf_checks
from authstate.conf import _deploy_checks as deploy_checks
from authstate.conf import _published_secrets as published_secrets
from authstate.mfa import _checks as mfa_checks
from authstate.passkeys import _checks as passkey_checks

MODULES = [conf_checks, deploy_checks, published_secrets, mfa_checks, passkey_checks]
#: ``check_settings`` relays the loader's parse problems (E001-E003) as they come; their text is
#: written in ``authstate/conf/_loader.py``.
RELAYED = {("authstate/conf/_checks.py", "check_settings")}


def check_calls(path: Path) -> list[tuple[str, ast.Call]]:
    calls = []
    for function in ast.walk(ast.parse(path.read_text())):
        if isinstance(function, ast.FunctionDef):
            calls += [
                (function.name, node)
                for node in ast.walk(function)
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"Error", "Warning"}
            ]
    return calls


def translated(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    if isinstance(node, ast.Name):  # a local assigned from _() just above; checked at its assignment
        return True
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_messages_and_hints_are_translatable(module: object) -> None:
    path = Path(module.__file__)  # type: ignore[attr-defined]
    relative = path.as_posix().split("/authstate/", 1)[1]
    calls = [(name, call) for name, call in check_calls(path) if (f"authstate/{relative}", name) not in RELAYED]
    assert calls
    for name, call in calls:
        arguments = [call.args[0], *(k.value for k in call.keywords if k.arg == "hint")]
        assert all(translated(argument) for argument in arguments), f"{path.name}:{call.lineno} in {name}"
        (identifier,) = [k.value for k in call.keywords if k.arg == "id"]
        assert isinstance(identifier, ast.Constant) and identifier.value.startswith("authstate."), call.lineno


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_locals_holding_messages_come_from_gettext(module: object) -> None:
    """``message = _(...)``/``hint = _(...)`` feed the checks that pass a name."""
    tree = ast.parse(Path(module.__file__).read_text())  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in {"message", "hint"} for t in node.targets):
            assert translated(node.value), node.lineno


def test_a_constant_message_stays_lazy_until_shown(settings: Any) -> None:
    """Lazy, so it is translated into the language active when the check is shown."""
    settings.DEBUG = False
    settings.AUTHSTATE = {"MFA": {"SMS_FACTOR": {"ENABLED": True, "PROVIDER": "console"}}}
    (error,) = [message for message in mfa_checks.check_mfa() if message.id == "authstate.E044"]
    assert isinstance(error.msg, Promise) and isinstance(error.hint, Promise)
