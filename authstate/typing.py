"""Type aliases shared across the package."""

from typing import Any, TypeAlias

#: The project's user model (``AUTH_USER_MODEL``), whatever class it is.
User: TypeAlias = Any
