"""Loading and saving pending-MFA records through the configured store.

A live record lives until its deadline (``Pending.deadline``). A record that ends (completed,
cancelled, locked, expired) is replaced by a tombstone kept ``CACHE_TTL`` ms, so a replayed
``mfa_token`` gets the precise answer (``423 mfa_locked`` after a lock) rather than a generic
``401 mfa_expired``; with ``CACHE_TTL=0`` no tombstone is kept.

A record opened before its user's password changed, or before "log out everywhere", no longer
opens: its ``stamp`` (a digest of the password hash and the user's generation) no longer matches.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery

from authstate import _attempts as attempts
from authstate import _clock as clock
from authstate._typing import User
from authstate.conf import auth_settings
from authstate.exceptions import MfaExpired
from authstate.mfa._machine import LIVE, Event, State, refusal
from authstate.mfa._pending import Pending
from authstate.mfa.stores import current_store
from authstate.models import UserGeneration

__all__ = ["TOKEN", "attempt_counter", "bury", "claim", "open_live", "save", "stamp_of", "ttl_of"]


#: What ``new_token`` makes; anything else is refused before it reaches a store key.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: Seconds a first claim is remembered past the record's life: instances' clocks may differ.
CLAIM_MARGIN = 60
#: The attempt's verification counter (``attempt_counter``).
ATTEMPTS = "authstate:mfa-attempts:"


def stamp_of(user: User, generation: int | None = None) -> str:
    """What the record must still match when it is opened: the password hash and the generation
    (read unless given: ``open_live`` reads it with the user, in one query)."""
    if generation is None:
        generation = UserGeneration.objects.current(user)
    material = f"{user.pk}|{user.password or ''}|{generation}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def ttl_of(pending: Pending) -> int:
    return max(0, math.ceil(pending.deadline() - clock.now()))


def save(pending: Pending) -> None:
    current_store().save(pending.token, pending.as_dict(), ttl_of(pending))


def bury(pending: Pending) -> None:
    """Replace the record by its terminal state, kept ``CACHE_TTL`` ms (or dropped)."""
    current_store().save(pending.token, pending.as_dict(), int(auth_settings.mfa.cache_ttl.total_seconds()))


def claim(pending: Pending) -> bool:
    """Claim the record and leave its end (``pending``'s terminal state) in its place, kept
    ``CACHE_TTL``: one step where the store can. ``False`` when another request claimed or
    ended it first (what was there is gone, or already an end), or claimed it once before (a
    refusal that read the record before the claim writes it back, live, after it: ``MfaStore.claim``
    remembers the first claim for the record's whole life)."""
    ttl = int(auth_settings.mfa.cache_ttl.total_seconds())
    remembered = _lifetime(pending) + CLAIM_MARGIN
    found = current_store().claim(pending.token, pending.as_dict(), ttl, remembered=remembered)
    return found is not None and State(found.get("state")) in LIVE


def attempt_counter(pending: Pending) -> attempts.Counter:
    """The MFA attempt's counter of verifications, on the shared cache (numbers are taken before a
    code is checked, with the account's: ``authstate._lockout.reserve``).

    It outlives the record's sliding deadline (it lasts to ``SESSION_TIMEOUT_MS`` after the
    password) and lives apart from the record, so no rewrite of the record, and no fallback to
    another store, brings back a fresh budget."""
    return attempts.Counter(f"{ATTEMPTS}{pending.token}", _lifetime(pending))


def _lifetime(pending: Pending) -> int:
    """Whole seconds until ``SESSION_TIMEOUT_MS`` after the password (at least 1)."""
    return max(1, math.ceil(pending.created_at + auth_settings.mfa.session_timeout.total_seconds() - clock.now()))


def open_live(token: object) -> tuple[Pending, User]:
    """The live record behind ``token`` and its (active) user, or the error that ends it."""
    data = current_store().load(token) if isinstance(token, str) and TOKEN.fullmatch(token) else None
    if data is None:
        raise MfaExpired()
    pending = Pending.from_dict(data)
    if pending.state not in LIVE:
        raise refusal(pending.state)
    if pending.is_expired():
        pending.apply(Event.EXPIRE)
        bury(pending)
        raise MfaExpired()
    generation = UserGeneration.objects.filter(user_id=OuterRef("pk")).order_by("pk").values("value")[:1]
    users = get_user_model()._default_manager.filter(pk=pending.user_id, is_active=True)
    user = users.annotate(authstate_generation_value=Subquery(generation)).first()
    if user is None:
        raise MfaExpired()
    if not hmac.compare_digest(pending.stamp, stamp_of(user, int(user.authstate_generation_value or 0))):
        pending.apply(Event.EXPIRE)  # the password changed, or every login was ended, since
        bury(pending)
        raise MfaExpired()
    return pending, user
