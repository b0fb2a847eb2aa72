"""A minimal reader of the gettext ``.po`` files ``bin/messages`` writes (no third-party parser needed)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str]:
        return (self.msgctxt, self.msgid, self.msgid_plural)


def read(path: Path) -> list[Entry]:
    """Every entry of a ``.po`` file as gettext writes it (entries apart by a blank line), header first."""
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    return [entry for entry in map(_entry, blocks) if entry is not None]


def _entry(block: str) -> Entry | None:
    entry, target = Entry(), None
    for raw in block.splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            entry.obsolete, line = True, line[2:].strip()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, text = ("", "", line) if line.startswith('"') else line.partition(" ")
        if keyword:
            target = ("msgstr", int(keyword[7:-1])) if keyword.startswith("msgstr[") else (keyword, 0)
            _set(entry, target, "")
        assert target is not None, f"text before any keyword: {line!r}"
        _set(entry, target, _get(entry, target) + ast.literal_eval(text))
    return entry if target is not None else None


def _get(entry: Entry, target: tuple[str, int]) -> str:
    name, index = target
    if name == "msgstr":
        return entry.msgstr.get(index, "")
    return getattr(entry, name) or ""


def _set(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = text
    else:
        setattr(entry, name, text)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))
