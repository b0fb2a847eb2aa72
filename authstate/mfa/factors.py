"""Which factors are on offer: enabled by settings, importable, enrolled by the user, available."""

from __future__ import annotations

import logging
import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.db.models import Exists

from authstate.exceptions import FactorUnavailable, InvalidRequest
from authstate.factors import FACTORS, Factor, factor_for
from authstate.translation import gettext_lazy as _
from authstate.typing import User

logger = logging.getLogger("authstate.mfa")

#: The order factors are listed in, and the preference of ``FACTOR_SELECTION_TYPE=AUTO``.
ORDER = ("passkey", "totp", "email", "sms", "recovery")


def enabled() -> list[Factor]:
    """Factors settings enable and whose dependencies are installed (passkey needs ``webauthn``)."""
    found = []
    for name in sorted(FACTORS, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        try:
            factor = factor_for(name)
        except ImportError as error:
            logger.debug("MFA factor %s unavailable: %s", name, error)
            continue
        if factor.is_enabled():
            found.append(factor)
    return found


def enrolled(user: User) -> list[Factor]:
    """The user's factors: one query (an ``EXISTS`` per factor) for the factors that can say so
    as a queryset, ``is_enrolled`` for the others."""
    factors = enabled()
    exists = {f"authstate_has_{name}": query for name, query in _exists(user, factors).items()}
    row = get_user_model()._default_manager.filter(pk=user.pk).values(**exists).first() if exists else None
    has = {name.removeprefix("authstate_has_"): bool(flag) for name, flag in (row or {}).items()}
    return [f for f in factors if (has[f.name] if f.name in has else f.is_enrolled(user))]


def has_any(user: User) -> bool:
    """Whether the user has any confirmed factor: one query (``EXISTS … OR EXISTS …``) for the
    factors that can say so as a queryset, ``is_enrolled`` for the others. Every login asks this."""
    factors = enabled()
    found = _exists(user, factors)
    if found and get_user_model()._default_manager.filter(reduce(operator.or_, found.values()), pk=user.pk).exists():
        return True
    return any(factor.is_enrolled(user) for factor in factors if factor.name not in found)


def _exists(user: User, factors: list[Factor]) -> dict[str, Exists]:
    """``EXISTS`` of the user's confirmed rows, per factor that offers them as a queryset."""
    found = {}
    for factor in factors:
        query = factor.enrolled_rows(user)
        if query is not None:
            found[factor.name] = Exists(query.order_by())
    return found


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
