"""The public API boundary: every module says what it exports, and the docs list only what exists.

``docs/extending.md`` ("Public API") is the list a project may rely on; each module in it must
import, and each name it gives must be in that module's ``__all__`` and defined there.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "authstate"
EXTENDING = ROOT / "docs" / "extending.md"
ROW = re.compile(r"^\| `(authstate[\w.]*)` \| (.+) \|$")
NAME = re.compile(r"`(\w+)`")


def module_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def declared_all(source: str) -> list[str] | None:
    """The literal ``__all__`` of a module's source, or ``None`` when it declares none."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list | tuple), "__all__ must be a literal list"
            return list(value)
    return None


def public_api(text: str) -> dict[str, list[str]]:
    """``{module: [names]}`` from the table under the "Public API" heading."""
    section = text.split("\n## Public API\n", 1)[1].split("\n## ", 1)[0]
    rows = (ROW.match(line) for line in section.splitlines())
    return {row[1]: NAME.findall(row[2].split("(", 1)[0]) for row in rows if row}


def exists(module: ModuleType, name: str) -> bool:
    """Defined in the module, or produced by its module-level ``__getattr__`` (``urlpatterns``),
    checked without calling it: building URL patterns would read flows from settings."""
    if name in vars(module):
        return True
    hook = vars(module).get("__getattr__")
    return hook is not None and f'"{name}"' in Path(module.__file__ or "").read_text()


@pytest.mark.parametrize("path", module_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_declares_what_exists(path: Path) -> None:
    names = declared_all(path.read_text())
    assert names is not None, f"{path.relative_to(ROOT)} has no __all__"
    module = importlib.import_module(module_name(path))
    missing = [name for name in names if not exists(module, name)]
    assert not missing, f"{module.__name__}.__all__ names what it does not define: {missing}"
    assert len(set(names)) == len(names), f"{module.__name__}.__all__ repeats a name"


def test_the_public_api_section_lists_modules() -> None:
    listed = public_api(EXTENDING.read_text())
    assert {"authstate.conf", "authstate.authentication", "authstate.testing.store_contract"} <= set(listed)
    assert all(listed.values()), "every listed module names what it offers"


@pytest.mark.parametrize("module_path, names", sorted(public_api(EXTENDING.read_text()).items()))
def test_documented_names_are_exported(module_path: str, names: list[str]) -> None:
    module = importlib.import_module(module_path)
    exported = getattr(module, "__all__", [])
    assert not set(names) - set(exported), f"{module_path}: documented but not in __all__"
    assert all(exists(module, name) for name in names)


def test_the_parser_sees_a_wrong_entry() -> None:
    """The checks above run on what this parser returns; a broken row must not vanish silently."""
    text = "\n## Public API\n\n| `authstate.conf` | `auth_settings`, `no_such_name` (a note: `ignored`) |\n"
    assert public_api(text) == {"authstate.conf": ["auth_settings", "no_such_name"]}
    assert "no_such_name" not in importlib.import_module("authstate.conf").__all__


def test_a_module_without_all_is_found() -> None:
    assert declared_all('"""Doc."""\nimport os\n') is None
    assert declared_all('__all__ = ["a"]\na = 1\n') == ["a"]


#: Files Django or Python finds by their name; they keep it whatever they export.
FOUND_BY_NAME = {"migrations", "models", "templatetags"}


def is_marked_internal(path: Path) -> bool:
    """A module is internal when its file name, or a package above it, starts with ``_``."""
    return any(part.startswith("_") and part != "__init__.py" for part in path.relative_to(PACKAGE).parts)


def found_by_name(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return (
        path.name == "__init__.py"
        or parts == ("apps.py",)
        or bool(FOUND_BY_NAME & set(parts[:-1]))
        or parts[:2] == ("management", "commands")
    )


@pytest.mark.parametrize(
    "path", [p for p in module_files() if not found_by_name(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_a_module_is_either_public_or_marked_internal(path: Path) -> None:
    """The boundary holds in the file tree: a module the Public API table does not list starts
    with ``_``, and a listed one does not, so what a project may import is visible in the path.
    Files Django finds by name (``found_by_name``) keep theirs and are not judged."""
    listed = module_name(path) in public_api(EXTENDING.read_text())
    assert listed != is_marked_internal(path), f"{path.relative_to(ROOT)}: " + (
        "listed as public but named as internal" if listed else "not listed as public; name it _…"
    )


def test_the_boundary_check_sees_an_unmarked_module() -> None:
    assert not is_marked_internal(PACKAGE / "mfa" / "service.py")
    assert is_marked_internal(PACKAGE / "mfa" / "_service.py")
    assert found_by_name(PACKAGE / "management" / "commands" / "authstate_logins.py")
    assert not found_by_name(PACKAGE / "management" / "_output.py")
