"""Hostile bodies on every authstate JSON endpoint: never a 500, never Django's HTML page.

A body nested 50,000 levels deep used to raise ``RecursionError`` (500); a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` got Django's HTML 400 page. Both now answer in the envelope.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.views import APIView

from authstate.flows.rest._base import AuthStateAPIView
from authstate.flows.rest._parsers import MAX_DEPTH, BoundedJSONParser, check_depth
from tests.conftest import PASSWORD
from tests.security.endpoints import endpoints, view_class

pytestmark = pytest.mark.django_db

DEEP = "[" * 50_000 + "]" * 50_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000


def json_endpoints() -> list[str]:
    found = []
    for endpoint in endpoints():
        cls = view_class(endpoint)
        if endpoint.path == "/api/schema/":
            continue  # the demo's drf-spectacular view, GET only
        if isinstance(cls, type) and issubclass(cls, APIView):
            assert issubclass(cls, AuthStateAPIView), f"{endpoint.path} is a DRF view outside AuthStateAPIView"
            found.append(endpoint.path)
    return found


def assert_envelope(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": {"code": code, "message": response.json()["error"]["message"]}}


@pytest.fixture
def small_bodies(settings: Any) -> int:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    return 1000


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    "path", ["/api/auth", "/api/mfa/login", "/api/mfa/verify", "/api/mfa/select", "/api/auth/refresh"]
)
def test_deep_nesting_is_400_invalid_request(api: Any, path: str, body: str) -> None:
    assert_envelope(api.post(path, body, content_type="application/json"), 400, "invalid_request")


@pytest.mark.parametrize("path", ["/api/auth", "/api/mfa/select", "/api/auth/refresh", "/logout"])
def test_oversized_json_is_413_payload_too_large(api: Any, small_bodies: int, path: str) -> None:
    body = json.dumps({"username": "x" * small_bodies, "password": "y"})
    assert_envelope(api.post(path, body, content_type="application/json"), 413, "payload_too_large")


def test_oversized_form_body_is_413_in_the_envelope(api: Any, small_bodies: int) -> None:
    response = api.post("/logout", {"refresh_token": "x" * small_bodies}, HTTP_ACCEPT="application/json")
    assert_envelope(response, 413, "payload_too_large")


def test_a_body_just_under_the_limit_still_parses(api: Any, small_bodies: int, make_user: Any) -> None:
    make_user("alice")
    body = json.dumps({"username": "alice", "password": "wrong", "pad": "x" * (small_bodies - 100)})
    assert len(body) <= small_bodies
    assert api.post("/api/auth", body, content_type="application/json").status_code == 401


def test_a_compressing_charset_is_refused(api: Any) -> None:
    import bz2

    body = bz2.compress(json.dumps({"username": "a" * 10_000, "password": "b"}).encode())
    charset = {"CONTENT_TYPE": "application/json; charset=bz2_codec"}  # the client would encode with it
    response = api.post("/api/auth", body, content_type="application/octet-stream", **charset)
    assert_envelope(response, 400, "invalid_request")


@pytest.fixture
def limit(settings: Any) -> int:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200_000
    return 200_000


def test_every_json_endpoint_answers_hostile_bodies_in_the_envelope(api: Any, limit: int) -> None:
    paths = json_endpoints()
    assert len(paths) > 15
    for path in paths:
        for body in (DEEP, "x" * (limit + 1)):
            for method in ("post", "put", "patch", "delete"):
                response = getattr(api, method)(path, body, content_type="application/json")
                assert response.status_code < 500, (method, path, response.status_code)
                assert response["Content-Type"].startswith("application/json"), (method, path)
                assert response.status_code < 400 or "error" in response.json(), (method, path)


def test_every_json_endpoint_refuses_them_for_a_signed_in_caller(api: Any, limit: int, make_user: Any) -> None:
    make_user("carol")
    access = api.post_json("/api/auth", {"username": "carol", "password": PASSWORD})
    token = access.json().get("access_token")
    assert token, access.content
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for path in [path for path in json_endpoints() if path not in ("/logout", "/api/auth/logout-all")]:
        for body, codes in ((DEEP, {400, 403, 404, 405}), ("x" * (limit + 1), {403, 404, 405, 413})):
            response = api.post(path, body, content_type="application/json", **headers)
            assert response["Content-Type"].startswith("application/json"), path
            assert response.status_code in codes or response.status_code < 400, (path, response.status_code)


def test_depth_limit_counts_levels() -> None:
    check_depth(json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH))
    with pytest.raises(Exception, match="nested too deeply"):
        check_depth(json.loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)))


def test_the_parser_bounds_a_raw_stream_itself(settings: Any) -> None:
    """On DRF releases that hand the parser the raw stream, the limit still holds."""
    import io

    from authstate.flows.rest._parsers import PayloadTooLarge

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    with pytest.raises(PayloadTooLarge):
        BoundedJSONParser().parse(io.BytesIO(b'{"a": "0123456789"}'), "application/json", {})
    assert BoundedJSONParser().parse(io.BytesIO(b'{"a": 1}'), "application/json", {}) == {"a": 1}


@pytest.mark.parametrize("path", ["/api/mfa/verify", "/login/webauthn"])
def test_a_credential_string_nested_deeply_is_not_a_500(api: Any, path: str) -> None:
    """The depth limit sees a string; a passkey credential posted as a JSON string is parsed again."""
    response = api.post_json(path, {"mfa_token": "x" * 32, "factor": "passkey", "credential": DEEP})
    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
