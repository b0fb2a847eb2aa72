"""The shipped Redis config and PostgreSQL init script, as the running cluster uses them."""

from __future__ import annotations

from pathlib import Path

import redis

from tests.cluster.conftest import REDIS_PASSWORD
from tests.cluster.postgres import APP_USER, Postgres
from tests.cluster.topology import Cluster


def test_redis_runs_with_the_shipped_limits_and_the_password_on_no_command_line(cluster: Cluster) -> None:
    assert cluster.redis is not None and cluster.redis.process is not None
    server = redis.Redis(port=cluster.redis.port, password=REDIS_PASSWORD, decode_responses=True)
    try:
        assert server.config_get("maxmemory-policy") == {"maxmemory-policy": "noeviction"}
        assert int(server.config_get("maxmemory")["maxmemory"]) == 256 * 1024 * 1024
        assert server.config_get("appendonly") == {"appendonly": "yes"}
    finally:
        server.close()
    anonymous = redis.Redis(port=cluster.redis.port)
    try:
        try:
            anonymous.ping()
            raise AssertionError("Redis answered without the password")
        except redis.AuthenticationError:
            pass
    finally:
        anonymous.close()
    cmdline = Path(f"/proc/{cluster.redis.process.pid}/cmdline").read_bytes()
    assert b"redis-server" in cmdline and REDIS_PASSWORD.encode() not in cmdline


def test_the_app_role_reads_and_writes_rows_and_nothing_else(postgres: Postgres, cluster: Cluster) -> None:
    role = postgres.psql(
        "postgres", f"SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = '{APP_USER}'"
    )
    assert role.stdout.strip() == "f|f|f", role.stderr
    assert postgres.psql(APP_USER, "SELECT count(*) > 0 FROM auth_user").stdout.strip() == "t"
    for ddl in ("CREATE TABLE intruder (id int)", "DROP TABLE auth_user", "ALTER TABLE auth_user ADD COLUMN x int"):
        refused = postgres.psql(APP_USER, ddl)
        assert refused.returncode != 0 and ("permission denied" in refused.stderr or "must be owner" in refused.stderr)
    owner = postgres.psql("postgres", "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    assert owner.stdout.split() == ["postgres"]  # migrations ran as the owner; the instances never can
