"""A factor and a store that authstate does not ship, added only through ``MFA.FACTORS`` and
``MFA.STORES``: what a project writes when it follows docs/extending.md."""

from __future__ import annotations

import copy
import secrets
import threading
from typing import Any, ClassVar

from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from authstate import _clock as clock
from authstate._typing import User
from authstate.exceptions import InvalidCode
from authstate.factors.base import EnrolledDevice, Factor, Payload, Scratch
from authstate.mfa.stores.base import MfaStore, Record

#: ``(user pk, code)`` of every push the factor "sent"; the tests read codes here.
PUSHED: list[tuple[Any, str]] = []
#: Users with a confirmed phone app.
PHONES: set[Any] = set()


class PushFactor(Factor):
    """A code pushed to a phone app; one device per user, kept in ``PHONES``."""

    name: ClassVar[str] = "push"
    label: ClassVar[str] = "Phone app"
    delivers: ClassVar[bool] = True

    def devices(self, user: User) -> list[EnrolledDevice]:
        return [EnrolledDevice(id=f"push-{user.pk}", factor=self.name, label="Phone")] if user.pk in PHONES else []

    def challenge(self, request: HttpRequest, user: User, scratch: Scratch) -> dict[str, Any]:
        scratch["code"] = _push(user)
        return {"sent_to": "your phone"}

    def verify(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> bool:
        expected, given = scratch.pop("code", None), payload.get("code")
        return isinstance(expected, str) and isinstance(given, str) and constant_time_compare(expected, given)

    def begin_enrollment(self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload) -> dict[str, Any]:
        return self.challenge(request, user, scratch)

    def complete_enrollment(
        self, request: HttpRequest, user: User, scratch: Scratch, payload: Payload
    ) -> dict[str, Any]:
        if not self.verify(request, user, scratch, payload):
            raise InvalidCode()
        PHONES.add(user.pk)
        return self.devices(user)[0].public()


def _push(user: User) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    PUSHED.append((user.pk, code))
    return code


class DictStore(MfaStore):
    """Records in a dict under a lock, expiring by ``authstate._clock``; it keeps the store contract."""

    name: ClassVar[str] = "dict"

    def __init__(self) -> None:
        self.records: dict[str, tuple[float, Record]] = {}
        self.lock = threading.Lock()

    def load(self, token: str) -> Record | None:
        with self.lock:
            expiry, record = self.records.get(token, (0.0, None))
        return copy.deepcopy(record) if expiry > clock.now() else None

    def save(self, token: str, record: Record, ttl: int) -> None:
        with self.lock:
            self.records.pop(token, None)
            if ttl > 0:
                self.records[token] = (clock.now() + ttl, copy.deepcopy(record))

    def take(self, token: str) -> Record | None:
        with self.lock:
            expiry, record = self.records.pop(token, (0.0, None))
        return record if expiry > clock.now() else None


#: The instance ``MFA.STORES`` names: records must outlive a request.
DICT_STORE = DictStore()


class NotAFactor:
    name = "nope"


class HalfAFactor(Factor):
    """Abstract still: it implements none of the contract."""

    name: ClassVar[str] = "half"


class SecondTotp(PushFactor):
    """Claims a built-in factor's name."""

    name: ClassVar[str] = "totp"
