"""Reading passkey request bodies: ``{"credential": {...}}`` and an optional ``name``."""

from __future__ import annotations

import json
from typing import Any

from authstate._translation import gettext_lazy as _
from authstate.exceptions import InvalidRequest

__all__ = ["credential", "name"]


def credential(data: Any) -> dict[str, Any]:
    """The ``credential`` object; a form post may carry it as a JSON string."""
    value = data.get("credential") if hasattr(data, "get") else None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):  # a string nested 50,000 levels deep is not a credential
            value = None
    if not isinstance(value, dict):
        raise InvalidRequest(_('Send the passkey as {"credential": {...}}.'))
    return value


def name(data: Any) -> str:
    value = data.get("name", "") if hasattr(data, "get") else ""
    if not isinstance(value, str):
        raise InvalidRequest(_('"name" must be a string.'))
    return value
