"""MISA meInvoice ``OriginalInvoiceData``: the invoice as MISA's JSON, both ways.

Field names as third-party integrations send them to ``invoicepublishing/publishhsm`` and
``createinvoice`` (see NOTES_h6.md): ``RefID`` (our submission key), ``InvSeries`` (form
digit + symbol, ``1C26TAA``), ``InvDate``, ``Buyer*``, ``OriginalInvoiceDetail`` lines
(``ItemType`` = the standard's TChat, ``VATRateName`` = the standard's TSuat code),
``TaxRateInfo`` per rate, ``Total*OC`` totals and ``OptionUserDefined`` (decimal places,
required by MISA).  A correction adds ``ReferenceType`` (1 replacement, 2 adjustment) and
``OrgInv*`` naming the original.  The seller is the account's.  :func:`payload_to_invoice`
is the inverse the sandbox uses.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ..standard import codes, money
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
from ..standard.xml_parse import kind_of_symbol
from .base import RejectedError

OPTIONS = {"MainCurrency": "VND", "AmountDecimalDigits": "0", "AmountOCDecimalDigits": "2",
           "UnitPriceOCDecimalDigits": "2", "UnitPriceDecimalDigits": "0",
           "QuantityDecimalDigits": "2", "CoefficientDecimalDigits": "2",
           "ExchangRateDecimalDigits": "2"}
REFERENCE_REPLACE, REFERENCE_ADJUST = 1, 2
PAYMENT_NAMES = {"TM": "TM", "CK": "CK", "TM/CK": "TM/CK"}


class MisaDataError(ValueError):
    """An OriginalInvoiceData the sandbox cannot read."""


def _date(day: datetime.date) -> str:
    return day.isoformat()


def _dec(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        raise MisaDataError(f"{field}: {value!r} must be an exact number")
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise MisaDataError(f"{field}: {value!r} is not a number") from exc


def invoice_to_payload(key: str, invoice: Invoice) -> dict:
    """``OriginalInvoiceData`` of ``invoice`` under ``RefID`` ``key``."""
    if invoice.totals.other_deduction:
        raise RejectedError(
            "TGTKhac: MISA's known invoice fields have no place for a deduction from the "
            "total (the direct-method VAT reduction); issue this invoice through VNPT",
            "TGTKhac: các trường hóa đơn đã biết của MISA không có chỗ cho khoản giảm trừ "
            "(giảm thuế GTGT theo phương pháp trực tiếp); hãy phát hành qua VNPT",
            code="misa.other_deduction", operation="issue")
    buyer, totals = invoice.buyer, invoice.totals
    details = []
    for index, line in enumerate(invoice.lines, start=1):
        if line.vat_rate:
            codes.validate_vat_rate(line.vat_rate, field=f"HHDVu[{index}]/TSuat")
        amount = line.amount if line.amount is not None else Decimal(0)
        details.append({
            "ItemType": line.nature, "SortOrder": index,
            "LineNumber": line.seq if line.seq is not None else index,
            "ItemCode": line.code, "ItemName": line.name, "UnitName": line.unit,
            "Quantity": line.quantity, "UnitPrice": line.unit_price,
            "DiscountRate": line.discount_rate, "DiscountAmountOC": line.discount_amount,
            "AmountWithoutVATOC": amount, "VATRateName": line.vat_rate,
            "VATAmountOC": money.vat_amount(amount, line.vat_rate) if line.vat_rate
            else Decimal(0)})
    data = {
        "RefID": key, "InvSeries": f"{invoice.form}{invoice.symbol}", "InvDate":
        _date(invoice.issue_date), "InvNo": invoice.number, "CurrencyCode": invoice.currency,
        "ExchangeRate": invoice.exchange_rate if invoice.exchange_rate is not None
        else Decimal(1),
        "PaymentMethodName": PAYMENT_NAMES.get(invoice.payment_method, invoice.payment_method),
        "BuyerLegalName": buyer.name, "BuyerTaxCode": buyer.tax_code,
        "BuyerAddress": buyer.address, "BuyerCode": buyer.customer_code,
        "BuyerPhoneNumber": buyer.phone, "BuyerEmail": buyer.email,
        "BuyerFullName": buyer.contact_name, "BuyerBankAccount": buyer.bank_account,
        "BuyerBankName": buyer.bank_name, "BuyerIDNumber": buyer.personal_id,
        "TotalAmountWithoutVATOC": totals.amount_untaxed, "TotalVATAmountOC": totals.vat,
        "TotalAmountOC": totals.total, "TotalAmountInWords": totals.total_in_words,
        "OriginalInvoiceDetail": details,
        "TaxRateInfo": [{"VATRateName": group.vat_rate, "AmountWithoutVATOC": group.amount,
                         "VATAmountOC": group.vat} for group in totals.by_rate],
        "OptionUserDefined": dict(OPTIONS, MainCurrency=invoice.currency)}
    related = invoice.related
    if related is not None:
        data.update(
            ReferenceType=REFERENCE_REPLACE if related.nature == REPLACEMENT
            else REFERENCE_ADJUST, OrgInvTemplateNo=related.form, OrgInvSeries=related.symbol,
            OrgInvNo=related.number, OrgInvDate=_date(related.date) if related.date else "",
            InvoiceNote=related.note)
    return data


def _line(detail: dict, index: int) -> Line:
    nature = int(detail.get("ItemType") or GOODS)
    if nature not in range(GOODS, SPECIAL_GOODS + 1):
        raise MisaDataError(f"OriginalInvoiceDetail[{index}]/ItemType: {nature} is unknown")
    where = f"OriginalInvoiceDetail[{index}]"
    return Line(name=str(detail.get("ItemName") or ""), nature=nature,
                seq=int(detail.get("LineNumber") or index), code=str(detail.get("ItemCode") or ""),
                unit=str(detail.get("UnitName") or ""),
                quantity=_dec(detail.get("Quantity"), f"{where}/Quantity"),
                unit_price=_dec(detail.get("UnitPrice"), f"{where}/UnitPrice"),
                discount_rate=_dec(detail.get("DiscountRate"), f"{where}/DiscountRate"),
                discount_amount=_dec(detail.get("DiscountAmountOC"),
                                     f"{where}/DiscountAmountOC"),
                amount=None if nature == NOTE else _dec(detail.get("AmountWithoutVATOC"),
                                                        f"{where}/AmountWithoutVATOC"),
                vat_rate=str(detail.get("VATRateName") or ""))


def payload_to_invoice(data: dict, *, seller: Seller, provider_tax_code: str) -> Invoice:
    """The standard invoice of an ``OriginalInvoiceData`` (numbered later by the sandbox)."""
    series = str(data.get("InvSeries") or "")
    if len(series) != 7 or not series[0].isdigit():
        raise MisaDataError(f"InvSeries: {series!r} is not a form digit and a symbol")
    details = data.get("OriginalInvoiceDetail")
    if not isinstance(details, list) or not details:
        raise MisaDataError("OriginalInvoiceDetail: at least one line is required")
    lines = tuple(_line(detail, index) for index, detail in enumerate(details, start=1))
    currency = str(data.get("CurrencyCode") or "VND")
    related = None
    if data.get("ReferenceType"):
        reference = int(data["ReferenceType"])
        if reference not in (REFERENCE_REPLACE, REFERENCE_ADJUST):
            raise MisaDataError(f"ReferenceType: {reference} is unknown")
        related = RelatedInvoice(
            nature=REPLACEMENT if reference == REFERENCE_REPLACE else ADJUSTMENT,
            form=str(data.get("OrgInvTemplateNo") or ""),
            symbol=str(data.get("OrgInvSeries") or ""), number=str(data.get("OrgInvNo") or ""),
            date=datetime.date.fromisoformat(str(data.get("OrgInvDate"))[:10]),
            note=str(data.get("InvoiceNote") or ""))
    symbol = series[1:]
    buyer = Buyer(name=str(data.get("BuyerLegalName") or ""),
                  tax_code=str(data.get("BuyerTaxCode") or ""),
                  address=str(data.get("BuyerAddress") or ""),
                  customer_code=str(data.get("BuyerCode") or ""),
                  phone=str(data.get("BuyerPhoneNumber") or ""),
                  email=str(data.get("BuyerEmail") or ""),
                  contact_name=str(data.get("BuyerFullName") or ""),
                  bank_account=str(data.get("BuyerBankAccount") or ""),
                  bank_name=str(data.get("BuyerBankName") or ""),
                  personal_id=str(data.get("BuyerIDNumber") or ""))
    return Invoice(
        form=series[0], symbol=symbol, number=None,
        issue_date=datetime.date.fromisoformat(str(data.get("InvDate") or "")[:10]),
        seller=seller, buyer=buyer, lines=lines, totals=money.compute_totals(lines, currency),
        currency=currency,
        exchange_rate=None if currency == "VND" else _dec(data.get("ExchangeRate"),
                                                          "ExchangeRate"),
        payment_method=str(data.get("PaymentMethodName") or "TM/CK"), related=related,
        kind=kind_of_symbol(symbol), provider_tax_code=provider_tax_code)
