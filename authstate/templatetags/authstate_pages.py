"""Template helpers of authstate's pages: human times and the account header's links."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.timesince import timesince

from authstate.translation import gettext_lazy as _

register = template.Library()


@register.filter
def ago(value: datetime | None) -> str:
    """``2 minutes ago``, ``just now`` under a minute; the empty string for no date."""
    if value is None:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return str(_("just now"))
    return str(_("%(time)s ago") % {"time": timesince(value, depth=1)})


@register.simple_tag
def authstate_home_url() -> str:
    """Where "Home" leads: ``LOGIN_REDIRECT_URL`` (a URL or a URL name), ``/`` by default."""
    return resolve_url(getattr(settings, "LOGIN_REDIRECT_URL", None) or "/")
