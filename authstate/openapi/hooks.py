"""``plain_views``: a drf-spectacular post-processing hook adding authstate's plain Django views."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from authstate.openapi._plain import COMPONENTS, OPERATIONS

__all__ = ["plain_views"]


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def plain_views(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """Add every plain authstate view mounted in the URLconf, with its tag and shared components."""
    found = False
    for route, callback in _routes(get_resolver(getattr(generator, "urlconf", None)).url_patterns):
        operations = OPERATIONS.get(f"{callback.__module__}.{callback.__qualname__}")
        if operations:
            found = True
            path = "/" + PARAMETER.sub(r"{\1}", route)
            tag = next((t for t in ("oauth2", "passkeys") if t in callback.__module__), "operations")
            result["paths"][path] = {
                m: {"operationId": _operation_id(path, m), "tags": [tag], **op} for m, op in operations.items()
            }
    if found:
        components = result.setdefault("components", {})
        components.setdefault("schemas", {}).update(COMPONENTS)
        components.setdefault("securitySchemes", {})["clientBasic"] = {"type": "http", "scheme": "basic"}
    return result


def _operation_id(path: str, method: str) -> str:
    """Unique per path and method, like drf-spectacular's own (``oauth2_token_create``)."""
    return re.sub(r"\W+", "_", path).strip("_") + "_" + method


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback
