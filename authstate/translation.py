"""Translatable text for people, typed as the ``str`` Django's APIs ask for.

``gettext_lazy`` returns a lazy proxy that becomes the active language's text when shown; Django's
check messages, form errors and exceptions accept it, but their stubs say ``str``. This alias keeps
the laziness and says ``str``, so modules write ``_("...")`` as Django does.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _lazy


def gettext_lazy(message: str) -> str:
    return _lazy(message)  # type: ignore[return-value]
