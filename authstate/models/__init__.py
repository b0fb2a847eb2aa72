"""authstate's models, one module per concern."""

from authstate.models.login import Login
from authstate.models.refresh import RefreshFamily

__all__ = ["Login", "RefreshFamily"]
