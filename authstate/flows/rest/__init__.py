"""JSON transport of the flows: DRF views that parse, call a use-case and render."""

__all__ = []
