"""Turn a user's ``AUTHSTATE`` dict into typed values, recording every problem instead of raising.

:func:`load` checks and coerces what the user wrote, in the user's units; :func:`build` turns
that into the settings dataclasses code reads (durations as ``timedelta``). Problems become
system-check errors (``authstate.conf._checks``); the loader falls back to the default for a bad
value so that ``manage.py check`` can run and report them all at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from authstate._translation import gettext_lazy as _
from authstate._translation import interpolate, text_of
from authstate.conf._schema import Group, Option, authstate_path, walk
from authstate.conf.enums import SettingEnum, StoreName

__all__ = ["Problem", "coerce", "load"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's ``AUTHSTATE``, with a system-check id."""

    id: str
    path: str
    message: str
    hint: str = ""


def load(group: Group, raw: Any, path: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[Problem]]:
    """Return ``(values, problems)``; ``values`` is nested dicts keyed by lower-case keys, in user units."""
    problems: list[Problem] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(Problem("authstate.E002", authstate_path(path), _("must be a dict")))
        raw = {}
    problems += _unknown_keys(group, raw, path)
    values: dict[str, Any] = {}
    for child in group.children:
        child_path = (*path, child.key)
        if isinstance(child, Group):
            values[child.key.lower()], nested = load(child, raw.get(child.key), child_path)
            problems += nested
        else:
            values[child.key.lower()], problem = _coerce_option(child, raw, child_path)
            problems += problem
    return values, problems


def build(group: Group, values: dict[str, Any]) -> Any:
    """An instance of ``group.cls`` holding ``values`` (the output of :func:`load`) as code reads them."""
    assert group.cls is not None
    return group.cls(**{child.attr: _typed(child, values[child.key.lower()]) for child in group.children})


def _typed(child: Option | Group, value: Any) -> Any:
    return build(child, value) if isinstance(child, Group) else child.python_value(value)


def _unknown_keys(group: Group, raw: dict[Any, Any], path: tuple[str, ...]) -> list[Problem]:
    known = [child.key for child in group.children]
    problems = []
    for key in raw:
        if key in known:
            continue
        problems.append(
            Problem(
                "authstate.E001",
                authstate_path((*path, str(key))),
                _("is not a known setting"),
                _hint(group, path, key),
            )
        )
    return problems


def _hint(group: Group, path: tuple[str, ...], key: object) -> str:
    """A key of a nested block names where it belongs; a misspelt one, the nearest key here."""
    wanted = str(key).upper().replace("-", "_")
    elsewhere = [where for where, _ in walk(group) if where[-1] == wanted and len(where) > 1]
    if elsewhere:
        block = "/".join(elsewhere[0][:-1])
        where = authstate_path((*path, *elsewhere[0]))
        return interpolate(
            _('"%(key)s" belongs under %(block)s: %(path)s.'), {"key": wanted, "block": block, "path": where}
        )
    known = [child.key for child in group.children]
    close = difflib.get_close_matches(wanted, known, n=1)
    if close:
        return interpolate(_('Did you mean "%(key)s"?'), {"key": close[0]})
    return interpolate(_("Known keys: %(keys)s."), {"keys": ", ".join(known)})


def _coerce_option(option: Option, raw: dict[str, Any], path: tuple[str, ...]) -> tuple[Any, list[Problem]]:
    if option.key not in raw:
        return option.default, []
    value = raw[option.key]
    if value is None and option.nullable:
        return None, []
    try:
        return coerce(option.type, value), []
    except (TypeError, ValueError) as exc:
        if isinstance(option.type, type) and issubclass(option.type, SettingEnum):
            hint = _nearest(option.type.choices(), value) or option.help
            return option.default, [Problem("authstate.E003", authstate_path(path), text_of(exc), hint)]
        return option.default, [Problem("authstate.E002", authstate_path(path), text_of(exc), option.help)]


def _nearest(choices: list[str], value: object) -> str:
    """``"HEAD"`` → ``Did you mean "HEADER"?`` (a prefix counts as near, as difflib alone misses it)."""
    wanted = str(value).strip().upper().replace("-", "_")
    folded = {choice.upper(): choice for choice in choices}
    close = [choice for upper, choice in folded.items() if upper.startswith(wanted) and wanted]
    close = close or difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.5)
    return interpolate(_('Did you mean "%(key)s"?'), {"key": folded.get(close[0], close[0])}) if close else ""


def coerce(kind: Any, value: Any) -> Any:
    """Coerce ``value`` to ``kind``; accept the strings an environment variable would give."""
    if get_origin(kind) is list:
        (item_kind,) = get_args(kind)
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise TypeError(interpolate(_("expected a list, got %(type)s"), {"type": type(value).__name__}))
        return [coerce(item_kind, item) for item in items]
    if isinstance(kind, type) and issubclass(kind, SettingEnum | StoreName):
        return kind.parse(value)
    if kind is dict:
        if not isinstance(value, dict):
            raise TypeError(interpolate(_("expected a dict, got %(type)s"), {"type": type(value).__name__}))
        return value
    if kind is bool:
        return _coerce_bool(value)
    if kind is int:
        return _coerce_int(value)
    if not isinstance(value, str):
        raise TypeError(interpolate(_("expected a string, got %(type)s"), {"type": type(value).__name__}))
    return value


def _coerce_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise TypeError(interpolate(_("expected a boolean, got %(value)r"), {"value": value}))


def _coerce_int(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(interpolate(_("expected a whole number, got %(value)r"), {"value": value}))
    if value < 0:
        raise ValueError(interpolate(_("must not be negative, got %(value)s"), {"value": value}))
    return value
