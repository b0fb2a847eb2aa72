"""The login pipeline: one path from a proven credential to the flow's issued state.

``login.primary_login`` checks the password; ``login.proceed`` runs the configured stages
(``LOGIN_STAGES``: MFA by default; password expiry or terms acceptance could follow) and, when
none interrupts, completes into the flow's state through its strategy. A stage that interrupts
(MFA asks for a code) resumes the pipeline after itself once satisfied. Every login, whatever its
flow or first credential, records how it was proven (``amr``) and when (``auth_time``).
"""

__all__ = []
