"""Redis over TLS (``rediss://``) with a password, through the cache configuration the demo builds.

No app instance is needed: the demo turns ``AUTHSTATE_REDIS_URL`` into a django-redis cache
with ``DefaultClient``, so the test builds that cache from the URL and uses it. The CA travels
in the URL (``?ssl_ca_certs=``); redis-py verifies the certificate, so a URL without it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.cluster.certs import ServerCertificate, issue
from tests.cluster.conftest import REDIS_PASSWORD
from tests.cluster.processes import Proc
from tests.services import free_port, require_binary, wait_for_port


@pytest.fixture(scope="module")
def tls_redis(cluster_dir: Path) -> Iterator[tuple[int, ServerCertificate]]:
    directory = cluster_dir / "redis-tls"
    directory.mkdir()
    certificate, port = issue(directory), free_port()
    args = [require_binary("redis-server"), "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1"]
    args += ["--tls-cert-file", str(certificate.cert), "--tls-key-file", str(certificate.key)]
    args += [
        "--tls-ca-cert-file",
        str(certificate.ca),
        "--tls-auth-clients",
        "no",
        "--save",
        "",
        "--dir",
        str(directory),
    ]
    proc = Proc("redis-tls", [*args, "--requirepass", REDIS_PASSWORD], directory / "redis.log")
    try:
        proc.start()
        wait_for_port(port)
        yield port, certificate
    finally:
        proc.stop()


def demo_cache(url: str) -> RedisCache:
    """What demo_project.settings makes of AUTHSTATE_REDIS_URL."""
    return RedisCache(url, {"OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"}})


def test_rediss_url_with_password_and_ca_works(tls_redis: tuple[int, ServerCertificate]) -> None:
    port, certificate = tls_redis
    cache = demo_cache(f"rediss://:{REDIS_PASSWORD}@localhost:{port}/0?ssl_ca_certs={certificate.ca}")
    cache.set("authstate:tls-probe", {"login": "abc"}, timeout=30)
    assert cache.get("authstate:tls-probe") == {"login": "abc"}


@pytest.mark.parametrize(
    "url",
    [
        "rediss://:{password}@localhost:{port}/0",  # certificate not verifiable without the CA
        "redis://:{password}@localhost:{port}/0",  # plaintext to a TLS-only port
        "rediss://:wrong-password@localhost:{port}/0?ssl_ca_certs={ca}",
    ],
)
def test_unverified_plaintext_or_wrong_password_is_refused(tls_redis: tuple[int, ServerCertificate], url: str) -> None:
    port, certificate = tls_redis
    cache = demo_cache(url.format(password=REDIS_PASSWORD, port=port, ca=certificate.ca))
    with pytest.raises(RedisConnectionError):  # AuthenticationError is one too
        cache.get("authstate:tls-probe")
