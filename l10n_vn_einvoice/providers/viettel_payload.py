"""Viettel S-Invoice ``createInvoice`` JSON from the standard dataclasses, and back.

Viettel builds, numbers and signs the tax authority's XML itself from this JSON, so the
mapping must carry everything the XML needs.  The inverse exists for the sandbox, which
plays Viettel: it rebuilds the standard ``Invoice`` and lets the standard core make the
XML, so both directions are tested against each other.

Conventions of Viettel's JSON (reference notes §3):
- dates are epoch milliseconds; we send the issue date at 00:00 Vietnam time (UTC+7);
- ``taxPercentage`` is a number: −2 = KCT (not subject to VAT), −1 = KKKNT (not declared),
  otherwise the rate; a rate outside 0/5/8/10 is the standard's ``KHAC:x%``;
- ``selection``: 1 goods, 2 note, 3 trade discount (other line natures have no mapping);
- ``paymentMethodName`` is the text of ``HTTToan``: TM = tiền mặt = cash, CK = chuyển
  khoản = bank transfer (Odoo's connector comment says the opposite and is wrong);
- ``adjustmentType``: 1 original, 3 replacement, 5 adjustment; in an adjustment, a line
  that decreases the original carries positive amounts and ``isIncreaseItem: false``.
Money is ``Decimal`` all the way: :func:`payload_to_json` writes Decimals as exact JSON
numbers and :func:`json_to_payload` reads numbers back as Decimals.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from ..standard import money
from ..standard.amount_words import amount_in_words
from ..standard.errors import StandardError
from ..standard.model import (
    ADJUSTMENT,
    DELIVERY_FORM,
    GOODS,
    NOTE,
    REPLACEMENT,
    TRADE_DISCOUNT,
    Buyer,
    Invoice,
    Line,
    RateTotal,
    RelatedInvoice,
    Seller,
    Totals,
)
from ..standard.xml_parse import kind_of_symbol
from . import viettel_note

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))

ADJUSTMENT_ORIGINAL = "1"
ADJUSTMENT_REPLACEMENT = "3"
ADJUSTMENT_ADJUSTMENT = "5"
ADJUSTMENT_MONEY = "1"
ADJUSTMENT_INFORMATION = "2"

PAYMENT_CASH = "TM"
PAYMENT_TRANSFER = "CK"

_SELECTION = {GOODS: 1, NOTE: 2, TRADE_DISCOUNT: 3}
_NATURE = {value: key for key, value in _SELECTION.items()}
_SPECIAL_RATES = {"KCT": -2, "KKKNT": -1}
_PLAIN_RATES = (0, 5, 8, 10)
_BUYER_ID_PERSONAL = "1"
_BUYER_ID_PASSPORT = "3"


class ViettelPayloadError(StandardError):
    """The invoice cannot be expressed in Viettel's JSON, or the JSON is not an invoice."""


# --- dates, numbers, codes --------------------------------------------------------------

def date_to_ms(day: datetime.date) -> int:
    """00:00 of ``day`` in Vietnam as epoch milliseconds (Viettel's date encoding)."""
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=VIETNAM)
    return int(start.timestamp()) * 1000


def ms_to_date(value) -> datetime.date:
    try:
        seconds = int(Decimal(str(value))) // 1000
    except (ArithmeticError, ValueError) as exc:
        raise ViettelPayloadError("invoiceIssuedDate", "viettel.date",
                                  f"not epoch milliseconds: {value!r}",
                                  f"không phải mốc thời gian mili giây: {value!r}") from exc
    return datetime.datetime.fromtimestamp(seconds, VIETNAM).date()


def tax_percentage(rate_code: str, field: str = "TSuat") -> Decimal:
    """Viettel's ``taxPercentage`` for a standard ``TSuat`` code."""
    if rate_code in _SPECIAL_RATES:
        return Decimal(_SPECIAL_RATES[rate_code])
    match = re.fullmatch(r"(?:KHAC:)?(\d{1,2}(?:\.\d{1,2})?)%", rate_code or "")
    if not match:
        raise ViettelPayloadError(field, "viettel.tax_rate",
                                  f"VAT rate {rate_code!r} has no Viettel taxPercentage",
                                  f"Thuế suất {rate_code!r} không có taxPercentage của Viettel")
    return Decimal(match.group(1))


