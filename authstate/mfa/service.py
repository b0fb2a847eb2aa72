"""MFA use-cases. Placeholder until the MFA flows land: MFA flows answer "not available"."""

from __future__ import annotations

from typing import Any

from authstate.exceptions import FlowUnavailable


def begin(request: Any, user: Any, flow: Any, *, device_id: str = "") -> Any:
    raise FlowUnavailable("Multi-factor login is not available yet.")
