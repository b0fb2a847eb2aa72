"""README.md's URLconf: a form flow to a session and a JSON flow to tokens."""

from django.urls import include, path

from authstate.registry import FlowRegistry

registry = FlowRegistry().form(login_page="/login").session().rest(login_processing_url="/api/auth").oauth2().build()
urlpatterns = [path("", include(registry.urls))]
