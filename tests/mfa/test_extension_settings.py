"""``MFA.FACTORS`` and ``MFA.STORES``: a factor and a store added by settings alone work end to end
through the demo URLs, and wrong entries are reported by ``manage.py check`` (E045-E048)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from authstate.conf.defaults import FACTORS, STORES
from authstate.factors import factor_for
from authstate.mfa._checks import check_mfa
from authstate.testing.store_contract import CHECKS
from tests.conftest import PASSWORD, JsonClient, bearer
from tests.mfa import extensions
from tests.mfa.extensions import DICT_STORE, PUSHED, DictStore

PUSH = "tests.mfa.extensions.PushFactor"
DICT = "tests.mfa.extensions.DICT_STORE"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    PUSHED.clear(), extensions.PHONES.clear()
    DICT_STORE.__init__()  # type: ignore[misc]
    yield
    PUSHED.clear(), extensions.PHONES.clear()


@pytest.fixture
def extended(mfa_settings: Callable[..., None]) -> None:
    """The push factor and the dict store, added to the built-in ones and chosen."""
    mfa_settings(FACTORS=[*FACTORS, PUSH], STORES=[*STORES, DICT], SESSION_STORAGE_TYPE="dict")


def bearer_login(api: JsonClient) -> dict[str, str]:
    body = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).json()
    return bearer(body["access_token"])


def enroll_push(api: JsonClient) -> dict[str, str]:
    """Enroll the push factor through its routes; the bearer header of the login that did it."""
    auth = bearer_login(api)
    assert api.post_json("/api/mfa/push/setup", {}, **auth).json() == {"sent_to": "your phone"}
    confirmed = api.post_json("/api/mfa/push/confirm", {"code": PUSHED[-1][1]}, **auth)
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["factor"] == "push"
    return auth


def test_a_factor_and_a_store_added_by_settings_work_end_to_end(api: JsonClient, user: Any, extended: None) -> None:
    enroll_push(api)
    started = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()
    assert started["status"] == "MFA_REQUIRED" and started["factors"] == ["push"]
    assert list(DICT_STORE.records) == [started["mfa_token"]]  # the pending attempt lives in the custom store
    selected = api.post_json("/api/mfa/select", {"mfa_token": started["mfa_token"], "factor": "push"}).json()
    assert (selected["status"], selected["factor"]) == ("CHALLENGE_SENT", "push")
    payload = {"mfa_token": started["mfa_token"], "factor": "push", "code": PUSHED[-1][1]}
    done = api.post_json("/api/mfa/verify", payload)
    assert done.status_code == 200 and done.json()["status"] == "AUTHENTICATED"
    assert [record["state"] for _, record in DICT_STORE.records.values()] == ["COMPLETED"]  # its tombstone


def test_the_added_factor_is_listed_and_refuses_a_wrong_code(api: JsonClient, user: Any, extended: None) -> None:
    listed = api.get("/api/mfa/factors", **enroll_push(api)).json()["factors"]
    assert [device["factor"] for device in listed] == ["push"]
    token = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()["mfa_token"]
    api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "push"})
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "push", "code": "000000x"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_code"


def test_the_enrollment_route_follows_the_settings(api: JsonClient, user: Any, mfa_settings: Any) -> None:
    auth = bearer_login(api)
    assert api.post_json("/api/mfa/push/setup", {}, **auth).status_code == 404  # not configured: no route
    mfa_settings(FACTORS=[*FACTORS, PUSH])
    assert api.post_json("/api/mfa/push/setup", {}, **auth).status_code == 200
    for name in ("recovery", "passkey", "nope"):  # one-step, own routes, unknown: not this route
        assert api.post_json(f"/api/mfa/{name}/setup", {}, **auth).status_code == 404


def test_factor_for_follows_the_settings(mfa_settings: Any) -> None:
    with pytest.raises(KeyError):
        factor_for("push")
    mfa_settings(FACTORS=[*FACTORS, PUSH])
    assert type(factor_for("push")).__name__ == "PushFactor"
    mfa_settings(FACTORS=FACTORS[:-1])  # recovery codes no longer offered, nor push
    for name in ("push", "recovery"):
        with pytest.raises(KeyError):
            factor_for(name)


def test_a_custom_store_is_chosen_by_its_own_name(
    api: JsonClient, user: Any, totp_device: Any, mfa_settings: Any
) -> None:
    mfa_settings(STORES=[*STORES, DICT], SESSION_STORAGE_TYPE="dict", REDIS={"ENABLED": False})
    token = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}).json()["mfa_token"]
    assert list(DICT_STORE.records) == [token]
    assert ids(mfa_settings) == []  # no Redis check fires for it: it does not pose as Redis


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_the_custom_store_keeps_the_contract(check: Callable[[DictStore], None]) -> None:
    check(DictStore())


def ids(mfa_settings: Any, **values: Any) -> list[str]:
    mfa_settings(**values)
    return [message.id for message in check_mfa()]


def messages(mfa_settings: Any, **values: Any) -> list[Any]:
    mfa_settings(**values)
    return [message for message in check_mfa() if message.id in {f"authstate.E04{n}" for n in range(5, 9)}]


def test_the_default_settings_pass_the_checks(mfa_settings: Any) -> None:
    assert messages(mfa_settings) == []


def test_an_entry_that_cannot_be_imported_is_e045(mfa_settings: Any) -> None:
    [error] = messages(mfa_settings, FACTORS=[*FACTORS, "myproject.push.PushFactor"])
    assert error.id == "authstate.E045"
    assert 'AUTHSTATE["MFA"]["FACTORS"]' in error.msg and "'myproject.push.PushFactor'" in error.msg
    assert "dotted import path" in error.hint


def test_an_entry_that_is_not_the_contract_is_e046(mfa_settings: Any) -> None:
    [error] = messages(mfa_settings, FACTORS=[*FACTORS, "tests.mfa.extensions.NotAFactor"])
    assert error.id == "authstate.E046" and "is not a subclass of authstate.factors.base.Factor" in error.msg
    assert error.hint == "Subclass authstate.factors.base.Factor and give the class a name attribute."
    [error] = messages(mfa_settings, FACTORS=FACTORS, STORES=[*STORES, PUSH])
    assert error.id == "authstate.E046" and "authstate.mfa.stores.base.MfaStore" in error.msg


def test_an_abstract_entry_is_e046_naming_what_is_missing(mfa_settings: Any) -> None:
    [error] = messages(mfa_settings, FACTORS=[*FACTORS, "tests.mfa.extensions.HalfAFactor"])
    assert error.id == "authstate.E046" and "does not implement begin_enrollment, challenge," in error.msg


def test_two_entries_with_one_name_are_e047(mfa_settings: Any) -> None:
    [error] = messages(mfa_settings, FACTORS=[*FACTORS, "tests.mfa.extensions.SecondTotp"])
    assert error.id == "authstate.E047"
    assert "'authstate.factors.totp.TotpFactor' and 'tests.mfa.extensions.SecondTotp'" in error.msg
    assert type(factor_for("totp")).__name__ == "TotpFactor"  # the first wins


def test_a_store_key_naming_no_store_is_e048_with_a_suggestion(mfa_settings: Any) -> None:
    [error] = messages(mfa_settings, STORES=[*STORES, DICT], SESSION_STORAGE_TYPE="dikt")
    assert error.id == "authstate.E048" and "SESSION_STORAGE_TYPE" in error.msg and "'dikt'" in error.msg
    assert error.hint == 'Did you mean "dict"?'
    found = messages(mfa_settings, SESSION_STORAGE_TYPE="memory", REPOSITORY_PRIORITY=["memory", "zzz"])
    assert [(e.id, "REPOSITORY_PRIORITY" in e.msg, e.hint) for e in found] == [
        ("authstate.E048", True, "Configured stores: dict, http-session, memory, redis.")
    ]


def test_a_store_removed_from_stores_is_e048(mfa_settings: Any) -> None:
    found = messages(mfa_settings, STORES=STORES[:2], SESSION_STORAGE_TYPE="memory")
    assert {e.id for e in found} == {"authstate.E048"}
