"""authstate's admin pages, one module per model group; each module registers its own."""

from authstate.admin import (
    _logins,  # noqa: F401
    _mfa,  # noqa: F401
    _oauth2,  # noqa: F401
    _passkeys,  # noqa: F401
)

__all__ = []
