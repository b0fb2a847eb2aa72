"""The login form: Django's field names, one error for unknown user and wrong password alike."""

from __future__ import annotations

from django import forms

from authstate._translation import gettext_lazy as _

__all__ = ["LoginForm"]


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        strip=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2048)

    error_messages = {"invalid_credentials": _("The username or password is incorrect.")}
