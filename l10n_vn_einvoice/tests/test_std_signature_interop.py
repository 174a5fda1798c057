"""Signatures shaped like the real signers', and real signatures read and checked.

The layouts come from documents the project did not write: a VNPT-CA seller signature of
2025 (``<SignatureProperties xmlns="">``, RSA-SHA1, second Reference without transforms,
``UID=MST:`` in the subject) and the tax authority's test environment
(``tests/data/reference/real/tdiep202_coded_invoice_cqt_test_env.xml``: properties in the
XML-DSig namespace, ``Reference Type="…#SignatureProperties"``, a CQT signature over DLHDon,
its SigningTime object and ``MCCQT Id="Id-…"``, signature values and certificates elided).
"""

import datetime
import re

import pytest
import xmlsec
from lxml import etree

from ..standard import certificates, cli, xmldsig
from ..standard.signature_layout import describe_signatures
from ..standard.xml_build import invoice_to_bytes
from . import std_fixtures as fx
from .reference_files import reference_dir

DS = "{http://www.w3.org/2000/09/xmldsig#}"
SIGNATURE_PROPERTIES = "http://www.w3.org/2000/09/xmldsig#SignatureProperties"
INVOICE = (
    '<HDon><DLHDon Id="data"><TTChung><PBan>2.1.0</PBan><KHHDon>C26TAA</KHHDon></TTChung>'
    '<NDHDon><NBan><Ten>Công ty Bán</Ten><MST>0100109106</MST></NBan><TToan>'
    '<TgTTTBSo>1080000</TgTTTBSo></TToan></NDHDon></DLHDon>'
    '<MCCQT Id="Id-3fca5333d7894598844aae52ece50271">00474597512BE94B7BAB367996EF464828</MCCQT>'
    '</HDon>').encode()


@pytest.fixture(scope="module")
def seller_key():
    return xmldsig.load_pkcs12(*certificates.make_test_certificate("Công ty Bán", "0100109106"))


@pytest.fixture(scope="module")
def authority_key():
    return xmldsig.load_pkcs12(*certificates.make_test_certificate("Tổng cục Thuế thử"))


def _real_cqt_message() -> bytes:
    return (reference_dir() / "real" / "tdiep202_coded_invoice_cqt_test_env.xml").read_bytes()


def test_seller_signature_has_the_vnpt_ca_properties_form(seller_key):
    signed = etree.fromstring(xmldsig.sign_invoice(INVOICE, seller_key))
    signature = signed.find(f"DSCKS/NBan/{DS}Signature")
    sig_id = signature.get("Id")
    assert re.fullmatch(r"Signature-[0-9a-f]{32}", sig_id)
    data_ref, time_ref = signature.findall(f"{DS}SignedInfo/{DS}Reference")
    assert data_ref.get("URI") == "#data"
    assert [t.get("Algorithm") for t in data_ref.iter(DS + "Transform")] == [
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature"]
    assert time_ref.find(DS + "Transforms") is None
    obj = signature.find(DS + "Object")
    assert time_ref.get("URI") == "#" + obj.get("Id")
    assert re.fullmatch(r"SigningTime-[0-9a-f]{32}", obj.get("Id"))
    properties = obj[0]
    # In no namespace, written with xmlns="" exactly as VNPT-CA's signer does.
    assert properties.tag == "SignatureProperties"
    assert b'<SignatureProperties xmlns="">' in etree.tostring(signature)
    assert properties.find("SignatureProperty").get("Target") == "#" + sig_id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                        properties.findtext("SignatureProperty/SigningTime"))
    [info] = describe_signatures(signed)
    assert (info.role, info.properties_namespace, info.tax_code) == ("seller", "none",
                                                                     "0100109106")


def test_tax_authority_signature_has_the_real_reference_order(seller_key, authority_key):
    coded = xmldsig.sign_invoice(xmldsig.sign_invoice(INVOICE, seller_key), authority_key,
                                 role="tax_authority")
    signature = etree.fromstring(coded).find(f"DSCKS/CQT/{DS}Signature")
    references = signature.findall(f"{DS}SignedInfo/{DS}Reference")
    obj_id = signature.find(DS + "Object").get("Id")
    # As the real CQT signature: DLHDon (no transform, it sits outside), time, MCCQT.
    assert [r.get("URI") for r in references] == [
        "#data", "#" + obj_id, "#Id-3fca5333d7894598844aae52ece50271"]
    assert all(r.find(DS + "Transforms") is None for r in references)
    assert [(c.role, c.ok) for c in xmldsig.verify_signatures(coded)] == [
        ("seller", True), ("tax_authority", True)]


def _ts24_style_signature(key, *, sha1: bool) -> bytes:
    """The 2021 T-VAN layout: properties in the XML-DSig namespace, ``Object Id=TimeStamp``,
    ``SignatureProperty Id="proid" Target="#NBan"``, a typed second Reference."""
    root = etree.fromstring(INVOICE)
    c = xmlsec.constants
    signature = xmlsec.template.create(
        root, c.TransformInclC14N, c.TransformRsaSha1 if sha1 else c.TransformRsaSha256,
        id="NBan")
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NBan").append(signature)
    digest = c.TransformSha1 if sha1 else c.TransformSha256
    reference = xmlsec.template.add_reference(signature, digest, uri="#data")
    xmlsec.template.add_transform(reference, c.TransformEnveloped)
    xmlsec.template.add_reference(signature, digest, uri="#TimeStamp",
                                  type=SIGNATURE_PROPERTIES)
    x509_data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature))
    etree.SubElement(x509_data, DS + "X509SubjectName").text = key.subject
    xmlsec.template.x509_data_add_certificate(x509_data).text = key.certificates_b64[0]
    obj = etree.SubElement(signature, DS + "Object", Id="TimeStamp")
    prop = etree.SubElement(etree.SubElement(obj, DS + "SignatureProperties"),
                            DS + "SignatureProperty", Id="proid", Target="#NBan")
    etree.SubElement(prop, DS + "SigningTime").text = xmldsig.format_signing_time()
    xmlsec.tree.add_ids(root, ["Id"])
    ctx = xmlsec.SignatureContext()
    ctx.key = key.xmlsec_key
    ctx.sign(signature)
    return etree.tostring(root)


