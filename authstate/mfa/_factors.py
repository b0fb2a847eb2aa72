"""Which factors are on offer: enabled by settings, importable, enrolled by the user, available."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.db.models import Exists

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.exceptions import FactorUnavailable, InvalidRequest
from authstate.factors import Factor, configured

__all__ = ["enabled", "enrolled", "has_any", "offered", "split"]


def enabled() -> list[Factor]:
    """Configured factors (``MFA.FACTORS``, in its order) that settings switch on."""
    return [factor for factor in configured().values() if factor.is_enabled()]


def enrolled(user: User) -> list[Factor]:
    return [factor for factor in enabled() if factor.is_enrolled(user)]


def has_any(user: User) -> bool:
    """Whether the user has any confirmed factor: one query (``EXISTS … OR EXISTS …``) for the
    factors that can say so as a queryset, ``is_enrolled`` for the others. Every login asks this."""
    found: list[Exists] = []
    others = []
    for factor in enabled():
        query = factor.enrolled_rows(user)
        if query is None:
            others.append(factor)
        else:
            found.append(Exists(query.order_by()))
    if found and get_user_model()._default_manager.filter(reduce(operator.or_, found), pk=user.pk).exists():
        return True
    return any(factor.is_enrolled(user) for factor in others)


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