def rate_code(percentage) -> str:
    """The standard ``TSuat`` code for Viettel's ``taxPercentage``."""
    value = Decimal(str(percentage))
    for code, number in _SPECIAL_RATES.items():
        if value == number:
            return code
    if value < 0:
        raise ViettelPayloadError("taxPercentage", "viettel.tax_rate",
                                  f"unknown negative taxPercentage {percentage}",
                                  f"taxPercentage âm không xác định: {percentage}")
    if value == value.to_integral_value() and int(value) in _PLAIN_RATES:
        return f"{int(value)}%"
    return f"KHAC:{value.normalize():f}%"


def invoice_no(symbol: str, number: int) -> str:
    """Viettel's ``invoiceNo``: the symbol followed by the number (``C26TAA12``)."""
    return f"{symbol}{number}"


def split_invoice_no(value: str) -> tuple[str, int | None]:
    match = re.fullmatch(r"([A-Z0-9]{6})(\d+)", value or "")
    if not match:
        return value or "", None
    return match.group(1), int(match.group(2))


# --- invoice → JSON ---------------------------------------------------------------------

def _set(target: dict, key: str, value):
    if value not in (None, ""):
        target[key] = value


def _line_json(line: Line, index: int, invoice: Invoice, adjustment: bool) -> dict:
    field = f"HHDVu[{index}]"
    if line.nature not in _SELECTION:
        raise ViettelPayloadError(f"{field}/TChat", "viettel.selection",
                                  f"line nature {line.nature} has no Viettel selection",
                                  f"Tính chất dòng {line.nature} không có selection của Viettel")
    item = {"lineNumber": line.seq or index, "selection": _SELECTION[line.nature],
            "itemName": line.name}
    if line.nature == NOTE:
        return item
    amount = line.amount if line.amount is not None else Decimal(0)
    tax = Decimal(0)
    if line.vat_rate:
        item["taxPercentage"] = tax_percentage(line.vat_rate, f"{field}/TSuat")
        tax = money.vat_amount(amount, line.vat_rate, invoice.currency)
    decrease = adjustment and amount < 0
    sign = -1 if decrease else 1
    _set(item, "itemCode", line.code)
    _set(item, "unitName", line.unit)
    _set(item, "quantity", line.quantity)
    _set(item, "unitPrice", None if line.unit_price is None else sign * line.unit_price)
    _set(item, "discount", line.discount_rate)
    _set(item, "itemDiscount", None if line.discount_amount is None
         else sign * line.discount_amount)
    item["itemTotalAmountWithoutTax"] = sign * amount
    item["itemTotalAmountAfterDiscount"] = sign * amount
    item["taxAmount"] = sign * tax
    item["itemTotalAmountWithTax"] = sign * (amount + tax)
    if adjustment:
        item["isIncreaseItem"] = not decrease
    return item


def _related_json(invoice: Invoice, original_template_code: str) -> dict:
    related = invoice.related
    if related.nature not in (REPLACEMENT, ADJUSTMENT):
        raise ViettelPayloadError("TTHDLQuan/TCHDon", "viettel.related",
                                  f"unknown related-invoice nature {related.nature}",
                                  f"Tính chất hóa đơn liên quan không xác định {related.nature}")
    if not (related.symbol and related.number and related.date and original_template_code):
        raise ViettelPayloadError("TTHDLQuan", "viettel.related.identity",
                                  "the corrected invoice needs its template, symbol, number "
                                  "and date",
                                  "Hóa đơn bị điều chỉnh/thay thế cần mẫu số, ký hiệu, số và "
                                  "ngày")
    replacing = related.nature == REPLACEMENT
    word_vi = "Thay thế" if replacing else "Điều chỉnh"
    info = {
        "adjustmentType": ADJUSTMENT_REPLACEMENT if replacing else ADJUSTMENT_ADJUSTMENT,
        "originalInvoiceId": invoice_no(related.symbol, int(related.number)),
        "originalInvoiceIssueDate": date_to_ms(related.date),
        "originalTemplateCode": original_template_code,
        "additionalReferenceDesc": related.note or (
            f"{word_vi} cho hóa đơn mẫu số {related.form} ký hiệu {related.symbol} "
            f"số {related.number} ngày {related.date:%d/%m/%Y}"),
        "additionalReferenceDate": date_to_ms(related.list_date or invoice.issue_date),
    }
    if not replacing:
        money_lines = [line for line in invoice.lines if line.nature != NOTE and line.amount]
        info["adjustmentInvoiceType"] = (ADJUSTMENT_MONEY if money_lines
                                         else ADJUSTMENT_INFORMATION)
    return info


