"""Issue 18, finding 9: a client cannot mint Prometheus series; unknown methods fold into ``other``."""

from __future__ import annotations

from typing import Any

import pytest

from authstate.metrics import _labels as labels
from tests.test_metrics import metrics_on, scrape, value, with_latency_middleware

__all__ = ["metrics_on"]

pytestmark = pytest.mark.django_db


def test_invented_methods_share_one_series(metrics_on: Any, api: Any) -> None:
    with_latency_middleware(metrics_on)
    before = value(scrape(api), "authstate_request_duration_seconds_count", endpoint="login-rest", method="other")
    for n in range(5):
        api.generic(f"FOO{n}", "/api/auth")
    samples = scrape(api)
    methods = {dict(labelset).get("method") for name, labelset in samples if name.startswith("authstate_request")}
    assert not any(m and m.startswith("FOO") for m in methods)
    after = value(samples, "authstate_request_duration_seconds_count", endpoint="login-rest", method="other")
    assert after - before == 5


def test_known_values_pass_through_and_the_rest_fold() -> None:
    assert [labels.method(m) for m in ("GET", "POST", "PROPFIND", None)] == ["GET", "POST", "other", "other"]
    assert [labels.factor(f) for f in ("totp", "passkey", "x" * 40, "")] == ["totp", "passkey", "other", "other"]
