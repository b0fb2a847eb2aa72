"""Every cache authstate uses is ``AUTHSTATE["CACHE_ALIAS"]``: never Django's ``default`` cache."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches

PACKAGE = Path(__file__).resolve().parents[1] / "authstate"
ACCESSOR = PACKAGE / "_cache.py"


def cache_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "django.core.cache":
            found += [alias.name for alias in node.names if alias.name in {"cache", "caches"}]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name == "django.core.cache"]
    return found


def test_only_the_accessor_reaches_django_caches() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in PACKAGE.rglob("*.py")
        if path != ACCESSOR and (names := cache_imports(path))
    }
    assert offenders == {}
    assert cache_imports(ACCESSOR) == ["caches"]


@pytest.fixture
def aliased(settings: Any) -> Any:
    """``default`` stays a cache of its own; authstate is pointed at ``shared``."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "authstate-shared"},
    }
    settings.AUTHSTATE = {**settings.AUTHSTATE, "CACHE_ALIAS": "shared"}
    caches["shared"].clear()
    caches["default"].clear()
    return caches["shared"]


def test_lockout_enrollment_and_pacing_use_the_alias(api: Any, rest_login: Any, aliased: Any, mailoutbox: Any) -> None:
    before = set(caches["default"]._cache)  # type: ignore[attr-defined]
    api.post_json("/api/auth", {"username": "alice", "password": "wrong"})
    assert "authstate:lockout" in keys_of(aliased)
    token = rest_login()["access_token"]
    api.post_json("/api/mfa/email/setup", {}, HTTP_AUTHORIZATION=f"Bearer {token}")
    keys = keys_of(aliased)
    assert all(f"authstate:{part}" in keys for part in ("throttle", "login:", "mfa-enroll", "mfa-sent"))
    added = set(keys_of(caches["default"]).split()) - {str(key) for key in before}
    assert not [key for key in added if "authstate:" in key], added


def keys_of(cache: Any) -> str:
    return " ".join(str(key) for key in cache._cache)
