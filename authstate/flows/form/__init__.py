"""HTML transport of the flows: Django forms, views and overridable templates."""

__all__ = []
