"""MFA's HTTP edge: the HTML pages (``pages``, ``setup_pages``) and the JSON API (``api``,
``enroll_api``), each a thin parse → ``authstate.mfa`` service call → render over the same use-cases.
Nothing below this package imports it; ``authstate.mfa._urls`` mounts it."""

__all__ = []
