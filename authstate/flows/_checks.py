"""``authstate.E021``: the flows ``AUTHSTATE["FLOWS"]`` declares build a registry.

The same builder ``include("authstate.urls")`` uses, so a flow ``check`` accepts is a flow the
URLconf mounts; every problem names the entry and the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.registry import FlowRegistry

__all__ = ["check_declared_flows"]


@register(Tags.urls, "authstate")
def check_declared_flows(app_configs: Iterable[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not auth_settings.flows:
        return []
    try:
        FlowRegistry.from_settings(auth_settings.flows)
    except ImproperlyConfigured as error:
        hint = _(
            "Keys are the DSL's options in UPPER_SNAKE: TYPE, NAME, LOGIN_PAGE or LOGIN_PROCESSING_URL, "
            "STATE, FACTORS_REQUIRED, TEMPLATE_NAME (docs/api.md, flows declared in settings)."
        )
        return [Error(str(error), hint=hint, id="authstate.E021")]
    return []
