"""Metrics: real counts on the scrape endpoint after logins, and the endpoint's protection."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PASSWORD, bearer
from tests.mfa.conftest import totp_code

SECRET = "s" * 40
LATENCY = "authstate.metrics.middleware.LatencyMiddleware"


@pytest.fixture
def metrics_on(settings: Any) -> Any:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "METRICS": {"ENDPOINT_ENABLED": True, "BEARER_TOKEN": SECRET}}
    return settings


def with_latency_middleware(settings: Any) -> None:
    others = [m for m in settings.MIDDLEWARE if m != LATENCY]
    settings.MIDDLEWARE = [LATENCY, *others]


def scrape(client: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", **bearer(SECRET))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[Any, float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_rest_login_is_counted_on_the_endpoint(metrics_on: Any, api: Any, rest_login: Any) -> None:
    before = value(scrape(api), "authstate_logins_total", flow="rest", state="oauth2")
    rest_login()
    rest_login()
    after = value(scrape(api), "authstate_logins_total", flow="rest", state="oauth2")
    assert after - before == 2


def test_failed_logins_are_counted_by_code(metrics_on: Any, api: Any, user: Any) -> None:
    before = value(scrape(api), "authstate_login_failures_total", code="invalid_credentials")
    response = api.post_json("/api/auth", {"username": "alice", "password": "wrong"})
    assert response.status_code == 401
    after = value(scrape(api), "authstate_login_failures_total", code="invalid_credentials")
    assert after - before == 1


def test_logout_is_counted_as_a_revocation(metrics_on: Any, api: Any, rest_login: Any) -> None:
    before = scrape(api)
    tokens = rest_login()
    response = api.post("/logout", **bearer(tokens["access_token"]))
    assert response.status_code == 200
    after = scrape(api)
    revoked = {
        key: count - before.get(key, 0.0) for key, count in after.items() if key[0] == "authstate_revocations_total"
    }
    assert sum(revoked.values()) == 1


def test_latency_histogram_observes_authstate_endpoints(metrics_on: Any, api: Any, rest_login: Any) -> None:
    with_latency_middleware(metrics_on)
    name = "authstate_request_duration_seconds_count"
    before = scrape(api)
    rest_login()
    after = scrape(api)
    assert (
        value(after, name, endpoint="login-rest", method="POST")
        - value(before, name, endpoint="login-rest", method="POST")
        == 1
    )
    assert value(after, name, endpoint="home", method="GET") == 0


def test_counting_off_counts_nothing(metrics_on: Any, api: Any, rest_login: Any) -> None:
    metrics_on.AUTHSTATE = {**metrics_on.AUTHSTATE, "MFA": {**metrics_on.AUTHSTATE["MFA"], "METRICS_ENABLED": False}}
    before = value(scrape(api), "authstate_logins_total", flow="rest", state="oauth2")
    rest_login()
    assert value(scrape(api), "authstate_logins_total", flow="rest", state="oauth2") == before


def test_the_endpoint_is_off_by_default(api: Any) -> None:
    assert api.get("/metrics", **bearer(SECRET)).status_code == 404
    assert api.post("/metrics", **bearer(SECRET)).status_code == 404  # not even a 405 tells it exists


def test_only_get_and_head_are_allowed(metrics_on: Any, api: Any) -> None:
    assert api.head("/metrics", **bearer(SECRET)).status_code == 200
    response = api.post("/metrics", **bearer(SECRET))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("header", [{}, bearer("wrong"), bearer(SECRET[:-1]), {"HTTP_AUTHORIZATION": SECRET}])
def test_a_scraper_without_the_secret_is_refused(metrics_on: Any, api: Any, header: dict[str, str]) -> None:
    response = api.get("/metrics", **header)
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "not_authenticated", "message": "Metrics need the scrape secret or a staff login."}
    }
    assert b"authstate_" not in response.content


def test_staff_may_look_and_other_users_may_not(metrics_on: Any, client: Any, make_user: Any) -> None:
    make_user("bob")
    make_user("root", is_staff=True)
    client.login(username="bob", password=PASSWORD)
    assert client.get("/metrics").status_code == 403
    client.login(username="root", password=PASSWORD)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"# TYPE authstate_logins_total counter" in response.content


def test_staff_are_refused_when_staff_access_is_off(metrics_on: Any, client: Any, make_user: Any) -> None:
    metrics_on.AUTHSTATE = {**metrics_on.AUTHSTATE, "METRICS": {"ENDPOINT_ENABLED": True, "ALLOW_STAFF": False}}
    make_user("root", is_staff=True)
    client.login(username="root", password=PASSWORD)
    assert client.get("/metrics").status_code == 403


def mfa_start(api: Any) -> str:
    response = api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "MFA_REQUIRED"
    return response.json()["mfa_token"]


def test_mfa_steps_and_the_completed_login_are_counted(metrics_on: Any, api: Any, user: Any) -> None:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    before = scrape(api)
    token = mfa_start(api)
    wrong = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert wrong.status_code == 401
    right = api.post_json(
        "/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": totp_code(device, time.time())}
    )
    assert right.status_code == 200, right.content
    after = scrape(api)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("authstate_mfa_steps_total", step="verify", factor="totp", outcome="failure") == 1
    assert delta("authstate_mfa_steps_total", step="verify", factor="totp", outcome="success") == 1
    assert delta("authstate_logins_total", flow="api-mfa", state="oauth2") == 1


def test_an_mfa_lockout_is_counted(metrics_on: Any, api: Any, user: Any) -> None:
    metrics_on.AUTHSTATE = {**metrics_on.AUTHSTATE, "MFA": {**metrics_on.AUTHSTATE["MFA"], "MAX_RETRY_ATTEMPTS": 1}}
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    before = value(scrape(api), "authstate_lockouts_total", kind="mfa")
    token = mfa_start(api)
    response = api.post_json("/api/mfa/verify", {"mfa_token": token, "factor": "totp", "code": "000000"})
    assert response.status_code == 423, response.content
    assert value(scrape(api), "authstate_lockouts_total", kind="mfa") - before == 1


def test_refreshes_are_counted_by_outcome(metrics_on: Any, api: Any, rest_login: Any) -> None:
    with_latency_middleware(metrics_on)
    tokens = rest_login()
    before = scrape(api)
    assert api.post_json("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}).status_code == 200
    assert api.post_json("/api/auth/refresh", {"refresh_token": "forged"}).status_code == 401
    after = scrape(api)
    for outcome in ("success", "refused"):
        name = "authstate_refreshes_total"
        assert value(after, name, outcome=outcome) - value(before, name, outcome=outcome) == 1


def test_an_account_lockout_is_counted(metrics_on: Any, api: Any, user: Any) -> None:
    mfa = {**metrics_on.AUTHSTATE["MFA"], "ACCOUNT_LOCKOUT_THRESHOLD": 2}
    metrics_on.AUTHSTATE = {**metrics_on.AUTHSTATE, "MFA": mfa}
    before = value(scrape(api), "authstate_lockouts_total", kind="account")
    statuses = [api.post_json("/api/auth", {"username": "alice", "password": "wrong"}).status_code for _ in range(3)]
    assert statuses[-1] == 423
    assert value(scrape(api), "authstate_lockouts_total", kind="account") - before == 1
