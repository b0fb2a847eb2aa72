"""TRUSTED_PROXIES: addresses and CIDR networks, validated (E019), and flagged when a proxy is evident (W083)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import checks
from django.test import RequestFactory

from authstate.logins import _request_info as request_info
from authstate.logins._request_info import UNTRUSTED_FORWARDING, client_ip
from authstate.signals import audit_event
from tests.test_deploy_checks import ids, production  # noqa: F401  (fixture)


def trusting(settings: Any, *entries: str) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "TRUSTED_PROXIES": list(entries)}


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("172.28.0.5", "203.0.113.7", ["172.28.0.0/16"], "203.0.113.7"),
        ("172.29.0.5", "203.0.113.7", ["172.28.0.0/16"], "172.29.0.5"),
        ("172.28.3.4", "6.6.6.6, 203.0.113.7, 172.28.0.9", ["172.28.0.0/16"], "203.0.113.7"),
        ("10.1.2.3", "203.0.113.7", ["172.28.0.0/16", "10.0.0.0/8"], "203.0.113.7"),
        ("fd00::5", "2001:db8::1", ["fd00::/8"], "2001:db8::1"),
        ("fd00::5", "203.0.113.7", ["10.0.0.0/8"], "fd00::5"),
        ("10.0.0.2", "203.0.113.7", [" 10.0.0.2 "], "203.0.113.7"),
        ("not-an-ip", "203.0.113.7", ["0.0.0.0/0"], "not-an-ip"),
    ],
)
def test_networks_are_trusted_like_addresses(
    settings: Any, remote: str, forwarded: str, trusted: list[str], expected: str
) -> None:
    trusting(settings, *trusted)
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize("entry", ["172.28.0.0/33", "proxy.internal", "10.0.0.300", ""])
def test_an_entry_that_is_no_address_or_network_is_an_error(settings: Any, entry: str) -> None:
    trusting(settings, "10.0.0.2", entry)
    errors = [m for m in checks.run_checks(tags=["authstate"]) if m.id == "authstate.E019"]
    assert [str(m.msg) for m in errors] == [
        f'AUTHSTATE["TRUSTED_PROXIES"] has {entry!r}, which is neither an IP address nor a network'
    ]


def test_valid_entries_pass_the_check(settings: Any) -> None:
    trusting(settings, "10.0.0.2", "172.28.0.0/16", "fd00::/8", "172.28.1.1/16")
    assert not [m for m in checks.run_checks(tags=["authstate"]) if m.id == "authstate.E019"]


@pytest.mark.parametrize(
    ("django_settings", "trusted", "expected"),
    [
        ({"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}, [], {"authstate.W083"}),
        ({"USE_X_FORWARDED_HOST": True}, [], {"authstate.W083"}),
        ({"USE_X_FORWARDED_HOST": True}, ["172.28.0.0/16"], set()),
        ({}, [], set()),
    ],
)
def test_deploy_check_flags_a_proxy_nobody_trusts(
    production: Any,  # noqa: F811
    django_settings: dict[str, Any],
    trusted: list[str],
    expected: set[str],
) -> None:
    for name, value in django_settings.items():
        setattr(production, name, value)
    production.AUTHSTATE = {**production.AUTHSTATE, "TRUSTED_PROXIES": trusted}
    assert ids() == expected


def test_forwarding_from_an_untrusted_peer_warns_once_and_counts_each_time(
    settings: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    trusting(settings)
    monkeypatch.setattr(request_info, "_warned", type(request_info._warned)())
    sent: list[str] = []
    receiver = lambda sender, event, **kwargs: sent.append(event)  # noqa: E731
    audit_event.connect(receiver, weak=False)
    request = RequestFactory().get("/", REMOTE_ADDR="172.28.0.4", HTTP_X_FORWARDED_FOR="203.0.113.7")
    with caplog.at_level(logging.WARNING, logger="authstate.proxies"):
        for _ in range(3):
            assert client_ip(request) == "172.28.0.4"
    warnings = [r.getMessage() for r in caplog.records if r.name == "authstate.proxies"]
    assert len(warnings) == 1 and "X-Forwarded-For from 172.28.0.4 ignored" in warnings[0]
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="172.28.0.4")) == "172.28.0.4"  # no header: no note
    audit_event.disconnect(receiver)
    assert sent == [UNTRUSTED_FORWARDING] * 3
