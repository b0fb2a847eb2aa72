"""The HTML "your logins" page for session users: see where you are signed in, end a login, or all."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from authstate._typing import signed_in
from authstate.decorators import login_state_required
from authstate.logins import _listing as listing
from authstate.state._session import LOGIN_ID_KEY

__all__ = ["SESSION_ONLY", "LoginsPageView"]


SESSION_ONLY = login_state_required(states=("session",))


@method_decorator([never_cache, csrf_protect, SESSION_ONLY], name="dispatch")
class LoginsPageView(View):
    template_name = "authstate/logins.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        current = request.session.get(LOGIN_ID_KEY)
        logins = [listing.page_row(login, current=current) for login in listing.active_logins(signed_in(request))]
        return render(request, self.template_name, {"logins": logins})

    def post(self, request: HttpRequest) -> HttpResponse:
        """``revoke=<id>`` ends one login; ``revoke=others`` every other; ``revoke=all`` every one."""
        current = request.session.get(LOGIN_ID_KEY)
        target = request.POST.get("revoke", "")
        if target in ("others", "all"):
            listing.logout_all(signed_in(request), keep=current if target == "others" else None)
        else:
            listing.revoke_own(signed_in(request), target)
        if target == "all" or target == current:
            logout(request)
            return HttpResponseRedirect(settings.LOGOUT_REDIRECT_URL or "/")
        return HttpResponseRedirect(request.path)
