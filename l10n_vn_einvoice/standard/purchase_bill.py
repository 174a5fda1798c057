"""A supplier's e-invoice as the lines and figures of a vendor bill (pure, no Odoo).

The buyer declares the input VAT the invoice states (01/GTGT [23]/[24]), so the bill
must say what the invoice says, to the đồng:

* each goods line keeps the invoice's quantity and printed unit price, and its subtotal
  is the invoice's ``ThTien``: a discount percentage carries the difference — the line
  discount ``STCKhau``, or the rounding of a printed unit price (MISA prints
  211 666.67 for a line of 211 667) — as Odoo's own UBL import does;
* promotions (``TChat`` 2) are lines at zero, trade discounts (3) negative lines, notes
  (4) note lines; fees (``DSLPhi``) are lines outside VAT and ``TGTKhac`` a negative one,
  as they enter ``TgTTTBSo``;
* the VAT per rate is the invoice's ``LTSuat/TThue``: the bill's tax lines are set to it
  (:attr:`BillData.vat_by_rate`) whatever Odoo's rounding gives.  Odoo rounding otherwise
  (each line, or prices including VAT: ``round(G × r ÷ (100 + r))``) is no disagreement
  of the supplier's; a rate whose VAT is neither rule's on its own amount, by more than
  a đồng, is (:attr:`BillData.disagreements`, the inbound rule ``arithmetic.rate_vat``);
* a decreasing adjustment (total below zero) becomes a refund with every sign turned, as
  Odoo cannot post a bill with a negative total.

The identity of an invoice is (seller's tax code, form, symbol, number) — the tax
authority's own key; a cash-register invoice without a number is identified by its
code.  :func:`invoice_key` writes it so that the same invoice always gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import codes, model, money, validate
from .errors import StandardError

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Goods, promotions, discounts, notes; fees and the other deduction are the totals' lines.
KIND_GOODS, KIND_PROMOTION, KIND_DISCOUNT, KIND_NOTE = "goods", "promotion", "discount", "note"
KIND_FEE, KIND_DEDUCTION = "fee", "deduction"
_DISCOUNT_PLACES = Decimal("1e-12")  # percent; far below a đồng on any realistic line


@dataclass(frozen=True)
class BillLine:
    """One line of the bill, in the bill's sign (a refund's lines are positive)."""

    kind: str
    name: str
    quantity: Decimal = Decimal(1)
    price_unit: Decimal = ZERO
    discount: Decimal = ZERO  # percent
    amount: Decimal = ZERO  # the subtotal the line reaches: ThTien (signed)
    rate_code: str = ""  # TSuat; "" for notes, fees, the deduction and form-2 invoices
    code: str = ""  # MHHDVu
    unit: str = ""  # DVTinh
    seq: int | None = None  # STT


@dataclass(frozen=True)
class VatDisagreement:
    """A rate whose VAT the invoice's own amount at that rate does not give."""

    rate_code: str
    amount: Decimal  # LTSuat/ThTien, in the bill's sign
    vat: Decimal  # LTSuat/TThue, in the bill's sign
    expected: Decimal  # round(ThTien × r)


@dataclass(frozen=True)
class BillData:
    refund: bool
    lines: tuple[BillLine, ...]
    vat_by_rate: tuple[tuple[str, Decimal], ...]  # (TSuat, TThue) in the bill's sign
    untaxed: Decimal  # sum of the lines' amounts
    vat: Decimal
    total: Decimal
    reference: str  # form + symbol - number, the bill's reference
    key: str  # :func:`invoice_key`
    related_key: str = ""  # the key of the invoice this one replaces or adjusts
    disagreements: tuple[VatDisagreement, ...] = ()


def _number_text(number) -> str:
    """``00000123`` and ``123`` are the same invoice number."""
    text = str(number).strip() if number is not None else ""
    return str(int(text)) if text.isdigit() and text.isascii() else text


def invoice_key(seller_tax_code: str, form: str, symbol: str, number,
                tax_authority_code: str = "") -> str:
    """``MST|form|symbol|number`` (the code instead of a missing number)."""
    ident = _number_text(number) or (tax_authority_code or "").strip()
    return "|".join((codes.normalise_tax_id(seller_tax_code or ""), (form or "").strip(),
                     (symbol or "").strip().upper(), ident))


def key_of(invoice: model.Invoice) -> str:
    return invoice_key(invoice.seller.tax_code, invoice.form, invoice.symbol, invoice.number,
                       invoice.tax_authority_code)


