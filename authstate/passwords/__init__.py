"""Password change and reset: the use-cases behind ``/password/*`` and ``/api/password/*``.

Both transports call these modules and nothing else (``change``, ``reset``); they sit beside
step-up (``authstate.mfa._stepup``) and reuse its rules: a change needs a recent login, a reset of
an MFA account needs a second factor. Links (``links``), mail (``mail``), the new password's
validation (``validation``) and the reset's second factor (``second_factor``) are their parts.
"""

__all__ = []
