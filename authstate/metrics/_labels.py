"""Label values from closed sets only: anything else folds into ``other``.

Every distinct label value is a new Prometheus series kept for the life of the process, so a
value a client can choose (an HTTP method, a factor name) must come from a fixed set, or one
client sending ``FOO1``, ``FOO2``, ... grows the exporter's memory without bound.
"""

from __future__ import annotations

__all__ = ["FACTORS", "METHODS", "OTHER", "factor", "method"]


OTHER = "other"

#: RFC 9110's methods; anything else a client invents is ``other``.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

#: The factor names of API.md; a made-up ``factor`` in a request is ``other``.
FACTORS = frozenset({"totp", "email", "sms", "recovery", "passkey"})


def method(value: str | None) -> str:
    return value if value in METHODS else OTHER


def factor(value: str | None) -> str:
    return value if value in FACTORS else OTHER
