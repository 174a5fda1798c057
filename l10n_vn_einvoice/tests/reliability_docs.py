"""Queued e-invoice documents of each kind, built without accounting or POS records.

The reliability tests exercise the outbox, the provider and the chain, not the posting
flow: a document made here goes through the same storage (``_l10n_vn_einvoice_store_xml``)
and queueing (``_l10n_vn_einvoice_enqueue``) as a posted invoice or a POS order, with a
number (coded, uncoded) or a cash-register code (cash register) from the gap-free counter.
"""

import dataclasses
import datetime

from ..providers.sandbox.core import CASH_REGISTER_AUTHORITY_STRING
from ..standard import codes, xml_build
from . import std_fixtures

ON_DATE = datetime.date(2026, 11, 20)
SYMBOLS = {"coded": "C26TAA", "uncoded": "K26TAA", "cash_register": "C26MAA"}


def queued_document(env, company, kind, symbol=None):
    """A ``ready`` document of ``kind`` with its XML stored and its issue row queued."""
    symbol = symbol or SYMBOLS[kind]
    sequence = env["l10n_vn_einvoice.sequence"]._next_number(company, "1", symbol,
                                                             ON_DATE.year)
    if kind == "cash_register":
        code = codes.make_cash_register_code("1", ON_DATE.year, CASH_REGISTER_AUTHORITY_STRING,
                                             sequence)
        invoice = dataclasses.replace(std_fixtures.cash_register_invoice(), symbol=symbol,
                                      tax_authority_code=code, issue_date=ON_DATE,
                                      qr_data=f"{code}|0100109106|20261120|160000")
        number = None
    else:
        invoice = dataclasses.replace(std_fixtures.vat_invoice(), symbol=symbol,
                                      number=sequence, issue_date=ON_DATE)
        number, code = sequence, False
    doc = env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
        "company_id": company.id, "kind": kind, "form": "1", "symbol": symbol,
        "number": number, "issue_date": ON_DATE, "provider": "sandbox",
        "tax_authority_code": code, "currency_id": env.ref("base.VND").id,
        "amount_untaxed": invoice.totals.amount_untaxed, "amount_tax": invoice.totals.vat,
        "amount_total": invoice.totals.total, "buyer_name": invoice.buyer.name or False,
    })
    doc._l10n_vn_einvoice_store_xml(xml_build.invoice_to_bytes(invoice), False)
    doc._l10n_vn_einvoice_enqueue("issue")
    return doc
