"""VNPT's own ``xmlInvData`` payloads, built from (and read back into) the standard data.

Two shapes exist for the same operations, chosen by how the tenant is configured at VNPT:

* the current-regulation form ``<DSHDon><HDon><key>FKEY</key><DLHDon>…</DLHDon></HDon>``
  whose ``DLHDon`` is exactly the tax authority's ``DLHDon`` (built by
  ``standard.xml_build``), and its correction variants ``<DieuChinhHD>`` / ``<ThayTheHD>``
  holding ``key``, ``Type`` (adjustments only) and the ``DLHDon`` children;
* VNPT's older own form ``<Invoices><Inv><key/><Invoice><CusName/>…<Products>…``, which
  carries no seller (VNPT knows the tenant) and no form/symbol (``pattern``/``serial``
  parameters), so reading it back needs the seller and the form/symbol.

The reading side is used by the sandbox: it turns either shape into an ``HDon`` document.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from ..standard import model
from ..standard.money import round_money, vat_amount
from ..standard.numbers_format import decimal_to_text, text_to_decimal
from ..standard.safe_xml import parse_xml
from ..standard.xml_build import MCCQT_ID, build_invoice, element_to_bytes, invoice_to_bytes
from .base import RejectedError

# Adjustment ``Type`` of ``<DieuChinhHD>``: 2 increase, 3 decrease, 4 information only.
ADJUST_INCREASE, ADJUST_DECREASE, ADJUST_INFORMATION = "2", "3", "4"

_LEGACY_NATURE = {model.GOODS: "0", model.PROMOTION: "1", model.TRADE_DISCOUNT: "2",
                  model.NOTE: "4"}
_LEGACY_RATE = {"0%": "0", "5%": "5", "8%": "8", "10%": "10", "KCT": "-1", "KKKNT": "-2"}


def _to_text(element) -> str:
    return etree.tostring(element, encoding="unicode")


def _dlhdon(invoice: model.Invoice):
    return copy.deepcopy(build_invoice(invoice).find("DLHDon"))


def dshdon_payload(entries: list[tuple[str, model.Invoice]]) -> str:
    """``<DSHDon>`` with one ``HDon`` (key + standard ``DLHDon``) per (fkey, invoice).

    A cash-register invoice coded by the seller's own software (the POS, offline) carries
    its M-code in ``MCCQT`` after ``DLHDon``, as in the tax authority's ``HDon``.
    """
    root = etree.Element("DSHDon")
    for key, invoice in entries:
        item = etree.SubElement(root, "HDon")
        etree.SubElement(item, "key").text = key
        item.append(_dlhdon(invoice))
        if invoice.kind == model.KIND_CASH_REGISTER and invoice.tax_authority_code:
            etree.SubElement(item, "MCCQT").text = invoice.tax_authority_code
    return _to_text(root)


def adjustment_type(invoice: model.Invoice) -> str:
    """VNPT's ``Type``: information-only when nothing is owed, else by the total's sign."""
    total = invoice.totals.total
    if total == 0 and invoice.totals.vat == 0:
        return ADJUST_INFORMATION
    return ADJUST_DECREASE if total < 0 else ADJUST_INCREASE


def correction_payload(key: str, invoice: model.Invoice) -> str:
    """``<DieuChinhHD>`` for an adjustment, ``<ThayTheHD>`` for a replacement."""
    if invoice.related is None:
        raise ValueError("correction_payload needs an invoice with a related invoice")
    adjusting = invoice.related.nature == model.ADJUSTMENT
    root = etree.Element("DieuChinhHD" if adjusting else "ThayTheHD")
    etree.SubElement(root, "key").text = key
    if adjusting:
        etree.SubElement(root, "Type").text = adjustment_type(invoice)
    for child in _dlhdon(invoice):
        root.append(child)
    return _to_text(root)


def _add(parent, tag: str, value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, Decimal):
        value = decimal_to_text(value)
    etree.SubElement(parent, tag).text = str(value)


def invoices_payload(entries: list[tuple[str, model.Invoice]]) -> str:
    """VNPT's older ``<Invoices>`` form; only the common VAT rates exist in it."""
    root = etree.Element("Invoices")
    for key, invoice in entries:
        inv = etree.SubElement(root, "Inv")
        etree.SubElement(inv, "key").text = key
        body = etree.SubElement(inv, "Invoice")
        buyer = invoice.buyer
        _add(body, "CusCode", buyer.customer_code)
        _add(body, "CusName", buyer.name)
        _add(body, "Buyer", buyer.contact_name)
        _add(body, "CusAddress", buyer.address)
        _add(body, "CusPhone", buyer.phone)
        _add(body, "CusTaxCode", buyer.tax_code)
        _add(body, "CusBankNo", buyer.bank_account)
        _add(body, "CusBankName", buyer.bank_name)
        _add(body, "PaymentMethod", invoice.payment_method)
        products = etree.SubElement(body, "Products")
        for line in invoice.lines:
            _legacy_product(products, line, invoice.currency)
        totals = invoice.totals
        _add(body, "Total", totals.amount_untaxed)
        _add(body, "DiscountAmount", totals.trade_discount)
        _add(body, "VATAmount", totals.vat)
        _add(body, "Amount", totals.total)
        _add(body, "AmountInWords", totals.total_in_words)
        _add(body, "ArisingDate", invoice.issue_date.strftime("%d/%m/%Y"))
        _add(body, "EmailDeliver", buyer.email)
        _add(body, "CurrencyUnit", invoice.currency)
        _add(body, "ExchangeRate", invoice.exchange_rate)
    return _to_text(root)


