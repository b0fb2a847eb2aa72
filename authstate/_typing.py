"""Type aliases shared across the package.

``AUTH_USER_MODEL`` may be any subclass of :class:`AbstractBaseUser`; authstate reads only what
that base class promises (``pk``, ``is_active``, ``get_username()``, ``get_email_field_name()``,
``set_password()``), so that is the type it declares. Anything beyond it (``is_staff``,
``groups``, ``get_full_name()``) is read with ``getattr`` and a default.
"""

from typing import Protocol, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from authstate.exceptions import NotAuthenticated

__all__ = ["User", "signed_in"]

#: The project's user model (``AUTH_USER_MODEL``), whatever subclass of AbstractBaseUser it is.
User: TypeAlias = AbstractBaseUser


class _Authenticated(Protocol):
    """A Django or DRF request: both carry ``user``, anonymous until authentication succeeds."""

    @property
    def user(self) -> AbstractBaseUser | AnonymousUser: ...


def signed_in(request: _Authenticated) -> User:
    """The request's user, in views whose permission already refused anonymous callers.

    Services take a ``User``, never ``AnonymousUser``; this narrows the type once, and should a
    view ever be mounted without its guard, it answers 401 instead of acting for nobody.
    """
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise NotAuthenticated()
    return user
