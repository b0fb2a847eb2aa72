"""The MFA store contract as plain functions, importable by projects that write their own store.

Each ``check_*`` takes a fresh ``MfaStore`` and raises ``AssertionError`` when the store breaks the
contract of ``authstate.mfa.stores.base``. ``CHECKS`` lists them all; with pytest::

    @pytest.mark.parametrize("check", CHECKS)
    def test_my_store(check):
        check(MyStore())
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from authstate.mfa.stores.base import MfaStore

RECORD: dict[str, Any] = {"user_id": 1, "state": "AWAITING_FACTOR", "scratch": {"email": {"sent_at": 1.5}}}


def check_round_trip(store: MfaStore) -> None:
    store.save("tok-aaaaaaaa", RECORD, 60)
    assert store.load("tok-aaaaaaaa") == RECORD


def check_unknown_token(store: MfaStore) -> None:
    assert store.load("tok-missing1") is None
    assert store.take("tok-missing1") is None


def check_save_replaces(store: MfaStore) -> None:
    store.save("tok-bbbbbbbb", RECORD, 60)
    store.save("tok-bbbbbbbb", {**RECORD, "state": "CHALLENGED"}, 60)
    loaded = store.load("tok-bbbbbbbb")
    assert loaded is not None and loaded["state"] == "CHALLENGED"


def check_take_returns_once(store: MfaStore) -> None:
    store.save("tok-cccccccc", RECORD, 60)
    assert store.take("tok-cccccccc") == RECORD
    assert store.take("tok-cccccccc") is None
    assert store.load("tok-cccccccc") is None


def check_non_positive_ttl_deletes(store: MfaStore) -> None:
    store.save("tok-dddddddd", RECORD, 60)
    store.save("tok-dddddddd", RECORD, 0)
    assert store.load("tok-dddddddd") is None


def check_failures_count_per_token(store: MfaStore) -> None:
    store.save("tok-eeeeeeee", RECORD, 60)
    store.save("tok-ffffffff", RECORD, 60)
    assert [store.add_failure("tok-eeeeeeee", 60) for _ in range(3)] == [1, 2, 3]
    assert store.add_failure("tok-ffffffff", 60) == 1


def check_loaded_record_is_a_copy(store: MfaStore) -> None:
    store.save("tok-gggggggg", RECORD, 60)
    loaded = store.load("tok-gggggggg")
    assert loaded is not None
    loaded["scratch"]["email"]["sent_at"] = 99
    assert store.load("tok-gggggggg") == RECORD


def check_concurrent_take_has_one_winner(store: MfaStore) -> None:
    store.save("tok-hhhhhhhh", RECORD, 60)
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(store.take("tok-hhhhhhhh"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is not None for result in results) == 1


CHECKS: list[Callable[[MfaStore], None]] = [
    check_round_trip,
    check_unknown_token,
    check_save_replaces,
    check_take_returns_once,
    check_non_positive_ttl_deletes,
    check_failures_count_per_token,
    check_loaded_record_is_a_copy,
    check_concurrent_take_has_one_winner,
]
