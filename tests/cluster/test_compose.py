"""docker-compose.yml, checked statically (no Docker engine here) against the code it runs."""

from __future__ import annotations

import ipaddress
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from tests.cluster.certs import issue
from tests.cluster.compose import MissingVariable, env_names, interpolate, load, read_env_file, referenced
from tests.cluster.postgres import INIT_SCRIPT
from tests.cluster.redis import REDIS_CONF, REDIS_START
from tests.cluster.topology import ADMIN_ALLOWLIST, GUNICORN_CONF, HAPROXY_CFG, ROOT
from tests.services import require_binary

COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
APPS = ("app1", "app2")
READERS = [
    ROOT / "demo_project" / "settings.py",
    ROOT / "demo_project" / "deploy" / "gunicorn.conf.py",
    ROOT / "demo_project" / "management" / "commands" / "demo_setup.py",
    ROOT / "demo_project" / "wsgi.py",
    ROOT / "authstate" / "flows" / "rest" / "_views.py",  # INSTANCE_NAME, reported by /api/me
]


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return read_env_file(ENV_EXAMPLE)


@pytest.fixture(scope="module")
def services(env: dict[str, str]) -> dict[str, Any]:
    return load(COMPOSE, env)["services"]


def test_the_seed_topology_is_declared(services: dict[str, Any]) -> None:
    assert set(services) == {"haproxy", "app1", "app2", "migrate", "redis", "postgres"}
    assert services["haproxy"]["depends_on"] == {app: {"condition": "service_healthy"} for app in APPS}
    assert all("/health" in " ".join(services[app]["healthcheck"]["test"]) for app in APPS)


def test_env_example_defines_exactly_what_compose_uses(env: dict[str, str]) -> None:
    assert set(env) == referenced(yaml.safe_load(COMPOSE.read_text()))


def test_required_secrets_fail_loudly_when_missing() -> None:
    with pytest.raises(MissingVariable, match="REDIS_PASSWORD"):
        interpolate({"x": "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}"}, {})


def test_apps_set_only_variables_the_demo_reads(services: dict[str, Any]) -> None:
    read = set().union(*(env_names(path) for path in READERS))
    for name in (*APPS, "migrate"):
        unknown = set(services[name]["environment"]) - read
        assert not unknown, f"{name} sets variables nothing reads: {unknown}"


def test_instances_differ_only_by_instance_name(services: dict[str, Any]) -> None:
    first, second = (dict(services[app]["environment"]) for app in APPS)
    assert (first.pop("INSTANCE_NAME"), second.pop("INSTANCE_NAME")) == APPS
    assert first == second  # above all the same DJANGO_SECRET_KEY, Redis and database
    for key in ("DJANGO_SECRET_KEY", "AUTHSTATE_REDIS_URL", "DATABASE_URL", "AUTHSTATE_CLIENT_SECRET"):
        assert first[key], key
    assert first["DJANGO_DEBUG"] == "false"


def test_redis_runs_the_shipped_config_with_the_password_from_a_secret(services: dict[str, Any]) -> None:
    redis = services["redis"]
    url = urlparse(services["app1"]["environment"]["AUTHSTATE_REDIS_URL"])
    assert (url.hostname, url.port) == ("redis", 6379) and url.password
    raw = yaml.safe_load(COMPOSE.read_text())
    assert raw["secrets"]["redis_password"] == {"environment": "REDIS_PASSWORD"}
    assert redis["secrets"] == ["redis_password"] and "environment" not in redis
    assert "command" not in redis  # no password on a command line
    assert redis["entrypoint"] == ["sh", "/usr/local/etc/redis/redis-start.sh"]
    mounts = {target: (ROOT / source).resolve() for source, target, _ in (v.split(":") for v in redis["volumes"][:2])}
    assert mounts == {
        "/usr/local/etc/redis/redis.conf": REDIS_CONF,
        "/usr/local/etc/redis/redis-start.sh": REDIS_START,
    }
    assert "redis-data:/data" in redis["volumes"]
    config = [line.split() for line in REDIS_CONF.read_text().splitlines() if line.strip() and line[0] != "#"]
    assert ["maxmemory-policy", "noeviction"] in config and ["appendonly", "yes"] in config
    assert any(words[0] == "maxmemory" for words in config)
    assert not any(words[0] in ("requirepass", "masterauth") for words in config)


