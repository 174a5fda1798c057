"""Who signed a received e-invoice: a signature that verifies proves the holder of the
certificate's key signed; it says nothing of who that holder is unless the certificate
chains to an issuer one trusts.  A signature found in the tax authority's place
(``DSCKS/CQT``) is the tax authority's only if its certificate is the tax authority's own.

Trusted issuers are certificates (PEM or DER files) an administrator installs on the
server — the directory of the ``l10n_vn_einvoice_trusted_ca_dir`` option of odoo.conf,
never a database row, which a database writer could add — typically the root and
intermediate certificates of the Vietnamese public CAs (the Ministry of Information's
Root CA, and for the tax authority the Government Cipher Committee's
"CA phục vụ các cơ quan Nhà nước" G2).  None is shipped: the project holds no copy of
them to pin.

The tax authority's certificate is pinned by what the tax portal publishes of it (the
``cqtcks`` JSON of each invoice's detail): subject, issuer and serial number.  The pin
identifies the certificate; only a trusted issuer authenticates it (anyone can write those
names and that serial into a certificate of their own).  **Updating the pin**: when the
tax authority renews its certificate (the current one ends on 2030-03-12), open the detail
of a newly coded invoice on hoadondientu.gdt.gov.vn, copy its ``cqtcks`` Subject,
SerialNumber, Issuer and NotAfter into a new :class:`Pin` of :data:`TAX_AUTHORITY_PINS`
(keep the old pin while invoices signed under it are received), and add a test file
signed under it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

MAX_CHAIN = 5
PEM_BEGIN = b"-----BEGIN CERTIFICATE-----"


@dataclass(frozen=True)
class Pin:
    subject_cn: str
    subject_o: str
    issuer_cn: str
    serial: int
    not_after: datetime.date


TAX_AUTHORITY_PINS = (
    # The portal's cqtcks of 2026 invoices (tests/data/reference/real/
    # portal_api_responses_2026-04_kieutrang.json): "CN=CỤC THUẾ,O=BỘ TÀI CHÍNH,L=Hà Nội,
    # C=VN", serial 2A05F812673607B0, issued by "CN=CA phục vụ các cơ quan Nhà nước G2,
    # O=Ban Cơ yếu Chính phủ, C=VN", valid 2025-03-13 to 2030-03-12.
    Pin("CỤC THUẾ", "BỘ TÀI CHÍNH", "CA phục vụ các cơ quan Nhà nước G2",
        0x2A05F812673607B0, datetime.date(2030, 3, 12)),
)


def _name(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def tax_authority_pin(certificate: x509.Certificate) -> Pin | None:
    """The pin ``certificate`` matches (subject, issuer, serial), else None."""
    for pin in TAX_AUTHORITY_PINS:
        if (certificate.serial_number == pin.serial
                and _name(certificate.subject, NameOID.COMMON_NAME) == pin.subject_cn
                and _name(certificate.subject, NameOID.ORGANIZATION_NAME) == pin.subject_o
                and _name(certificate.issuer, NameOID.COMMON_NAME) == pin.issuer_cn):
            return pin
    return None


def _issued_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key signed ``child`` (names matching)."""
    if child.issuer != issuer.subject:
        return False
    key = issuer.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes, padding.PKCS1v15(),
                       child.signature_hash_algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes,
                       ec.ECDSA(child.signature_hash_algorithm))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def trusted_issuer(certificate: x509.Certificate, intermediates, anchors
                   ) -> x509.Certificate | None:
    """The trusted certificate (one of ``anchors``) ``certificate`` chains to, through
    the ``intermediates`` the signature carries, else None.  A certificate that is itself
    an anchor is trusted."""
    anchors = list(anchors)
    current = certificate
    for _depth in range(MAX_CHAIN):
        if current in anchors:
            return current
        for anchor in anchors:
            if _issued_by(current, anchor):
                return anchor
        parent = next((c for c in intermediates
                       if c != current and _is_ca(c) and _issued_by(current, c)), None)
        if parent is None:
            return None
        current = parent
    return None


def load_anchors(directory) -> list[x509.Certificate]:
    """The certificates (``*.pem``, ``*.crt``, ``*.cer``, ``*.der``) of ``directory``."""
    found = []
    if not directory or not Path(directory).is_dir():
        return found
    for path in sorted(Path(directory).iterdir()):
        if path.suffix.lower() not in (".pem", ".crt", ".cer", ".der"):
            continue
        data = path.read_bytes()
        try:
            if PEM_BEGIN in data:
                found.extend(x509.load_pem_x509_certificate(PEM_BEGIN + block)
                             for block in data.split(PEM_BEGIN)[1:])
            else:
                found.append(x509.load_der_x509_certificate(data))
        except ValueError:
            continue
    return found