def invoice_to_payload(invoice: Invoice, key: str, template_code: str, *,
                       original_template_code: str = "", paid: bool = False) -> dict:
    """The ``createInvoice`` body for ``invoice`` under submission key ``key``.

    ``template_code`` is Viettel's template of the symbol (``1/001``), registered at
    Viettel and listed by ``getAllInvoiceTemplates``.
    """
    if invoice.totals.fees:
        raise ViettelPayloadError("DSLPhi", "viettel.fees",
                                  "Viettel's invoice JSON has no place for fees (DSLPhi)",
                                  "JSON hóa đơn của Viettel không có chỗ cho các khoản phí")
    if invoice.totals.other_deduction:
        raise ViettelPayloadError(
            "TGTKhac", "viettel.other_deduction",
            "Viettel's documented invoice JSON has no place for a deduction from the total "
            "(TGTKhac, the direct-method VAT reduction); issue this invoice through a "
            "provider that takes the tax authority's XML (VNPT)",
            "JSON hóa đơn của Viettel (theo tài liệu công bố) không có chỗ cho khoản giảm trừ "
            "(TGTKhac, giảm thuế GTGT theo phương pháp trực tiếp); hãy phát hành qua nhà cung "
            "cấp nhận XML của cơ quan thuế (VNPT)")
    general = {
        "transactionUuid": key,
        "invoiceType": invoice.form,
        "templateCode": template_code,
        "invoiceSeries": invoice.symbol,
        "invoiceIssuedDate": date_to_ms(invoice.issue_date),
        "currencyCode": invoice.currency,
        "adjustmentType": ADJUSTMENT_ORIGINAL,
        "paymentStatus": paid,
        "cusGetInvoiceRight": True,
        "validation": 1,
    }
    _set(general, "exchangeRate", invoice.exchange_rate)
    if invoice.related is not None:
        general.update(_related_json(invoice, original_template_code))
    adjustment = general["adjustmentType"] == ADJUSTMENT_ADJUSTMENT
    seller = invoice.seller
    seller_info = {"sellerLegalName": seller.name, "sellerTaxCode": seller.tax_code,
                   "sellerAddressLine": seller.address}
    for key_name, value in (("sellerPhoneNumber", seller.phone), ("sellerEmail", seller.email),
                            ("sellerBankName", seller.bank_name),
                            ("sellerBankAccount", seller.bank_account),
                            ("sellerWebsite", seller.website)):
        _set(seller_info, key_name, value)
    buyer = invoice.buyer
    buyer_info = {"buyerNotGetInvoice": 1 if buyer.is_anonymous else 0}
    for key_name, value in (("buyerLegalName", buyer.name), ("buyerName", buyer.contact_name),
                            ("buyerTaxCode", buyer.tax_code),
                            ("buyerAddressLine", buyer.address),
                            ("buyerCode", buyer.customer_code),
                            ("buyerPhoneNumber", buyer.phone), ("buyerEmail", buyer.email),
                            ("buyerBankName", buyer.bank_name),
                            ("buyerBankAccount", buyer.bank_account),
                            ("buyerBudgetCode", buyer.budget_unit_code)):
        _set(buyer_info, key_name, value)
    if buyer.personal_id:
        buyer_info.update(buyerIdNo=buyer.personal_id, buyerIdType=_BUYER_ID_PERSONAL)
    elif buyer.passport:
        buyer_info.update(buyerIdNo=buyer.passport, buyerIdType=_BUYER_ID_PASSPORT)
    totals = invoice.totals
    summary = {
        "sumOfTotalLineAmountWithoutTax": totals.amount_untaxed,
        "totalAmountWithoutTax": totals.amount_untaxed,
        "totalTaxAmount": totals.vat,
        "totalAmountWithTax": totals.total,
        "totalAmountWithTaxInWords": totals.total_in_words,
    }
    _set(summary, "discountAmount", totals.trade_discount)
    breakdowns = [{"taxPercentage": tax_percentage(group.vat_rate, "LTSuat/TSuat"),
                   "taxableAmount": abs(group.amount), "taxAmount": abs(group.vat),
                   "taxableAmountPos": group.amount >= 0, "taxAmountPos": group.vat >= 0}
                  for group in totals.by_rate]
    body = {
        "generalInvoiceInfo": general,
        "buyerInfo": buyer_info,
        "sellerInfo": seller_info,
        "payments": [{"paymentMethodName": invoice.payment_method}],
        "itemInfo": [_line_json(line, index, invoice, adjustment)
                     for index, line in enumerate(invoice.lines, start=1)],
        "summarizeInfo": summary,
        "taxBreakdowns": breakdowns,
    }
    if invoice.form == DELIVERY_FORM:
        return viettel_note.adapt_payload(body, invoice)
    return body


