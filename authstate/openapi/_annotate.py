"""``document()``: describe a view by its import path, without touching the view's module.

Each call defines an ``OpenApiViewExtension`` (drf-spectacular registers subclasses as they are
created) whose replacement view is a subclass carrying ``extend_schema`` on the named methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import extend_schema, extend_schema_view

__all__ = ["Schema", "document"]


Schema = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]


def document(target: str, *, tags: list[str], **methods: Schema) -> type[OpenApiViewExtension]:
    """``document("pkg.View", tags=[...], post={"request": ..., "responses": ...})``.

    A method's schema may instead be a function of the view's ``as_view()`` keyword arguments,
    for one view class mounted several times (``EnrollmentView(factor="totp", step="setup")``).
    """

    def view_replacement(self: OpenApiViewExtension) -> Any:
        initkwargs = getattr(self.target_callback, "initkwargs", {}) or {}
        original = self.target_class
        assert isinstance(original, type)  # drf-spectacular has imported it from the path by now
        view = type(original.__name__, (original,), {"__module__": original.__module__})
        decorators = {
            method: extend_schema(tags=tags, **(schema(initkwargs) if callable(schema) else schema))
            for method, schema in methods.items()
        }
        return extend_schema_view(**decorators)(view)

    name = target.rsplit(".", 1)[-1] + "Schema"
    return type(name, (OpenApiViewExtension,), {"target_class": target, "view_replacement": view_replacement})
