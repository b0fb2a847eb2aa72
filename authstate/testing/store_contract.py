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

__all__ = [
    "CHECKS",
    "RECORD",
    "check_claim_ends_the_record_once",
    "check_concurrent_claims_have_one_winner",
    "check_concurrent_take_has_one_winner",
    "check_loaded_record_is_a_copy",
    "check_non_positive_ttl_deletes",
    "check_round_trip",
    "check_save_replaces",
    "check_take_returns_once",
    "check_unknown_token",
]


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


def check_replace_claims_and_leaves_the_end(store: MfaStore) -> None:
    """``replace`` returns what it claimed and leaves the end in its place; a gone record stays gone."""
    ended = {**RECORD, "state": "COMPLETED"}
    store.save("tok-llllllll", RECORD, 60)
    assert store.replace("tok-llllllll", ended, 60) == RECORD
    assert store.load("tok-llllllll") == ended
    assert store.replace("tok-llllllll", ended, 60) in (None, ended)  # a second claim gets no live record
    assert store.replace("tok-missing3", ended, 60) is None
    assert store.load("tok-missing3") is None


def check_claim_ends_the_record_once(store: MfaStore) -> None:
    """``claim`` returns what it claimed and leaves the end in its place; a record written back
    live after its claim (a late refusal) is not claimed again; a gone record stays gone."""
    ended = {**RECORD, "state": "COMPLETED"}
    store.save("tok-mmmmmmmm", RECORD, 60)
    assert store.claim("tok-mmmmmmmm", ended, 60, remembered=60) == RECORD
    assert store.load("tok-mmmmmmmm") == ended
    store.save("tok-mmmmmmmm", RECORD, 60)
    assert store.claim("tok-mmmmmmmm", ended, 60, remembered=60) is None
    assert store.claim("tok-missing4", ended, 60, remembered=60) is None
    assert store.load("tok-missing4") is None


def check_concurrent_claims_have_one_winner(store: MfaStore) -> None:
    store.save("tok-nnnnnnnn", RECORD, 60)
    ended = {**RECORD, "state": "COMPLETED"}
    results: list[Any] = []
    start = threading.Barrier(8)

    def claim() -> None:
        start.wait()
        results.append(store.claim("tok-nnnnnnnn", ended, 60, remembered=60))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [result for result in results if result is not None] == [RECORD]


CHECKS: list[Callable[[MfaStore], None]] = [
    check_round_trip,
    check_unknown_token,
    check_save_replaces,
    check_take_returns_once,
    check_non_positive_ttl_deletes,
    check_loaded_record_is_a_copy,
    check_concurrent_take_has_one_winner,
    check_replace_claims_and_leaves_the_end,
    check_claim_ends_the_record_once,
    check_concurrent_claims_have_one_winner,
]
