"""A project that declares its flows in settings (``AUTHSTATE["FLOWS"]``) and mounts them."""

from django.urls import include, path

urlpatterns = [path("", include("authstate.urls"))]
