"""``manage.py authstate_settings``: print the effective AUTHSTATE settings."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from authstate.conf import auth_settings
from authstate.conf._properties import json_value, rows, spring_value
from authstate.conf._schema import Option, authstate_path, spring_key

__all__ = ["MASK", "Command", "masked"]


MASK = "********"


def masked(option: Option, value: Any) -> Any:
    """Secrets the project set itself are not echoed into terminals and CI logs."""
    if option.secret and value is not None and value != option.default:
        return MASK
    return value


class Command(BaseCommand):
    help = "Print the effective AUTHSTATE settings (as a table, Spring properties or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["table", "properties", "json"], default="table")
        parser.add_argument("--diff", action="store_true", help="Only settings that differ from the defaults.")
        parser.add_argument("--show-secrets", action="store_true", help="Print secrets instead of masking them.")

    def handle(self, *args: Any, **options: Any) -> None:
        selected = [
            (path, option, value if options["show_secrets"] else masked(option, value))
            for path, option, value in rows(auth_settings.as_dict())
            if not options["diff"] or value != option.default
        ]
        fmt = options["format"]
        if fmt == "properties":
            spring = [row for row in selected if row[1].spring]
            extensions = [row for row in selected if not row[1].spring]
            for path, _, value in spring:
                self.stdout.write(f"{spring_key(path)}={spring_value(value)}")
            if extensions:
                self.stdout.write("# authstate additions (no Spring counterpart)")
            for path, _, value in extensions:
                self.stdout.write(f"{spring_key(path)}={spring_value(value)}")
        elif fmt == "json":
            data = {authstate_path(path): json_value(value) for path, _, value in selected}
            self.stdout.write(json.dumps(data, indent=2))
        else:
            width = max((len(authstate_path(p)) for p, _, _ in selected), default=0)
            for path, option, value in selected:
                marker = "" if value == option.default else "  (changed)"
                self.stdout.write(f"{authstate_path(path):<{width}}  {spring_value(value)}{marker}")
