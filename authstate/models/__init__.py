"""authstate's models, one module per concern."""

from authstate.models.login import Login

__all__ = ["Login"]