@pytest.mark.parametrize("sha1", [True, False], ids=["rsa-sha1", "rsa-sha256"])
def test_verify_accepts_the_xmldsig_namespace_form_sha1_and_sha256(seller_key, sha1):
    signed = _ts24_style_signature(seller_key, sha1=sha1)
    [check] = xmldsig.verify_signatures(signed)
    assert check.ok, check.reason
    assert check.algorithm == ("rsa-sha1" if sha1 else "rsa-sha256")
    assert check.tax_code == "0100109106" and check.signing_time is not None
    [info] = describe_signatures(etree.fromstring(signed))
    assert info.properties_namespace == "xmldsig"


def test_our_form_verifies_with_sha1_too(seller_key):
    notice = '<TBao><DLTBao Id="n1"><MSo>04/SS-HĐĐT</MSo></DLTBao></TBao>'.encode()
    [check] = xmldsig.verify_signatures(xmldsig.sign_element(notice, seller_key, sha1=True))
    assert check.ok and check.algorithm == "rsa-sha1" and check.role == "taxpayer"


def test_signer_tax_code_from_the_common_name():
    """Some CAs write the tax code in the CN rather than in UID."""
    data, password = certificates.make_test_certificate("CÔNG TY TEST - MST:0106324653")
    key = xmldsig.load_pkcs12(data, password)
    [check] = xmldsig.verify_signatures(xmldsig.sign_invoice(INVOICE, key))
    assert check.ok and check.tax_code == "0106324653"


def test_reindented_file_verifies_on_its_signed_form(seller_key):
    """Files pass through tools that pretty-print them; the real VNPT invoice of the
    issue only verifies once its indentation is removed.  Whitespace between elements
    carries no data; anything else changed still fails."""
    signed = xmldsig.sign_invoice(INVOICE, seller_key)
    pretty = etree.tostring(etree.fromstring(signed), pretty_print=True)
    assert pretty != signed
    [check] = xmldsig.verify_signatures(pretty)
    assert check.ok and check.reindented
    [plain] = xmldsig.verify_signatures(signed)
    assert plain.ok and not plain.reindented
    forged = pretty.replace(b"1080000", b"1080001")
    [check] = xmldsig.verify_signatures(forged)
    assert not check.ok and not check.reindented
    assert "changed since signing: #data" in check.reason


def test_failure_says_which_signed_element_changed(seller_key, authority_key):
    coded = xmldsig.sign_invoice(xmldsig.sign_invoice(INVOICE, seller_key), authority_key,
                                 role="tax_authority")
    swapped = coded.replace(b">00474597512BE94B7BAB367996EF464828<",
                            b">00474597512BE94B7BAB367996EF464829<")
    seller, authority = xmldsig.verify_signatures(swapped)
    assert seller.ok and not authority.ok
    assert "#Id-3fca5333d7894598844aae52ece50271" in authority.reason
    assert dict(authority.digests)["#data"] == "match"


def test_real_tax_authority_message_signatures():
    """Both signatures are read (once each, despite the second empty DSCKS); their values
    and certificates are elided, so they cannot verify, but the digests of DLHDon and
    MCCQT computed here match the ones the signers wrote: our c14n is the real one."""
    seller, authority = xmldsig.verify_signatures(_real_cqt_message())
    assert (seller.role, authority.role) == ("seller", "tax_authority")
    assert not seller.ok and not authority.ok
    assert "certificate is missing or unreadable" in seller.reason
    assert seller.tax_code == "0106324653" and authority.tax_code == ""
    assert authority.subject == "CN=Tổng cục thuế Test 01"
    assert seller.signing_time == datetime.datetime(2021, 11, 5, 14, 48, 47,
                                                    tzinfo=xmldsig.VN_TZ)
    data_uri, mccqt_uri = "#TS24_2111051448445960106322455", "#Id-3fca5333d7894598844aae52ece50271"
    assert dict(seller.digests)[data_uri] == "match"
    assert dict(authority.digests)[data_uri] == "match"
    assert dict(authority.digests)[mccqt_uri] == "match"
    assert authority.references[2] == mccqt_uri


def test_cli_verify_names_the_signer_tax_code(tmp_path, capsys):
    path = tmp_path / "real.xml"
    path.write_bytes(_real_cqt_message())
    assert cli.main(["verify", str(path), "--lang", "en"]) == cli.EXIT_FAILED
    out = capsys.readouterr().out
    assert "seller: FAILED rsa-sha256 signed 2021-11-05 14:48:47" in out
    assert "(MST 0106324653;" in out and "tax_authority: FAILED" in out
    assert out.count("seller:") == 1


def test_cli_verify_reports_a_reindented_file(tmp_path, capsys, seller_key):
    path = tmp_path / "pretty.xml"
    signed = xmldsig.sign_invoice(invoice_to_bytes(fx.vat_invoice()), seller_key)
    path.write_bytes(etree.tostring(etree.fromstring(signed), pretty_print=True))
    assert cli.main(["verify", str(path), "--lang", "en"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "(MST 0100109106;" in out and "re-indented after signing" in out
