"""The demo's flows, as in API.md: form → session, REST → tokens, two MFA flows, and the password pages."""

from django.contrib import admin
from django.urls import include, path

from authstate.admin.site import AuthStateAdminSite
from authstate.registry import FlowRegistry
from demo_project import spa, views
from demo_project.schema import CachedSchemaView

registry = (
    FlowRegistry()
    .form(login_page="/login")
    .session()
    .rest(login_processing_url="/api/auth")
    .oauth2()
    .mfa(name="mfa", login_page="/mfa/login")
    .session()
    .mfa(name="api-mfa", login_processing_url="/api/mfa/login")
    .oauth2()
    .passwords()
    .build()
)

admin.site.__class__ = AuthStateAdminSite  # the admin signs in through /login: lockout, throttles, MFA

urlpatterns = [
    path("", views.home, name="home"),
    path("spa/", spa.spa, name="spa"),
    path("admin/", admin.site.urls),
    path("api/schema/", CachedSchemaView.as_view(), name="schema"),  # built once per process
    path("", include(registry.urls)),
]
