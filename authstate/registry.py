"""The flow registry: a DSL mirroring the seed's ``registry.form(...).session().rest(...).oauth2()``.

``passwords()`` (anywhere in the chain) also mounts the password change and reset pages.

Each ``form()``/``rest()``/``mfa()`` call adds a login flow; the ``session()``/``oauth2()`` call
that follows gives that flow its post-login state. A flow left without one gets ``STATE_TYPE``
when the URLs are built, so settings changes still apply. ``build()`` validates everything and
returns the URL patterns' source. The registry is the front of the package: it imports the
URLconf builder, and nothing below imports it (flows themselves live in ``authstate.flows._flow``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from authstate._routes import patterns_for
from authstate.conf.enums import StateType
from authstate.flows._flow import Flow, FlowKind, Flows

__all__ = ["BuiltRegistry", "Flow", "FlowKind", "FlowRegistry"]


class FlowRegistry:
    """Collects flows; call ``build()`` once at import time of the project's URLconf."""

    def __init__(self) -> None:
        self._flows: list[Flow] = []
        self._passwords = (False, False)

    def form(
        self, *, login_page: str = "/login", name: str = "form", template_name: str | None = None, **unknown: Any
    ) -> FlowRegistry:
        _refuse_unknown("form", unknown, ("login_page", "name", "template_name"))
        options = _given(template_name=template_name)
        return self._add(Flow(name, FlowKind.FORM, login_page, json=False, options=options))

    def rest(self, *, login_processing_url: str = "/api/auth", name: str = "rest", **unknown: Any) -> FlowRegistry:
        _refuse_unknown("rest", unknown, ("login_processing_url", "name"))
        return self._add(Flow(name, FlowKind.REST, login_processing_url, json=True))

    def mfa(
        self,
        *,
        login_page: str | None = None,
        login_processing_url: str | None = None,
        name: str = "mfa",
        factors_required: int = 1,
        template_name: str | None = None,
        **unknown: Any,
    ) -> FlowRegistry:
        """An MFA flow: an HTML primary login (``login_page``) or a JSON one (``login_processing_url``)."""
        known = ("login_page", "login_processing_url", "name", "factors_required", "template_name")
        _refuse_unknown("mfa", unknown, known)
        if (login_page is None) == (login_processing_url is None):
            raise ImproperlyConfigured(f"mfa flow {name!r}: give exactly one of login_page or login_processing_url")
        if not isinstance(factors_required, int) or factors_required < 1:
            raise ImproperlyConfigured(f"mfa flow {name!r}: factors_required must be a whole number >= 1")
        url = login_page or login_processing_url or ""
        options = _given(factors_required=factors_required, template_name=template_name)
        return self._add(Flow(name, FlowKind.MFA, url, json=login_page is None, options=options))

    def session(self, **unknown: Any) -> FlowRegistry:
        _refuse_unknown("session", unknown, ())
        return self._set_state(StateType.SESSION)

    def oauth2(self, **unknown: Any) -> FlowRegistry:
        _refuse_unknown("oauth2", unknown, ())
        return self._set_state(StateType.OAUTH2)

    @classmethod
    def from_settings(cls, entries: Any) -> BuiltRegistry:
        """The registry ``AUTHSTATE["FLOWS"]`` declares: the DSL's calls, keys in UPPER_SNAKE.

        ``{"TYPE": "rest", "LOGIN_PROCESSING_URL": "/api/auth", "STATE": "oauth2"}`` is
        ``.rest(login_processing_url="/api/auth").oauth2()``; a wrong key or value raises
        ``ImproperlyConfigured`` naming it (``check`` reports it as ``authstate.E021``)."""
        if not isinstance(entries, list | tuple) or not entries:
            raise ImproperlyConfigured('AUTHSTATE["FLOWS"] must be a non-empty list of flows')
        registry = cls()
        for position, entry in enumerate(entries):
            registry._declare(position, entry)
        return registry.build()

    def _declare(self, position: int, entry: Any) -> None:
        where = f'AUTHSTATE["FLOWS"][{position}]'
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where} must be a dict")
        options = {str(key).lower(): value for key, value in entry.items()}
        kind, state = options.pop("type", None), options.pop("state", None)
        if kind not in DECLARED_KINDS:
            raise ImproperlyConfigured(f'{where}["TYPE"] must be one of {", ".join(DECLARED_KINDS)}, got {kind!r}')
        try:
            getattr(self, kind)(**options)
            if state is not None:
                self._set_state(StateType.parse(state))
        except (ImproperlyConfigured, ValueError) as error:
            raise ImproperlyConfigured(
                f"{where}: {error}".replace("()", "").replace("option(s) ", "key(s) ")
            ) from error

    def passwords(self, *, change: bool = True, reset: bool = True, **unknown: Any) -> FlowRegistry:
        """Mount the password pages and endpoints: change (signed-in users) and reset (by e-mail).

        Off unless called, so a project adopts them knowingly (reset needs ``PASSWORD.RESET_BASE_URL``);
        ``.passwords(reset=False)`` keeps only the change pages."""
        _refuse_unknown("passwords", unknown, ("change", "reset"))
        self._passwords = (bool(change), bool(reset))
        return self

    def build(self) -> BuiltRegistry:
        _validate(self._flows)
        change, reset = self._passwords
        return BuiltRegistry(tuple(self._flows), password_change=change, password_reset=reset)

    def _add(self, flow: Flow) -> FlowRegistry:
        if not flow.url.startswith("/"):
            raise ImproperlyConfigured(f"flow {flow.name!r}: URL {flow.url!r} must start with '/'")
        self._flows.append(flow)
        return self

    def _set_state(self, state: StateType) -> FlowRegistry:
        if not self._flows:
            raise ImproperlyConfigured(f".{state.value.lower()}() must follow a flow such as .form() or .rest()")
        last = self._flows[-1]
        if last.declared_state is not None:
            raise ImproperlyConfigured(f"flow {last.name!r} already has state {last.declared_state.value}")
        self._flows[-1] = replace(last, declared_state=state)
        return self

    def __getattr__(self, name: str) -> Any:
        """A misspelt DSL call names what exists, rather than a bare ``AttributeError``."""
        if name.startswith("_"):
            raise AttributeError(name)
        raise ImproperlyConfigured(
            f"FlowRegistry has no {name!r}; use form(), rest(), mfa(), then session() or oauth2(), "
            "optionally passwords(), then build()"
        )


#: The ``TYPE`` values of ``AUTHSTATE["FLOWS"]`` entries: the DSL's calls (``passwords``: CHANGE, RESET).
DECLARED_KINDS = ("form", "rest", "mfa", "passwords")


def _refuse_unknown(call: str, unknown: dict[str, Any], known: tuple[str, ...]) -> None:
    if unknown:
        names = ", ".join(sorted(unknown))
        accepted = ", ".join(known) or "no options"
        raise ImproperlyConfigured(f".{call}() got unknown option(s) {names}; it accepts {accepted}")


def _given(**options: Any) -> dict[str, Any]:
    return {key: value for key, value in options.items() if value is not None}


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
class BuiltRegistry(Flows):
    """The validated flows, and the URL patterns built from them."""

    @property
    def urls(self) -> tuple[list[Any], str]:
        """Include with ``path("", include(registry.urls))``; URL names live in namespace ``authstate``."""
        return patterns_for(self), "authstate"
