"""Key stores (PEM, encrypted PEM, PKCS#12), kid, rotation, the development key and the E06x checks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.oauth2 import _keyfiles as keyfiles
from authstate.oauth2 import _keystore as keystore
from authstate.oauth2._checks import check_signing_keys
from authstate.oauth2._keys import KeySet, SigningKey, development_key, thumbprint


def oauth2_settings(settings: Any, **oauth2: Any) -> None:
    settings.AUTHSTATE = {**settings.AUTHSTATE, "OAUTH2": {**settings.AUTHSTATE["OAUTH2"], **oauth2}}


RFC7638_N = (
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknj"
    "hMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQ"
    "vRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzK"
    "nqDKgw"
)


def test_kid_is_the_rfc7638_thumbprint() -> None:
    example = {"kty": "RSA", "n": RFC7638_N, "e": "AQAB", "alg": "RS256", "kid": "2011-04-29"}
    assert thumbprint(example) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    key = SigningKey(keyfiles.generate("ES256"))
    assert key.kid == thumbprint(key.public_jwk())


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_pem_store_round_trip(tmp_path: Path, alg: str) -> None:
    path = str(tmp_path / "k.pem")
    created = keyfiles.create(path, alg)
    loaded = keystore.load(path)
    assert (loaded.active.kid, loaded.active.alg, loaded.retired) == (created.kid, alg, ())
    assert Path(path).stat().st_mode & 0o777 == 0o600
    with pytest.raises(ImproperlyConfigured, match="exists"):
        keyfiles.create(path, alg)


def test_encrypted_pem_needs_the_key_password(tmp_path: Path, settings: Any) -> None:
    path = str(tmp_path / "k.pem")
    oauth2_settings(settings, JWK_KEY_PASSWORD="pem-pass")
    created = keyfiles.create(path, "ES256")
    assert "ENCRYPTED PRIVATE KEY" in Path(path).read_text()
    assert keystore.load(path).active.kid == created.kid
    oauth2_settings(settings, JWK_KEY_PASSWORD="wrong")
    with pytest.raises(ImproperlyConfigured, match="cannot load"):
        keystore.load(path)


def test_plain_openssl_style_pem_is_read(tmp_path: Path) -> None:
    private = keyfiles.generate("RS256")
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    (tmp_path / "rsa.pem").write_bytes(pem)
    assert keystore.load(str(tmp_path / "rsa.pem")).active.alg == "RS256"


def test_pkcs12_store_with_password_and_alias(tmp_path: Path, settings: Any) -> None:
    path = str(tmp_path / "keystore.p12")
    oauth2_settings(settings, JWK_KEY_STORE_PASSWORD="store-pass", JWK_KEY_ALIAS="authstate-signing")
    created = keyfiles.create(path, "RS256")
    assert keystore.load(path).active.kid == created.kid
    oauth2_settings(settings, JWK_KEY_STORE_PASSWORD="store-pass", JWK_KEY_ALIAS="other")
    with pytest.raises(ImproperlyConfigured, match="not JWK_KEY_ALIAS"):
        keystore.load(path)
    oauth2_settings(settings, JWK_KEY_STORE_PASSWORD="wrong", JWK_KEY_ALIAS="authstate-signing")
    with pytest.raises(ImproperlyConfigured, match="check the password"):
        keystore.load(path)


def test_java_keystores_get_a_conversion_hint(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="keytool -importkeystore"):
        keystore.load(str(tmp_path / "keystore.jks"))


@pytest.mark.parametrize("name", ["k.pem", "k.p12"])
def test_rotation_keeps_the_old_key_verifying_until_its_tokens_expire(tmp_path: Path, name: str) -> None:
    path = str(tmp_path / name)
    old = keyfiles.create(path, "ES256")
    new = keyfiles.rotate(path)
    loaded = keystore.load(path)
    assert loaded.active.kid == new.kid
    assert list(loaded.verifying()) == [new.kid, old.kid]
    assert [key["kid"] for key in loaded.jwks()["keys"]] == [new.kid, old.kid]


def test_retired_keys_stop_verifying_after_retention() -> None:
    long_ago = timezone.now() - auth_settings.refresh_token_validity - timedelta(minutes=2)
    retired = SigningKey(keyfiles.generate("ES256"), long_ago)
    keys = KeySet(active=SigningKey(keyfiles.generate("ES256")), retired=(retired,))
    assert retired.kid not in keys.verifying()


def test_rotation_drops_keys_past_retention(tmp_path: Path) -> None:
    path = str(tmp_path / "k.pem")
    keyfiles.create(path, "ES256")
    long_ago = timezone.now() - timedelta(days=30)
    stale = SigningKey(keyfiles.generate("ES256"), long_ago)
    current = keystore.load(path)
    keystore.write_private(path, keyfiles.pem_text((current.active, stale)).encode())
    keyfiles.rotate(path)
    assert stale.kid not in {key.kid for key in keystore.read_pem(Path(path).read_text())}


def test_development_key_follows_secret_key(settings: Any) -> None:
    first = development_key().kid
    assert development_key().kid == first
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789"
    assert development_key().kid != first


def test_e060_without_a_key_store_outside_debug(settings: Any) -> None:
    settings.DEBUG = False
    settings.AUTHSTATE = {**settings.AUTHSTATE, "TOKEN_ISSUER": "AUTHORIZATION_SERVER"}
    assert [error.id for error in check_signing_keys()] == ["authstate.E060"]
    settings.DEBUG = True
    assert check_signing_keys() == []


def test_e061_for_an_unreadable_key_store(settings: Any, tmp_path: Path) -> None:
    oauth2_settings(settings, JWK_KEY_STORE_PATH=str(tmp_path / "missing.pem"))
    assert [error.id for error in check_signing_keys()] == ["authstate.E061"]


def test_internal_issuer_needs_no_key(settings: Any) -> None:
    settings.DEBUG = False
    assert check_signing_keys() == []


@pytest.mark.parametrize("name", ["k.pem", "k.p12"])
def test_staged_key_is_published_before_it_signs(tmp_path: Path, name: str) -> None:
    path = str(tmp_path / name)
    first = keyfiles.create(path, "ES256")
    staged = keyfiles.stage(path)
    loaded = keystore.load(path)
    assert (loaded.active.kid, [key.kid for key in loaded.staged]) == (first.kid, [staged.kid])
    assert [key["kid"] for key in loaded.jwks()["keys"]] == [first.kid, staged.kid]
    activated = keyfiles.activate(path)
    loaded = keystore.load(path)
    assert activated.kid == staged.kid == loaded.active.kid
    assert (loaded.staged, [key.kid for key in loaded.retired]) == ((), [first.kid])
    with pytest.raises(ImproperlyConfigured, match="no staged key"):
        keyfiles.activate(path)
