"""The login pipeline: stages by import path, the registry's explicit options."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from authstate.models import Login
from authstate.pipeline._attempt import LoginAttempt
from authstate.pipeline.stages import Answer, Stage
from authstate.registry import FlowRegistry
from authstate.state import Completion
from tests.conftest import PASSWORD, JsonClient


class TermsStage(Stage):
    """A project's stage: refuse to finish until terms are accepted (here: never)."""

    name = "terms"

    def handle(self, attempt: LoginAttempt) -> Answer | None:
        if attempt.user.username == "alice":
            return Completion(login=None, body={"status": "TERMS_REQUIRED", "amr": attempt.amr})  # type: ignore[arg-type]
        return None


@pytest.fixture
def terms_stage(settings: Any) -> None:
    stages = ["authstate.mfa.stages.MfaStage", "tests.pipeline.test_pipeline.TermsStage"]
    settings.AUTHSTATE = {**settings.AUTHSTATE, "LOGIN_STAGES": stages}


def test_a_project_stage_interrupts_the_login(api: JsonClient, user: Any, make_user: Any, terms_stage: None) -> None:
    body = api.post_json("/api/auth", {"username": "alice", "password": PASSWORD}).json()
    assert body == {"status": "TERMS_REQUIRED", "amr": ["pwd"]}
    assert not Login.objects.exists()
    make_user("bob")
    assert api.post_json("/api/auth", {"username": "bob", "password": PASSWORD}).json()["status"] == "AUTHENTICATED"


def test_a_stage_that_cannot_be_imported_is_a_configuration_error(api: JsonClient, user: Any, settings: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "LOGIN_STAGES": ["tests.nowhere.Stage"]}
    with pytest.raises(ImproperlyConfigured, match=r"tests\.nowhere\.Stage"):
        api.post_json("/api/auth", {"username": "alice", "password": PASSWORD})


def test_the_default_stage_is_mfa() -> None:
    """Removing the MFA stage is a project's explicit choice, named in its settings."""
    from authstate.conf import auth_settings

    assert auth_settings.login_stages == ("authstate.mfa.stages.MfaStage",)


@pytest.mark.parametrize(
    "build",
    [
        lambda r: r.form(login_page="/x", factors_required=2),
        lambda r: r.rest(login_processing_url="/x", template_name="t.html"),
        lambda r: r.mfa(login_page="/x", factor_required=2),
        lambda r: r.form(login_page="/x").session(timeout=3),
        lambda r: r.forms(login_page="/x"),
        lambda r: r.mfa(login_page="/x", factors_required=0),
    ],
)
def test_unknown_or_bad_registry_options_are_configuration_errors(build: Any) -> None:
    with pytest.raises(ImproperlyConfigured):
        build(FlowRegistry())


def test_registry_options_reach_the_flow() -> None:
    built = FlowRegistry().mfa(name="admin", login_page="/a", factors_required=2).session().build()
    assert built.get("admin").factors_required == 2
