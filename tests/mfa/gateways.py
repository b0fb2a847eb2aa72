"""SMS gateways for tests: one that fails, one that blocks until released."""

from __future__ import annotations

import threading

RELEASE = threading.Event()
RECEIVED: list[tuple[str, str]] = []


class FailingGateway:
    def send(self, phone_number: str, message: str) -> None:
        raise ConnectionError("provider down")


class BlockingGateway:
    def send(self, phone_number: str, message: str) -> None:
        RELEASE.wait(timeout=10)


def recording_gateway(phone_number: str, message: str) -> None:
    RECEIVED.append((phone_number, message))
