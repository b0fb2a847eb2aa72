"""URL patterns built from a set of flows (``BuiltRegistry.urls`` and ``authstate.urls``)."""

from __future__ import annotations

from typing import Any

from django.urls import path

from authstate import _views as views
from authstate._framing import deny_framing
from authstate.flows._flow import Flow, Flows
from authstate.flows.form._logins import LoginsPageView
from authstate.flows.form._passwords import PasswordChangePage, PasswordResetConfirmPage, PasswordResetPage
from authstate.flows.form._reauthenticate import ReauthenticatePage
from authstate.flows.form._views import LoginPageView
from authstate.flows.rest._logins import LoginDetailView, LoginListView, LogoutAllView
from authstate.flows.rest._passwords import PasswordChangeView, PasswordResetConfirmView, PasswordResetView
from authstate.flows.rest._reauthenticate import ReauthenticateView
from authstate.flows.rest._tokens import RefreshView
from authstate.flows.rest._views import LoginView, LogoutView, MeView
from authstate.metrics._views import metrics_view
from authstate.mfa._urls import patterns_for as mfa_patterns
from authstate.oauth2._urls import patterns as oauth2_patterns
from authstate.passkeys._urls import patterns_for as passkey_patterns

__all__ = ["password_patterns", "patterns_for"]


def patterns_for(registry: Flows) -> list[Any]:
    patterns = [_login_pattern(flow) for flow in registry.flows]
    patterns += [
        path("logout", LogoutView.as_view(), name="logout"),
        path("api/me", MeView.as_view(), name="me"),
        path("api/auth/refresh", RefreshView.as_view(), name="refresh"),
        path("api/auth/logins", LoginListView.as_view(), name="logins"),
        path("api/auth/logins/<str:login_id>", LoginDetailView.as_view(), name="login-detail"),
        path("api/auth/logout-all", LogoutAllView.as_view(), name="logout-all"),
        path("account/logins", LoginsPageView.as_view(), name="logins-page"),
        path("api/reauthenticate", ReauthenticateView.as_view(), name="reauthenticate"),
        path("reauthenticate", ReauthenticatePage.as_view(), name="reauthenticate-page"),
        path("health", views.health, name="health"),
        *password_patterns(registry),
        *mfa_patterns(registry),
        *passkey_patterns(registry),
        *oauth2_patterns(),
        path("metrics", metrics_view, name="metrics"),
    ]
    return [_framed(pattern) for pattern in patterns]


def password_patterns(registry: Flows) -> list[Any]:
    """The password pages and endpoints the registry asked for (``FlowRegistry.passwords``)."""
    patterns = []
    if registry.password_change:
        patterns += [
            path("api/password/change", PasswordChangeView.as_view(), name="password-change"),
            path("password/change", PasswordChangePage.as_view(), name="password-change-page"),
        ]
    if registry.password_reset:
        patterns += [
            path("api/password/reset", PasswordResetView.as_view(), name="password-reset"),
            path("api/password/reset/confirm", PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
            path("password/reset", PasswordResetPage.as_view(), name="password-reset-page"),
            path(
                "password/reset/<str:uidb64>/<str:token>/",
                PasswordResetConfirmPage.as_view(),
                name="password-reset-confirm-page",
            ),
        ]
    return patterns


def _framed(pattern: Any) -> Any:
    """Every authstate view refuses to be framed, whatever the project's middleware (``framing``)."""
    pattern.callback = deny_framing(pattern.callback)
    return pattern


def _login_pattern(flow: Flow) -> Any:
    view = LoginView if flow.json else LoginPageView
    return path(flow.url.lstrip("/"), view.as_view(flow=flow), name=f"login-{flow.name}")
