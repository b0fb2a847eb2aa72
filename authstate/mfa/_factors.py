"""Which factors are on offer: enabled by settings, importable, enrolled by the user, available."""

from __future__ import annotations

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.exceptions import FactorUnavailable, InvalidRequest
from authstate.factors import Factor, configured
from authstate.mfa import _enrolled as enrolled_sql

__all__ = ["enabled", "enrolled", "has_any", "offered", "split"]


def enabled() -> list[Factor]:
    """Configured factors (``MFA.FACTORS``, in its order) that settings switch on."""
    return [factor for factor in configured().values() if factor.is_enabled()]


def enrolled(user: User) -> list[Factor]:
    """The user's factors: one statement (an ``EXISTS`` per factor, ``authstate.mfa._enrolled``)
    for the factors that can say so as a queryset, ``is_enrolled`` for the others."""
    factors = enabled()
    has = _has_rows(user, factors)
    return [f for f in factors if (has[f.name] if f.name in has else f.is_enrolled(user))]


def has_any(user: User) -> bool:
    """Whether the user has any confirmed factor: the same one statement, ``is_enrolled`` for the
    factors without rows. Every login asks this."""
    factors = enabled()
    has = _has_rows(user, factors)
    return any(has.values()) or any(f.is_enrolled(user) for f in factors if f.name not in has)


def _has_rows(user: User, factors: list[Factor]) -> dict[str, bool]:
    statement = enrolled_sql.compiled(factors)
    if statement is not None:
        return statement.run(user)
    found = enrolled_sql.queryset(user, factors)
    row = found.first() if found is not None else None
    return {name.removeprefix(enrolled_sql.PREFIX): bool(flag) for name, flag in (row or {}).items()}


def split(user: User) -> tuple[list[str], list[str]]:
    """``(available, unavailable)`` names of the user's factors (unavailable: breaker open)."""
    mine = enrolled(user)
    return [f.name for f in mine if f.is_available()], [f.name for f in mine if not f.is_available()]


def offered(user: User, name: object, *, to_send: bool = True) -> Factor:
    """The user's factor ``name``; one error for unknown and not-enrolled alike. ``to_send``: also
    refuse it while its sender's breaker is open (a code already sent may still be verified)."""
    for factor in enabled():
        if factor.name == name and factor.is_enrolled(user):
            if to_send and not factor.is_available():
                raise FactorUnavailable()
            return factor
    raise InvalidRequest(_("This verification method is not available for this sign-in."), field="factor")
