"""Is the XML a provider hands back the invoice that was sent, signed as it must be?

In a flow where the seller signs a digest the provider computed (VNPT's
``getHashInvWithToken``), the seller never sees what the digest covers before signing.
What the provider then issues is checked here before it is kept as the provider's copy:
the seller's signature verifies, is made with the seller's own certificate, and covers an
invoice whose content is the one sent; a coded invoice also carries the tax authority's
countersignature, and it verifies.  Any difference is named (English, Vietnamese).

:func:`legal_copy_problems` asks the same of the file a provider hands out after issue
(``download_xml``), before it is kept as the legal file the buyer receives.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization

from . import signature_layout, xmldsig
from .errors import StandardError
from .model import KIND_CODED, KIND_UNCODED, Invoice
from .safe_xml import parse_xml
from .xml_parse import parse_invoice


def _der(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER) if certificate else b""


def _identity(invoice: Invoice) -> dict:
    """What must not change between the invoice sent and the invoice issued."""
    return {
        "form": invoice.form, "symbol": invoice.symbol, "number": invoice.number,
        "issue date": invoice.issue_date, "currency": invoice.currency,
        "seller tax code": invoice.seller.tax_code, "buyer name": invoice.buyer.name,
        "buyer tax code": invoice.buyer.tax_code, "buyer address": invoice.buyer.address,
        "total before VAT": invoice.totals.amount_untaxed, "VAT": invoice.totals.vat,
        "total": invoice.totals.total,
        "VAT-rate groups": tuple((group.vat_rate, group.amount, group.vat)
                                 for group in invoice.totals.by_rate),
        "lines": tuple((line.name, line.quantity, line.unit_price, line.amount, line.vat_rate)
                       for line in invoice.lines),
    }


def issued_copy_problems(xml: bytes, sent: Invoice, seller_certificate
                         ) -> list[tuple[str, str]]:
    """Each way ``xml`` (the issued invoice) is not ``sent`` as signed by the holder of
    ``seller_certificate`` (and countersigned by the tax authority when coded):
    ``[(English, Vietnamese)]``, empty when it is."""
    try:
        root = parse_xml(xml)
        issued = parse_invoice(root)
        checks = xmldsig.verify_signatures(xml)
    except StandardError as exc:
        return [(f"the issued XML cannot be read: {exc.message}",
                 f"không đọc được XML đã phát hành: {exc.message_vi}")]
    problems = []
    seller = [check for check in checks if check.role == "seller"]
    if len(seller) != 1 or not seller[0].ok:
        reason = seller[0].reason if seller else "absent"
        problems.append((f"the seller's signature does not verify ({reason})",
                         "chữ ký của người bán không hợp lệ"))
    else:
        embedded = signature_layout.embedded_certificate(
            root.find(f"DSCKS/NBan/{signature_layout.DS}Signature"))
        if _der(embedded) != _der(seller_certificate):
            problems.append(("the seller's signature is not made with the seller's own "
                             "certificate", "chữ ký của người bán không dùng chứng thư số "
                                            "của chính người bán"))
    if sent.kind == KIND_CODED:
        authority = [check for check in checks if check.role == "tax_authority"]
        if len(authority) != 1 or not authority[0].ok:
            problems.append(("the tax authority's countersignature is missing or does not "
                             "verify", "chữ ký của cơ quan thuế thiếu hoặc không hợp lệ"))
    expected, found = _identity(sent), _identity(issued)
    changed = [name for name in expected if expected[name] != found[name]
               and not (name == "number" and sent.number is None)]
    if changed:
        problems.append((f"the issued invoice differs from the invoice sent: "
                         f"{', '.join(changed)}",
                         f"hóa đơn được phát hành khác hóa đơn đã gửi: {', '.join(changed)}"))
    return problems


def _legal_identity(invoice: Invoice) -> dict:
    """What the legal copy a provider hands out must share with the invoice sent: who
    sells, which invoice it is, and what it amounts to (a provider lays out its own XML,
    so line texts and the order of elements may differ)."""
    return {
        "seller tax code": invoice.seller.tax_code, "form": invoice.form,
        "symbol": invoice.symbol, "number": invoice.number, "currency": invoice.currency,
        "total before VAT": invoice.totals.amount_untaxed, "VAT": invoice.totals.vat,
        "total": invoice.totals.total,
    }


_LEGAL_IDENTITY_VI = {
    "seller tax code": "mã số thuế người bán", "form": "mẫu số", "symbol": "ký hiệu",
    "number": "số hóa đơn", "currency": "đơn vị tiền tệ",
    "total before VAT": "tổng tiền chưa thuế", "VAT": "tiền thuế GTGT",
    "total": "tổng tiền thanh toán"}


def legal_copy_problems(xml: bytes, sent: Invoice, tax_authority_code: str
                        ) -> list[tuple[str, str]]:
    """Each way ``xml`` (the file a provider hands out for ``sent``) is not the legal file
    of it: not the same invoice (seller tax code, form, symbol, number, totals), not
    carrying the code ``tax_authority_code`` the authority gave (``MCCQT``, or the
    cash-register code), or — for a coded invoice — without the tax authority's
    signature that verifies; an uncoded one must carry the seller's signature.
    ``[(English, Vietnamese)]``, empty when it is the legal file."""
    try:
        issued = parse_invoice(parse_xml(xml))
        checks = xmldsig.verify_signatures(xml)
    except StandardError as exc:
        return [(f"the file cannot be read as an invoice: {exc.message}",
                 f"không đọc được tệp như một hóa đơn: {exc.message_vi}")]
    problems = []
    expected, found = _legal_identity(sent), _legal_identity(issued)
    changed = [name for name in expected if expected[name] != found[name]
               and not (name == "number" and sent.number is None)]
    if changed:
        problems.append((f"it is not the same invoice (differs in: {', '.join(changed)})",
                         f"không phải cùng một hóa đơn (khác về: "
                         f"{', '.join(_LEGAL_IDENTITY_VI[name] for name in changed)})"))
    if tax_authority_code and issued.tax_authority_code != tax_authority_code:
        problems.append((f"it does not carry the tax authority's code {tax_authority_code} "
                         f"(found: {issued.tax_authority_code or 'none'})",
                         f"tệp không mang mã của cơ quan thuế {tax_authority_code} "
                         f"(thấy: {issued.tax_authority_code or 'không có'})"))
    roles = {}
    for check in checks:
        roles.setdefault(check.role, []).append(check)
    if sent.kind == KIND_CODED:
        authority = roles.get("tax_authority", [])
        if len(authority) != 1 or not authority[0].ok:
            problems.append(("the tax authority's signature is missing or does not verify",
                             "chữ ký của cơ quan thuế thiếu hoặc không hợp lệ"))
    if sent.kind in (KIND_CODED, KIND_UNCODED):
        seller = roles.get("seller", [])
        if len(seller) != 1 or not seller[0].ok:
            problems.append(("the seller's signature is missing or does not verify",
                             "chữ ký của người bán thiếu hoặc không hợp lệ"))
    return problems
