"""Importable contract suites and fakes for projects extending authstate."""

__all__ = []