def test_apps_connect_as_the_least_privileged_role_and_only_migrate_as_owner(services: dict[str, Any]) -> None:
    postgres = services["postgres"]["environment"]
    app = urlparse(services["app1"]["environment"]["DATABASE_URL"])
    owner = urlparse(services["migrate"]["environment"]["DATABASE_URL"])
    assert (app.scheme, app.hostname, app.port, app.path) == (
        "postgres",
        "postgres",
        5432,
        "/" + postgres["POSTGRES_DB"],
    )
    assert (app.username, app.password) == (postgres["POSTGRES_APP_USER"], postgres["POSTGRES_APP_PASSWORD"])
    assert (owner.username, owner.password) == (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"])
    assert app.username != owner.username and app.password != owner.password
    init = [v for v in services["postgres"]["volumes"] if "/docker-entrypoint-initdb.d/" in v]
    assert [(ROOT / v.split(":")[0]).resolve() for v in init] == [INIT_SCRIPT]


def test_apps_trust_exactly_the_pinned_network_as_their_proxy(services: dict[str, Any]) -> None:
    subnet = yaml.safe_load(COMPOSE.read_text())["networks"]["default"]["ipam"]["config"][0]["subnet"]
    pinned = interpolate(subnet, read_env_file(ENV_EXAMPLE))
    assert ipaddress.ip_network(pinned).is_private
    environment = services["app1"]["environment"]
    assert environment["AUTHSTATE_TRUSTED_PROXIES"] == environment["GUNICORN_FORWARDED_ALLOW_IPS"] == pinned


def test_gunicorn_config_trusts_no_forwarded_header_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the environment compose sets, only loopback is a proxy; SCRIPT_NAME never comes from a header."""
    for name in ("GUNICORN_FORWARDED_ALLOW_IPS", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict[str, Any] = {}
    exec(compile(GUNICORN_CONF.read_text(), str(GUNICORN_CONF), "exec"), namespace)
    assert namespace["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert namespace["forwarder_headers"] == ""


def test_dockerfile_turns_debug_off() -> None:
    dockerfile = (ROOT / "demo_project" / "deploy" / "Dockerfile").read_text().splitlines()
    assert "ENV DJANGO_DEBUG=false" in dockerfile


def test_haproxy_mounts_the_demo_config_and_points_at_the_apps(services: dict[str, Any]) -> None:
    haproxy = services["haproxy"]
    mounts = {target: (ROOT / source).resolve() for source, target, _ in (v.split(":") for v in haproxy["volumes"])}
    assert mounts == {
        "/usr/local/etc/haproxy/haproxy.cfg": HAPROXY_CFG,
        "/usr/local/etc/haproxy/admin-allowlist.acl": ADMIN_ALLOWLIST,
    }
    bind_port = services["app1"]["environment"]["GUNICORN_BIND"].rsplit(":", 1)[1]
    assert haproxy["environment"]["APP1_ADDR"] == f"app1:{bind_port}"
    assert haproxy["environment"]["APP2_ADDR"] == f"app2:{bind_port}"
    assert haproxy["ports"] == [f"8080:{haproxy['environment']['HAPROXY_BIND'].rsplit(':', 1)[1]}"]


def test_haproxy_config_balances_round_robin_with_health_checks_and_no_stickiness() -> None:
    lines = [line.split("#")[0].strip() for line in HAPROXY_CFG.read_text().splitlines()]
    assert "balance roundrobin" in lines
    assert "option httpchk" in lines
    assert any(line.startswith("http-check send meth GET uri /health") for line in lines)
    assert not [line for line in lines if line.startswith(("cookie", "stick", "appsession", "balance source"))]


@pytest.mark.parametrize("environment", ["compose", "defaults"])
def test_haproxy_accepts_the_config(services: dict[str, Any], environment: str) -> None:
    env = services["haproxy"]["environment"] if environment == "compose" else {}
    env = {**env, "HAPROXY_ADMIN_ALLOWLIST": str(ADMIN_ALLOWLIST)}  # compose mounts it at the default path
    result = subprocess.run(
        [require_binary("haproxy"), "-c", "-f", str(HAPROXY_CFG)],
        env={"PATH": "/usr/sbin:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Configuration file is valid" in result.stdout


def test_dockerfile_serves_with_the_shared_gunicorn_config() -> None:
    dockerfile = (ROOT / "demo_project" / "deploy" / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "demo_project/deploy/gunicorn.conf.py"]' in dockerfile
    assert Path(ROOT / "demo_project" / "deploy" / "gunicorn.conf.py").exists()


def test_documented_tls_frontend_is_accepted(tmp_path: Path) -> None:
    """The TLS termination block of docs/deployment.md, with a throwaway certificate."""
    snippet = (ROOT / "docs" / "deployment.md").read_text().split("```haproxy\n", 1)[1].split("```", 1)[0]
    pem = tmp_path / "site.pem"
    pem.write_bytes(issue(tmp_path).combined())
    config = tmp_path / "haproxy.cfg"
    tls = snippet.replace("/usr/local/etc/haproxy/certs/site.pem", str(pem))
    config.write_text(HAPROXY_CFG.read_text() + "\n" + tls)
    env = {"PATH": "/usr/sbin:/usr/bin:/bin", "HAPROXY_ADMIN_ALLOWLIST": str(ADMIN_ALLOWLIST)}
    result = subprocess.run(
        [require_binary("haproxy"), "-c", "-f", str(config)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
