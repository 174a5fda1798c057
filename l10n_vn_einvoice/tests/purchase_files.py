"""Supplier e-invoices addressed to the test company, as a supplier's provider sends them.

Built with the standard core (``std_fixtures``' invoices, buyer = the test company),
signed by the seller with a test certificate naming its tax code, and — for coded
invoices (symbol C…) — coded and signed as the tax authority does (``MCCQT``, then its
signature over ``DLHDon``, its SigningTime and ``MCCQT``, the sandbox's own way).  The
real documents of ``tests/data/reference/real/`` are read by the tests themselves.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

from lxml import etree

from ..standard import codes, model, xml_build, xmldsig
from ..standard.certificates import make_test_certificate
from . import std_fixtures as fx
from .common import SELLER_MST

TAX_AUTHORITY_MST = "0100231226"  # the GDT's own tax code, as on its certificate


def _key(name: str, tax_code: str) -> xmldsig.SigningKey:
    p12, password = make_test_certificate(name, tax_code)
    return xmldsig.load_pkcs12(p12, password)


def for_company(invoice: model.Invoice, buyer_tax_code: str = SELLER_MST,
                **changes) -> model.Invoice:
    """``invoice`` addressed to the test company (its MST is the fixtures' SELLER_MST)."""
    buyer = dataclasses.replace(fx.BUYER, name="Công ty TNHH Thử Nghiệm",
                                tax_code=buyer_tax_code)
    return dataclasses.replace(invoice, buyer=buyer, **changes)


def signed(invoice: model.Invoice, *, signer_tax_code: str | None = None,
           tax_authority: bool | None = None) -> bytes:
    """The XML the buyer receives: seller's signature, then the tax authority's code and
    signature for a coded invoice (unless ``tax_authority`` says otherwise)."""
    coded = invoice.kind == model.KIND_CODED if tax_authority is None else tax_authority
    if coded and not invoice.tax_authority_code:
        invoice = dataclasses.replace(invoice, tax_authority_code=codes.make_tax_authority_code(
            f"{invoice.seller.tax_code}/{invoice.symbol}/{invoice.number}"))
    code = invoice.tax_authority_code if invoice.kind == model.KIND_CASH_REGISTER else ""
    xml = xml_build.invoice_to_bytes(dataclasses.replace(invoice, tax_authority_code=code))
    seller_mst = signer_tax_code if signer_tax_code is not None else invoice.seller.tax_code
    xml = xmldsig.sign_invoice(xml, _key(f"Seller {seller_mst}", seller_mst))
    if coded:
        xml = _code(xml, invoice.tax_authority_code)
        xml = xmldsig.sign_invoice(xml, _key("Tổng cục Thuế", TAX_AUTHORITY_MST),
                                   role="tax_authority")
    return xml


def _code(xml: bytes, code: str) -> bytes:
    root = etree.fromstring(xml)
    mccqt = etree.Element("MCCQT", Id="Id-" + code.lower())
    mccqt.text = code
    root.find("DSCKS").addprevious(mccqt)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def minimal_pdf(text: str = "Hoa don") -> bytes:
    """A one-page PDF (the supplier's human-readable copy)."""
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()
