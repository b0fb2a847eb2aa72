"""The rename form of the passkeys page."""

from __future__ import annotations

from django import forms

from authstate.passkeys.service import NAME_MAX


class RenameForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX, strip=True)
