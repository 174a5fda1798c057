"""XML-DSig of invoices and notices: structure, tamper detection, key loading."""

import base64
import datetime

import pytest
import xmlsec
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from lxml import etree

from ..standard import certificates, xmldsig
from ..standard.errors import HostileXmlError, StandardError

DS = "{http://www.w3.org/2000/09/xmldsig#}"
UTC = datetime.UTC

INVOICE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<HDon><DLHDon Id="data"><TTChung><PBan>2.1.0</PBan><KHHDon>C26TAA</KHHDon>'
    '<SHDon>12</SHDon></TTChung><NDHDon><NBan><Ten>Công ty Bán</Ten><MST>0100109106</MST>'
    '</NBan><TToan><TgTCThue>1000000</TgTCThue><TgTThue>80000</TgTThue>'
    '<TgTTTBSo>1080000</TgTTTBSo></TToan></NDHDon></DLHDon>'
    '<MCCQT Id="Id-MCCQT">00474597512BE94B7BAB367996EF464828</MCCQT></HDon>'
).encode()

NOTICE = (
    '<TBao><DLTBao Id="notice-1"><PBan>2.1.0</PBan><MSo>04/SS-HĐĐT</MSo>'
    '<Ten>Thông báo</Ten></DLTBao></TBao>'
).encode()


@pytest.fixture(scope="module")
def seller_key():
    data, password = certificates.make_test_certificate("Công ty Bán", "0100109106")
    return xmldsig.load_pkcs12(data, password)


@pytest.fixture(scope="module")
def authority_key():
    data, password = certificates.make_test_certificate("Cục Thuế thử nghiệm")
    return xmldsig.load_pkcs12(data, password.decode("ascii"))


def _c14n(element):
    return etree.tostring(element, method="c14n")


def test_seller_signature_structure(seller_key):
    moment = datetime.datetime(2026, 3, 1, 17, 30, 5, tzinfo=UTC)
    signed = xmldsig.sign_invoice(INVOICE, seller_key, signing_time=moment)
    root = etree.fromstring(signed)
    signature = root.find(f"DSCKS/NBan/{DS}Signature")
    assert signature is not None
    info = signature.find(DS + "SignedInfo")
    assert info.find(DS + "CanonicalizationMethod").get("Algorithm") == \
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    assert info.find(DS + "SignatureMethod").get("Algorithm") == \
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    references = info.findall(DS + "Reference")
    assert next(r.get("URI") for r in references) == "#data"
    assert {r.find(DS + "DigestMethod").get("Algorithm") for r in references} == {
        "http://www.w3.org/2001/04/xmlenc#sha256"}
    obj = signature.find(DS + "Object")
    assert references[1].get("URI") == "#" + obj.get("Id")
    # 17:30:05 UTC is 00:30:05 the next day in Hanoi.
    assert obj.find("SignatureProperties/SignatureProperty/SigningTime"
                    ).text == "2026-03-02T00:30:05"
    x509_data = signature.find(f"{DS}KeyInfo/{DS}X509Data")
    assert "MST:0100109106" in x509_data.find(DS + "X509SubjectName").text
    der = base64.b64decode(x509_data.find(DS + "X509Certificate").text)
    assert x509.load_der_x509_certificate(der, default_backend()) == seller_key.certificate


def test_signing_does_not_touch_dlhdon_nor_the_callers_tree(seller_key):
    original = etree.fromstring(INVOICE)
    before = _c14n(original)
    signed = etree.fromstring(xmldsig.sign_invoice(original, seller_key))
    assert _c14n(original) == before
    assert _c14n(signed.find("DLHDon")) == _c14n(original.find("DLHDon"))
    assert [child.tag for child in signed] == ["DLHDon", "MCCQT", "DSCKS"]


def test_seller_signature_verifies(seller_key):
    moment = datetime.datetime.now(xmldsig.VN_TZ).replace(microsecond=0, tzinfo=None)
    checks = xmldsig.verify_signatures(xmldsig.sign_invoice(INVOICE, seller_key,
                                                            signing_time=moment))
    assert len(checks) == 1
    check = checks[0]
    assert check.ok and check.role == "seller"
    assert check.algorithm == "rsa-sha256" and check.digest_algorithm == "sha256"
    assert "MST:0100109106" in check.subject
    assert check.signing_time == moment.replace(tzinfo=xmldsig.VN_TZ)
    assert check.within_validity is True


def test_tampered_dlhdon_fails(seller_key):
    signed = xmldsig.sign_invoice(INVOICE, seller_key)
    tampered = signed.replace(b"<TgTTTBSo>1080000<", b"<TgTTTBSo>1080001<")
    assert tampered != signed
    [check] = xmldsig.verify_signatures(tampered)
    assert not check.ok
    assert "altered" in check.reason and check.reason_vi
    assert not xmldsig.verify_all(tampered)


