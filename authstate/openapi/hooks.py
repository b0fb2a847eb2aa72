"""``plain_views``: a drf-spectacular post-processing hook adding authstate's plain Django views."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from authstate.openapi.plain import COMPONENTS, OPERATIONS

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def plain_views(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """Add every plain authstate view mounted in the URLconf, with its tag and shared components."""
    found = False
    for route, callback in _routes(get_resolver(getattr(generator, "urlconf", None)).url_patterns):
        operations = OPERATIONS.get(f"{callback.__module__}.{callback.__qualname__}")
        if operations:
            found = True
            path = "/" + PARAMETER.sub(r"{\1}", route)
            tag = "oauth2" if "oauth2" in callback.__module__ else "operations"
            result["paths"][path] = {
                m: {"operationId": f"{callback.__name__}_{m}", "tags": [tag], **op} for m, op in operations.items()
            }
    if found:
        components = result.setdefault("components", {})
        components.setdefault("schemas", {}).update(COMPONENTS)
        components.setdefault("securitySchemes", {})["clientBasic"] = {"type": "http", "scheme": "basic"}
    return result


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback
