"""The JSON parser of every authstate endpoint: bounded in size and in nesting depth.

A body longer than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` answers ``413 payload_too_large`` (DRF 3.17.2+
enforces the limit itself when it reads ``request.body``; the parser reads at most one byte past
it, so the limit holds on older releases and on streams too). A body nested deeper than
``MAX_DEPTH`` answers ``400 invalid_request``: no authstate body needs more than a few levels
(a passkey credential has four), and Python's decoder would raise ``RecursionError`` — a 500 — at
about a thousand. Only text charsets decode the body (``bz2_codec`` and friends are refused).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

from authstate._translation import gettext_lazy as _

__all__ = [
    "MAX_DEPTH",
    "BoundedJSONParser",
    "PayloadTooLarge",
    "check_depth",
    "decode",
    "max_body_size",
    "read_bounded",
]


#: Deepest nesting of objects and arrays a request body may have (the top level counts as 1).
MAX_DEPTH = 32


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = _("The request body is too large.")


class BoundedJSONParser(parsers.JSONParser):
    """``JSONParser`` with a size limit, a depth limit and text charsets only."""

    def parse(self, stream: IO[Any], media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = read_bounded(stream)
        text = decode(raw, (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc
        check_depth(data)
        return data


def max_body_size() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def read_bounded(stream: IO[Any] | None) -> bytes:
    """The body, refused with 413 when it is longer than ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    if stream is None:
        return b""
    limit = max_body_size()
    raw = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(raw) > limit:
        raise PayloadTooLarge()
    return bytes(raw)


def decode(raw: bytes, encoding: str) -> str:
    try:
        "".encode(encoding)  # unlike bytes.decode, str.encode refuses bytes-to-bytes codecs
        return raw.decode(encoding)
    except (LookupError, UnicodeError) as exc:
        raise ParseError(_("The body is not valid JSON.")) from exc


def check_depth(data: Any, limit: int | None = None) -> None:
    """Refuse a value nested deeper than ``limit`` levels, without recursion."""
    limit = MAX_DEPTH if limit is None else limit
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        if depth > limit:
            raise ParseError(_("The body is nested too deeply."))
        stack.extend((child, depth + 1) for child in _children(value))


def _children(value: dict[str, Any] | list[Any]) -> Iterator[Any]:
    return iter(value.values()) if isinstance(value, dict) else iter(value)


def _refuse_constant(name: str) -> Any:
    """``NaN`` and ``Infinity`` are not JSON (DRF's ``STRICT_JSON``)."""
    raise ValueError(f"{name} is not valid JSON")
