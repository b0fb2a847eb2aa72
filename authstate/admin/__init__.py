"""authstate's admin pages, one module per model group; each module registers its own."""

from authstate.admin import logins  # noqa: F401
