"""Every URL the demo serves, as concrete paths, so security tests cover endpoints as they land."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

#: A sample value per path converter, enough to reach the view (which then 404s or works).
SAMPLES = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-0000-0000-000000000001",
    "path": "x",
    "enrollable_factor": "totp",  # the converter matches configured two-step factors only
}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")


@dataclass(frozen=True)
class Endpoint:
    path: str
    name: str
    view: Any


def endpoints(prefix_excluded: tuple[str, ...] = ("/admin/", "/static/")) -> list[Endpoint]:
    found = [e for e in _walk(get_resolver().url_patterns, "") if not e.path.startswith(prefix_excluded)]
    return sorted({e.path: e for e in found}.values(), key=lambda e: e.path)


def _walk(patterns: list[Any], prefix: str) -> Iterator[Endpoint]:
    for pattern in patterns:
        route = prefix + _route(pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield Endpoint("/" + _concrete(route), pattern.name or "", pattern.callback)


def _route(pattern: Any) -> str:
    return str(pattern.pattern).lstrip("^").rstrip("$")


def _concrete(route: str) -> str:
    return CONVERTER.sub(lambda m: SAMPLES.get(m.group("kind") or "str", "sample"), route)


def view_class(endpoint: Endpoint) -> Any:
    """The class behind ``as_view()`` (DRF or Django), or the function itself."""
    return getattr(endpoint.view, "cls", None) or getattr(endpoint.view, "view_class", None) or endpoint.view
