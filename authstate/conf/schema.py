"""The shape of a setting declaration: an option or a group of them.

Kept apart from the defaults so that the data in ``defaults.py`` reads like the Spring table it
mirrors, and so tools (the properties printer, the docs generator, the checks) share one walker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SPRING_PREFIX", "Group", "Option", "authstate_path", "kebab", "spring_key", "walk"]


SPRING_PREFIX = "spring.auth"


@dataclass(frozen=True)
class Option:
    """One setting: its ``AUTHSTATE`` key, default, type and unit, and why it exists."""

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
        return self.key.lower()


@dataclass(frozen=True)
class Group:
    """A nested block such as ``OAUTH2`` or ``MFA.REDIS``."""

    key: str
    help: str
    children: tuple[Option | Group, ...] = field(default_factory=tuple)
    spring: bool = True

    @property
    def attr(self) -> str:
        return self.key.lower()

    def child(self, key: str) -> Option | Group | None:
        return next((c for c in self.children if c.key == key), None)


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
