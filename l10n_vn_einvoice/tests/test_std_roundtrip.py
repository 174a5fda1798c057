"""build → validate → sign → verify → parse for every fixture, then the tax authority's turn."""

from decimal import Decimal

import pytest
import xmlsec
from lxml import etree

from ..standard import (
    certificates,
    codes,
    notice,
    summary_table,
    validate,
    xml_build,
    xml_parse,
    xmldsig,
)
from . import std_fixtures

FIXTURES = ("vat_invoice", "sales_invoice_direct", "cash_register_invoice",
            "adjustment_invoice", "replacement_invoice", "foreign_currency_invoice")
DS = "{http://www.w3.org/2000/09/xmldsig#}"
AUTHORITY_CODE_ID = "Id-MCCQT-test"


@pytest.fixture(scope="module")
def seller_key():
    seller = std_fixtures.SELLER
    return xmldsig.load_pkcs12(*certificates.make_test_certificate(seller.name,
                                                                   seller.tax_code))


@pytest.fixture(scope="module")
def authority_key():
    return xmldsig.load_pkcs12(*certificates.make_test_certificate("Cục Thuế (sandbox)"))


def _tamper_amount(signed: bytes) -> bytes:
    root = etree.fromstring(signed)
    total = root.find("DLHDon/NDHDon/TToan/TgTTTBSo")
    total.text = str(Decimal(total.text) + 1)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _with_authority_code(signed: bytes) -> bytes:
    """Add ``MCCQT`` as the tax authority does on coding (unless the invoice has its M-code)."""
    root = etree.fromstring(signed)
    if root.find("MCCQT") is None:
        code = etree.Element("MCCQT", Id=AUTHORITY_CODE_ID)
        code.text = codes.make_tax_authority_code(b"round trip")
        root.find("DSCKS").addprevious(code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("name", FIXTURES)
def test_round_trip(name, seller_key, authority_key):
    invoice = std_fixtures.INVOICES[name]()
    built = xml_build.invoice_to_bytes(invoice)
    assert validate.validate_invoice_xml(built) == []

    signed = xmldsig.sign_invoice(built, seller_key)
    assert validate.validate_invoice_xml(signed) == []
    [check] = xmldsig.verify_signatures(signed)
    assert (check.role, check.ok, check.algorithm) == ("seller", True, "rsa-sha256")
    assert xml_parse.parse_invoice(signed) == invoice

    [check] = xmldsig.verify_signatures(_tamper_amount(signed))
    assert not check.ok

    coded = xmldsig.sign_invoice(_with_authority_code(signed), authority_key,
                                 role="tax_authority")
    assert validate.validate_invoice_xml(coded) == []
    checks = xmldsig.verify_signatures(coded)
    assert [(c.role, c.ok) for c in checks] == [("seller", True), ("tax_authority", True)]
    mccqt_id = etree.fromstring(coded).find("MCCQT").get("Id")
    assert "#" + mccqt_id in checks[1].references

    root = etree.fromstring(coded)
    mccqt = root.find("MCCQT")
    mccqt.text = mccqt.text[:-1] + ("0" if mccqt.text[-1] != "0" else "1")
    checks = xmldsig.verify_signatures(etree.tostring(root))
    assert [(c.role, c.ok) for c in checks] == [("seller", True), ("tax_authority", False)]


def test_legacy_sha1_signature_made_by_xmlsec(seller_key):
    """The 2021 samples: RSA-SHA1, SHA-1 digest, no SigningTime object."""
    root = xml_build.build_invoice(std_fixtures.vat_invoice())
    c = xmlsec.constants
    signature = xmlsec.template.create(root, c.TransformInclC14N, c.TransformRsaSha1)
    root.find("DSCKS/NBan").append(signature)
    reference = xmlsec.template.add_reference(signature, c.TransformSha1, uri="#" +
                                              root.find("DLHDon").get("Id"))
    xmlsec.template.add_transform(reference, c.TransformEnveloped)
    x509_data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature))
    xmlsec.template.x509_data_add_certificate(x509_data).text = seller_key.certificates_b64[0]
    xmlsec.tree.add_ids(root, ["Id"])
    ctx = xmlsec.SignatureContext()
    ctx.key = seller_key.xmlsec_key
    ctx.sign(signature)
    signed = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    [check] = xmldsig.verify_signatures(signed)
    assert check.ok, check.reason
    assert (check.algorithm, check.digest_algorithm, check.signing_time) == \
        ("rsa-sha1", "sha1", None)
    [check] = xmldsig.verify_signatures(_tamper_amount(signed))
    assert not check.ok


@pytest.mark.parametrize("build, fixture, tag", [
    (notice.build_notice, std_fixtures.error_notice, "DLTBao"),
    (summary_table.build_summary_table, std_fixtures.monthly_summary_table, "DLBTHop"),
])
def test_notice_and_summary_table_signatures(build, fixture, tag, seller_key):
    signed = xmldsig.sign_element(build(fixture()), seller_key)
    assert validate.validate_document(signed) == []
    root = etree.fromstring(signed)
    reference = root.find(f"DSCKS/NNT/{DS}Signature/{DS}SignedInfo/{DS}Reference")
    assert reference.get("URI") == "#" + root.find(tag).get("Id")
    assert [(c.role, c.ok) for c in xmldsig.verify_signatures(signed)] == [("taxpayer", True)]
    first_text = next(node for node in root.find(tag).iter() if (node.text or "").strip())
    first_text.text += "x"
    assert not xmldsig.verify_all(etree.tostring(root))


def test_signed_envelope_of_an_invoice(seller_key):
    """Each HDon of a TDiep verifies on its own, as the tax authority receives it."""
    invoice = std_fixtures.vat_invoice()
    envelope = std_fixtures.envelope_of(invoice)
    signed = etree.fromstring(xmldsig.sign_invoice(envelope.find("DLieu/HDon"), seller_key))
    envelope.find("DLieu").replace(envelope.find("DLieu/HDon"), signed)
    data = etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")
    assert validate.validate_document(data) == []
    assert [(c.role, c.ok) for c in xmldsig.verify_signatures(data)] == [("seller", True)]
