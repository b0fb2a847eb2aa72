"""Translatable text for people, typed as the ``str`` Django's APIs ask for.

``gettext_lazy`` returns a lazy proxy that becomes the active language's text when shown; Django's
check messages, form errors and exceptions accept it, but their stubs say ``str``. This alias keeps
the laziness and says ``str``, so modules write ``_("...")`` as Django does.

``interpolate`` fills ``%(name)s`` placeholders lazily: ``_("...") % {...}`` would translate at
once, which is too early for text made before a request (or before the app registry is ready).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _lazy

__all__ = ["gettext_lazy", "interpolate", "text_of"]


def gettext_lazy(message: str) -> str:
    return _lazy(message)  # type: ignore[return-value]


def _interpolate(message: str, params: Mapping[str, Any]) -> str:
    return str(message) % params


_interpolate_lazy = lazy(_interpolate, str)


def interpolate(message: str, params: Mapping[str, Any]) -> str:
    """``message % params``, done when the text is shown, in the language active then."""
    return _interpolate_lazy(message, params)


def text_of(error: BaseException) -> str:
    """An exception's message, still lazy when it was raised with lazy text (``str(error)`` is not)."""
    if len(error.args) == 1 and isinstance(error.args[0], str | Promise):
        return error.args[0]  # type: ignore[return-value]  # lazy text, shown as str
    return str(error)
