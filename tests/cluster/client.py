"""An HTTP client for the balancer: a cookie jar, bearer tokens, and who served each request.

``X-Served-By`` is set by HAProxy (the backend's server name); ``/api/me`` reports the
``instance`` the application itself believes it is. Scenarios assert both alternate.
"""

from __future__ import annotations

import itertools
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.cluster.forms import parse_form


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a chosen loopback address (all of 127.0.0.0/8 is local on Linux)."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Client:
    """``source``: the client's own address, e.g. 127.0.0.2 for a client other than HAProxy (127.0.0.1)."""

    def __init__(self, base_url: str, source: str | None = None) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        if source:
            self.http.mount("http://", SourceAddressAdapter(source))
        self.served: list[str] = []

    def request(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 15)
        response = self.http.request(method, self.base_url + path, headers=headers, **kwargs)
        self.served.append(served_by(response))
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post_json(self, path: str, body: dict[str, Any], **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, **kwargs)

    def me(self, token: str | None = None) -> requests.Response:
        return self.get("/api/me", token=token, headers={"Accept": "application/json"})

    def submit_form(self, page: requests.Response, values: dict[str, str]) -> requests.Response:
        """Post the page's form like a browser: its hidden fields (CSRF token) plus ``values``."""
        form = parse_form(page.text)
        action = form.action or page.url.removeprefix(self.base_url)
        return self.request("POST", action, data={**form.fields, **values}, headers={"Referer": page.url})

    def follow(self, response: requests.Response) -> requests.Response:
        """Follow one redirect (explicitly, so each hop is a request HAProxy balances)."""
        assert response.status_code in (301, 302, 303), (response.status_code, response.text[:500])
        location = response.headers["Location"].removeprefix(self.base_url)
        return self.get(location)

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.http.cookies.get("csrftoken", ""), "Accept": "application/json"}


def served_by(response: requests.Response) -> str:
    return response.headers.get("X-Served-By", "")


def assert_alternating(served: list[str]) -> None:
    """Each request went to a different instance than the one before it."""
    assert all(served), f"a response lacks X-Served-By: {served}"
    pairs = list(itertools.pairwise(served))
    assert pairs and all(a != b for a, b in pairs), f"consecutive requests hit the same instance: {served}"
