"""authstate's one wall clock: epoch seconds for every expiry, window and code check.

Pending MFA records, TOTP steps, resend pacing, throttle windows, SMS day caps, passkey challenge
ages and ``auth_time`` ages all read ``clock.now()`` (never ``time.time()`` themselves), so a
test moves time for all of them at once with one ``monkeypatch.setattr("authstate._clock.now", ...)``
instead of sleeping, and no two parts of a login disagree about what time it is. Database
timestamps keep ``django.utils.timezone.now`` (aware datetimes for the ORM).
"""

from __future__ import annotations

import time

__all__ = ["now"]


def now() -> float:
    """Seconds since the epoch, as ``time.time()``."""
    return time.time()
