"""Browser fixtures: Debian's Chromium under Playwright, the demo on ``http://localhost:<port>``.

* ``browser`` (session): headless ``/usr/bin/chromium`` (``AUTHSTATE_CHROMIUM`` overrides), never a
  downloaded one. Missing Chromium skips locally and fails under ``CI=true``.
* ``site`` (function): pytest-django's ``live_server`` (bound to localhost, a free port) with a
  transactional database; WebAuthn needs the host name ``localhost``, not ``127.0.0.1``.
* ``page``: a fresh context and page on ``site``; ``shot(page, name)`` saves
  ``artifacts/browser/<name>.png``; ``passkeys(page)`` adds a CDP virtual authenticator.
* ``demo_user``/``sign_in``: a user with a known password and the password form, filled in.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, Playwright, sync_playwright

from tests.browser.pages import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("AUTHSTATE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"{CHROMIUM} not found: bin/test installs it (apt-get install chromium)")
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield launched
    launched.close()


@pytest.fixture
def site(live_server: Any, transactional_db: Any, settings: Any) -> str:
    """The demo's base URL, on ``localhost`` whatever address the server bound."""
    settings.ALLOWED_HOSTS = ["localhost"]
    return str(live_server.url).replace("127.0.0.1", "localhost")


@pytest.fixture
def context(browser: Browser, site: str) -> Iterator[BrowserContext]:
    opened = browser.new_context(base_url=site, viewport={"width": 900, "height": 760}, locale="en-US")
    opened.set_default_timeout(TIMEOUT_MS)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def shot() -> Callable[[Page, str], Path]:
    """Save a full-page screenshot as ``artifacts/browser/<name>.png`` (a CI artifact)."""

    def take(page: Page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@dataclass
class VirtualAuthenticator:
    """A DevTools WebAuthn authenticator (platform, resident keys, user verification)."""

    cdp: CDPSession
    id: str

    def credentials(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})[
            "credentials"
        ]
        return found


@pytest.fixture
def passkeys(context: BrowserContext) -> Callable[[Page], VirtualAuthenticator]:
    def attach(page: Page) -> VirtualAuthenticator:
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        options = {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "automaticPresenceSimulation": True,
        }
        added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
        return VirtualAuthenticator(cdp=cdp, id=added["authenticatorId"])

    return attach


@pytest.fixture
def demo_user(transactional_db: Any) -> Any:
    return get_user_model().objects.create_user("demo", "demo@example.com", PASSWORD)


@pytest.fixture
def sign_in(site: str) -> Callable[..., None]:
    """Fill in and submit a password login page (``/login`` or ``/mfa/login``)."""

    def submit(page: Page, username: str = "demo", password: str = PASSWORD, path: str = "/login") -> None:
        page.goto(path)
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-submit")
        page.wait_for_load_state()

    return submit
