"""The committed configuration page must be exactly what the generator renders from the defaults."""

from __future__ import annotations

from pathlib import Path

from authstate.conf._reference import default_text, human_ms, render, type_name
from authstate.conf._schema import Option, authstate_path, walk
from authstate.conf.defaults import ROOT

PAGE = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_committed_page_is_current() -> None:
    assert PAGE.read_text() == render(), (
        "docs/configuration.md is stale: run `python -m authstate.conf._reference > docs/configuration.md`"
    )


def test_every_option_appears_once_with_its_path() -> None:
    page = render()
    for path, _ in walk(ROOT):
        assert page.count(f"| `{authstate_path(path)}` |") == 1, authstate_path(path)


def test_spring_keys_and_additions_are_marked() -> None:
    page = render()
    assert '| `spring.auth.mfa.redis.key-prefix` | `AUTHSTATE["MFA"]["REDIS"]["KEY_PREFIX"]` | string |' in page
    assert '| *authstate* | `AUTHSTATE["MFA"]["REDIS"]["CACHE_ALIAS"]` |' in page


def test_durations_and_types_read_like_the_spring_table() -> None:
    assert human_ms(604800000) == "7d"
    assert human_ms(43200000) == "12h"
    assert human_ms(1500) == "1500ms"
    assert type_name(list[str]) == "list of string"
    option = Option("X", 900000, int, "x", unit="ms")
    assert default_text(option) == "`900000` (15min)"
    assert default_text(Option("Y", None, str, "y", nullable=True)) == "unset"


def test_a_changed_default_makes_the_page_stale(monkeypatch) -> None:
    from authstate.conf import _reference as reference

    changed = Option("STATE_TYPE", "SESSION", str, "changed")
    root = ROOT.__class__(ROOT.key, ROOT.help, (changed, *ROOT.children[1:]))
    monkeypatch.setattr(reference, "ROOT", root)
    assert reference.render() != PAGE.read_text()


API_PAGE = PAGE.parent / "api.md"


def error_classes() -> list[type]:
    import authstate.exceptions
    import authstate.mfa._machine  # noqa: F401  (defines InvalidTransition)
    from authstate.exceptions import AuthStateError

    found, stack = [], [AuthStateError]
    while stack:
        for sub in stack.pop().__subclasses__():
            found.append(sub)
            stack.append(sub)
    return found


def test_every_status_code_pair_is_in_the_api_page() -> None:
    from authstate._http import STATUS_BY_CODE

    page = API_PAGE.read_text()
    missing = [f"{code} {status}" for code, status in STATUS_BY_CODE.items() if f"| `{code}` | {status} |" not in page]
    assert missing == []


def test_every_domain_error_code_is_in_the_api_page() -> None:
    from authstate._http import status_for

    page = API_PAGE.read_text()
    codes = {cls.code for cls in error_classes() if cls.__module__.startswith("authstate.")}
    missing = sorted(code for code in codes if f"| `{code}` | {status_for(code)} |" not in page)
    assert missing == []


QUICKSTART = PAGE.parent / "quickstart.md"

#: Follows the quickstart in a fresh process: the TOTP page, then the JSON MFA login.
QUICKSTART_SCRIPT = r"""
import base64, hashlib, hmac, json, re, struct, time
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()  # the test client's host, "testserver", becomes allowed


def totp(secret, at):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return str((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)

call_command("migrate", verbosity=0)
get_user_model().objects.create_superuser("alice", "alice@example.com", "correct-horse-battery")
browser = Client()
assert browser.post("/login", {"username": "alice", "password": "correct-horse-battery"})["Location"] == "/mfa/setup/"
page = browser.get("/mfa/setup/totp").content.decode()
secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
assert browser.post("/mfa/setup/totp", {"code": totp(secret, time.time())}).status_code == 302
api = Client()
post = lambda url, body: api.post(url, json.dumps(body), content_type="application/json")
started = post("/api/mfa/login", {"username": "alice", "password": "correct-horse-battery"}).json()
assert started["status"] == "MFA_REQUIRED" and started["factors"] == ["totp"], started
code = totp(secret, time.time() + 30)  # the next time step: the enrollment code cannot be replayed
done = post("/api/mfa/verify", {"mfa_token": started["mfa_token"], "factor": "totp", "code": code})
assert done.status_code == 200, done.content
me = api.get("/api/me", HTTP_AUTHORIZATION="Bearer " + done.json()["access_token"]).json()
print(json.dumps(me))
"""


FAST_HASHER = '\nPASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test speed only\n'


def python_blocks(page: str) -> list[str]:
    import re

    return re.findall(r"```python\n(.*?)```", page, flags=re.S)


def test_the_quickstart_makes_a_working_mfa_project(tmp_path: Path) -> None:
    """The settings and URLconf blocks of the quickstart, verbatim, in a new project."""
    import json
    import os
    import subprocess
    import sys

    settings_block, urls_block = python_blocks(QUICKSTART.read_text())[:2]
    subprocess.run([sys.executable, "-m", "django", "startproject", "mysite", str(tmp_path)], check=True)
    with (tmp_path / "mysite" / "settings.py").open("a") as settings_file:
        settings_file.write("\n" + settings_block + FAST_HASHER)
    (tmp_path / "mysite" / "urls.py").write_text(urls_block)
    (tmp_path / "check.py").write_text(QUICKSTART_SCRIPT)
    repo = str(PAGE.parent.parent)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mysite.settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), repo]),
    }
    done = subprocess.run(
        [sys.executable, "check.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    me = json.loads(done.stdout.strip().splitlines()[-1])
    assert (me["username"], me["state"], me["flow"]) == ("alice", "oauth2", "api-mfa")