def test_tax_authority_signature_covers_mccqt(seller_key, authority_key):
    signed = xmldsig.sign_invoice(INVOICE, seller_key)
    coded = xmldsig.sign_invoice(signed, authority_key, role="tax_authority")
    root = etree.fromstring(coded)
    assert [c.tag for c in root.find("DSCKS")] == ["NBan", "CQT"]
    checks = xmldsig.verify_signatures(coded)
    assert [(c.role, c.ok) for c in checks] == [("seller", True), ("tax_authority", True)]
    assert "#Id-MCCQT" in checks[1].references and "#data" in checks[1].references
    assert xmldsig.verify_all(coded)
    tampered = coded.replace(b">00474597512BE94B7BAB367996EF464828<",
                             b">00474597512BE94B7BAB367996EF464829<")
    checks = xmldsig.verify_signatures(tampered)
    assert [(c.role, c.ok) for c in checks] == [("seller", True), ("tax_authority", False)]


def test_dscks_children_keep_published_order(seller_key, authority_key):
    coded_first = xmldsig.sign_invoice(INVOICE, authority_key, role="tax_authority")
    both = xmldsig.sign_invoice(coded_first, seller_key)
    assert [c.tag for c in etree.fromstring(both).find("DSCKS")] == ["NBan", "CQT"]
    assert xmldsig.verify_all(both)
    three = xmldsig.sign_invoice(both, seller_key, role="buyer")
    assert [c.tag for c in etree.fromstring(three).find("DSCKS")] == ["NBan", "NMua", "CQT"]
    assert [(c.role, c.ok) for c in xmldsig.verify_signatures(three)] == [
        ("seller", True), ("buyer", True), ("tax_authority", True)]


def test_signature_not_covering_mccqt_is_refused(authority_key):
    """A CQT signature over DLHDon only would let anyone swap the tax-authority code."""
    signed = xmldsig.sign_element(INVOICE, authority_key, reference_ids=["data"],
                                  container=("DSCKS", "CQT"))
    [check] = xmldsig.verify_signatures(signed)
    assert check.role == "tax_authority" and not check.ok
    assert "MCCQT" in check.reason


def _sign_with_key_info(root, signature, key):
    """Complete a hand-made template with the certificate, then sign it with xmlsec."""
    x509_data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature))
    xmlsec.template.x509_data_add_certificate(x509_data).text = key.certificates_b64[0]
    xmlsec.tree.add_ids(root, ["Id"])
    ctx = xmlsec.SignatureContext()
    ctx.key = key.xmlsec_key
    ctx.sign(signature)


def _legacy_sha1_signature(key):
    """Sign the way the 2021 samples did: RSA-SHA1, SHA-1 digests, no SigningTime."""
    root = etree.fromstring(INVOICE)
    c = xmlsec.constants
    signature = xmlsec.template.create(root, c.TransformInclC14N, c.TransformRsaSha1)
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NBan").append(signature)
    reference = xmlsec.template.add_reference(signature, c.TransformSha1, uri="#data")
    xmlsec.template.add_transform(reference, c.TransformEnveloped)
    _sign_with_key_info(root, signature, key)
    return etree.tostring(root)


def test_legacy_rsa_sha1_signature_is_accepted(seller_key):
    signed = _legacy_sha1_signature(seller_key)
    [check] = xmldsig.verify_signatures(signed)
    assert check.ok, check.reason
    assert (check.algorithm, check.digest_algorithm) == ("rsa-sha1", "sha1")
    assert check.signing_time is None
    [check] = xmldsig.verify_signatures(signed.replace(b"C26TAA", b"C26TAB"))
    assert not check.ok


def test_sha1_option_of_sign_element(seller_key):
    signed = xmldsig.sign_element(NOTICE, seller_key, sha1=True)
    [check] = xmldsig.verify_signatures(signed)
    assert check.ok and check.algorithm == "rsa-sha1"


def test_xpath_transform_is_refused(seller_key):
    """An XPath transform could exclude the amounts from what is actually signed."""
    root = etree.fromstring(INVOICE)
    c = xmlsec.constants
    signature = xmlsec.template.create(root, c.TransformInclC14N, c.TransformRsaSha256)
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NBan").append(signature)
    reference = xmlsec.template.add_reference(signature, c.TransformSha256, uri="#data")
    transform = xmlsec.template.add_transform(reference, c.TransformXPath)
    etree.SubElement(transform, DS + "XPath").text = "not(ancestor-or-self::TToan)"
    _sign_with_key_info(root, signature, seller_key)
    root.find("DLHDon/NDHDon/TToan/TgTTTBSo").text = "1"
    [check] = xmldsig.verify_signatures(etree.tostring(root))
    assert not check.ok and "does not verify" in check.reason, check.reason


def test_duplicate_id_wrapping_is_refused(seller_key):
    root = etree.fromstring(xmldsig.sign_invoice(INVOICE, seller_key))
    forged = etree.fromstring(etree.tostring(root.find("DLHDon")))
    forged.find("NDHDon/TToan/TgTTTBSo").text = "1"
    root.insert(0, forged)
    [check] = xmldsig.verify_signatures(etree.tostring(root))
    assert not check.ok and "exactly once" in check.reason


