"""The new password goes through the project's ``AUTH_PASSWORD_VALIDATORS``, once, for both flows."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from authstate._translation import gettext_lazy as _
from authstate._typing import User
from authstate.exceptions import InvalidRequest

__all__ = ["check_new_password"]


@sensitive_variables("password")
def check_new_password(password: str, user: User) -> None:
    """Raise ``invalid_request`` with the validators' messages under ``fields.new_password``."""
    try:
        # django-stubs types the user as the checking settings' AUTH_USER_MODEL; any AbstractBaseUser works
        password_validation.validate_password(password, user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise InvalidRequest(
            _("The new password was not accepted."), fields={"new_password": [str(m) for m in error.messages]}
        ) from None
