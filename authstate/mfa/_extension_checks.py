"""System checks of ``MFA.FACTORS`` and ``MFA.STORES``, the settings that add factors and stores.

E045 an entry that cannot be imported, E046 an entry that is not a usable subclass of the contract
(``Factor``, ``MfaStore``) or is abstract, E047 two entries with one name (only the first is used),
E048 a store key (``SESSION_STORAGE_TYPE``, ``REPOSITORY_PRIORITY``, ``FALLBACK_REPOSITORY_TYPE``)
naming no configured store. An entry whose optional dependency is missing is not an error: it is
left out, as ``passkey`` is without ``webauthn`` (its own check says so).
"""

from __future__ import annotations

import difflib

from django.core.checks import CheckMessage, Error

from authstate import _extensions as extensions
from authstate._translation import gettext_lazy as _
from authstate._translation import interpolate
from authstate.conf import auth_settings
from authstate.factors.base import Factor
from authstate.mfa.stores.base import MfaStore

__all__ = ["CONTRACTS", "check_extensions"]


CONTRACTS = {"FACTORS": Factor, "STORES": MfaStore}


def check_extensions() -> list[CheckMessage]:
    found: list[CheckMessage] = []
    for key, base in CONTRACTS.items():
        entries = extensions.resolve(getattr(auth_settings.mfa, key.lower()), base)
        found += [error for entry in entries if (error := _entry_error(key, entry)) is not None]
        found += _duplicates(key, entries)
    return [*found, *_store_names()]


def _setting(key: str) -> str:
    return f'AUTHSTATE["MFA"]["{key}"]'


def _entry_error(key: str, entry: extensions.Entry) -> Error | None:
    values = {"setting": _setting(key), "path": entry.path, "detail": entry.detail}
    if entry.problem is extensions.Problem.IMPORT:
        message = _("%(setting)s entry %(path)r cannot be imported: %(detail)s")
        hint = _("Give the dotted import path of the class, as in myproject.push.PushFactor.")
        return Error(interpolate(message, values), hint=hint, id="authstate.E045")
    if entry.problem is extensions.Problem.TYPE:
        message = _("%(setting)s entry %(path)r is not a subclass of %(detail)s with a name")
        hint = _("Subclass %(detail)s and give the class a name attribute.")
        return Error(interpolate(message, values), hint=interpolate(hint, values), id="authstate.E046")
    if entry.problem is extensions.Problem.ABSTRACT:
        message = _("%(setting)s entry %(path)r does not implement %(detail)s")
        hint = _("Implement every abstract method of the contract it subclasses.")
        return Error(interpolate(message, values), hint=hint, id="authstate.E046")
    return None


def _duplicates(key: str, entries: list[extensions.Entry]) -> list[CheckMessage]:
    first: dict[str, str] = {}
    found: list[CheckMessage] = []
    for entry in entries:
        if entry.problem is not None:
            continue
        if entry.name not in first:
            first[entry.name] = entry.path
            continue
        values = {"setting": _setting(key), "first": first[entry.name], "path": entry.path, "name": entry.name}
        message = _("%(setting)s entries %(first)r and %(path)r are both called %(name)r; only the first is used")
        hint = _("Give each class its own name attribute, or list only one of them.")
        found.append(Error(interpolate(message, values), hint=hint, id="authstate.E047"))
    return found


def _store_names() -> list[CheckMessage]:
    from authstate.mfa.stores import configured

    known = sorted(configured())
    mfa = auth_settings.mfa
    named = [
        ("SESSION_STORAGE_TYPE", mfa.session_storage_type),
        ("FALLBACK_REPOSITORY_TYPE", mfa.fallback_repository_type),
    ]
    named += [("REPOSITORY_PRIORITY", name) for name in mfa.repository_priority]
    return [_unknown_store(key, str(name), known) for key, name in named if str(name) not in known]


def _unknown_store(key: str, name: str, known: list[str]) -> Error:
    values = {"setting": _setting(key), "name": name, "stores": _setting("STORES"), "known": ", ".join(known)}
    message = _("%(setting)s names the store %(name)r, but no entry of %(stores)s is called so")
    close = difflib.get_close_matches(name, known, n=1)
    hint = _('Did you mean "%(key)s"?') if close else _("Configured stores: %(known)s.")
    return Error(
        interpolate(message, values),
        hint=interpolate(hint, {**values, "key": close[0] if close else ""}),
        id="authstate.E048",
    )
