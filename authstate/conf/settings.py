"""The one settings object: ``auth_settings``.

Values are read through attributes, lower-case and nested like the Spring tree
(``auth_settings.mfa.redis.key_prefix``), always inside functions. The object parses
``settings.AUTHSTATE`` once, caches the result, and drops the cache when Django's
``setting_changed`` signal names ``AUTHSTATE`` — so ``override_settings`` and pytest-django's
``settings`` fixture take effect at once and no request ever parses settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from authstate.conf.defaults import ROOT
from authstate.conf.loader import Problem, load

__all__ = ["AuthStateSettings", "Namespace", "auth_settings"]


T = TypeVar("T")


class Namespace:
    """A read-only view of one settings block, with attribute access."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = {key: Namespace(value) if isinstance(value, dict) else value for key, value in values.items()}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"AUTHSTATE has no setting {name!r}") from None

    def as_dict(self) -> dict[str, Any]:
        return {key: value.as_dict() if isinstance(value, Namespace) else value for key, value in self._values.items()}


class AuthStateSettings:
    """Lazily parsed ``AUTHSTATE``; see the module docstring."""

    def __init__(self) -> None:
        self._root: Namespace | None = None
        self._problems: list[Problem] = []
        self._cache: dict[str, Any] = {}

    def _load(self) -> Namespace:
        raw = getattr(django_settings, "AUTHSTATE", None)
        values, self._problems = load(ROOT, raw)
        self._root = Namespace(values)
        return self._root

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        root = self._root or self._load()
        return getattr(root, name)

    @property
    def problems(self) -> list[Problem]:
        if self._root is None:
            self._load()
        return list(self._problems)

    def as_dict(self) -> dict[str, Any]:
        return (self._root or self._load()).as_dict()

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """Cache a value computed from settings until the next reload (signing keys, durations)."""
        if key not in self._cache:
            self._cache[key] = build()
        value: T = self._cache[key]
        return value

    def ms(self, value: int) -> timedelta:
        return timedelta(milliseconds=value)

    def reload(self) -> None:
        self._root = None
        self._problems = []
        self._cache = {}


auth_settings = AuthStateSettings()


@receiver(setting_changed)
def _reload_on_change(*, setting: str, **kwargs: Any) -> None:
    if setting in {"AUTHSTATE", "SECRET_KEY", "CACHES", "DEBUG"}:
        auth_settings.reload()