# --- JSON → invoice (the sandbox side) --------------------------------------------------

def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _require(section: dict, key: str, where: str):
    value = section.get(key)
    if value in (None, ""):
        raise ViettelPayloadError(f"{where}.{key}", "viettel.required",
                                  f"{where}.{key} is required", f"Thiếu {where}.{key}")
    return value


def _line_from(item: dict, adjustment: bool) -> Line:
    selection = int(item.get("selection", 1))
    if selection not in _NATURE:
        raise ViettelPayloadError("itemInfo.selection", "viettel.selection",
                                  f"unknown selection {selection}",
                                  f"selection không xác định: {selection}")
    nature = _NATURE[selection]
    name = str(item.get("itemName", ""))
    seq = int(item["lineNumber"]) if item.get("lineNumber") is not None else None
    if nature == NOTE:
        return Line(name=name, nature=NOTE, seq=seq)
    sign = -1 if adjustment and item.get("isIncreaseItem") is False else 1

    def signed(key):
        value = _dec(item.get(key))
        return None if value is None else sign * value

    percentage = item.get("taxPercentage")
    return Line(name=name, nature=nature, seq=seq, code=str(item.get("itemCode", "")),
                unit=str(item.get("unitName", "")), quantity=_dec(item.get("quantity")),
                unit_price=signed("unitPrice"), discount_rate=_dec(item.get("discount")),
                discount_amount=signed("itemDiscount"),
                amount=signed("itemTotalAmountWithoutTax"),
                vat_rate="" if percentage is None else rate_code(percentage))


def _summary_of(by_rate: tuple[RateTotal, ...], currency: str) -> dict:
    """``summarizeInfo`` as Viettel fills it in when a seller leaves it out (Odoo's own
    connector never sends it): the sums of ``taxBreakdowns`` and the total in words.  At
    least one breakdown is required then; the standard core still checks them against
    the lines."""
    if not by_rate:
        raise ViettelPayloadError("taxBreakdowns", "viettel.required",
                                  "taxBreakdowns is required when summarizeInfo is absent",
                                  "Thiếu taxBreakdowns khi không có summarizeInfo")
    untaxed = sum((group.amount for group in by_rate), Decimal(0))
    vat = sum((group.vat for group in by_rate), Decimal(0))
    return {"totalAmountWithoutTax": untaxed, "totalTaxAmount": vat,
            "totalAmountWithTax": untaxed + vat,
            "totalAmountWithTaxInWords": amount_in_words(untaxed + vat, currency)}


