"""The flow registry: a DSL mirroring the seed's ``registry.form(...).session().rest(...).oauth2()``.

Each ``form()``/``rest()``/``mfa()`` call adds a login flow; the ``session()``/``oauth2()`` call
that follows gives that flow its post-login state. A flow left without one gets ``STATE_TYPE``
when the URLs are built, so settings changes still apply. ``build()`` validates everything and
returns the URL patterns' source.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from authstate.conf import auth_settings
from authstate.conf.enums import StateType


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


class FlowRegistry:
    """Collects flows; call ``build()`` once at import time of the project's URLconf."""

    def __init__(self) -> None:
        self._flows: list[Flow] = []

    def form(self, *, login_page: str = "/login", name: str = "form", **options: Any) -> FlowRegistry:
        return self._add(Flow(name, FlowKind.FORM, login_page, json=False, options=options))

    def rest(self, *, login_processing_url: str = "/api/auth", name: str = "rest", **options: Any) -> FlowRegistry:
        return self._add(Flow(name, FlowKind.REST, login_processing_url, json=True, options=options))

    def mfa(
        self,
        *,
        login_page: str | None = None,
        login_processing_url: str | None = None,
        name: str = "mfa",
        **options: Any,
    ) -> FlowRegistry:
        """An MFA flow: an HTML primary login (``login_page``) or a JSON one (``login_processing_url``)."""
        if (login_page is None) == (login_processing_url is None):
            raise ImproperlyConfigured(f"mfa flow {name!r}: give exactly one of login_page or login_processing_url")
        url = login_page or login_processing_url or ""
        return self._add(Flow(name, FlowKind.MFA, url, json=login_page is None, options=options))

    def session(self, **options: Any) -> FlowRegistry:
        return self._set_state(StateType.SESSION, options)

    def oauth2(self, **options: Any) -> FlowRegistry:
        return self._set_state(StateType.OAUTH2, options)

    def build(self) -> BuiltRegistry:
        _validate(self._flows)
        return BuiltRegistry(tuple(self._flows))

    def _add(self, flow: Flow) -> FlowRegistry:
        if not flow.url.startswith("/"):
            raise ImproperlyConfigured(f"flow {flow.name!r}: URL {flow.url!r} must start with '/'")
        self._flows.append(flow)
        return self

    def _set_state(self, state: StateType, options: dict[str, Any]) -> FlowRegistry:
        if not self._flows:
            raise ImproperlyConfigured(f".{state.value.lower()}() must follow a flow such as .form() or .rest()")
        last = self._flows[-1]
        if last.declared_state is not None:
            raise ImproperlyConfigured(f"flow {last.name!r} already has state {last.declared_state.value}")
        self._flows[-1] = replace(last, declared_state=state, options={**last.options, **options})
        return self


def _validate(flows: list[Flow]) -> None:
    if not flows:
        raise ImproperlyConfigured("the flow registry has no flows; add .form(), .rest() or .mfa()")
    for attribute in ("name", "url"):
        seen: dict[str, Flow] = {}
        for flow in flows:
            value = getattr(flow, attribute)
            if value in seen:
                raise ImproperlyConfigured(
                    f"flows {seen[value].name!r} and {flow.name!r} share the {attribute} {value!r}"
                )
            seen[value] = flow


@dataclass(frozen=True)
class BuiltRegistry:
    flows: tuple[Flow, ...]

    def get(self, name: str) -> Flow:
        for flow in self.flows:
            if flow.name == name:
                return flow
        raise KeyError(name)

    @property
    def urls(self) -> tuple[list[Any], str]:
        """Include with ``path("", include(registry.urls))``; URL names live in namespace ``authstate``."""
        from authstate.urls import patterns_for

        return patterns_for(self), "authstate"
