"""Metrics: real counts on the scrape endpoint after logins, and the endpoint's protection."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PASSWORD, bearer

SECRET = "s" * 40


@pytest.fixture
def metrics_on(settings: Any) -> Any:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "METRICS": {"ENDPOINT_ENABLED": True, "BEARER_TOKEN": SECRET}}
    return settings


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
    metrics_on.MIDDLEWARE = [*metrics_on.MIDDLEWARE, "authstate.metrics.middleware.LatencyMiddleware"]
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
    response = api.get("/metrics", **bearer(SECRET))
    assert response.status_code == 404


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
