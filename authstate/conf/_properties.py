"""Render effective settings the way Spring writes them, so teams can diff the two."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from authstate.conf._schema import Option, authstate_path, spring_key, walk
from authstate.conf.defaults import ROOT

__all__ = ["describe", "json_value", "rows", "spring_value"]


def spring_value(value: Any) -> str:
    """``true``/``false``, enums by value, lists comma-joined, unset as the empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value).upper() if value.value.isupper() else str(value.value)
    if isinstance(value, list):
        return ",".join(spring_value(item) for item in value)
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [json_value(item) for item in value]
    return value


def rows(values: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], Option, Any]]:
    """Yield ``(path, option, effective value)`` for every option, in declaration order."""
    for path, option in walk(ROOT):
        node: Any = values
        for part in path:
            node = node[part.lower()]
        yield path, option, node


def describe(path: tuple[str, ...]) -> dict[str, str]:
    return {"spring": spring_key(path), "authstate": authstate_path(path)}
