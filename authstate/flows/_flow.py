"""What a login flow is: its name, kind, URL, transport and the state it ends in.

Plain data that every layer may read (the login pipeline, the MFA stage, the views), so it
imports nothing above ``authstate.conf``. The registry (``authstate.registry``) builds these and
turns them into URL patterns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from authstate.conf import auth_settings
from authstate.conf.enums import StateType

__all__ = ["Flow", "FlowKind", "Flows"]


class FlowKind(str, Enum):
    FORM = "form"
    REST = "rest"
    MFA = "mfa"


@dataclass(frozen=True)
class Flow:
    """One login flow: its name, kind, URL, whether it speaks JSON, and the state it ends in."""

    name: str
    kind: FlowKind
    url: str
    json: bool
    declared_state: StateType | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> StateType:
        return self.declared_state or auth_settings.state_type

    @property
    def requires_mfa(self) -> bool:
        return self.kind is FlowKind.MFA

    @property
    def factors_required(self) -> int:
        return int(self.options.get("factors_required", 1))


@dataclass(frozen=True)
class Flows:
    """The flows a project declared, in order; looked up by name. ``password_change`` and
    ``password_reset`` say whether the password pages and endpoints are mounted with them."""

    flows: tuple[Flow, ...]
    password_change: bool = False
    password_reset: bool = False

    def get(self, name: str) -> Flow:
        for flow in self.flows:
            if flow.name == name:
                return flow
        raise KeyError(name)
