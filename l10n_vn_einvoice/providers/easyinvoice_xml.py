"""EasyInvoice (Softdreams) ``XmlData``: the invoice as EasyInvoice's own XML, both ways.

EasyInvoice does not take the tax authority's ``HDon``: every operation carries an
``XmlData`` string in its own shape (published integration document, "TÀI LIỆU TÍCH HỢP
KỸ THUẬT HOÁ ĐƠN ĐIỆN TỬ", §V.1–V.5): ``<Invoices><Inv><Invoice>…`` for a new invoice,
``<AdjustInv>`` / ``<ReplaceInv>`` for a correction, each with our ``Ikey``, the buyer
(``Cus*``), ``Products/Product`` and the totals.  The seller is the account's, so it is not
sent.  Dates are ``dd/MM/yyyy``; VAT rates are integer codes (appendix VII.3: 0, 5, 8, 10,
−1 KCT, −2 KKKNT, −3 other with ``VATRateOther``); a line's nature is ``Feature``
(appendix VII.10, the standard's TChat one to one).

The number goes in ``InvNo`` when the caller has one: the document says the XmlData of
``importAndIssueInvoice`` may carry the number; that it is this element is inferred from
the reserved-invoice variant (§V.2).  :func:`invoice_from_xml` is the inverse the sandbox
uses; amounts come back exactly as sent (Decimal, never float).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from ..standard import money
from ..standard.model import (
    ADJUSTMENT,
    GOODS,
    NOTE,
    REPLACEMENT,
    SPECIAL_GOODS,
    Buyer,
    Invoice,
    Line,
    RelatedInvoice,
    Seller,
)
from ..standard.safe_xml import parse_xml
from ..standard.xml_parse import kind_of_symbol
from .base import RejectedError

RATES = {"0%": 0, "5%": 5, "8%": 8, "10%": 10, "KCT": -1, "KKKNT": -2}
RATE_OTHER = -3
_RATE_CODES = {value: code for code, value in RATES.items()}
PAYMENT_TEXT = {"TM": "Tiền mặt", "CK": "Chuyển khoản", "TM/CK": "Tiền mặt/Chuyển khoản"}
_PAYMENT_CODES = {text: code for code, text in PAYMENT_TEXT.items()}
ADJUST_INCREASE, ADJUST_DECREASE = 2, 3  # AdjustInv/Type


class EasyInvoiceDataError(ValueError):
    """An XmlData the sandbox cannot read (the field and what is wrong)."""


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _sub(parent, tag: str, value) -> None:
    text = _text(value)
    if text:
        etree.SubElement(parent, tag).text = text


def rate_fields(rate_code: str, where: str) -> tuple[int, Decimal | None]:
    if rate_code in RATES:
        return RATES[rate_code], None
    if rate_code.startswith("KHAC:") and rate_code.endswith("%"):
        return RATE_OTHER, Decimal(rate_code[5:-1])
    raise RejectedError(f"{where}: VAT rate {rate_code!r} has no EasyInvoice code",
                        f"{where}: thuế suất {rate_code!r} không có mã của EasyInvoice",
                        code="easyinvoice.tax_rate", operation="issue")


def _product(parent, index: int, line: Line) -> None:
    product = etree.SubElement(parent, "Product")
    _sub(product, "No", line.seq if line.seq is not None else index)
    _sub(product, "Feature", line.nature)
    _sub(product, "Code", line.code)
    _sub(product, "ProdName", line.name)
    _sub(product, "ProdUnit", line.unit)
    _sub(product, "ProdQuantity", line.quantity)
    _sub(product, "ProdPrice", line.unit_price)
    _sub(product, "Discount", line.discount_rate)
    _sub(product, "DiscountAmount", line.discount_amount)
    amount = line.amount if line.amount is not None else Decimal(0)
    _sub(product, "Total", amount)
    if line.vat_rate:
        rate, other = rate_fields(line.vat_rate, f"HHDVu[{index}]/TSuat")
        _sub(product, "VATRate", rate)
        _sub(product, "VATRateOther", other)
        vat = money.vat_amount(amount, line.vat_rate)
        _sub(product, "VATAmount", vat)
        _sub(product, "Amount", amount + vat)
    else:
        _sub(product, "Amount", amount)


def invoice_to_xml(key: str, invoice: Invoice) -> str:
    """The ``XmlData`` of ``invoice`` under ``Ikey`` ``key`` (new, adjustment or
    replacement invoice, by ``invoice.related``)."""
    if invoice.totals.other_deduction:
        raise RejectedError(
            "TGTKhac: EasyInvoice's published XmlData has no place for a deduction from the "
            "total (the direct-method VAT reduction); issue this invoice through VNPT",
            "TGTKhac: XmlData của EasyInvoice (theo tài liệu công bố) không có chỗ cho khoản "
            "giảm trừ (giảm thuế GTGT theo phương pháp trực tiếp); hãy phát hành qua VNPT",
            code="easyinvoice.other_deduction", operation="issue")
    related = invoice.related
    if related is None:
        root = etree.Element("Invoices")
        head = etree.SubElement(etree.SubElement(root, "Inv"), "Invoice")
    else:
        root = head = etree.Element("ReplaceInv" if related.nature == REPLACEMENT
                                    else "AdjustInv")
    buyer = invoice.buyer
    _sub(head, "Ikey", key)
    _sub(head, "InvNo", invoice.number)
    _sub(head, "CusCode", buyer.customer_code)
    _sub(head, "Buyer", buyer.contact_name)
    _sub(head, "CusName", buyer.name)
    _sub(head, "Email", buyer.email)
    _sub(head, "CusAddress", buyer.address)
    _sub(head, "CusBankName", buyer.bank_name)
    _sub(head, "CusBankNo", buyer.bank_account)
    _sub(head, "CusPhone", buyer.phone)
    _sub(head, "CusTaxCode", buyer.tax_code)
    _sub(head, "CusIdenification", buyer.personal_id)  # sic, as published
    if related is not None and related.nature == ADJUSTMENT:
        increase = invoice.totals.total >= 0
        _sub(head, "Type", ADJUST_INCREASE if increase else ADJUST_DECREASE)
    _sub(head, "PaymentMethod", PAYMENT_TEXT.get(invoice.payment_method,
                                                 invoice.payment_method))
    _sub(head, "ArisingDate", _date(invoice.issue_date))
    _sub(head, "ExchangeRate", invoice.exchange_rate)
    _sub(head, "CurrencyUnit", invoice.currency)
    products = etree.SubElement(head, "Products")
    for index, line in enumerate(invoice.lines, start=1):
        _product(products, index, line)
    totals = invoice.totals
    _sub(head, "Total", totals.amount_untaxed)
    _sub(head, "VATAmount", totals.vat)
    _sub(head, "Amount", totals.total)
    _sub(head, "AmountInWords", totals.total_in_words)
    return etree.tostring(root, encoding="unicode")


def _dec(node, tag: str) -> Decimal | None:
    text = (node.findtext(tag) or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise EasyInvoiceDataError(f"{tag}: {text!r} is not a number") from exc


def _line(product, index: int) -> Line:
    nature = int(product.findtext("Feature") or GOODS)
    if nature not in range(GOODS, SPECIAL_GOODS + 1):
        raise EasyInvoiceDataError(f"Product[{index}]/Feature: {nature} is unknown")
    rate_text = (product.findtext("VATRate") or "").strip()
    rate = ""
    if rate_text:
        code = int(rate_text)
        if code == RATE_OTHER:
            other = _dec(product, "VATRateOther")
            if other is None:
                raise EasyInvoiceDataError(f"Product[{index}]/VATRateOther is required")
            rate = f"KHAC:{other.normalize():f}%"
        elif code in _RATE_CODES:
            rate = _RATE_CODES[code]
        else:
            raise EasyInvoiceDataError(f"Product[{index}]/VATRate: {code} is unknown")
    seq = product.findtext("No")
    return Line(name=product.findtext("ProdName") or "", nature=nature,
                seq=int(seq) if seq and seq.strip() else index,
                code=product.findtext("Code") or "", unit=product.findtext("ProdUnit") or "",
                quantity=_dec(product, "ProdQuantity"), unit_price=_dec(product, "ProdPrice"),
                discount_rate=_dec(product, "Discount"),
                discount_amount=_dec(product, "DiscountAmount"),
                amount=None if nature == NOTE else _dec(product, "Total"), vat_rate=rate)


def invoice_from_xml(xml_data: str, *, form: str, symbol: str, seller: Seller,
                     provider_tax_code: str, original=None) -> tuple[str, Invoice]:
    """``(Ikey, Invoice)`` from an ``XmlData``; ``original`` (the sandbox's stored
    submission of the corrected invoice) makes it an adjustment or a replacement."""
    try:
        root = parse_xml(xml_data.encode("utf-8"))
    except Exception as exc:  # the safe parser's typed errors and lxml's
        raise EasyInvoiceDataError(f"XmlData is not XML: {exc}") from exc
    head = root.find("Inv/Invoice") if root.tag == "Invoices" else root
    if head is None or head.tag not in ("Invoice", "AdjustInv", "ReplaceInv"):
        raise EasyInvoiceDataError("XmlData must be <Invoices><Inv><Invoice>, <AdjustInv> "
                                   "or <ReplaceInv>")
    key = (head.findtext("Ikey") or "").strip()
    lines = tuple(_line(product, index) for index, product in
                  enumerate(head.findall("Products/Product"), start=1))
    if not lines:
        raise EasyInvoiceDataError("Products: at least one Product is required")
    currency = (head.findtext("CurrencyUnit") or "VND").strip()
    related = None
    if head.tag != "Invoice":
        if original is None:
            raise EasyInvoiceDataError("the invoice to correct is unknown")
        related = RelatedInvoice(
            nature=REPLACEMENT if head.tag == "ReplaceInv" else ADJUSTMENT,
            form=original.form, symbol=original.symbol, number=str(original.number or ""),
            date=original.issue_date)
    number = (head.findtext("InvNo") or "").strip()
    payment = (head.findtext("PaymentMethod") or "").strip()
    rate = _dec(head, "ExchangeRate")
    invoice = Invoice(
        form=form, symbol=symbol, number=int(number) if number else None,
        issue_date=parse_date(head.findtext("ArisingDate") or ""), seller=seller,
        buyer=Buyer(name=head.findtext("CusName") or "",
                    contact_name=head.findtext("Buyer") or "",
                    tax_code=head.findtext("CusTaxCode") or "",
                    address=head.findtext("CusAddress") or "",
                    customer_code=head.findtext("CusCode") or "",
                    email=head.findtext("Email") or "", phone=head.findtext("CusPhone") or "",
                    bank_account=head.findtext("CusBankNo") or "",
                    bank_name=head.findtext("CusBankName") or "",
                    personal_id=head.findtext("CusIdenification") or ""),
        lines=lines, totals=money.compute_totals(lines, currency), currency=currency,
        exchange_rate=None if currency == "VND" else rate,
        payment_method=_PAYMENT_CODES.get(payment, payment or "TM/CK"), related=related,
        kind=kind_of_symbol(symbol), provider_tax_code=provider_tax_code)
    return key, invoice
