"""The base of every authstate JSON view: JSON in, envelope errors out, no project defaults leaking in.

Bodies go through ``BoundedJSONParser`` (size and depth limits); an oversized form body answers
``413 payload_too_large`` in the envelope too (``errors.exception_handler``).
"""

from __future__ import annotations

from typing import Any

from django.views.decorators.cache import never_cache
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from authstate.authentication import SessionAuthentication, TokenAuthentication
from authstate.flows.rest._parsers import BoundedJSONParser
from authstate.flows.rest.errors import exception_handler

__all__ = ["AuthStateAPIView", "FormOrJSONAPIView", "PublicAPIView"]


class AuthStateAPIView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes: list[Any] = []
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]
    throttle_classes: list[Any] = []

    def get_exception_handler(self) -> Any:
        return exception_handler

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return never_cache(super().as_view(**initkwargs))


class PublicAPIView(AuthStateAPIView):
    """A JSON endpoint for anonymous callers (login): no authenticators, so no CSRF from cookies."""

    authentication_classes: list[Any] = []


class FormOrJSONAPIView(AuthStateAPIView):
    parser_classes = [BoundedJSONParser, FormParser, MultiPartParser]
