"""``manage.py authstate_cleanup``: purge expired records (every step of ``authstate.cleanup``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from authstate import cleanup


class Command(BaseCommand):
    help = "Delete expired login records (and whatever else authstate.cleanup.STEPS purges)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, removed in cleanup.run(timezone.now()):
            self.stdout.write(f"{name}: {removed} removed")
