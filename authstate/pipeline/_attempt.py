"""A login in progress: who, through which flow, and what they proved so far (RFC 8176 ``amr``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest

from authstate._typing import User
from authstate.assurance import MULTI_FACTOR, with_methods
from authstate.flows._flow import Flow

__all__ = ["LoginAttempt"]


@dataclass
class LoginAttempt:
    request: HttpRequest
    user: User
    flow: Flow
    device_id: str = ""
    amr: list[str] = field(default_factory=list)

    def proved(self, *methods: str) -> None:
        self.amr = with_methods(self.amr, methods)

    @property
    def is_multi_factor(self) -> bool:
        return MULTI_FACTOR in self.amr
