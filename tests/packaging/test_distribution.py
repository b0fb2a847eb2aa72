"""What ``pip install django-authstate`` gets: the sdist and wheel, built, checked, installed alone.

``python -m build`` makes the sdist and, from it, the wheel (so the sdist must be complete);
``twine check --strict`` reads both. The wheel alone (no extras, not the source tree) goes into
a fresh venv, where a minimal project (``project/`` here, copied to a temp dir) runs
``manage.py check`` and a form and a REST login. Without the ``passkey`` extra passkeys switch
themselves off: ``check`` prints authstate.I050 and passes.

Runs in ``tox -e package`` (no Django in the env running pytest: everything Django runs in the
fresh venv).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import build  # noqa: F401  (tox -e package installs it; missing, the suite fails rather than skips)
import pytest
import trove_classifiers

ROOT = Path(__file__).resolve().parents[2]
PROJECT = Path(__file__).with_name("project")


def run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def data_files(names: list[str]) -> set[str]:
    """Package data (not Python): templates, static files, catalogs, py.typed."""
    return {n for n in names if n.startswith("authstate/") and not n.endswith((".py", "/")) and "__pycache__" not in n}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)])
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    [path] = dist.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    [path] = dist.glob("*.tar.gz")
    return path


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel and its dependencies, nothing else."""
    path = tmp_path_factory.mktemp("venv")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv:
        env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
        env.pop("VIRTUAL_ENV", None)
        run([uv, "venv", "--quiet", "--python", sys.executable, str(path)], env=env)
        run([uv, "pip", "install", "--quiet", "--python", str(path / "bin" / "python"), str(wheel)], env=env)
    else:
        run([sys.executable, "-m", "venv", str(path)])
        run([str(path / "bin" / "pip"), "install", "--quiet", str(wheel)])
    return path


@pytest.fixture(scope="module")
def project(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("project")
    shutil.copytree(PROJECT, path, dirs_exist_ok=True)
    return path


def in_venv(venv: Path, project: Path, *args: str) -> str:
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(project), "DJANGO_SETTINGS_MODULE": "settings"}
    return run([str(venv / "bin" / "python"), *args], cwd=project, env=env)


def metadata(wheel: Path) -> tuple[HeaderParser, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
        return HeaderParser().parsestr(archive.read(meta).decode()), names  # type: ignore[return-value]


def test_twine_check_passes(dist: Path) -> None:
    run([sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))])


def test_metadata_license_classifiers_and_urls(wheel: Path) -> None:
    meta, names = metadata(wheel)
    assert meta["License-Expression"] == "BSD-3-Clause"
    assert meta["License"] is None  # the deprecated table form is gone
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    classifiers = meta.get_all("Classifier")
    assert [c for c in classifiers if c not in trove_classifiers.classifiers] == []
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the expression replaces them
    for wanted in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {wanted}" in classifiers
    for wanted in ("5.2", "6.0", "6.1"):
        assert f"Framework :: Django :: {wanted}" in classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL"))
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(urls)


def test_sdist_and_wheel_ship_every_data_file(sdist: Path, wheel: Path) -> None:
    source = {str(p.relative_to(ROOT)) for p in (ROOT / "authstate").rglob("*") if p.is_file()}
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        in_sdist = [n.removeprefix(f"{top}/") for n in archive.getnames()]
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = archive.namelist()
    assert data_files(sorted(source)) <= data_files(in_sdist)
    assert data_files(sorted(source)) == data_files(in_wheel)
    assert {"LICENSE", "README.md", "CHANGELOG.md"} <= set(in_sdist)
    assert "authstate/py.typed" in in_wheel
    for po in (n for n in data_files(in_wheel) if n.endswith(".po")):
        assert po.removesuffix(".po") + ".mo" in in_wheel, f"{po} ships without its compiled catalog"
    for language in ("de", "fr", "es"):
        assert f"authstate/locale/{language}/LC_MESSAGES/django.mo" in in_wheel


def test_the_wheel_installs_alone_without_extras(venv: Path, project: Path) -> None:
    found = json.loads(
        in_venv(
            venv,
            project,
            "-c",
            "import importlib.util, json, authstate; print(json.dumps({'file': authstate.__file__, "
            "'extras': [m for m in ('webauthn', 'django_redis', 'drf_spectacular', 'prometheus_client') "
            "if importlib.util.find_spec(m)]}))",
        )
    )
    assert Path(found["file"]).is_relative_to(venv), found["file"]  # the wheel, not the source tree
    assert found["extras"] == []


def test_manage_py_check_passes_with_passkeys_switched_off(venv: Path, project: Path) -> None:
    output = in_venv(venv, project, "manage.py", "check", "--fail-level", "WARNING")
    assert "authstate.I050" in output and "authstate.E050" not in output, output
    assert "ERRORS" not in output and "WARNINGS" not in output, output


def test_a_minimal_project_logs_in_and_serves_the_shipped_files(venv: Path, project: Path) -> None:
    output = in_venv(venv, project, "login_check.py")
    result = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    assert result["login_page"] == [200, True]
    assert result["form_login"] == [302, "/"]
    assert result["me"] == {"username": "alice", "state": "session", "flow": "form"}
    assert result["rest_login"] == [200, True]
    assert result["passkey_page"] == 404  # no webauthn, no passkey URLs
    assert {"authstate/authstate.js", "authstate/passkey.js"} <= set(result["collected"])
    assert result["templates_from"] == str(venv)
