"""Self-signed signing certificates for tests, the demo seller and the sandbox tax authority.

Vietnamese CA certificates (VNPT-CA, Viettel-CA, FPT-CA…) carry the holder's tax code in
the subject as ``UID=MST:<tax code>``; the test certificates do the same so that the
signer shown by :func:`..xmldsig.verify_signatures` looks like a real one.  They are NOT
trusted by anyone: the tax authority only accepts certificates issued by a licensed CA.
"""

from __future__ import annotations

import datetime
import functools
import secrets

from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from .errors import StandardError


@functools.cache
def _rsa_key(common_name: str, tax_code: str, key_size: int) -> rsa.RSAPrivateKey:
    """RSA generation takes tens of milliseconds: one key per holder and size per process."""
    return rsa.generate_private_key(public_exponent=65537, key_size=key_size,
                                    backend=default_backend())


def holder_subject(common_name: str, tax_code: str = "") -> x509.Name:
    """The subject a Vietnamese CA would write: CN, UID=MST:…, country VN."""
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                  x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if tax_code:
        attributes.append(x509.NameAttribute(NameOID.USER_ID, f"MST:{tax_code}"))
    return x509.Name(attributes)


@functools.cache
def make_test_certificate(common_name: str, tax_code: str = "", days: int = 3650,
                          key_size: int = 2048) -> tuple[bytes, bytes]:
    """Return ``(pkcs12_bytes, password)`` of a self-signed RSA signing certificate.

    The certificate is valid from one day ago (so that a signing time in any time zone
    falls inside it) for ``days`` days.  Results are cached per argument set: the same
    holder gets the same key and certificate for the whole process.
    """
    if not common_name:
        raise StandardError("certificate.common_name", "certificate.required",
                            "a test certificate needs a common name",
                            "chứng thư thử nghiệm cần có tên (CN)")
    if days < 1 or key_size < 1024:
        raise StandardError("certificate", "certificate.parameters",
                            "validity must be at least one day and the key at least 1024 bits",
                            "hiệu lực tối thiểu một ngày và khóa tối thiểu 1024 bit")
    key = _rsa_key(common_name, tax_code, key_size)
    subject = holder_subject(common_name, tax_code)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False,
                                     decipher_only=False), critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    password = secrets.token_hex(12).encode("ascii")
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode("utf-8"), key, certificate, None,
        serialization.BestAvailableEncryption(password))
    return data, password
