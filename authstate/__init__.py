"""authstate: Django login flows whose post-login state (session or OAuth2 tokens) is chosen per flow."""

__all__ = ["__version__"]


__version__ = "0.1.0"
