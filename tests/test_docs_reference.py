"""The committed configuration page must be exactly what the generator renders from the defaults."""

from __future__ import annotations

from pathlib import Path

from authstate.conf.defaults import ROOT
from authstate.conf.reference import default_text, human_ms, render, type_name
from authstate.conf.schema import Option, authstate_path, walk

PAGE = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_committed_page_is_current() -> None:
    assert PAGE.read_text() == render(), (
        "docs/configuration.md is stale: run `python -m authstate.conf.reference > docs/configuration.md`"
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
    from authstate.conf import reference

    changed = Option("STATE_TYPE", "SESSION", str, "changed")
    root = ROOT.__class__(ROOT.key, ROOT.help, (changed, *ROOT.children[1:]))
    monkeypatch.setattr(reference, "ROOT", root)
    assert reference.render() != PAGE.read_text()


API_PAGE = PAGE.parent / "api.md"


def error_classes() -> list[type]:
    import authstate.exceptions
    import authstate.mfa.machine  # noqa: F401  (defines InvalidTransition)
    from authstate.exceptions import AuthStateError

    found, stack = [], [AuthStateError]
    while stack:
        for sub in stack.pop().__subclasses__():
            found.append(sub)
            stack.append(sub)
    return found


def test_every_status_code_pair_is_in_the_api_page() -> None:
    from authstate.http import STATUS_BY_CODE

    page = API_PAGE.read_text()
    missing = [f"{code} {status}" for code, status in STATUS_BY_CODE.items() if f"| `{code}` | {status} |" not in page]
    assert missing == []


def test_every_domain_error_code_is_in_the_api_page() -> None:
    from authstate.http import status_for

    page = API_PAGE.read_text()
    codes = {cls.code for cls in error_classes() if cls.__module__.startswith("authstate.")}
    missing = sorted(code for code in codes if f"| `{code}` | {status_for(code)} |" not in page)
    assert missing == []
