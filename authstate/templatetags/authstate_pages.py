"""Template helpers of authstate's pages: human times and the account header's links."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import npgettext_lazy

from authstate._translation import gettext_lazy as _

__all__ = ["ago", "authstate_home_url", "clock", "expires_at", "register"]


register = template.Library()

#: The units of "… ago", with a context of their own: some languages inflect them after "ago"
#: (German "vor 3 Tagen", not the nominative "3 Tage" that Django's ``timesince`` gives).
PAST_UNITS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def ago(value: datetime | None) -> str:
    """``2 minutes ago``, ``just now`` under a minute; the empty string for no date."""
    if value is None:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return str(_("just now"))
    # django-stubs want plain strings; Django's own TIME_STRINGS are lazy like these
    since = timesince(value, depth=1, time_strings=PAST_UNITS)  # type: ignore[arg-type]
    return str(_("%(time)s ago") % {"time": since})


@register.filter
def clock(seconds: float | None) -> str:
    """``599.6`` → ``9:59``: the time left as minutes and seconds (never negative)."""
    whole = max(0, int(seconds or 0))
    return f"{whole // 60}:{whole % 60:02d}"


@register.filter
def expires_at(seconds: float | None) -> datetime:
    """Now plus ``seconds``, for a ``<time datetime>`` a script can count down to."""
    return timezone.now() + timedelta(seconds=max(0.0, float(seconds or 0)))


@register.simple_tag
def authstate_home_url() -> str:
    """Where "Home" leads: ``LOGIN_REDIRECT_URL`` (a URL or a URL name), ``/`` by default."""
    return resolve_url(getattr(settings, "LOGIN_REDIRECT_URL", None) or "/")
