"""Extension points named by import strings in settings: ``MFA.FACTORS`` and ``MFA.STORES``.

Each entry names a subclass of a contract (a store may also be an instance, as the per-process
memory store is); the contract's ``name`` class attribute is how settings, the registries and the
wire refer to it. ``resolve`` gives every entry a verdict (usable, or why not), so the system
checks (``authstate.mfa._checks``) and the registries (``authstate.factors``,
``authstate.mfa.stores``) judge an entry the same way and never disagree about what is on offer.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.utils.module_loading import import_string

__all__ = ["Entry", "Problem", "named", "resolve"]


class Problem(str, Enum):
    """Why an entry cannot be used."""

    IMPORT = "import"
    """The path itself is wrong: no such module, or no such attribute in it."""
    DEPENDENCY = "dependency"
    """The module exists but needs an optional package that is not installed (passkey: webauthn)."""
    TYPE = "type"
    """Not a subclass (or instance) of the contract, or without a ``name``."""
    ABSTRACT = "abstract"
    """A subclass that leaves some of the contract's methods unimplemented."""


@dataclass(frozen=True)
class Entry:
    """One import string of a setting, with what it names or why it cannot be used."""

    path: str
    found: Any = None
    problem: Problem | None = None
    detail: str = ""

    @property
    def name(self) -> str:
        return str(getattr(self.found, "name", ""))


def resolve(paths: Iterable[object], base: type) -> list[Entry]:
    """A verdict for each of ``paths`` against the contract ``base``, in order."""
    return [_entry(str(path), base) for path in paths]


def named(entries: Iterable[Entry]) -> dict[str, Any]:
    """``name`` → class or instance of each usable entry; of two with one name the first wins."""
    found: dict[str, Any] = {}
    for entry in entries:
        if entry.problem is None:
            found.setdefault(entry.name, entry.found)
    return found


def _entry(path: str, base: type) -> Entry:
    try:
        found = import_string(path)
    except ImportError as error:
        missing = str(getattr(error, "name", None) or "")
        own = not missing or path == missing or path.startswith(f"{missing}.")
        return Entry(path, problem=Problem.IMPORT if own else Problem.DEPENDENCY, detail=str(error))
    kind = found if isinstance(found, type) else type(found)
    if not issubclass(kind, base) or not isinstance(getattr(found, "name", None), str) or not found.name:
        return Entry(path, problem=Problem.TYPE, detail=f"{base.__module__}.{base.__qualname__}")
    if isinstance(found, type) and inspect.isabstract(found):
        unimplemented = sorted(getattr(found, "__abstractmethods__", ()))
        return Entry(path, problem=Problem.ABSTRACT, detail=", ".join(unimplemented))
    return Entry(path, found)
