"""``legal_copy_problems``: the file a provider hands out after issue is kept as the legal
e-invoice only when it is the invoice sent (seller, form, symbol, number, totals), carries
the tax authority's code and, for a coded invoice, the authority's signature that verifies
— the sandbox's issued XML is; the addon's own unsigned copy and a changed file are not."""

import dataclasses

from ..providers.sandbox.core import Sandbox
from ..standard import xml_build
from ..standard.issued_check import legal_copy_problems
from ..standard.model import KIND_CODED, KIND_UNCODED
from ..standard.safe_xml import parse_xml
from . import std_fixtures


def _issued(tmp_path, kind, invoice):
    sandbox = Sandbox(tmp_path)
    submission = sandbox.submit("vnpt", f"key-{kind}", xml_build.invoice_to_bytes(invoice),
                                kind=kind, sign_as_seller=True)
    assert submission.state == "accepted", submission.reason
    return submission


def test_the_sandbox_issued_coded_xml_is_the_legal_file(tmp_path):
    sent = dataclasses.replace(std_fixtures.vat_invoice(), kind=KIND_CODED)
    issued = _issued(tmp_path, KIND_CODED, sent)
    assert parse_xml(issued.xml).findtext("MCCQT") == issued.tax_authority_code
    assert legal_copy_problems(issued.xml, sent, issued.tax_authority_code) == []


def test_the_unsigned_copy_of_a_coded_invoice_is_not(tmp_path):
    sent = dataclasses.replace(std_fixtures.vat_invoice(), kind=KIND_CODED)
    issued = _issued(tmp_path, KIND_CODED, sent)
    own = xml_build.invoice_to_bytes(sent)
    problems = [en for en, _vi in legal_copy_problems(own, sent, issued.tax_authority_code)]
    assert any("does not carry the tax authority's code" in p for p in problems)
    assert any("tax authority's signature is missing" in p for p in problems)
    assert any("seller's signature is missing" in p for p in problems)


def test_another_invoice_or_code_is_not(tmp_path):
    sent = dataclasses.replace(std_fixtures.vat_invoice(), kind=KIND_CODED)
    issued = _issued(tmp_path, KIND_CODED, sent)
    other = dataclasses.replace(sent, number=sent.number + 1)
    problems = [en for en, _vi in legal_copy_problems(issued.xml, other,
                                                      issued.tax_authority_code)]
    assert problems == ["it is not the same invoice (differs in: number)"]
    problems = legal_copy_problems(issued.xml, sent, "00" + "A" * 32)
    assert len(problems) == 1 and "tax authority's code" in problems[0][0]
    assert "mã của cơ quan thuế" in problems[0][1]
    assert legal_copy_problems(b"<not-xml", sent, "")[0][0].startswith(
        "the file cannot be read")


def test_an_uncoded_invoice_needs_the_sellers_signature_only(tmp_path):
    sent = dataclasses.replace(std_fixtures.vat_invoice(), kind=KIND_UNCODED,
                               symbol="K26TAA")
    issued = _issued(tmp_path, KIND_UNCODED, sent)
    assert legal_copy_problems(issued.xml, sent, "") == []
    problems = legal_copy_problems(xml_build.invoice_to_bytes(sent), sent, "")
    assert [en for en, _vi in problems] == ["the seller's signature is missing or does not "
                                            "verify"]
