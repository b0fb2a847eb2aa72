"""The shipped catalogs are complete and current: every marked string is in them, translated, compiled.

Staleness is checked by running ``bin/messages`` (makemessages + compilemessages) on a copy of the
package and comparing the messages it finds with the committed ``.po`` files. That needs GNU
gettext, which ``bin/test`` installs; under CI a missing ``xgettext`` fails instead of skipping.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.i18n.catalogs import Entry, placeholders, read

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "authstate"
LANGUAGES = ("de", "fr", "es")
FIX = "run bin/messages, translate what is new or fuzzy, run it again and commit the .po and .mo files"


def catalog(language: str, root: Path = PACKAGE) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def messages(path: Path) -> set[tuple[str | None, str, str]]:
    return {entry.key for entry in read(path) if entry.msgid and not entry.obsolete}


def require_gettext() -> None:
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq", "msgfmt") if shutil.which(tool) is None]
    if not missing:
        return
    pytest.fail(f"GNU gettext is not installed ({', '.join(missing)} missing): apt-get install gettext")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose catalogs ``bin/messages`` has just refreshed."""
    require_gettext()
    copy = tmp_path_factory.mktemp("catalogs") / "authstate"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run([ROOT / "bin" / "messages", copy], check=True, env=env, capture_output=True, timeout=300)
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_holds_exactly_the_marked_strings(fresh: Path, language: str) -> None:
    committed, current = messages(catalog(language)), messages(catalog(language, fresh))
    assert current, "makemessages found no message at all"
    assert not current - committed, f"strings missing from {language}/django.po: {FIX}"
    assert not committed - current, f"strings no longer in the code still in {language}/django.po: {FIX}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    entries = read(catalog(language))
    header, body = entries[0], entries[1:]
    assert header.msgid == "" and "fuzzy" not in header.flags, "the header is fuzzy: msgfmt would ignore it"
    assert f"Language: {language}\n" in header.msgstr[0] and "charset=UTF-8" in header.msgstr[0]
    assert [e.msgid for e in body if e.obsolete] == [], f"obsolete entries: {FIX}"
    assert [e.msgid for e in body if "fuzzy" in e.flags] == [], f"fuzzy entries in {language}: {FIX}"
    assert [e.msgid for e in body if not all(e.msgstr.values()) or not e.msgstr] == [], f"untranslated: {FIX}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = [e.msgid for e in read(catalog(language))[1:] if not _same_placeholders(e)]
    assert wrong == []


def _same_placeholders(entry: Entry) -> bool:
    if not entry.msgid_plural:
        return placeholders(entry.msgstr[0]) == placeholders(entry.msgid)
    wanted = placeholders(entry.msgid_plural)
    return all(placeholders(text) == wanted for text in entry.msgstr.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language: str) -> None:
    """The ``.mo`` Django loads holds exactly the ``.po``'s translations (a stale ``.mo`` fails)."""
    po = catalog(language)
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    expected = _expected_catalog(read(po))
    compiled[""], expected[""] = _header(compiled[""]), _header(expected[""])
    assert compiled == expected, f"{language}/django.mo is stale: {FIX}"


def _header(text: str) -> str:
    """msgfmt leaves out ``POT-Creation-Date``."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("POT-Creation-Date:"))


def _expected_catalog(entries: list[Entry]) -> dict[object, str]:
    expected: dict[object, str] = {}
    for entry in entries:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            expected.update({(msgid, index): text for index, text in entry.msgstr.items()})
        else:
            expected[msgid] = entry.msgstr[0]
    return expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalog(language: str) -> None:
    """``msgfmt --check``: placeholders of ``python-format`` entries, plural forms, the header."""
    require_gettext()
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, catalog(language)], check=True, capture_output=True)
