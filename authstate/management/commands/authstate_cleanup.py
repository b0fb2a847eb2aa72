"""``manage.py authstate_cleanup``: purge expired records (every step of ``authstate._cleanup``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from authstate import _cleanup as cleanup
from authstate.management._output import add_format_argument, emit

__all__ = ["Command"]


class Command(BaseCommand):
    help = "Delete expired login records (and whatever else authstate._cleanup.STEPS purges)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_format_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        removed = dict(cleanup.run(timezone.now()))
        emit(
            self,
            options["format"],
            {"removed": removed},
            lambda: (f"{n}: {count} removed" for n, count in removed.items()),
        )
