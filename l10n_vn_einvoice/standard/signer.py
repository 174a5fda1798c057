"""The signing seam: the one interface between the documents and the key that signs them.

Everything the addon signs for the seller goes through a :class:`Signer`: local XML-DSig
(:func:`.xmldsig.sign_invoice`, which computes the SignedInfo digest and asks the signer
for the value) and the providers' hash-then-signature flows (VNPT ``getHashInvWithToken``
→ ``publishInvWithToken``, where the provider computes that digest and the signer only
signs it).  A signer needs two things: its certificate (and chain) for ``KeyInfo`` and the
provider's registration, and :meth:`Signer.sign_digest`, an RSA PKCS#1 v1.5 signature of a
SHA-256 digest — the operation a smart card performs (PKCS#11 ``CKM_RSA_PKCS`` over the
DigestInfo) and the one remote signing services (VNPT SmartCA, HSM gateways) expose.

:class:`SigningKey` is the implementation the addon ships: a PKCS#12 file (or PEM pair)
held by Odoo's ``certificate`` module, the key in memory.  To plug in a USB token or a
remote signer, write a class with ``certificate``, ``chain`` and ``sign_digest`` (for a
token: open a PKCS#11 session with python-pkcs11 or PyKCS11, find the key whose
certificate matches, ``sign`` with ``Mechanism.RSA_PKCS`` over
:func:`digest_info` of the digest) and return it where the company's key is loaded
(``l10n_vn_einvoice.document._l10n_vn_einvoice_signing_key``); nothing else changes.  No
token driver is shipped.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import xmlsec
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import pkcs12

from .errors import StandardError

# DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2 note 1): what a raw RSA_PKCS token
# mechanism signs, followed by the 32-byte digest.
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def digest_info(digest: bytes) -> bytes:
    """The DigestInfo a PKCS#11 ``CKM_RSA_PKCS`` signature of a SHA-256 digest covers."""
    if len(digest) != 32:
        raise StandardError("digest", "signature.digest_length",
                            f"a SHA-256 digest has 32 bytes, got {len(digest)}",
                            f"giá trị băm SHA-256 dài 32 byte, nhận được {len(digest)}")
    return _SHA256_DIGEST_INFO + digest


@runtime_checkable
class Signer(Protocol):
    """Who signs for the seller: a certificate and a way to sign a SHA-256 digest."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    def sign_digest(self, digest: bytes) -> bytes:
        """RSA PKCS#1 v1.5 signature of the SHA-256 ``digest`` (32 bytes)."""


def certificates_b64(signer: Signer) -> tuple[str, ...]:
    """The certificate then its chain, base64 DER, as ``KeyInfo/X509Data`` carries them."""
    if isinstance(signer, SigningKey):
        return signer.certificates_b64
    return tuple(base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode("ascii")
                 for cert in (signer.certificate, *signer.chain))


class SigningKey:
    """A private RSA key with its certificate chain, loaded once and reused (a
    :class:`Signer`).

    The ``xmlsec.Key`` is built at load time: parsing PEM for every invoice would cost
    more than the RSA operation itself.  It holds the private key only: xmlsec copies the
    key into every signature context, and copying attached certificates cost ~80 µs per
    invoice, so ``KeyInfo/X509Data`` is written from ``certificates_b64`` instead (KeyInfo
    is not part of the signed content).
    """

    __slots__ = ("certificate", "certificates_b64", "chain", "private_key", "subject",
                 "xmlsec_key")

    def __init__(self, private_key: rsa.RSAPrivateKey, certificate: x509.Certificate,
                 chain: Sequence[x509.Certificate] = ()):
        if not isinstance(private_key, rsa.RSAPrivateKey):
            raise StandardError("key", "certificate.key_type",
                                "only RSA keys are accepted for e-invoice signatures",
                                "chữ ký hóa đơn điện tử chỉ chấp nhận khóa RSA")
        if (private_key.public_key().public_numbers()
                != certificate.public_key().public_numbers()):
            raise StandardError("certificate", "certificate.key_mismatch",
                                "the certificate does not belong to the private key",
                                "chứng thư số không khớp với khóa bí mật")
        self.private_key = private_key
        self.certificate = certificate
        self.chain = tuple(chain)
        self.subject = certificate.subject.rfc4514_string()
        key_pem = private_key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
        self.xmlsec_key = xmlsec.Key.from_memory(key_pem, xmlsec.constants.KeyDataFormatPem)
        self.certificates_b64 = tuple(
            base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode("ascii")
            for cert in (certificate, *self.chain))

    def sign_digest(self, digest: bytes) -> bytes:
        digest_info(digest)  # the length check, with its bilingual message
        return self.private_key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))


def load_pkcs12(data: bytes, password: bytes | str | None) -> SigningKey:
    """Load a ``.p12``/``.pfx`` file as exported from a USB token or an HSM tool."""
    if isinstance(password, str):
        password = password.encode("utf-8")
    try:
        private_key, certificate, chain = pkcs12.load_key_and_certificates(
            data, password or None, default_backend())
    except (ValueError, TypeError) as exc:
        raise StandardError("pkcs12", "certificate.pkcs12",
                            f"wrong password or not a PKCS#12 file ({exc})",
                            f"sai mật khẩu hoặc tệp không phải PKCS#12 ({exc})") from exc
    if private_key is None or certificate is None:
        raise StandardError("pkcs12", "certificate.pkcs12_content",
                            "the PKCS#12 file must hold a private key and its certificate",
                            "tệp PKCS#12 phải chứa khóa bí mật và chứng thư số tương ứng")
    return SigningKey(private_key, certificate, chain or ())


def load_pem(key_pem: bytes, cert_pem: bytes, password: bytes | None = None,
             chain_pem: bytes = b"") -> SigningKey:
    """Load a PEM private key and certificate (plus optional PEM chain, concatenated)."""
    try:
        private_key = serialization.load_pem_private_key(key_pem, password, default_backend())
        certificate = x509.load_pem_x509_certificate(cert_pem, default_backend())
    except (ValueError, TypeError) as exc:
        raise StandardError("pem", "certificate.pem",
                            f"unreadable PEM key or certificate, or wrong password ({exc})",
                            f"không đọc được khóa/chứng thư PEM hoặc sai mật khẩu ({exc})"
                            ) from exc
    chain = []
    marker = b"-----END CERTIFICATE-----"
    for block in chain_pem.split(marker):
        if block.strip():
            chain.append(x509.load_pem_x509_certificate(block + marker, default_backend()))
    return SigningKey(private_key, certificate, chain)
