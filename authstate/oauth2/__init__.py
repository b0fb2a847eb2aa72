"""The authorization server: clients, signing keys, the authenticated-user grant, discovery, JWKS."""

__all__ = []
