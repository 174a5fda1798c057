"""A portal invoice as the standard's :class:`model.Invoice`, to be booked as a vendor bill.

When the reconciliation finds an invoice at the portal that is not in the books, the draft
bill is made by the same import as a supplier's e-invoice XML dropped on Vendor Bills: this
module writes the portal's record as that invoice.  The lines are the detail's (``hdhhdvu``)
when the file has them; a list record has none, so each VAT rate of ``thttltsuat`` becomes
one line (its untaxed amount at that rate).  A record with neither is refused: the rate of
its VAT is not stated anywhere, and it is not guessed from the amounts.  Nothing is invented:
the seller's address and the signatures are not in the portal's data, and the import's
checks say so on the bill.
"""

from __future__ import annotations

from decimal import Decimal

from . import model
from .amount_words import amount_in_words
from .codes import CASH_REGISTER_RE
from .portal_data import PortalInvoice, RowError

PER_RATE_NAME = "Hàng hóa, dịch vụ chịu thuế suất {rate} (theo cổng hóa đơn điện tử)"


def _lines_of_detail(invoice: PortalInvoice) -> tuple[model.Line, ...]:
    lines = []
    for line in invoice.lines:
        nature = line.nature if line.nature in (1, 2, 3, 4) else model.GOODS
        lines.append(model.Line(
            name=line.name or "-", nature=nature, seq=line.position, unit=line.unit,
            quantity=line.quantity, unit_price=line.price, amount=line.amount,
            vat_rate=line.rate if nature != model.NOTE else ""))
    return tuple(lines)


def _lines_per_rate(invoice: PortalInvoice) -> tuple[model.Line, ...]:
    return tuple(model.Line(name=PER_RATE_NAME.format(rate=rate.rate), seq=index,
                            quantity=Decimal(1), unit_price=rate.untaxed or Decimal(0),
                            amount=rate.untaxed or Decimal(0), vat_rate=rate.rate)
                 for index, rate in enumerate(invoice.rates, 1))


def invoice_of(invoice: PortalInvoice) -> model.Invoice:
    """The invoice the portal registered, lines from its detail or one per VAT rate."""
    lines = _lines_of_detail(invoice) if invoice.detail and invoice.lines else \
        _lines_per_rate(invoice)
    if not lines:
        raise RowError(
            f"invoice {invoice.symbol} no. {invoice.number}: the file has neither its lines "
            "nor its VAT per rate (thttltsuat), so the bill's taxes cannot be known; add the "
            "invoice's detail to the files, or import the supplier's XML",
            f"hóa đơn {invoice.symbol} số {invoice.number}: tệp không có các dòng hàng hóa "
            "cũng không có tổng theo thuế suất (thttltsuat), nên không xác định được thuế; "
            "hãy thêm tệp chi tiết của hóa đơn, hoặc nhập tệp XML của người bán")
    untaxed = invoice.untaxed if invoice.untaxed is not None else sum(
        (rate.untaxed or Decimal(0) for rate in invoice.rates), Decimal(0))
    vat = invoice.vat if invoice.vat is not None else sum(
        (rate.vat or Decimal(0) for rate in invoice.rates), Decimal(0))
    mcode = invoice.code if invoice.code and CASH_REGISTER_RE.match(invoice.code) else ""
    return model.Invoice(
        form=invoice.form, symbol=invoice.symbol, number=invoice.number,
        issue_date=invoice.date,
        seller=model.Seller(name=invoice.seller_name or invoice.seller_tax_code,
                            tax_code=invoice.seller_tax_code, address=""),
        buyer=model.Buyer(name=invoice.buyer_name, tax_code=invoice.buyer_tax_code or ""),
        lines=lines,
        totals=model.Totals(
            by_rate=tuple(model.RateTotal(rate.rate, rate.untaxed or Decimal(0),
                                          rate.vat or Decimal(0)) for rate in invoice.rates),
            amount_untaxed=untaxed, vat=vat, total=invoice.total,
            total_in_words=amount_in_words(abs(invoice.total), invoice.currency)),
        currency=invoice.currency, exchange_rate=invoice.exchange_rate,
        kind=model.KIND_CASH_REGISTER if mcode else model.KIND_CODED,
        tax_authority_code=invoice.code or "")
