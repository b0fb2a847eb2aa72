"""Sending a code, bounded in time and concurrency, behind the circuit breaker.

* ``STATE_MACHINE_TIMEOUT_MS`` bounds one delivery step: a sender that has not returned by then
  counts as failed (the user sees the factor as unavailable, the worker finishes in the background).
* ``STATE_MACHINE_POOL_SIZE`` is the number of deliveries one process runs at once; a delivery
  that finds every worker busy is refused at once instead of queueing behind slow gateways.
* The worker renders the message in the request's language (translations are per thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.utils import translation

from authstate._translation import gettext_lazy as _
from authstate.conf import auth_settings
from authstate.exceptions import FactorUnavailable
from authstate.factors import _breaker as breaker

__all__ = ["POOL", "deliver"]


logger = logging.getLogger("authstate.mfa")


class _Pool:
    """A thread pool sized by ``STATE_MACHINE_POOL_SIZE``, rebuilt when the setting changes."""

    def __init__(self) -> None:
        self.size = 0
        self.executor: ThreadPoolExecutor | None = None
        self.slots = threading.BoundedSemaphore(1)
        self.lock = threading.Lock()

    def current(self) -> tuple[ThreadPoolExecutor, threading.BoundedSemaphore]:
        size = max(1, int(auth_settings.mfa.state_machine_pool_size))
        with self.lock:
            if self.executor is None or size != self.size:
                self.size, self.slots = size, threading.BoundedSemaphore(size)
                self.executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="authstate-mfa")
            return self.executor, self.slots


POOL = _Pool()


def deliver(channel: str, send: Callable[[], None]) -> None:
    """Run ``send`` for ``channel``; raise ``FactorUnavailable`` if it fails, hangs or cannot start."""
    if breaker.is_open(channel):
        raise FactorUnavailable()
    executor, slots = POOL.current()
    if not slots.acquire(blocking=False):
        raise FactorUnavailable(_("Too many codes are being sent right now; try again shortly."))
    future = executor.submit(_release_after, slots, send, translation.get_language())
    try:
        future.result(timeout=auth_settings.mfa.state_machine_timeout.total_seconds())
    except FutureTimeout:
        _failed(channel, "timed out")
    except Exception as error:
        _failed(channel, type(error).__name__)
    else:
        breaker.succeeded(channel)


def _release_after(slots: threading.BoundedSemaphore, send: Callable[[], None], language: str | None) -> None:
    try:
        with translation.override(language):
            send()
    finally:
        slots.release()


def _failed(channel: str, why: str) -> None:
    logger.warning("MFA %s delivery failed: %s", channel, why)
    breaker.failed(channel)
    raise FactorUnavailable()
