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
    "check_concurrent_failures_get_distinct_numbers",
    "check_concurrent_take_has_one_winner",
    "check_failures_count_per_token",
    "check_failures_outlive_the_record",
    "check_loaded_record_is_a_copy",
    "check_non_positive_ttl_deletes",
    "check_release_gives_a_number_back",
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


def check_concurrent_failures_get_distinct_numbers(store: MfaStore) -> None:
    """``add_failure`` reserves: 20 threads at once get 1..20, so at most the first
    ``MAX_RETRY_ATTEMPTS`` of them are checked, however they interleave."""
    store.save("tok-iiiiiiii", RECORD, 60)
    numbers: list[int] = []
    start = threading.Barrier(20)

    def reserve() -> None:
        start.wait()
        numbers.append(store.add_failure("tok-iiiiiiii", 60))

    threads = [threading.Thread(target=reserve) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(1, 21))


def check_failures_outlive_the_record(store: MfaStore) -> None:
    """A record deleted (locked, completed) and written back by a late request keeps its count."""
    store.save("tok-jjjjjjjj", RECORD, 60)
    store.add_failure("tok-jjjjjjjj", 60), store.add_failure("tok-jjjjjjjj", 60)
    store.save("tok-jjjjjjjj", RECORD, 0)
    store.save("tok-jjjjjjjj", RECORD, 60)
    assert store.add_failure("tok-jjjjjjjj", 60) == 3
    store.take("tok-jjjjjjjj")
    assert store.add_failure("tok-jjjjjjjj", 60) == 4


def check_release_gives_a_number_back(store: MfaStore) -> None:
    store.save("tok-kkkkkkkk", RECORD, 60)
    assert [store.add_failure("tok-kkkkkkkk", 60) for _ in range(2)] == [1, 2]
    store.release_failure("tok-kkkkkkkk")
    assert store.add_failure("tok-kkkkkkkk", 60) == 2
    store.release_failure("tok-missing2")  # nothing reserved: nothing happens
    assert store.add_failure("tok-missing2", 60) == 1


def check_replace_claims_and_leaves_the_end(store: MfaStore) -> None:
    """``replace`` returns what it claimed and leaves the end in its place; a gone record stays gone."""
    ended = {**RECORD, "state": "COMPLETED"}
    store.save("tok-llllllll", RECORD, 60)
    assert store.replace("tok-llllllll", ended, 60) == RECORD
    assert store.load("tok-llllllll") == ended
    assert store.replace("tok-llllllll", ended, 60) in (None, ended)  # a second claim gets no live record
    assert store.replace("tok-missing3", ended, 60) is None
    assert store.load("tok-missing3") is None


CHECKS: list[Callable[[MfaStore], None]] = [
    check_round_trip,
    check_unknown_token,
    check_save_replaces,
    check_take_returns_once,
    check_non_positive_ttl_deletes,
    check_failures_count_per_token,
    check_loaded_record_is_a_copy,
    check_concurrent_take_has_one_winner,
    check_concurrent_failures_get_distinct_numbers,
    check_failures_outlive_the_record,
    check_release_gives_a_number_back,
    check_replace_claims_and_leaves_the_end,
]
