"""Creating and rotating key stores (``manage.py authstate_keys``).

Rotation puts a new signing key first and stamps the old one ``retired-at``; retired keys whose
tokens have all expired are dropped. For several instances, rotate in two steps: ``stage`` adds
the next key as verify-only (published in the JWKS); once every instance runs with that store,
``activate`` makes it sign. Instances pick a store up when they restart or reload settings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from authstate.conf import auth_settings
from authstate.oauth2 import _keystore as keystore
from authstate.oauth2._keys import KeySet, PrivateKey, SigningKey, generate

__all__ = ["activate", "create", "pem_text", "pkcs12_bytes", "rotate", "stage"]


def create(path: str, alg: str, *, force: bool = False) -> SigningKey:
    if Path(path).exists() and not force:
        raise ImproperlyConfigured(f"{path} exists; use rotate, or --force to replace it")
    key = SigningKey(generate(alg))
    _save(path, KeySet(active=key))
    return key


def rotate(path: str, alg: str | None = None) -> SigningKey:
    """Sign with a new key at once; the previous one only verifies from now on."""
    current = keystore.load(path)
    return _promote(path, current, SigningKey(generate(alg or current.active.alg)))


def stage(path: str, alg: str | None = None) -> SigningKey:
    """Publish the next key without signing with it yet (replacing any key staged before)."""
    current = keystore.load(path)
    key = SigningKey(generate(alg or current.active.alg), staged_at=timezone.now())
    _save(path, KeySet(active=current.active, retired=current.retired, staged=(key,)))
    return key


def activate(path: str) -> SigningKey:
    current = keystore.load(path)
    if not current.staged:
        raise ImproperlyConfigured(f"{path} has no staged key; run stage first")
    return _promote(path, current, SigningKey(current.staged[0].private))


def _promote(path: str, current: KeySet, key: SigningKey) -> SigningKey:
    now = timezone.now()
    retired = [SigningKey(current.active.private, now), *current.retired]
    _save(path, KeySet(active=key, retired=tuple(k for k in retired if k.verifies_at(now))))
    return key


def _save(path: str, keys: KeySet) -> None:
    if keystore.is_pkcs12(path):
        keystore.write_private(path, pkcs12_bytes(keys.active.private))
        keystore.write_private(path + keystore.RETIRED_SUFFIX, pem_text((*keys.staged, *keys.retired)).encode())
    else:
        keystore.write_private(path, pem_text((keys.active, *keys.staged, *keys.retired)).encode())


def pem_text(keys: tuple[SigningKey, ...]) -> str:
    parts = [keystore.BANNER]
    for key in keys:
        header = f"kid: {key.kid}\n"
        if key.retired_at is not None:
            header += f"retired-at: {key.retired_at.isoformat()}\n"
        if key.staged_at is not None:
            header += f"staged-at: {key.staged_at.isoformat()}\n"
        parts.append(header + _pem(key.private).decode())
    return "".join(parts)


def _pem(private: PrivateKey) -> bytes:
    password = auth_settings.oauth2.jwk_key_password or auth_settings.oauth2.jwk_key_store_password
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def pkcs12_bytes(private: PrivateKey) -> bytes:
    """A PKCS#12 store with a self-signed certificate, so Java's keytool can read the entry too."""
    oauth2 = auth_settings.oauth2
    name = (oauth2.jwk_key_alias or "authstate").encode()
    password = oauth2.jwk_key_store_password or oauth2.jwk_key_password
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(name, private, _certificate(private), None, encryption)


def _certificate(private: PrivateKey) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "authstate token signing key")])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )
