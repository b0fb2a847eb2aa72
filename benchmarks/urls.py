"""The demo's URLs plus the peer views under ``/peer/``."""

from django.urls import include, path

from benchmarks import peers
from demo_project.urls import urlpatterns as demo_urlpatterns

urlpatterns = [
    *demo_urlpatterns,
    path("peer/floor", peers.FloorView.as_view()),
    path("peer/simplejwt/me", peers.SimpleJWTMeView.as_view()),
    path("peer/drf-session/me", peers.DRFSessionMeView.as_view()),
    path("peer/plain-session/me", peers.PlainSessionMeView.as_view()),
    path("peer/bare/login", peers.BareLoginView.as_view()),
    path("peer/dj-rest-auth/", include("dj_rest_auth.urls")),
]
