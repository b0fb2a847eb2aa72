"""Built-in SMS gateways: the console (development) and an in-memory outbox (tests)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["OUTBOX", "ConsoleGateway", "Message", "OutboxGateway"]


logger = logging.getLogger("authstate.sms")


@dataclass(frozen=True)
class Message:
    """A text the outbox gateway kept instead of sending, for tests to read."""

    phone_number: str
    text: str


#: Messages the outbox gateway "sent", oldest first; tests read and clear it.
OUTBOX: list[Message] = []


class ConsoleGateway:
    """Logs each message: for development, where no provider is configured.

    The code lands in the log while the client is told ``CHALLENGE_SENT``, so anyone who reads
    the log can pass the second factor; ``authstate.E044`` refuses this gateway outside ``DEBUG``.
    """

    def send(self, phone_number: str, message: str) -> None:
        logger.warning("SMS to %s: %s", phone_number, message)


class OutboxGateway:
    """Appends to ``OUTBOX`` instead of sending."""

    def send(self, phone_number: str, message: str) -> None:
        OUTBOX.append(Message(phone_number, message))
