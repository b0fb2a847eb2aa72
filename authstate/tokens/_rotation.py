"""Refresh with rotation and reuse detection.

Every refresh returns a new access token. The refresh token is replaced only when its remaining
life is below ``REFRESH_ROTATE_THRESHOLD``; the replacement is the next *generation* of the
login's family (``RefreshFamily``) and has a full ``REFRESH_TOKEN_VALIDITY``, and the login's
expiry moves with it. Presenting a token of an older generation is a replay: the whole login is
revoked (``token_reused``) — except within ``REFRESH_REUSE_GRACE`` of the rotation for the
generation just replaced, which is what two tabs refreshing at once look like; they get the
current generation (same expiry) instead.

The family row is locked while deciding, so concurrent refreshes rotate once. A rotation
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
from authstate.models import Login, RefreshFamily
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
    login = _active_login(token)
    with transaction.atomic():
        family = RefreshFamily.objects.select_for_update().filter(login=login).first()
        if family is None:
            raise InvalidToken()
        verdict = judge(family, token)
        new_refresh = None if verdict is Verdict.REUSED else _apply(login, family, verdict)
    if verdict is Verdict.REUSED:
        records.revoke(login, "token_reused")
        raise TokenReused()
    if verdict is Verdict.ROTATE and not activity.renew(login):  # the cached expiry follows the login
        raise LoginRevoked()
    current = new_refresh or token
    pair = TokenPair(access=access_for(login), refresh=new_refresh)
    return Refreshed(login=login, pair=pair, refresh_expires_in=_remaining(current))


def judge(family: RefreshFamily, token: RefreshToken) -> Verdict:
    """Decide under the family's row lock what a presented refresh token means (keep, rotate, grace
    for a concurrent refresh, or reuse), so two instances never both rotate."""
    generation = token.get(GENERATION_CLAIM)
    if not isinstance(generation, int):
        raise InvalidToken()
    if generation == family.generation:
        threshold = auth_settings.refresh_rotate_threshold.total_seconds()
        return Verdict.ROTATE if _remaining(token) < threshold else Verdict.KEEP
    if generation == family.generation - 1 and _within_grace(family):
        return Verdict.GRACE
    return Verdict.REUSED


def _apply(login: Login, family: RefreshFamily, verdict: Verdict) -> RefreshToken | None:
    now = timezone.now()
    Login.objects.filter(pk=login.pk).update(last_seen_at=now)
    if verdict is Verdict.KEEP:
        return None
    if verdict is Verdict.GRACE:
        token = refresh_for(login, generation=family.generation)
        assert token is not None
        token["exp"] = int(family.expires_at.timestamp())
        return token
    token = refresh_for(login, generation=family.generation + 1)
    assert token is not None
    family.generation += 1
    family.rotated_at = now
    family.expires_at = datetime.fromtimestamp(token["exp"], tz=UTC)
    family.save()
    _extend(login, family.expires_at)
    return token


def _extend(login: Login, expires_at: datetime) -> None:
    """A rotated refresh token keeps its login alive as long as the token itself."""
    if expires_at <= login.expires_at:
        return
    login.expires_at = expires_at
    Login.objects.filter(pk=login.pk).update(expires_at=expires_at)


def _active_login(token: RefreshToken) -> Login:
    login = Login.objects.select_related("user", "parent").filter(pk=str(token["sid"])).first()
    if login is None or not activity.is_live(login) or not login.user.is_active:
        raise LoginRevoked()
    if str(login.user.pk) != str(token.get("sub")):
        raise InvalidToken()
    return login


def _within_grace(family: RefreshFamily) -> bool:
    if family.rotated_at is None:
        return False
    return timezone.now() - family.rotated_at <= auth_settings.refresh_reuse_grace


def _remaining(token: RefreshToken) -> int:
    return max(0, int(token["exp"] - timezone.now().timestamp()))
