"""authstate's admin pages, one module per model group; each module registers its own."""

from authstate.admin import (
    logins,  # noqa: F401
    mfa,  # noqa: F401
    oauth2,  # noqa: F401
    passkeys,  # noqa: F401
)

__all__ = []