def test_signing_time_outside_certificate_validity(seller_key):
    late = datetime.datetime(2099, 1, 1, 8, 0, 0)
    [check] = xmldsig.verify_signatures(xmldsig.sign_invoice(INVOICE, seller_key,
                                                             signing_time=late))
    assert not check.ok and check.within_validity is False
    assert "validity" in check.reason


def test_notice_signature_and_envelope_with_equal_ids(seller_key):
    signed = xmldsig.sign_element(NOTICE, seller_key)
    root = etree.fromstring(signed)
    assert root.find(f"DSCKS/NNT/{DS}Signature").find(
        f"{DS}SignedInfo/{DS}Reference").get("URI") == "#notice-1"
    invoice = etree.fromstring(xmldsig.sign_invoice(INVOICE, seller_key))
    envelope = etree.Element("TDiep")
    payload = etree.SubElement(envelope, "DLieu")
    payload.append(invoice)
    payload.append(etree.fromstring(etree.tostring(invoice)))
    checks = xmldsig.verify_signatures(etree.tostring(envelope))
    assert [(c.role, c.ok) for c in checks] == [("seller", True), ("seller", True)]
    assert [(c.role, c.ok) for c in xmldsig.verify_signatures(signed)] == [("taxpayer", True)]


def test_signing_errors(seller_key):
    signed = xmldsig.sign_invoice(INVOICE, seller_key)
    with pytest.raises(StandardError) as info:
        xmldsig.sign_invoice(signed, seller_key)
    assert info.value.rule == "signature.already_signed"
    with pytest.raises(StandardError) as info:
        xmldsig.sign_invoice(INVOICE, seller_key, role="notary")
    assert info.value.rule == "signature.role"
    with pytest.raises(StandardError) as info:
        xmldsig.sign_invoice(INVOICE.replace(b' Id="data"', b""), seller_key)
    assert info.value.field == "DLHDon/@Id" and info.value.message_vi
    with pytest.raises(StandardError) as info:
        xmldsig.sign_invoice(NOTICE, seller_key)
    assert info.value.rule == "signature.root"
    with pytest.raises(StandardError) as info:
        xmldsig.sign_element(NOTICE, seller_key, reference_ids=["missing"])
    assert info.value.rule == "signature.target_missing"


def test_hostile_and_unsigned_documents():
    with pytest.raises(HostileXmlError):
        xmldsig.verify_signatures(b'<!DOCTYPE x [<!ENTITY a "b">]><HDon>&a;</HDon>')
    assert xmldsig.verify_signatures(INVOICE) == []
    assert not xmldsig.verify_all(INVOICE)


def test_load_pkcs12_errors():
    data = certificates.make_test_certificate("Công ty Bán", "0100109106")[0]
    with pytest.raises(StandardError) as info:
        xmldsig.load_pkcs12(data, b"wrong")
    assert info.value.rule == "certificate.pkcs12" and "mật khẩu" in info.value.message_vi
    ec_key = ec.generate_private_key(ec.SECP256R1(), default_backend())
    name = certificates.holder_subject("EC holder")
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(ec_key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(ec_key, hashes.SHA256(), default_backend()))
    p12 = pkcs12.serialize_key_and_certificates(b"ec", ec_key, cert, None,
                                                serialization.NoEncryption())
    with pytest.raises(StandardError) as info:
        xmldsig.load_pkcs12(p12, None)
    assert info.value.rule == "certificate.key_type"


def test_load_pem_and_key_mismatch(seller_key, authority_key):
    key_pem = seller_key.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pw"))
    cert_pem = seller_key.certificate.public_bytes(serialization.Encoding.PEM)
    chain_pem = authority_key.certificate.public_bytes(serialization.Encoding.PEM)
    key = xmldsig.load_pem(key_pem, cert_pem, b"pw", chain_pem=chain_pem)
    assert key.chain == (authority_key.certificate,)
    assert xmldsig.verify_all(xmldsig.sign_invoice(INVOICE, key))
    other_cert = authority_key.certificate.public_bytes(serialization.Encoding.PEM)
    with pytest.raises(StandardError) as info:
        xmldsig.load_pem(key_pem, other_cert, b"pw")
    assert info.value.rule == "certificate.key_mismatch"
    with pytest.raises(StandardError) as info:
        xmldsig.load_pem(key_pem, cert_pem, b"bad")
    assert info.value.rule == "certificate.pem"


def test_test_certificate_subject_validity_and_cache():
    first = certificates.make_test_certificate("Công ty Bán", "0100109106", days=30)
    assert certificates.make_test_certificate("Công ty Bán", "0100109106", days=30) is first
    key = xmldsig.load_pkcs12(*first)
    subject = key.certificate.subject
    assert subject.get_attributes_for_oid(x509.NameOID.USER_ID)[0].value == "MST:0100109106"
    assert subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "Công ty Bán"
    lifetime = key.certificate.not_valid_after - key.certificate.not_valid_before
    assert lifetime == datetime.timedelta(days=31)
    assert key.certificate.not_valid_before <= datetime.datetime.now(UTC).replace(tzinfo=None)
    with pytest.raises(StandardError):
        certificates.make_test_certificate("")
