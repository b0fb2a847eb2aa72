"""What every ``authstate_*`` command shares: ``--format text|json`` and one way to write results.

People read the text form; scripts read ``--format json``, one JSON document on stdout whatever
the action (dates as ISO 8601 strings). Failures are ``CommandError`` (exit status 1, the message
on stderr) in both forms, so a script checks the exit status, never the text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

__all__ = ["FORMATS", "add_format_argument", "emit"]


FORMATS = ("text", "json")


def add_format_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people (default); json: one JSON document on stdout, for scripts.",
    )


def emit(command: BaseCommand, fmt: str, data: Any, text: Callable[[], Iterable[str]]) -> None:
    """Write ``data`` as JSON, or the lines ``text()`` makes from it."""
    if fmt == "json":
        command.stdout.write(json.dumps(data, indent=2, default=_plain))
        return
    for line in text():
        command.stdout.write(line)


def _plain(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)
