"""Schema fuzzing: schemathesis generates requests for every operation of ``/api/schema/``.

Every operation runs twice, anonymous and with a bearer token of a fresh login; each answer must
not be a server error and must match the schema (status, content type, body). The example count
per operation and caller comes from ``FUZZ_EXAMPLES`` (CI small; see docs/security.md for the
full run). The schema is loaded at module level over WSGI: schemathesis' pytest-fixture loader
does not work on pytest 9.2.
"""

from __future__ import annotations

import os
from typing import Any

import django
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from tests.fuzz.counting import COUNT  # noqa: E402

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

pytestmark = pytest.mark.django_db(transaction=True)

#: No server error, and every answer as documented: status, content type, headers, body.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def check(case: Any, response: Any) -> None:
    """Validate; a path no URL pattern matches (a non-integer id) gets the project's own 404 page,
    which is not authstate's answer to document, so only "no server error" applies to it."""
    COUNT.add(case, response)
    if response.status_code == 404 and _unrouted(case.formatted_path):
        case.validate_response(response, checks=[not_a_server_error])
        return
    case.validate_response(response, checks=CHECKS)


def _unrouted(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return True
    return False


def _settings(test: Any) -> Any:
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )(test)


@schema.parametrize()
@_settings
def test_anonymous(case: Any) -> None:
    check(case, case.call())


@schema.parametrize()
@_settings
def test_authenticated(case: Any, bearer_token: str) -> None:
    check(case, case.call(headers={"Authorization": f"Bearer {bearer_token}"}))
