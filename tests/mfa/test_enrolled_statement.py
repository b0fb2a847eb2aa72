"""Which factors a user has: one statement compiled once, answering exactly as the ORM would."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from authstate.factors.totp import TotpFactor
from authstate.mfa import _enrolled as enrolled
from authstate.mfa import _factors as factors


def orm_answer(user: Any, chosen: list[Any]) -> dict[str, bool]:
    row = enrolled.queryset(user, chosen).first()  # type: ignore[union-attr]
    return {name.removeprefix(enrolled.PREFIX): bool(flag) for name, flag in row.items()}


def test_the_compiled_statement_answers_like_the_orm(make_user: Any, totp_device: Any) -> None:
    other = make_user("bob")
    chosen = factors.enabled()
    statement = enrolled.compiled(chosen)
    assert statement is not None
    for user in (totp_device.user, other):
        assert statement.run(user) == orm_answer(user, chosen)
    assert statement.run(totp_device.user)["totp"] and not statement.run(other)["totp"]
    assert factors.has_any(totp_device.user) and not factors.has_any(other)


class TwiceFiltered(TotpFactor):
    """A custom factor whose rows name the user twice: no compiled form, the ORM answers."""

    def enrolled_rows(self, user: Any) -> Any:
        return super().enrolled_rows(user).filter(Q(user=user) | Q(user_id=user.pk))


def test_a_query_the_stand_in_cannot_be_traced_through_is_left_to_the_orm(totp_device: Any) -> None:
    chosen = [TwiceFiltered()]
    assert enrolled.compiled(chosen) is None
    assert factors._has_rows(totp_device.user, chosen) == {"totp": True}
