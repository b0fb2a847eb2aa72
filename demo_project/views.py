"""The demo's home page: who you are, which instance answered, and where to go next."""

from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    instance = os.environ.get("INSTANCE_NAME") or f"{request.META.get('SERVER_NAME')}:{request.META.get('SERVER_PORT')}"
    return render(request, "demo/home.html", {"instance": instance})
