"""Which of a user's factors have rows: one statement, compiled once per process.

Every login asks whether the user has any factor, and MFA begin which ones. Django compiles the
query of five ``EXISTS`` subqueries anew each time, and that costs more CPU than the rest of a
login's queries together. So it is compiled once (per settings: the enabled factors) for a
stand-in user, and the stand-in's primary key is swapped for the real one in the parameters.
When the compiled parameters do not hold the stand-in exactly once per subquery plus once for the
user row (a custom factor filtering another way), there is no compiled form and callers use the
ORM as before. Nor is there one when a factor's ``enrolled_rows`` is not authstate's own: a custom
filter may read more of the user than its key (``destination=user.email``), and the stand-in's
empty values baked into the statement would tell a user with a factor they have none.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models import Exists

from authstate._typing import User
from authstate.conf import auth_settings
from authstate.factors import Factor

__all__ = ["PREFIX", "Compiled", "compiled", "queryset"]


PREFIX = "authstate_has_"


@dataclass(frozen=True)
class Compiled:
    alias: str
    sql: str
    params: tuple[Any, ...]
    #: Positions of the stand-in's primary key in ``params``.
    slots: tuple[int, ...]
    names: tuple[str, ...]

    def run(self, user: User) -> dict[str, bool]:
        """``factor name: has rows`` for ``user``."""
        pk = get_user_model()._meta.pk.get_db_prep_value(user.pk, connections[self.alias])
        params = [pk if index in self.slots else value for index, value in enumerate(self.params)]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone() or (False,) * len(self.names)
        return {name: bool(flag) for name, flag in zip(self.names, row, strict=True)}


def queryset(user: User, factors: list[Factor]) -> models.QuerySet[Any] | None:
    """The user's row with one ``EXISTS`` column per factor that offers its rows as a queryset."""
    columns = {}
    for factor in factors:
        rows = factor.enrolled_rows(user)
        if rows is not None:
            columns[PREFIX + factor.name] = Exists(rows.order_by())
    if not columns:
        return None
    return get_user_model()._default_manager.filter(pk=user.pk).values(**columns)


def compiled(factors: list[Factor]) -> Compiled | None:
    key = "enrolled_sql:" + ",".join(factor.name for factor in factors)
    return auth_settings.derived(key, lambda: _compile(factors))


def _compile(factors: list[Factor]) -> Compiled | None:
    if not all(type(factor).enrolled_rows.__module__.startswith("authstate.") for factor in factors):
        return None
    model = get_user_model()
    alias = router.db_for_read(model)
    sentinel = _sentinel(model._meta.pk, connections[alias])
    if sentinel is None:
        return None
    stand_in = model(pk=sentinel)
    stand_in._state.adding = False
    found = queryset(stand_in, factors)
    if found is None:
        return None
    try:
        sql, params = found.query.get_compiler(using=alias).as_sql()
    except EmptyResultSet:
        return None
    prepared = model._meta.pk.get_db_prep_value(sentinel, connections[alias])
    slots = tuple(i for i, value in enumerate(params) if type(value) is type(prepared) and value == prepared)
    names = tuple(name.removeprefix(PREFIX) for name in found.query.values_select or found.query.annotation_select)
    if len(slots) != len(names) + 1:
        return None
    return Compiled(alias, sql, tuple(params), slots, names)


def _sentinel(field: Any, connection: Any) -> Any:
    """A primary key no real user has, of the field's own type (a negative integer within the
    column's range: out of range, Django would compile the lookup to nothing)."""
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.IntegerField):
        low, _ = connection.ops.integer_field_range(field.get_internal_type())
        low = -(2**62) if low is None else low
        return low + secrets.randbelow(-low // 2)
    if isinstance(field, models.CharField):
        return "authstate-" + secrets.token_hex(8)
    return None
