"""The token hot path stays at one cache read and no SQL; refresh and logout cost what they cost."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.cache import caches

from tests.conftest import bearer


@pytest.fixture
def cache_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    calls: Counter[str] = Counter()
    cache = caches["default"]
    for name in ("get", "set", "delete", "get_many", "set_many", "delete_many", "add"):
        original = getattr(cache, name)

        def counted(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, counted)
    return calls


def test_token_request_is_one_cache_get_and_no_sql(
    api: Any, rest_login: Any, cache_calls: Counter[str], django_assert_num_queries: Any
) -> None:
    token = rest_login()["access_token"]
    cache_calls.clear()
    with django_assert_num_queries(0):
        assert api.get("/api/me", **bearer(token)).status_code == 200
    assert cache_calls == Counter({"get": 1})


def test_revoked_token_is_one_cache_get_and_no_sql(
    api: Any, rest_login: Any, cache_calls: Counter[str], django_assert_num_queries: Any
) -> None:
    token = rest_login()["access_token"]
    api.post("/logout", **bearer(token))
    cache_calls.clear()
    with django_assert_num_queries(0):
        assert api.get("/api/me", **bearer(token)).status_code == 401
    assert cache_calls == Counter({"get": 1})
