"""Suppliers' signatures (issue 22 §5): a signature that verifies is shown green only when
its signer is authenticated — the certificate chains to a trusted issuer installed on the
server — and a signature in the tax authority's place only when it is the tax authority's
own (pinned) certificate.  A home-made certificate named after the tax authority, even
one copying its names and serial, is never green."""

from __future__ import annotations

import dataclasses
import datetime
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from ..standard import codes, purchase_checks, trust, xml_build, xmldsig
from . import std_fixtures as fx
from .reference_files import reference_dir

NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
PIN = trust.TAX_AUTHORITY_PINS[0]
AUTHORITY_SUBJECT = x509.Name([
    x509.NameAttribute(NameOID.COMMON_NAME, PIN.subject_cn),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, PIN.subject_o),
    x509.NameAttribute(NameOID.LOCALITY_NAME, "Hà Nội"),
    x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
G2_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PIN.issuer_cn),
                     x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ"),
                     x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])


def _name(common_name, tax_code=""):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if tax_code:
        attributes.append(x509.NameAttribute(NameOID.USER_ID, f"MST:{tax_code}"))
    return x509.Name(attributes)


def _certificate(subject, issuer_name, issuer_key=None, *, ca=False, serial=None):
    """(key, certificate) of ``subject``, signed by ``issuer_key`` (self-signed if None)
    while naming ``issuer_name`` as its issuer."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
        .public_key(key.public_key()).serial_number(serial or x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(days=1))
        .not_valid_after(NOW + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key or key, hashes.SHA256()))
    return key, certificate


def _signer(key, certificate, chain=()):
    password = b"secret"
    data = pkcs12.serialize_key_and_certificates(
        b"signer", key, certificate, list(chain) or None,
        serialization.BestAvailableEncryption(password))
    return xmldsig.load_pkcs12(data, password)


def _checks(seller, authority=None, anchors=None):
    invoice = fx.vat_invoice()
    xml = xmldsig.sign_invoice(xml_build.invoice_to_bytes(invoice), seller)
    if authority is not None:
        invoice = dataclasses.replace(invoice, tax_authority_code=codes.make_tax_authority_code(
            "trust test"))
        xml = xmldsig.sign_invoice(xml, authority, role="tax_authority")
    signatures = xmldsig.verify_signatures(xml)
    assert all(s.ok for s in signatures), signatures  # every signature is mathematically valid
    checks = (purchase_checks.signature_checks(invoice, signatures) if anchors is None
              else purchase_checks.signature_checks(invoice, signatures, anchors))
    return {check.rule: check for check in checks}


SELLER_MST = fx.vat_invoice().seller.tax_code


def _home_made_seller():
    return _signer(*_certificate(_name("Seller", SELLER_MST), _name("Seller", SELLER_MST)))


def test_home_made_tax_authority_is_never_green():
    """A certificate of one's own named after the tax authority."""
    for name in ("Tổng cục Thuế", "CỤC THUẾ"):
        forger = _signer(*_certificate(_name(name, "0100231226"), _name(name, "0100231226")))
        checks = _checks(_home_made_seller(), forger)
        check = checks["signature.tax_authority"]
        assert check.severity == purchase_checks.WARNING, check
        assert "is not the tax authority's" in check.message
        assert "không phải chữ ký của cơ quan thuế" in check.message_vi


def test_copy_of_the_tax_authority_names_and_serial_is_not_authenticated():
    """The forger writes the pinned subject, issuer name and serial into a certificate of
    their own: it matches the pin (names are public), but no trusted issuer signed it."""
    forger = _signer(*_certificate(AUTHORITY_SUBJECT, G2_NAME, serial=PIN.serial))
    for anchors in (None, []):
        check = _checks(_home_made_seller(), forger, anchors)["signature.tax_authority"]
        assert check.severity == purchase_checks.INFO, check
        assert "mathematically valid" in check.message
        assert "signer not authenticated" in check.message
    # a trusted CA of the server that did not issue it does not help either
    _ca_key, other_ca = _certificate(G2_NAME, G2_NAME, ca=True)
    check = _checks(_home_made_seller(), forger, [other_ca])["signature.tax_authority"]
    assert check.severity == purchase_checks.INFO


def test_tax_authority_certificate_issued_by_a_trusted_issuer_is_green():
    ca_key, ca = _certificate(G2_NAME, G2_NAME, ca=True)
    authority = _signer(*_certificate(AUTHORITY_SUBJECT, G2_NAME, ca_key, serial=PIN.serial))
    check = _checks(_home_made_seller(), authority, [ca])["signature.tax_authority"]
    assert check.severity == purchase_checks.OK, check
    assert "a trusted issuer" in check.message
    # the same certificate with another serial is not the pinned one
    other = _signer(*_certificate(AUTHORITY_SUBJECT, G2_NAME, ca_key, serial=PIN.serial + 1))
    check = _checks(_home_made_seller(), other, [ca])["signature.tax_authority"]
    assert check.severity == purchase_checks.WARNING


def test_seller_signature_is_green_only_when_authenticated():
    checks = _checks(_home_made_seller())
    assert checks["signature.seller"].severity == purchase_checks.INFO
    assert "mathematically valid" in checks["signature.seller"].message
    assert "chưa xác thực được người ký" in checks["signature.seller"].message_vi
    # issued by an intermediate CA the signature carries, under a root the server trusts
    root_key, root = _certificate(_name("Root CA"), _name("Root CA"), ca=True)
    middle_key, middle = _certificate(_name("Public CA"), _name("Root CA"), root_key, ca=True)
    seller = _signer(*_certificate(_name("Seller", SELLER_MST), _name("Public CA"),
                                   middle_key), chain=[middle])
    check = _checks(seller, anchors=[root])["signature.seller"]
    assert check.severity == purchase_checks.OK, check
    assert "CN=Root CA" in check.message
    assert _checks(seller, anchors=[])["signature.seller"].severity == purchase_checks.INFO


def test_trusted_issuers_are_files_of_the_server(tmp_path):
    _key, ca = _certificate(_name("Root CA"), _name("Root CA"), ca=True)
    (tmp_path / "root.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "root.der").write_bytes(ca.public_bytes(serialization.Encoding.DER))
    (tmp_path / "notes.txt").write_text("not a certificate")
    (tmp_path / "broken.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nxx\n")
    assert trust.load_anchors(tmp_path) == [ca, ca]
    assert trust.load_anchors(tmp_path / "missing") == []
    assert trust.load_anchors(None) == []


def test_pin_is_the_certificate_the_tax_portal_publishes():
    """The pin holds what the portal's ``cqtcks`` of real 2026 invoices says."""
    data = json.loads((reference_dir() / "real" / "portal_api_responses_2026-04_kieutrang.json")
                      .read_text(encoding="utf-8"))
    published = json.loads(data["sold_list"]["datas"][0]["cqtcks"])
    assert published["Subject"].startswith(f"CN={PIN.subject_cn},O={PIN.subject_o},")
    assert int(published["SerialNumber"], 16) == PIN.serial
    assert published["Issuer"].startswith(f"CN={PIN.issuer_cn},")
    assert published["NotAfter"].startswith(PIN.not_after.isoformat())
