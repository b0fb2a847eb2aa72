"""The contract of a post-login state: how a completed login is kept, and how it ends."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse

from authstate._typing import User
from authstate.models import Login

__all__ = ["Completion", "LoginContext", "LoginState"]


@dataclass(frozen=True)
class LoginContext:
    """Which login authenticated a request: set as ``request.auth`` by authstate's authenticators.

    ``amr`` and ``auth_time`` say how and when the user last proved who they are (RFC 8176 values;
    epoch seconds, ``None`` when unknown, e.g. a session that authstate did not start).
    """

    login_id: str | None
    flow: str | None
    state: str
    token: Any = None
    amr: tuple[str, ...] = ()
    auth_time: int | None = None


@dataclass(kw_only=True)
class Answer:
    """What a login step answers with: the JSON body, and what to set on whichever response the
    transport builds (cookies, the MFA carrier). Views call ``apply`` and read ``body`` without
    knowing whether the login completed or a stage interrupted it."""

    body: dict[str, Any]
    response_hooks: list[Callable[[HttpResponse], None]] = field(default_factory=list)

    def apply(self, response: HttpResponse) -> HttpResponse:
        for hook in self.response_hooks:
            hook(response)
        return response


@dataclass(kw_only=True)
class Completion(Answer):
    """The outcome of a completed login: the ``Login`` row besides the answer."""

    login: Login


class LoginState(ABC):
    """One way of keeping a user logged in (``SESSION`` or ``OAUTH2``)."""

    #: The wire spelling (``session``, ``oauth2``): ``state`` in every JSON body and in ``LoginContext``.
    name: str

    @abstractmethod
    def complete(
        self, request: HttpRequest, user: User, *, flow: str, amr: list[str], device_id: str = ""
    ) -> Completion:
        """Establish the state for ``user`` once every stage of ``flow`` passed; ``amr`` says how."""

    @abstractmethod
    def reassure(self, request: HttpRequest, context: LoginContext, login: Login) -> Completion:
        """After a step-up: let the client hold the login's renewed ``amr``/``auth_time``."""

    @abstractmethod
    def end(self, request: HttpRequest, context: LoginContext, response: HttpResponse) -> None:
        """Log out: revoke the login and clear what the client holds."""
