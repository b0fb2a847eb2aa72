"""Reading and writing key stores: ``JWK_KEY_STORE_PATH`` as PEM or PKCS#12.

A PEM store holds one or more private keys. The first one without a ``retired-at:`` or
``staged-at:`` line signs; keys with one only verify. A PKCS#12 store holds the signing key (its
entry's friendly name must equal ``JWK_KEY_ALIAS`` when that is set); its retired and staged keys
live in ``<path>.retired.pem``.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.exceptions import ImproperlyConfigured

from authstate.conf import auth_settings
from authstate.oauth2._keys import KeySet, SigningKey, validate

__all__ = ["BANNER", "PEM_BLOCK", "PKCS12_SUFFIXES", "RETIRED_SUFFIX", "is_pkcs12", "load", "read_pem", "write_private"]


PEM_BLOCK = re.compile(
    r"(?P<headers>(?:^[A-Za-z-]+:[^\n]*\n)*)(?P<pem>-----BEGIN (?P<label>[A-Z ]*PRIVATE KEY)-----.+?"
    r"-----END (?P=label)-----)",
    re.MULTILINE | re.DOTALL,
)
PKCS12_SUFFIXES = (".p12", ".pfx")
RETIRED_SUFFIX = ".retired.pem"
BANNER = "# authstate signing keys: the first key without retired-at or staged-at signs; the others verify.\n"


def load(path: str) -> KeySet:
    """Read the key store at ``path`` with the configured passwords and alias."""
    file = Path(path)
    if file.suffix.lower() == ".jks":
        raise ImproperlyConfigured(
            f"{path}: Java keystores are not supported; convert it with "
            "keytool -importkeystore -deststoretype PKCS12 -destkeystore keystore.p12"
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"cannot read JWK_KEY_STORE_PATH {path}: {exc.strerror}") from exc
    if b"-----BEGIN" in data:
        return _from_keys(read_pem(data.decode("ascii", "replace")), path)
    others = _sidecar(path)
    return KeySet(
        active=_read_pkcs12(data, path),
        retired=tuple(key for key in others if key.retired_at is not None),
        staged=tuple(key for key in others if key.staged_at is not None),
    )


def read_pem(text: str) -> list[SigningKey]:
    keys = []
    for match in PEM_BLOCK.finditer(text):
        headers = _headers(match.group("headers"))
        pem = match.group("pem").encode()
        password = _key_password() if b"ENCRYPTED" in pem else None
        try:
            private = serialization.load_pem_private_key(pem, password=password)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"cannot load a PEM private key: {exc}") from exc
        retired, staged = (_moment(headers.get(name)) for name in ("retired-at", "staged-at"))
        keys.append(SigningKey(validate(private).private, retired_at=retired, staged_at=staged))
    return keys


def _from_keys(keys: list[SigningKey], path: str) -> KeySet:
    active = [key for key in keys if key.retired_at is None and key.staged_at is None]
    if not active:
        raise ImproperlyConfigured(f"{path} holds no signing key (every key is retired or staged)")
    return KeySet(
        active=active[0],
        retired=tuple(key for key in keys if key.retired_at is not None),
        staged=tuple(key for key in keys if key.staged_at is not None),
    )


def _moment(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError as exc:
        raise ImproperlyConfigured(f"bad date in key store header: {value!r}") from exc


def _headers(block: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in block.splitlines() if ":" in line)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def _read_pkcs12(data: bytes, path: str) -> SigningKey:
    loaded = None
    for password in _pkcs12_passwords():
        try:
            loaded = pkcs12.load_pkcs12(data, password)
            break
        except ValueError:
            continue
    if loaded is None or loaded.key is None:
        raise ImproperlyConfigured(f"{path}: not a readable PKCS#12 store with a private key (check the password)")
    alias = auth_settings.oauth2.jwk_key_alias
    name = loaded.cert.friendly_name.decode() if loaded.cert and loaded.cert.friendly_name else None
    if alias and name is not None and name != alias:
        raise ImproperlyConfigured(f"{path}: the key entry is named {name!r}, not JWK_KEY_ALIAS {alias!r}")
    return validate(loaded.key)


def _sidecar(path: str) -> list[SigningKey]:
    sidecar = Path(path + RETIRED_SUFFIX)
    if not sidecar.exists():
        return []
    return [key for key in read_pem(sidecar.read_text()) if key.retired_at or key.staged_at]


def _pkcs12_passwords() -> list[bytes | None]:
    oauth2 = auth_settings.oauth2
    given = [p.encode() for p in (oauth2.jwk_key_store_password, oauth2.jwk_key_password) if p]
    return [*given, None]


def _key_password() -> bytes | None:
    oauth2 = auth_settings.oauth2
    password = oauth2.jwk_key_password or oauth2.jwk_key_store_password
    return password.encode() if password else None


def is_pkcs12(path: str) -> bool:
    return Path(path).suffix.lower() in PKCS12_SUFFIXES


def write_private(path: str, content: bytes) -> None:
    """Write a key file readable by its owner only, replacing any previous one atomically."""
    temporary = f"{path}.tmp-{os.getpid()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(temporary, path)
