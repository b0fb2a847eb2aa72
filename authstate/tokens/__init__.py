"""JWT access and refresh tokens on SimpleJWT, configured from ``AUTHSTATE``."""

__all__ = []
