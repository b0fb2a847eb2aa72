"""System checks E03x for token cookies and rotation."""

from __future__ import annotations

from typing import Any

import pytest

from authstate.tokens._checks import check_tokens


def ids(configure: Any, **overrides: Any) -> set[str]:
    configure(**overrides)
    return {message.id for message in check_tokens() if message.id}


def test_defaults_pass(configure: Any) -> None:
    assert ids(configure) == set()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"TOKEN_TRANSPORT_TYPE": "COOKIE", "COOKIE_SAME_SITE": "None", "COOKIE_SECURE": False},
            {"authstate.E030", "authstate.E031"},
        ),
        ({"TOKEN_TRANSPORT_TYPE": "HEADER_COOKIE", "COOKIE_SAME_SITE": "Lax"}, {"authstate.E031"}),
        ({"TOKEN_TRANSPORT_TYPE": "HEADER_COOKIE", "COOKIE_SAME_SITE": "Lax", "OAUTH2_CSRF": True}, set()),
        ({"TOKEN_TRANSPORT_TYPE": "HEADER", "COOKIE_SAME_SITE": "Lax"}, set()),
        ({"TOKEN_TRANSPORT_TYPE": "COOKIE", "REFRESH_COOKIE_PATHS": ["api/auth/refresh"]}, {"authstate.E032"}),
        ({"REFRESH_REUSE_GRACE": 3_600_000}, {"authstate.E033"}),
    ],
)
def test_contradictions(configure: Any, overrides: dict[str, Any], expected: set[str]) -> None:
    assert ids(configure, **overrides) == expected
