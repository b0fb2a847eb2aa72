"""How a setting is declared, and the schema the tools walk.

Each settings group is a frozen dataclass (``authstate.conf.defaults``) whose fields are
declared with :func:`option` or :func:`group`: the field's annotation is the type code reads
(``timedelta``, an enum, ``tuple[str, ...]``), its metadata the ``AUTHSTATE`` key, default,
unit and help in the units and spelling of ``spring.auth.*``. :func:`schema` reads that
metadata back as :class:`Group` and :class:`Option` views, so the loader, the properties
printer, the docs generator and the checks share one declaration and one walker.

The attribute rule: an option's attribute is its key in lower case; a duration (an option
with a unit) is a ``timedelta`` and its attribute drops the unit suffix of the key
(``SESSION_TIMEOUT_MS`` → ``session_timeout``, ``OTP_TOKEN_VALIDITY_SECONDS`` →
``otp_token_validity``, ``CLEANUP_INTERVAL_MINUTES`` → ``cleanup_interval``). :func:`schema`
refuses a declaration that breaks it.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar, Union, dataclass_transform, get_args, get_origin, get_type_hints

__all__ = ["SPRING_PREFIX", "Group", "Option", "authstate_path", "kebab", "spring_key", "walk"]


SPRING_PREFIX = "spring.auth"
T = TypeVar("T")

MS = "ms"
SECONDS = "s"
MINUTES = "min"
#: The ``timedelta`` keyword of each unit, and the key suffix a duration's attribute drops.
UNITS = {MS: ("milliseconds", "_MS"), SECONDS: ("seconds", "_SECONDS"), MINUTES: ("minutes", "_MINUTES")}


@dataclass(frozen=True)
class Option:
    """One setting as users write it: ``AUTHSTATE`` key, default, type and unit, and why it exists."""

    key: str
    default: Any
    type: Any
    help: str
    unit: str = ""
    spring: bool = True
    """False for authstate's own additions that have no ``spring.auth.*`` counterpart."""
    nullable: bool = False
    secret: bool = False
    """Printed masked by ``authstate_settings`` unless it still has its (public) default."""

    @property
    def attr(self) -> str:
        """The attribute code reads (the rule in the module docstring)."""
        if self.unit:
            return self.key.removesuffix(UNITS[self.unit][1]).lower()
        return self.key.lower()

    def python_value(self, value: Any) -> Any:
        """The value code reads for ``value`` as the user wrote it: durations as ``timedelta``."""
        if value is None:
            return None
        if self.unit:
            return timedelta(**{UNITS[self.unit][0]: value})
        if isinstance(value, list):
            return tuple(value)
        return value


@dataclass(frozen=True)
class Group:
    """A nested block such as ``OAUTH2`` or ``MFA.REDIS``, read as an instance of ``cls``."""

    key: str
    help: str
    children: tuple[Option | Group, ...] = field(default_factory=tuple)
    spring: bool = True
    cls: type | None = None

    @property
    def attr(self) -> str:
        return self.key.lower()

    def child(self, key: str) -> Option | Group | None:
        return next((c for c in self.children if c.key == key), None)


@dataclass(frozen=True)
class _OptionSpec:
    key: str
    default: Any
    help: str
    unit: str
    spring: bool
    secret: bool


@dataclass(frozen=True)
class _GroupSpec:
    key: str
    help: str
    spring: bool


def option(key: str, default: Any, help: str, *, unit: str = "", spring: bool = True, secret: bool = False) -> Any:
    """Declare a settings field; ``default`` is in the user's unit (milliseconds for ``unit=MS``)."""
    return field(metadata={"authstate": _OptionSpec(key, default, help, unit, spring, secret)})


def group(key: str, help: str, *, spring: bool = True) -> Any:
    """Declare a nested block; the field's annotation is the block's dataclass."""
    return field(metadata={"authstate": _GroupSpec(key, help, spring)})


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(option, group))
def settings_group(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen, keyword-only dataclass of :func:`option` and :func:`group` fields."""
    return dataclass(frozen=True, kw_only=True)(cls)


def schema(cls: type, key: str = "", help: str = "spring.auth.*", spring: bool = True) -> Group:
    """The :class:`Group` view of a settings dataclass, nested groups included."""
    hints = get_type_hints(cls)
    children: list[Option | Group] = []
    for each in dataclasses.fields(cls):
        spec = each.metadata["authstate"]
        if isinstance(spec, _GroupSpec):
            children.append(schema(hints[each.name], spec.key, spec.help, spec.spring))
        else:
            children.append(_option(spec, hints[each.name]))
        if children[-1].attr != each.name:
            raise TypeError(f"{cls.__name__}.{each.name} must be named {children[-1].attr!r} (the attribute rule)")
    return Group(key, help, tuple(children), spring, cls)


def _option(spec: _OptionSpec, annotation: Any) -> Option:
    nullable = _is_optional(annotation)
    kind = _user_type(next(a for a in get_args(annotation) if a is not type(None)) if nullable else annotation)
    if bool(spec.unit) != (annotation is timedelta):
        raise TypeError(f"{spec.key}: an option has a unit exactly when it is annotated timedelta")
    return Option(spec.key, spec.default, kind, spec.help, spec.unit, spec.spring, nullable, spec.secret)


def _is_optional(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def _user_type(annotation: Any) -> Any:
    """The type users write for a field: ``int`` for a duration, ``list`` for a tuple."""
    if annotation is timedelta:
        return int
    if get_origin(annotation) is tuple:
        return types.GenericAlias(list, (_user_type(get_args(annotation)[0]),))
    if get_origin(annotation) is dict:
        return dict
    return annotation


def kebab(key: str) -> str:
    return key.lower().replace("_", "-")


def walk(group: Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Option]]:
    """Yield ``(path, option)`` for every option below ``group``, depth first, in order."""
    for child in group.children:
        if isinstance(child, Group):
            yield from walk(child, (*path, child.key))
        else:
            yield (*path, child.key), child


def spring_key(path: tuple[str, ...]) -> str:
    return ".".join([SPRING_PREFIX, *(kebab(part) for part in path)])


def authstate_path(path: tuple[str, ...]) -> str:
    return "AUTHSTATE" + "".join(f'["{part}"]' for part in path)