def _legacy_product(products, line: model.Line, currency: str) -> None:
    if line.vat_rate and line.vat_rate not in _LEGACY_RATE:
        raise RejectedError(
            f"VAT rate {line.vat_rate} cannot be sent in VNPT's older format; "
            "use the current (DSHDon) format.",
            f"Thuế suất {line.vat_rate} không gửi được theo định dạng cũ của VNPT; "
            "hãy dùng định dạng hiện hành (DSHDon).", code="payload.vat_rate")
    product = etree.SubElement(products, "Product")
    _add(product, "Code", line.code)
    _add(product, "ProdName", line.name)
    _add(product, "ProdUnit", line.unit)
    _add(product, "ProdQuantity", line.quantity)
    _add(product, "ProdPrice", line.unit_price)
    _add(product, "Discount", line.discount_rate)
    _add(product, "DiscountAmount", line.discount_amount)
    _add(product, "Total", line.amount)
    if line.vat_rate:
        _add(product, "VATRate", _LEGACY_RATE[line.vat_rate])
        if line.amount is not None:
            _add(product, "VATAmount", vat_amount(line.amount, line.vat_rate, currency))
    _add(product, "IsSum", _LEGACY_NATURE.get(line.nature, "0"))


def notice_payload(key: str, notice_xml: bytes) -> str:
    """VNPT's 04/SS ``<DLTBao>``: the standard notice data with ``Fkey`` on each invoice."""
    root = parse_xml(notice_xml)
    data = root if root.tag == "DLTBao" else root.find("DLTBao")
    if data is None:
        raise RejectedError("The notice has no DLTBao element.",
                            "Thông báo không có phần tử DLTBao.", code="payload.notice")
    data = copy.deepcopy(data)
    items = data.findall("DSHDon/HDon")
    if not items:
        raise RejectedError("The notice lists no invoice (DSHDon/HDon).",
                            "Thông báo không có hóa đơn nào (DSHDon/HDon).",
                            code="payload.notice")
    for item in items:
        if item.find("Fkey") is None:
            etree.SubElement(item, "Fkey").text = key
    return _to_text(data)


# --- reading back (sandbox side) -------------------------------------------------------


@dataclass(frozen=True)
class PayloadInvoice:
    """One invoice read from a payload: its fkey and a standard ``HDon`` document."""

    key: str
    hdon: bytes
    adjustment_type: str = ""


def _hdon_from_dlhdon(dlhdon, code: str = "") -> bytes:
    root = etree.Element("HDon")
    root.append(dlhdon)
    if code:
        etree.SubElement(root, "MCCQT", Id=MCCQT_ID).text = code
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NBan")
    return element_to_bytes(root)


