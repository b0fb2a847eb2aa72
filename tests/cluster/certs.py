"""Throwaway X.509 material for TLS tests: a CA and a server certificate signed by it."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PEM = serialization.Encoding.PEM


@dataclass
class ServerCertificate:
    ca: Path
    cert: Path
    key: Path

    def combined(self) -> bytes:
        """Certificate then private key: the layout HAProxy's ``crt`` expects."""
        return self.cert.read_bytes() + self.key.read_bytes()


def issue(directory: Path, host: str = "localhost") -> ServerCertificate:
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name, name = _name("authstate test CA"), _name(host)
    ca = _builder(ca_name, ca_name, ca_key).add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
    ca_cert = ca.add_extension(x509.KeyUsage(*[False] * 5, True, True, False, False), True).sign(
        ca_key, hashes.SHA256()
    )
    alt = x509.SubjectAlternativeName([x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    leaf = _builder(name, ca_name, key).add_extension(alt, False)
    leaf = leaf.add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
    cert = leaf.sign(ca_key, hashes.SHA256())
    paths = ServerCertificate(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    paths.ca.write_bytes(ca_cert.public_bytes(PEM))
    paths.cert.write_bytes(cert.public_bytes(PEM))
    paths.key.write_bytes(key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return paths


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
    )
