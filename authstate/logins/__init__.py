"""The per-login record's use-cases: start, look up (cached), revoke."""

__all__ = []
