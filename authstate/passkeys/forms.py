"""The rename form of the passkeys page."""

from __future__ import annotations

from django import forms

from authstate.passkeys.service import NAME_MAX
from authstate.translation import gettext_lazy as _

__all__ = ["RenameForm"]


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX, strip=True)
