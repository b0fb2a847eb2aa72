"""Password e-mails, sent off the request thread.

A reset request answers the same way for known and unknown addresses; sending the e-mail inline
would make known addresses measurably slower (an SMTP round trip), so messages are rendered in the
request and handed to a small background pool. ``wait`` lets tests (and shutdown hooks) drain it.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_all
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from authstate.conf import auth_settings
from authstate.passwords._links import RESET_PAGE, absolute

__all__ = ["notify_changed", "render", "send_later", "wait"]


logger = logging.getLogger("authstate.passwords")

_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="authstate-mail")
_pending: set[Future[Any]] = set()
_lock = threading.Lock()


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """``(subject, body)``: the template's first line, then the rest."""
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_later(template: str, context: dict[str, Any], to: str) -> None:
    subject, body = render(template, context)
    sender = auth_settings.password.from_address or settings.DEFAULT_FROM_EMAIL
    future = _executor.submit(send_mail, subject, body, sender, [to], fail_silently=False)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_done)


def _done(future: Future[Any]) -> None:
    with _lock:
        _pending.discard(future)
    if future.exception() is not None:
        logger.error("password e-mail not sent: %s", type(future.exception()).__name__)


def wait(timeout: float = 10.0) -> None:
    """Block until every e-mail handed over so far was sent (or failed)."""
    with _lock:
        pending = list(_pending)
    wait_all(pending, timeout=timeout)


def notify_changed(user: Any, *, how: str) -> None:
    """Tell the account's address that its password changed (``how``: "changed" or "reset"), with
    the way back in if it was not them: the reset page, on the configured base URL."""
    address = str(getattr(user, user.get_email_field_name(), "") or "")
    if not auth_settings.password.notify_on_change or not address:
        return
    context = {"user": user, "how": how, "reset_url": absolute(RESET_PAGE)}
    send_later("authstate/password/changed_email.txt", context, address)
