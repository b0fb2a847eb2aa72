"""The rename form of the passkeys page."""

from __future__ import annotations

from django import forms

from authstate._translation import gettext_lazy as _
from authstate.passkeys._service import NAME_MAX

__all__ = ["RenameForm"]


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX, strip=True)
