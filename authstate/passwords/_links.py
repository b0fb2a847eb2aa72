"""Reset links: Django's token generator, the uid encoding, and a base URL from settings.

The token (``default_token_generator``) hashes the user's password hash and last login, so it
stops working once the password changes (single use) and after ``PASSWORD_RESET_TIMEOUT``. The
link's scheme and host come from ``PASSWORD.RESET_BASE_URL``, never from the request: a forged
``Host`` header must not turn the e-mail into a link to the attacker's site.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from authstate._typing import User
from authstate.conf import auth_settings

__all__ = ["CONFIRM_PAGE", "RESET_PAGE", "absolute", "is_valid", "reset_link", "uid_for", "user_for"]


CONFIRM_PAGE = "authstate:password-reset-confirm-page"
RESET_PAGE = "authstate:password-reset-page"


def uid_for(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_for(uid: object) -> User | None:
    """The active user a ``uid`` names, or ``None`` for anything malformed or unknown."""
    if not isinstance(uid, str) or not uid or len(uid) > 64:
        return None
    model = get_user_model()
    try:
        pk = urlsafe_base64_decode(uid).decode()
        return model._default_manager.filter(pk=pk, is_active=True).first()
    except (TypeError, ValueError, OverflowError, ValidationError, UnicodeDecodeError):
        return None


def is_valid(user: User, token: object) -> bool:
    # django-stubs types the user as the checking settings' AUTH_USER_MODEL; any AbstractBaseUser works
    return isinstance(token, str) and len(token) <= 128 and default_token_generator.check_token(user, token)  # type: ignore[arg-type]


def reset_link(user: User) -> str | None:
    """The confirm page's absolute URL for ``user``; ``None`` without ``RESET_BASE_URL``."""
    # django-stubs types the user as the checking settings' AUTH_USER_MODEL; any AbstractBaseUser works
    kwargs = {"uidb64": uid_for(user), "token": default_token_generator.make_token(user)}  # type: ignore[arg-type]
    return absolute(CONFIRM_PAGE, kwargs)


def absolute(name: str, kwargs: dict[str, str] | None = None) -> str | None:
    base = auth_settings.password.reset_base_url
    if not base:
        return None
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None
    return str(base).rstrip("/") + path
