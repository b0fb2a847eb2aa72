"""``path("", include("authstate.urls"))``: the flows ``AUTHSTATE["FLOWS"]`` declares.

The settings form of the flow registry: the same flows, URLs and endpoints as the DSL
(``authstate.registry.FlowRegistry``), for projects that keep configuration in settings. The
patterns are built when Django first reads them, from the settings of that moment.
"""

from __future__ import annotations

from typing import Any

from authstate.conf import auth_settings
from authstate.registry import FlowRegistry

__all__ = ["app_name", "urlpatterns"]  # noqa: F822  (urlpatterns comes from __getattr__, built on first read)


app_name = "authstate"


def __getattr__(name: str) -> Any:
    if name == "urlpatterns":
        return FlowRegistry.from_settings(auth_settings.flows).urls[0]
    raise AttributeError(name)
