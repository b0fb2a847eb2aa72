"""The OpenAPI schema is valid, lists every JSON endpoint of the demo, and matches real answers."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.views import APIView

from authstate.flows.rest._base import AuthStateAPIView
from tests.conftest import PASSWORD
from tests.mfa.conftest import totp_code

#: Paths whose every view is part of the JSON contract, DRF view or not.
JSON_PREFIXES = ("api/", "oauth2/", ".well-known/", "userinfo")
NOT_DOCUMENTED = {"api/schema/"}
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    GENERATOR_STATS.reset()
    generated = SchemaGenerator(urlconf="demo_project.urls").get_schema(request=None, public=True)
    generated["warnings"] = sorted(GENERATOR_STATS._warn_cache) + sorted(GENERATOR_STATS._error_cache)
    return generated


def routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def openapi_path(route: str) -> str:
    """``api/x/<int:pk>`` → ``/api/x/{id}`` (drf-spectacular names ``pk`` parameters ``id``)."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}")


def json_endpoints(urlconf: str = "demo_project.urls") -> Iterator[tuple[str, Any]]:
    for route, callback in routes(get_resolver(urlconf).url_patterns):
        view = getattr(callback, "cls", None)
        is_drf = isinstance(view, type) and issubclass(view, APIView)
        if route in NOT_DOCUMENTED or route.startswith("admin/"):
            continue
        if is_drf or route.startswith(JSON_PREFIXES):
            yield route, view


def undocumented(schema: dict[str, Any], urlconf: str = "demo_project.urls") -> list[str]:
    missing = []
    for route, view in json_endpoints(urlconf):
        documented = schema["paths"].get(openapi_path(route), {})
        if view is None:  # a plain view: at least one operation
            missing += [] if documented else [f"/{route}"]
            continue
        missing += [f"{m.upper()} /{route}" for m in METHODS if hasattr(view, m) and m not in documented]
    return missing


def test_the_schema_is_valid_openapi_3_without_generator_warnings(schema: dict[str, Any]) -> None:
    warnings = schema.pop("warnings")
    validate_schema(schema)
    assert warnings == []


def test_every_json_endpoint_and_method_is_documented(schema: dict[str, Any]) -> None:
    assert undocumented(schema) == []


class UndocumentedView(AuthStateAPIView):
    def put(self, request: Any) -> Any:
        raise NotImplementedError


urlpatterns = [
    *get_resolver("demo_project.urls").url_patterns,
    path("api/undocumented", UndocumentedView.as_view()),
    path("oauth2/plain", lambda request: None),
]


def test_a_new_endpoint_without_a_schema_is_reported(schema: dict[str, Any]) -> None:
    assert undocumented(schema, urlconf=__name__) == ["PUT /api/undocumented", "/oauth2/plain"]


def test_operation_ids_are_unique(schema: dict[str, Any]) -> None:
    ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_plain_json_views_outside_api_are_documented_too(schema: dict[str, Any]) -> None:
    assert "post" in schema["paths"]["/login/webauthn"]
    assert {"/health", "/metrics", "/oauth2/token", "/.well-known/openid-configuration"} <= set(schema["paths"])


def test_the_walker_sees_the_core_endpoints() -> None:
    found = {route for route, _ in json_endpoints()}
    assert {"api/auth", "api/mfa/login", "api/me", "api/auth/refresh", "logout"} <= found


def test_errors_use_the_shared_envelope(schema: dict[str, Any]) -> None:
    envelope = {"$ref": "#/components/schemas/ErrorEnvelope"}
    login = schema["paths"]["/api/auth"]["post"]["responses"]
    assert login["401"]["content"]["application/json"]["schema"] == envelope
    assert "`invalid_credentials`" in login["401"]["description"]
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "message"]


def test_security_schemes_are_bearer_and_session(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["sessionAuth"]["in"] == "cookie"
    assert schema["paths"]["/api/auth"]["post"].get("security", []) == []
    assert {"bearerAuth": []} in schema["paths"]["/api/me"]["get"]["security"]
    assert {} not in schema["paths"]["/api/me"]["get"]["security"]
    assert {} in schema["paths"]["/logout"]["post"]["security"]  # logout without a login is fine


def body_validator(schema: dict[str, Any], component: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator({"$ref": f"#/components/schemas/{component}", "components": schema["components"]})


def test_a_real_login_answer_matches_the_schema(schema: dict[str, Any], api: Any, user: Any) -> None:
    response = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    body_validator(schema, "LoginResult").validate(response.json())
    assert "200" in schema["paths"]["/api/auth"]["post"]["responses"]


def test_a_real_error_matches_the_envelope_and_the_wrong_shape_does_not(
    schema: dict[str, Any], api: Any, db: Any
) -> None:
    response = api.post_json("/api/auth", {"username": "nobody", "password": "x"})
    assert response.status_code == 401
    validator = body_validator(schema, "ErrorEnvelope")
    validator.validate(response.json())
    assert not validator.is_valid({"detail": "Not found."})


def test_the_demo_serves_the_schema(client: Any) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/auth" in response.json()["paths"]


def test_real_mfa_answers_match_the_schema(schema: dict[str, Any], api: Any, user: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()
    body_validator(schema, "LoginResult").validate(started)
    assert started["status"] == "MFA_REQUIRED"
    token = started["mfa_token"]
    challenge = api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"})
    assert challenge.status_code == 200
    body_validator(schema, "MfaChallenge").validate(challenge.json())
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert wrong.status_code == 401
    body_validator(schema, "ErrorEnvelope").validate(wrong.json())
    assert "`invalid_code`" in schema["paths"]["/api/mfa/verify"]["post"]["responses"]["401"]["description"]
    code = totp_code(device, time.time())
    done = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": code})
    assert done.status_code == 200, done.content
    body_validator(schema, "MfaVerifyResult").validate(done.json())


def test_the_schema_is_generated_once_per_process(client: Any, monkeypatch: Any) -> None:
    """Anonymous requests for /api/schema/ cost no generation after the first (issue 18)."""
    from drf_spectacular.generators import SchemaGenerator

    from demo_project import schema as schema_view

    schema_view.forget()
    calls: list[int] = []
    original = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda self, **kw: calls.append(1) or original(self, **kw))
    answers = [
        client.get(f"/api/schema/?version=v{n}", HTTP_ACCEPT="application/vnd.oai.openapi+json") for n in range(3)
    ]
    yaml_answer = client.get("/api/schema/")
    assert [a.status_code for a in answers] == [200] * 3 and yaml_answer.status_code == 200
    assert answers[0].json() == answers[2].json() and "/api/auth" in answers[0].json()["paths"]
    assert b"/api/auth" in yaml_answer.content
    assert calls == [1]
    schema_view.forget()
