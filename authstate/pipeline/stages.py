"""The stage contract, and the stages a project configured (``AUTHSTATE["LOGIN_STAGES"]``).

A stage looks at a login in progress once its first credential is proven. It returns ``None`` to
let the login go on, or an answer that interrupts it (MFA's ``MFA_REQUIRED``); that stage resumes
the pipeline after itself (``login.proceed(attempt, after=stage.name)``) once satisfied. Stages
are named by import path, so a project adds one (password expiry, terms acceptance) without
authstate importing it, and authstate's own MFA stage sits above the pipeline it plugs into.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from authstate.conf import auth_settings
from authstate.pipeline._attempt import LoginAttempt
from authstate.state._base import Answer

__all__ = ["Answer", "Stage"]


class Stage(ABC):
    name: ClassVar[str]

    @abstractmethod
    def handle(self, attempt: LoginAttempt) -> Answer | None:
        """``None`` to go on; an answer to stop the login here until the stage resumes it."""


def configured() -> list[Stage]:
    return auth_settings.derived("login_stages", _load)


def after(name: str | None) -> list[Stage]:
    """The configured stages following ``name`` (all of them for ``None``)."""
    stages = configured()
    names = [stage.name for stage in stages]
    if name is None:
        return stages
    if name not in names:
        raise ImproperlyConfigured(f"login stage {name!r} resumed but not in LOGIN_STAGES")
    return stages[names.index(name) + 1 :]


def _load() -> list[Stage]:
    stages = []
    for path in auth_settings.login_stages:
        try:
            stage = import_string(path)()
        except ImportError as exc:
            raise ImproperlyConfigured(f"AUTHSTATE['LOGIN_STAGES']: cannot import {path!r}") from exc
        if not isinstance(stage, Stage):
            raise ImproperlyConfigured(f"AUTHSTATE['LOGIN_STAGES']: {path!r} is not a Stage")
        stages.append(stage)
    return stages