def payload_to_invoice(payload: dict) -> Invoice:
    """Rebuild the standard invoice from a ``createInvoice`` body (numbers not yet given)."""
    general = payload.get("generalInvoiceInfo") or {}
    seller_info = payload.get("sellerInfo") or {}
    buyer_info = payload.get("buyerInfo") or {}
    summary = payload.get("summarizeInfo") or {}
    symbol = str(_require(general, "invoiceSeries", "generalInvoiceInfo"))
    adjustment_type = str(general.get("adjustmentType", ADJUSTMENT_ORIGINAL))
    related = None
    if adjustment_type in (ADJUSTMENT_REPLACEMENT, ADJUSTMENT_ADJUSTMENT):
        original_symbol, original_number = split_invoice_no(
            str(_require(general, "originalInvoiceId", "generalInvoiceInfo")))
        related = RelatedInvoice(
            nature=REPLACEMENT if adjustment_type == ADJUSTMENT_REPLACEMENT else ADJUSTMENT,
            form=str(general.get("originalTemplateCode", "")).split("/")[0],
            symbol=original_symbol,
            number="" if original_number is None else str(original_number),
            date=ms_to_date(_require(general, "originalInvoiceIssueDate",
                                     "generalInvoiceInfo")),
            note=str(general.get("additionalReferenceDesc", "")))
    id_type = str(buyer_info.get("buyerIdType", ""))
    id_number = str(buyer_info.get("buyerIdNo", ""))
    buyer = Buyer(
        name=str(buyer_info.get("buyerLegalName", "")),
        contact_name=str(buyer_info.get("buyerName", "")),
        tax_code=str(buyer_info.get("buyerTaxCode", "")),
        address=str(buyer_info.get("buyerAddressLine", "")),
        customer_code=str(buyer_info.get("buyerCode", "")),
        phone=str(buyer_info.get("buyerPhoneNumber", "")),
        email=str(buyer_info.get("buyerEmail", "")),
        bank_name=str(buyer_info.get("buyerBankName", "")),
        bank_account=str(buyer_info.get("buyerBankAccount", "")),
        budget_unit_code=str(buyer_info.get("buyerBudgetCode", "")),
        personal_id=id_number if id_type == _BUYER_ID_PERSONAL else "",
        passport=id_number if id_type == _BUYER_ID_PASSPORT else "")
    seller = Seller(
        name=str(_require(seller_info, "sellerLegalName", "sellerInfo")),
        tax_code=str(_require(seller_info, "sellerTaxCode", "sellerInfo")),
        address=str(seller_info.get("sellerAddressLine", "")),
        phone=str(seller_info.get("sellerPhoneNumber", "")),
        email=str(seller_info.get("sellerEmail", "")),
        bank_name=str(seller_info.get("sellerBankName", "")),
        bank_account=str(seller_info.get("sellerBankAccount", "")),
        website=str(seller_info.get("sellerWebsite", "")))
    adjustment = adjustment_type == ADJUSTMENT_ADJUSTMENT
    lines = tuple(_line_from(item, adjustment) for item in payload.get("itemInfo") or ())
    by_rate = tuple(
        RateTotal(vat_rate=rate_code(group["taxPercentage"]),
                  amount=(1 if group.get("taxableAmountPos", True) else -1)
                  * _dec(group.get("taxableAmount")),
                  vat=(1 if group.get("taxAmountPos", True) else -1) * _dec(group.get("taxAmount")))
        for group in payload.get("taxBreakdowns") or ())
    currency = str(general.get("currencyCode", "VND"))
    if "summarizeInfo" not in payload:
        summary = _summary_of(by_rate, currency)
    totals = Totals(
        by_rate=by_rate,
        amount_untaxed=_dec(_require(summary, "totalAmountWithoutTax", "summarizeInfo")),
        vat=_dec(_require(summary, "totalTaxAmount", "summarizeInfo")),
        total=_dec(_require(summary, "totalAmountWithTax", "summarizeInfo")),
        total_in_words=str(summary.get("totalAmountWithTaxInWords", "")),
        trade_discount=_dec(summary.get("discountAmount")))
    payments = payload.get("payments") or [{}]
    invoice = Invoice(
        form=str(_require(general, "invoiceType", "generalInvoiceInfo")),
        symbol=symbol, number=None,
        issue_date=ms_to_date(_require(general, "invoiceIssuedDate", "generalInvoiceInfo")),
        seller=seller, buyer=buyer, lines=lines, totals=totals,
        currency=currency,
        exchange_rate=_dec(general.get("exchangeRate")),
        payment_method=str(payments[0].get("paymentMethodName", "TM/CK")),
        related=related, kind=kind_of_symbol(symbol))
    if invoice.form == DELIVERY_FORM:
        return viettel_note.adapt_invoice(invoice, payload)
    return invoice
