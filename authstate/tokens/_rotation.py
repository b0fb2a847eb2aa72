"""Refresh with rotation and reuse detection.

Every refresh returns a new access token. The refresh token is replaced only when its remaining
life is below ``REFRESH_ROTATE_THRESHOLD``; the replacement is the next *generation* of the
login's family (the ``refresh_*`` columns of its row) and has a full ``REFRESH_TOKEN_VALIDITY``, and the login's
expiry moves with it. Presenting a token of an older generation is a replay: the whole login is
revoked (``token_reused``) — except within ``REFRESH_REUSE_GRACE`` of the rotation for the
generation just replaced, which is what two tabs refreshing at once look like; they get the
current generation (same expiry) instead.

The login's row is locked while deciding, so concurrent refreshes rotate once. A rotation
rewrites the login's cache entry (its expiry moved) with ``activity.renew``, which re-checks the
row afterwards: a logout that ran meanwhile wins, and the refresh is refused (``login_revoked``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.exceptions import InvalidToken, LoginRevoked, RefreshDisabled, TokenReused
from authstate.logins import _activity as activity
from authstate.logins import _records as records
from authstate.models import Login
from authstate.tokens._issue import GENERATION_CLAIM, TokenPair, access_for, refresh_for
from authstate.tokens._jwt import RefreshToken
from authstate.tokens._verify import decode_refresh

__all__ = ["Refreshed", "Verdict", "judge", "refresh"]


class Verdict(enum.Enum):
    KEEP = "keep"
    ROTATE = "rotate"
    GRACE = "grace"
    REUSED = "reused"


@dataclass(frozen=True)
class Refreshed:
    """A successful refresh: the login, the new pair (``refresh`` is None when not rotated)."""

    login: Login
    pair: TokenPair
    refresh_expires_in: int


def refresh(raw: str) -> Refreshed:
    """Answer a refresh token: keep, rotate or, on reuse of a rotated-out token, revoke its whole
    family (the login), since only a stolen copy is ever replayed."""
    if not auth_settings.enable_refresh_token:
        raise RefreshDisabled()
    token = decode_refresh(raw)
    with transaction.atomic():
        login = _active_login(token)
        verdict = judge(login, token)
        new_refresh = None if verdict is Verdict.REUSED else _apply(login, verdict)
    if verdict is Verdict.REUSED:
        records.revoke(login, "token_reused")
        raise TokenReused()
    if verdict is Verdict.ROTATE and not activity.renew(login):  # the cached expiry follows the login
        raise LoginRevoked()
    current = new_refresh or token
    pair = TokenPair(access=access_for(login), refresh=new_refresh)
    return Refreshed(login=login, pair=pair, refresh_expires_in=_remaining(current))


def judge(login: Login, token: RefreshToken) -> Verdict:
    """Decide under the login's row lock (``login`` as locked) what a presented refresh
    token means (keep, rotate, grace for a concurrent refresh, or reuse), so two instances never
    both rotate."""
    generation = token.get(GENERATION_CLAIM)
    if not isinstance(generation, int):
        raise InvalidToken()
    if generation == login.refresh_generation:
        threshold = auth_settings.refresh_rotate_threshold.total_seconds()
        return Verdict.ROTATE if _remaining(token) < threshold else Verdict.KEEP
    if generation == login.refresh_generation - 1 and _within_grace(login):
        return Verdict.GRACE
    return Verdict.REUSED


def _apply(login: Login, verdict: Verdict) -> RefreshToken | None:
    """One UPDATE of the login's row: when it was last seen and, on rotation, the next generation
    (and the login's expiry, which a rotated refresh token carries on)."""
    now = timezone.now()
    if verdict is Verdict.GRACE:
        Login.objects.filter(pk=login.pk).update(last_seen_at=now)
        token = refresh_for(login, generation=login.refresh_generation)
        assert token is not None and login.refresh_expires_at is not None
        token["exp"] = int(login.refresh_expires_at.timestamp())
        return token
    if verdict is Verdict.KEEP:
        Login.objects.filter(pk=login.pk).update(last_seen_at=now)
        return None
    token = refresh_for(login, generation=login.refresh_generation + 1)
    assert token is not None
    expires_at = datetime.fromtimestamp(token["exp"], tz=UTC)
    login.expires_at = max(login.expires_at, expires_at)  # a refresh token keeps its login alive
    login.refresh_generation, login.refresh_rotated_at, login.refresh_expires_at = (
        login.refresh_generation + 1,
        now,
        expires_at,
    )
    Login.objects.filter(pk=login.pk).update(
        last_seen_at=now,
        expires_at=login.expires_at,
        refresh_generation=login.refresh_generation,
        refresh_rotated_at=now,
        refresh_expires_at=expires_at,
    )
    return token


def _active_login(token: RefreshToken) -> Login:
    """The token's login, its row locked (one SELECT: the refresh family is on the row)."""
    login = (
        Login.objects.select_for_update(of=("self",))
        .select_related("user", "parent")
        .filter(pk=str(token["sid"]))
        .first()
    )
    if login is None or not activity.is_live(login) or not login.user.is_active:
        raise LoginRevoked()
    if str(login.user.pk) != str(token.get("sub")):
        raise InvalidToken()
    if login.refresh_expires_at is None:
        raise InvalidToken()
    return login


def _within_grace(login: Login) -> bool:
    if login.refresh_rotated_at is None:
        return False
    return timezone.now() - login.refresh_rotated_at <= auth_settings.refresh_reuse_grace


def _remaining(token: RefreshToken) -> int:
    return max(0, int(token["exp"] - timezone.now().timestamp()))
