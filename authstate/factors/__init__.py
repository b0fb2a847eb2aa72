"""The second factors on offer, by wire name: the classes ``AUTHSTATE["MFA"]["FACTORS"]`` names.

A project adds a factor by listing its class's import string there (``docs/extending.md``); its
``name`` is its wire name. The instances are built once per settings load, so an ``AUTHSTATE``
change (``override_settings``, pytest-django's ``settings``) takes effect at once. An entry whose
optional dependency is missing (``passkey`` without the ``webauthn`` extra) is left out quietly;
wrong entries are reported by ``manage.py check`` (E045-E047) and left out too.
"""

from __future__ import annotations

import logging

from authstate import _extensions as extensions
from authstate.conf import auth_settings
from authstate.factors.base import EnrolledDevice, Factor

logger = logging.getLogger("authstate.mfa")

__all__ = ["EnrolledDevice", "Factor", "configured", "factor_for"]


def configured() -> dict[str, Factor]:
    """Every usable factor of ``MFA.FACTORS`` by name, in the setting's order (its preference)."""
    built: dict[str, Factor] = auth_settings.derived("mfa_factors", _build)
    return built


def factor_for(name: str) -> Factor:
    """The configured factor called ``name``; ``KeyError`` for a name not configured."""
    return configured()[name]


def _build() -> dict[str, Factor]:
    entries = extensions.resolve(auth_settings.mfa.factors, Factor)
    for entry in entries:
        if entry.problem is not None:
            logger.debug("MFA factor %s unavailable (%s): %s", entry.path, entry.problem.value, entry.detail)
    return {name: found() for name, found in extensions.named(entries).items()}
