"""Hostile body shapes on every JSON operation of the schema: deep nesting and oversized bodies.

Schemathesis generates bodies that match the schema, so it never sends these: a body nested up
to 50,000 levels (objects, arrays, mixed), and bodies just over ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
Each must answer below 500, as JSON, in the error envelope when it is refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.test_schema_fuzz import schema

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 20_000
JSON = "application/json"
#: The authorization server answers RFC 6749 error bodies (``{"error": "invalid_request"}``).
RFC_PATHS = ("/oauth2/", "/userinfo")


def json_operations() -> list[tuple[str, str]]:
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() in {"POST", "PUT", "PATCH"} and "{" not in operation.path:
            found.append((operation.method.upper(), operation.path))
    return sorted(found)


OPERATIONS = json_operations()


def nested(kinds: list[str]) -> str:
    opening = "".join('{"a":' if kind == "object" else "[" for kind in kinds)
    closing = "".join("}" if kind == "object" else "]" for kind in reversed(kinds))
    return opening + "1" + closing


def assert_refused_in_the_envelope(path: str, response: Any) -> None:
    assert response.status_code < 500, response.content[:200]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    if response.status_code < 400:
        return
    error = response.json()["error"]
    if path.startswith(RFC_PATHS):
        assert isinstance(error, str)  # RFC 6749 errors, not the envelope
    else:
        assert set(error) >= {"code", "message"}


@pytest.fixture
def small_limit(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    depth=st.sampled_from([33, 999, 1_000, 5_000, 50_000]) | st.integers(min_value=1, max_value=3_000),
    kind=st.sampled_from(["object", "array", "mixed"]),
)
def test_deep_nesting(api: Any, bearer_token: str, method: str, path: str, depth: int, kind: str) -> None:
    kinds = [kind if kind != "mixed" else ("object", "array")[level % 2] for level in range(depth)]
    response = api.generic(method, path, nested(kinds), content_type="application/json", **_auth(bearer_token))
    assert_refused_in_the_envelope(path, response)


def _oversized_cases() -> list[Any]:
    return list(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), _oversized_cases())
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(extra=st.integers(min_value=1, max_value=LIMIT), form=st.booleans())
def test_oversized_bodies(
    api: Any, small_limit: None, bearer_token: str, method: str, path: str, extra: int, form: bool
) -> None:
    body = '{"pad": "' + "x" * (LIMIT + extra) + '"}'
    content_type = "application/x-www-form-urlencoded" if form else "application/json"
    response = api.generic(
        method, path, body if not form else "pad=" + "x" * (LIMIT + extra), content_type=content_type
    )
    assert_refused_in_the_envelope(path, response)
    if not form:
        assert response.status_code < 400 or response.status_code in {401, 403, 404, 405, 413}, path


def _auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
