"""Delivery notes (form 6) in Viettel's ``createInvoice`` body.

The shape is Odoo S.A.'s own bridge ``l10n_vn_edi_viettel_stock`` (Odoo 19.3,
``models/stock_picking.py``, ``_l10n_vn_edi_generate_transfer_note_json``): the invoice
operation with the symbol's delivery-note template, items and one tax breakdown at
``taxPercentage`` −2 with no tax, ``paymentMethodName`` "TM/CK", and the note's data as
``metadata`` custom fields (``keyTag``/``stringValue``/``valueType``/``keyLabel``/
``isRequired``/``isSeller``) under the key tags that bridge uses.  The receiving person
has no key tag there and is not sent.  Unverified against Viettel itself."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from ..standard import model
from ..standard.numbers_format import text_to_date

NO_TAX = -2
# DeliveryNote attribute → (keyTag, keyLabel, required), as Odoo's bridge names them.
METADATA = (
    ("dispatch_order", "economicContractNo", "Lệnh điều động nội bộ", True),
    ("contract_number", "economicContractNo", "Hợp đồng kinh tế số", True),
    ("dispatch_date", "Date", "Ngày tháng năm lệnh điều động", False),
    ("contract_date", "Date", "Ngày hợp đồng kinh tế", False),
    ("dispatch_by", "commandOf", "Của", False),
    ("dispatch_purpose", "commandDes", "Về việc", False),
    ("transport_contract", "contractNo", "Hợp đồng số", False),
    ("transport_means", "vehicle", "Phương tiện vận chuyển", True),
    ("carrier", "transformer", "Tên người vận chuyển", False),
    ("from_warehouse", "exportAt", "Xuất tại kho", False),
    ("to_warehouse", "importAt", "Nhập tại kho", False),
    ("issuer_person", "HVTNXHang", "Họ và tên người xuất hàng", False),
)
DATES = ("dispatch_date", "contract_date")


def _agent(invoice: model.Invoice) -> bool:
    return invoice.symbol[3:4] == model.NOTE_AGENT


def _used(invoice: model.Invoice):
    """The metadata rows of this note's letter (N: dispatch order, B: agent contract)."""
    skip = ("dispatch_order", "dispatch_date", "dispatch_by", "dispatch_purpose") \
        if _agent(invoice) else ("contract_number", "contract_date")
    return [row for row in METADATA if row[0] not in skip]


def metadata(invoice: model.Invoice) -> list[dict]:
    note = invoice.delivery or model.DeliveryNote()
    rows = []
    for attribute, tag, label, required in _used(invoice):
        value = getattr(note, attribute)
        if not value and not required:
            continue
        rows.append({"keyTag": tag, "stringValue": value.isoformat() if attribute in DATES
                     and value else str(value or ""),
                     "valueType": "date" if attribute in DATES else "text",
                     "keyLabel": label, "isRequired": required, "isSeller": False})
    return rows


def adapt_payload(body: dict, invoice: model.Invoice) -> dict:
    """The invoice body of a delivery note: no tax, Odoo's payment text, the metadata."""
    for item in body["itemInfo"]:
        if "itemTotalAmountWithoutTax" in item:
            item.update(taxPercentage=NO_TAX, taxAmount=Decimal(0))
    total = invoice.totals.total
    body["taxBreakdowns"] = [{"taxPercentage": NO_TAX, "taxableAmount": abs(total),
                              "taxAmount": Decimal(0), "taxableAmountPos": total >= 0,
                              "taxAmountPos": True}]
    body["payments"] = [{"paymentMethodName": "TM/CK"}]
    body["metadata"] = metadata(invoice)
    return body


def adapt_invoice(invoice: model.Invoice, body: dict) -> model.Invoice:
    """The standard note back from a delivery-note body (the sandbox's side)."""
    values = {}
    by_tag = {}
    for row in body.get("metadata") or ():
        by_tag.setdefault(str(row.get("keyTag", "")), str(row.get("stringValue", "")))
    for attribute, tag, _label, _required in _used(invoice):
        text = by_tag.get(tag, "")
        if text:
            values[attribute] = text_to_date(text, tag) if attribute in DATES else text
    lines = tuple(dataclasses.replace(line, vat_rate="") for line in invoice.lines)
    total = invoice.totals.total
    totals = model.Totals(by_rate=(), amount_untaxed=total, vat=Decimal(0), total=total,
                          total_in_words=invoice.totals.total_in_words)
    letter = model.NOTE_AGENT if _agent(invoice) else model.NOTE_INTERNAL
    return dataclasses.replace(
        invoice, lines=lines, totals=totals, payment_method="",
        title=model.NOTE_TITLES[letter], delivery=model.DeliveryNote(**values))
