"""The one settings object: ``auth_settings``.

Values are read through attributes, lower-case and nested like the Spring tree
(``auth_settings.mfa.redis.key_prefix``), always inside functions. Each block is a frozen
dataclass with annotated fields (``authstate.conf.defaults``), so mypy knows every value:
durations are ``timedelta`` and their attribute drops the key's unit suffix
(``AUTHSTATE["MFA"]["SESSION_TIMEOUT_MS"]`` is ``auth_settings.mfa.session_timeout``), enums are
their ``SettingEnum``, lists are tuples. The object parses ``settings.AUTHSTATE`` on first
read, keeps the result, and drops it when Django's ``setting_changed`` signal names
``AUTHSTATE`` — so ``override_settings`` and pytest-django's ``settings`` fixture take effect at
once and no request ever parses settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from authstate.conf._loader import Problem, build, load
from authstate.conf.defaults import ROOT, RootSettings

__all__ = ["AuthStateSettings", "auth_settings"]


T = TypeVar("T")
_FIELDS = frozenset(each.name for each in dataclasses.fields(RootSettings))


class AuthStateSettings(RootSettings):
    """``RootSettings`` filled lazily and in place; see the module docstring.

    Loaded values sit in the instance ``__dict__``, where attribute reads find them at plain
    attribute speed; ``reload()`` removes them, so the next read comes to ``__getattr__``.
    """

    def __init__(self) -> None:
        self.__dict__.update(_problems=[], _user=None, _cache={})

    if not TYPE_CHECKING:  # mypy reads the typed fields of RootSettings, and flags unknown names

        def __getattr__(self, name: str) -> Any:
            if name not in _FIELDS:
                raise AttributeError(f"AUTHSTATE has no setting {name!r}")
            self._load()
            return self.__dict__[name]

    def _load(self) -> None:
        user, problems = load(ROOT, getattr(django_settings, "AUTHSTATE", None))
        typed = build(ROOT, user)
        self.__dict__.update(vars(typed), _problems=problems, _user=user)

    @property
    def problems(self) -> list[Problem]:
        self._loaded()
        return list(self.__dict__["_problems"])

    def as_dict(self) -> dict[str, Any]:
        """The effective settings as the user writes them: nested, lower-case keys, Spring units."""
        self._loaded()
        user: dict[str, Any] = self.__dict__["_user"]
        return user

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """Cache a value computed from settings until the next reload (signing keys, stage lists)."""
        cache: dict[str, Any] = self.__dict__["_cache"]
        if key not in cache:
            cache[key] = make()
        return cast(T, cache[key])

    def reload(self) -> None:
        for name in _FIELDS:
            self.__dict__.pop(name, None)
        self.__dict__.update(_problems=[], _user=None, _cache={})

    def _loaded(self) -> None:
        if self.__dict__["_user"] is None:
            self._load()


auth_settings = AuthStateSettings()


@receiver(setting_changed)
def _reload_on_change(*, setting: str, **kwargs: Any) -> None:
    if setting in {"AUTHSTATE", "SECRET_KEY", "CACHES", "DEBUG"}:
        auth_settings.reload()