def related_key(invoice: model.Invoice) -> str:
    """The key of the invoice ``TTHDLQuan`` corrects (same seller), or ''."""
    related = invoice.related
    if related is None or not (related.symbol and related.number):
        return ""
    return invoice_key(invoice.seller.tax_code, related.form, related.symbol, related.number)


def reference(invoice: model.Invoice) -> str:
    ident = str(invoice.number) if invoice.number is not None else invoice.tax_authority_code
    return f"{invoice.form}{invoice.symbol}-{ident}"


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _goods(line: model.Line, sign: int, price_digits: int) -> BillLine:
    quantity = line.quantity if line.quantity else Decimal(1)
    if line.amount is not None:
        amount = line.amount
    else:
        amount = quantity * (line.unit_price or ZERO) - (line.discount_amount or ZERO)
    amount *= sign
    price = (line.unit_price * sign) if line.unit_price is not None else amount / quantity
    price = _quantize(price, price_digits)
    if not price and amount:
        price = _quantize(amount / quantity, price_digits)
    gross = quantity * price
    discount = ZERO
    if gross and gross != amount:
        discount = ((1 - amount / gross) * HUNDRED).quantize(_DISCOUNT_PLACES)
    return BillLine(KIND_GOODS, line.name, quantity, price, discount, amount, line.vat_rate,
                    line.code, line.unit, line.seq)


def _line(line: model.Line, sign: int, price_digits: int) -> BillLine:
    if line.nature == model.NOTE:
        return BillLine(KIND_NOTE, line.name, seq=line.seq)
    if line.nature == model.PROMOTION:
        return BillLine(KIND_PROMOTION, line.name, line.quantity or Decimal(1),
                        rate_code=line.vat_rate, code=line.code, unit=line.unit, seq=line.seq)
    if line.nature == model.TRADE_DISCOUNT:
        amount = -sign * (line.amount or ZERO)
        return BillLine(KIND_DISCOUNT, line.name, Decimal(1), amount, ZERO, amount,
                        line.vat_rate, line.code, line.unit, line.seq)
    return _goods(line, sign, price_digits)


def _vat_by_rate(invoice: model.Invoice, lines, sign: int) -> tuple[tuple[str, Decimal], ...]:
    """The invoice's VAT per rate; without ``THTTLTSuat``, ``TgTThue`` when one rate is used."""
    totals = invoice.totals
    if totals.by_rate:
        return tuple((group.vat_rate, sign * (group.vat or ZERO)) for group in totals.by_rate)
    rates = {line.rate_code for line in lines if line.kind in (KIND_GOODS, KIND_DISCOUNT)}
    if len(rates) == 1 and "" not in rates and totals.vat is not None:
        return ((rates.pop(), sign * totals.vat),)
    return ()


def _percent(rate_code: str) -> Decimal | None:
    try:
        return money.rate_percent(rate_code)
    except StandardError:
        return None


def vat_disagreements(invoice: model.Invoice, sign: int = 1) -> tuple[VatDisagreement, ...]:
    """The rates of ``invoice`` whose VAT disagrees with their own amount."""
    found = []
    for group in invoice.totals.by_rate:
        percent = _percent(group.vat_rate)
        if percent is None or group.amount is None:
            continue
        vat = group.vat or ZERO
        if not validate.group_vat_agrees(group.amount, vat, percent, invoice.currency):
            found.append(VatDisagreement(
                group.vat_rate, sign * group.amount, sign * vat,
                sign * money.round_money(group.amount * percent / HUNDRED, invoice.currency)))
    return tuple(found)


def bill_from_invoice(invoice: model.Invoice, price_digits: int = 2) -> BillData:
    """The bill of ``invoice``; ``price_digits``: the unit-price precision of the bill."""
    totals = invoice.totals
    total = totals.total if totals.total is not None else ZERO
    sign = -1 if total < 0 else 1
    lines = [_line(line, sign, price_digits) for line in invoice.lines]
    for fee in totals.fees:
        if fee.amount:
            amount = sign * fee.amount
            lines.append(BillLine(KIND_FEE, fee.name, Decimal(1), amount, ZERO, amount))
    if totals.other_deduction:
        amount = -sign * totals.other_deduction
        lines.append(BillLine(KIND_DEDUCTION, "TGTKhac", Decimal(1), amount, ZERO, amount))
    vat = sign * (totals.vat or ZERO)
    return BillData(
        refund=sign < 0, lines=tuple(lines), vat_by_rate=_vat_by_rate(invoice, lines, sign),
        untaxed=sum((line.amount for line in lines), ZERO), vat=vat, total=sign * total,
        reference=reference(invoice), key=key_of(invoice), related_key=related_key(invoice),
        disagreements=vat_disagreements(invoice, sign))
