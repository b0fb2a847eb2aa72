"""Just enough of Docker Compose to check docker-compose.yml without a Docker engine.

``load`` parses the file, resolves ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
``${VAR:?error}`` and ``$$`` as Compose does, with the variables of an env file.
``env_names`` lists the environment variables a Python source file reads.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

_VARIABLE = re.compile(r"\$(?:\$|\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|(?P<bare>\w+))")


class MissingVariable(LookupError):
    pass


def read_env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line.strip() and line[0] != "#")
    return {name.strip(): value.strip() for name, value in pairs}


def referenced(value: Any) -> set[str]:
    """Every variable a Compose value refers to (defaults included)."""
    if isinstance(value, dict):
        return set().union(*(referenced(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(referenced(v) for v in value))
    if isinstance(value, str):
        return {m["name"] or m["bare"] for m in _VARIABLE.finditer(value) if m["name"] or m["bare"]}
    return set()


def interpolate(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if isinstance(value, str):
        return _VARIABLE.sub(lambda m: _substitute(m, env), value)
    return value


def _substitute(match: re.Match[str], env: dict[str, str]) -> str:
    if match.group(0) == "$$":
        return "$"
    name, op, arg = match["name"] or match["bare"], match["op"] or "", match["arg"] or ""
    value = env.get(name)
    unset = value is None or (op.startswith(":") and value == "")
    if unset and op.endswith("?"):
        raise MissingVariable(f"{name}: {arg}")
    if unset and op.endswith("-"):
        return arg
    return value or ""


def load(path: Path, env: dict[str, str]) -> dict[str, Any]:
    raw = yaml.safe_load(path.read_text())
    return {**raw, "services": interpolate(raw["services"], env)}


def env_names(path: Path) -> set[str]:
    """Names read by ``os.environ[...]``, ``os.environ.get(...)``, ``os.getenv(...)`` or ``env_bool(...)``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        key = _env_key(node)
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def _env_key(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
        return node.slice
    if isinstance(node, ast.Call) and node.args:
        if ast.unparse(node.func) in {"os.environ.get", "os.getenv", "env_bool", "os.environ.setdefault"}:
            return node.args[0]
    return None