def read_payload(text: str, *, seller: model.Seller, form: str = "", symbol: str = "",
                 provider_tax_code: str = "") -> list[PayloadInvoice]:
    """Every invoice of an ``xmlInvData`` in any of the shapes above.

    Raises ``ValueError`` (or the standard's ``StandardError``) when the payload cannot be
    read at all; the sandbox answers that with VNPT's "invalid XML" code.
    """
    root = parse_xml(text.encode("utf-8"))
    if root.tag == "DSHDon":
        found = []
        for item in root.findall("HDon"):
            dlhdon = item.find("DLHDon")
            if dlhdon is None:
                raise ValueError("HDon without DLHDon")
            found.append(PayloadInvoice(_child_text(item, "key"), _hdon_from_dlhdon(
                copy.deepcopy(dlhdon), _child_text(item, "MCCQT"))))
        return found
    if root.tag in ("DieuChinhHD", "ThayTheHD"):
        dlhdon = etree.Element("DLHDon", Id="data")
        for child in root:
            if child.tag not in ("key", "Type"):
                dlhdon.append(copy.deepcopy(child))
        return [PayloadInvoice(_child_text(root, "key"), _hdon_from_dlhdon(dlhdon),
                               _child_text(root, "Type"))]
    if root.tag == "Invoices":
        return [PayloadInvoice(_child_text(inv, "key"),
                               invoice_to_bytes(_read_legacy(inv.find("Invoice"), seller,
                                                             form, symbol, provider_tax_code)))
                for inv in root.findall("Inv")]
    raise ValueError(f"unknown payload root {root.tag}")


def _child_text(element, tag: str) -> str:
    child = element.find(tag) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _number(element, tag: str) -> Decimal | None:
    text = _child_text(element, tag)
    return text_to_decimal(text, tag) if text else None


def _read_legacy(body, seller: model.Seller, form: str, symbol: str,
                 provider_tax_code: str) -> model.Invoice:
    if body is None:
        raise ValueError("Inv without Invoice")
    currency = _child_text(body, "CurrencyUnit") or "VND"
    natures = {v: k for k, v in _LEGACY_NATURE.items()}
    rates = {v: k for k, v in _LEGACY_RATE.items()}
    lines = []
    for seq, product in enumerate(body.findall("Products/Product"), start=1):
        lines.append(model.Line(
            name=_child_text(product, "ProdName"), seq=seq,
            nature=natures.get(_child_text(product, "IsSum") or "0", model.GOODS),
            code=_child_text(product, "Code"), unit=_child_text(product, "ProdUnit"),
            quantity=_number(product, "ProdQuantity"), unit_price=_number(product, "ProdPrice"),
            discount_rate=_number(product, "Discount"),
            discount_amount=_number(product, "DiscountAmount"),
            amount=_number(product, "Total"),
            vat_rate=rates.get(_child_text(product, "VATRate"), "")))
    groups: dict[str, Decimal] = {}
    for line in lines:
        if line.vat_rate and line.amount is not None and line.nature != model.NOTE:
            sign = -1 if line.nature == model.TRADE_DISCOUNT else 1
            groups[line.vat_rate] = groups.get(line.vat_rate, Decimal(0)) + sign * line.amount
    by_rate = tuple(model.RateTotal(rate, round_money(amount, currency),
                                    vat_amount(amount, rate, currency))
                    for rate, amount in groups.items())
    totals = model.Totals(
        by_rate=by_rate, amount_untaxed=_number(body, "Total") or Decimal(0),
        vat=_number(body, "VATAmount") or Decimal(0), total=_number(body, "Amount") or Decimal(0),
        total_in_words=_child_text(body, "AmountInWords"),
        trade_discount=_number(body, "DiscountAmount"))
    buyer = model.Buyer(
        name=_child_text(body, "CusName"), tax_code=_child_text(body, "CusTaxCode"),
        address=_child_text(body, "CusAddress"), customer_code=_child_text(body, "CusCode"),
        phone=_child_text(body, "CusPhone"), email=_child_text(body, "EmailDeliver"),
        contact_name=_child_text(body, "Buyer"), bank_account=_child_text(body, "CusBankNo"),
        bank_name=_child_text(body, "CusBankName"))
    issue_date = datetime.datetime.strptime(_child_text(body, "ArisingDate"), "%d/%m/%Y").date()
    return model.Invoice(
        form=form, symbol=symbol, number=None, issue_date=issue_date, seller=seller,
        buyer=buyer, lines=tuple(lines), totals=totals, currency=currency,
        exchange_rate=_number(body, "ExchangeRate"),
        payment_method=_child_text(body, "PaymentMethod") or "TM/CK",
        provider_tax_code=provider_tax_code,
        kind=model.KIND_UNCODED if symbol.startswith("K") else model.KIND_CODED)
