"""Invoice arithmetic in Decimal: line amounts, VAT per rate group, totals.

Rounding rules (VND has no subunit, so every rounding is visible to the buyer):

* Amounts are rounded ROUND_HALF_UP to whole đồng, or to two decimals for other
  currencies.  Negative amounts (decreasing adjustments) round symmetrically.
* Prices before VAT (:func:`compute_totals`): the VAT of a rate group is
  ``round(Σ line amounts × rate)``, computed once per group and not summed from rounded
  line VATs.  The tax authority's format carries VAT only per group (``LTSuat/TThue``);
  rounding there keeps the error under half a đồng per rate instead of half a đồng per
  line, and lets anyone check ``TThue = ThTien × rate`` from the XML alone.
* Prices including VAT (:func:`compute_totals_from_gross`, retail and POS): per rate
  group of gross total ``G``, ``VAT = round(G × r ÷ (100 + r))`` and ``net = G − VAT`` —
  the formula of the tax authority's guidance (price before VAT = price ÷ (1 + rate)),
  applied once per group as the XML carries VAT per group only.  The customer paid the
  gross prices, so the invoice total is the till total to the last đồng, and the group's
  VAT is the rule's to the last đồng.  The group net is then shared among its lines by
  the largest-remainder method (each line gets its exact share ``gross × 100 ÷ (100 + r)``
  rounded down, the missing units go to the lines with the largest remainders), so the
  line amounts add up to the group net exactly and each is within one unit of its share.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from . import amount_words, codes, regimes
from .errors import StandardError
from .model import GOODS, SPECIAL_GOODS, TRADE_DISCOUNT, Fee, Line, RateTotal, Totals

ZERO = Decimal(0)
HUNDRED = Decimal(100)
PRICE_QUANTUM = Decimal("0.000001")  # DGia: 6 decimals in the schema (Number21_6)

# Display order of the rate groups (THTTLTSuat); KHAC:x% groups sort by rate in between.
_FIXED_ORDER = {"0%": 0, "5%": 1, "8%": 2, "10%": 3}
_TAIL_ORDER = {"KHAC": 5, "KCT": 6, "KKKNT": 7}

# Direct method (household businesses, sales invoices): VAT as a percentage of revenue
# (VAT Law 48/2024 Đ12 k2 b).
DIRECT_METHOD_RATES = {
    "distribution": Decimal("1"),
    "services": Decimal("5"),
    "production": Decimal("3"),
    "transport": Decimal("3"),
    "other": Decimal("2"),
}
# The same resolutions (regimes.VAT_REDUCTIONS) reduce that percentage by 20 %, and the
# invoice must say so in these words, naming the resolution in force.
DIRECT_METHOD_REDUCTION = Decimal("20")
DIRECT_METHOD_NOTE_VI = ("Đã giảm {amount} {currency} tương ứng 20% mức tỷ lệ % để tính thuế "
                         "giá trị gia tăng theo Nghị quyết số {resolution}")

_COUNTED_NATURES = {GOODS: 1, SPECIAL_GOODS: 1, TRADE_DISCOUNT: -1}


def _decimal(value, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{field} must be a Decimal (never a float), got "
                        f"{type(value).__name__}")
    return Decimal(value)


def currency_places(currency: str) -> int:
    return 0 if (currency or "VND").upper() == "VND" else 2


def round_money(value: Decimal, currency: str) -> Decimal:
    """Round to whole đồng for VND, to cents for any other currency, half up."""
    quantum = Decimal(1).scaleb(-currency_places(currency))
    return _decimal(value, "amount").quantize(quantum, rounding=ROUND_HALF_UP)


def rate_percent(rate_code: str) -> Decimal | None:
    """The percentage of a TSuat code, or None when no VAT is computed (KCT, KKKNT, KHAC)."""
    code = codes.validate_vat_rate(rate_code)
    if code in ("KCT", "KKKNT", "KHAC"):
        return None
    return Decimal(code.removeprefix("KHAC:").removesuffix("%"))


def vat_amount(amount: Decimal, rate_code: str, currency: str = "VND") -> Decimal:
    """VAT on ``amount`` (price before VAT) at ``rate_code``, rounded; 0 without a rate."""
    percent = rate_percent(rate_code)
    if percent is None:
        return round_money(ZERO, currency)
    return round_money(_decimal(amount, "amount") * percent / HUNDRED, currency)


def split_gross(gross: Decimal, rate_code: str, currency: str = "VND") -> tuple[Decimal,
                                                                               Decimal]:
    """``(net, vat)`` of a price including VAT, with ``net + vat == gross`` exactly."""
    gross = round_money(_decimal(gross, "gross"), currency)
    percent = rate_percent(rate_code)
    if percent is None:
        return gross, round_money(ZERO, currency)
    net = round_money(gross * HUNDRED / (HUNDRED + percent), currency)
    return net, gross - net


def line_amount(quantity: Decimal, unit_price: Decimal, discount_rate: Decimal | None = None,
                discount_amount: Decimal | None = None, currency: str = "VND") -> Decimal:
    """``ThTien`` = quantity × unit price − discount, rounded.

    ``discount_amount`` (STCKhau) wins over ``discount_rate`` (TLCKhau, a percentage)
    when both are given: the amount is what the seller actually granted.
    """
    gross = _decimal(quantity, "quantity") * _decimal(unit_price, "unit_price")
    if discount_amount is not None:
        discount = _decimal(discount_amount, "discount_amount")
    elif discount_rate is not None:
        discount = gross * _decimal(discount_rate, "discount_rate") / HUNDRED
    else:
        discount = ZERO
    return round_money(gross - discount, currency)


def rate_sort_key(rate_code: str) -> tuple[int, Decimal]:
    """Stable order of rate groups: 0%, 5%, 8%, 10%, KHAC:x% by x, KHAC, KCT, KKKNT."""
    if rate_code in _FIXED_ORDER:
        return _FIXED_ORDER[rate_code], ZERO
    if rate_code.startswith("KHAC:"):
        return 4, Decimal(rate_code[5:-1])
    return _TAIL_ORDER[rate_code], ZERO


def _sign(line: Line) -> int:
    return _COUNTED_NATURES.get(line.nature, 0)


def _line_rate(line: Line, index: int) -> str:
    return codes.validate_vat_rate(line.vat_rate, field=f"HHDVu[{index}]/TSuat")


def _words(words, total: Decimal, currency: str) -> str:
    return (words or amount_words.amount_in_words)(total, currency)


def _assemble(groups: dict[str, tuple[Decimal, Decimal]], lines, currency: str, fees,
              words, trade_discount, other_deduction) -> Totals:
    by_rate = tuple(RateTotal(rate, amount, vat) for rate, (amount, vat)
                    in sorted(groups.items(), key=lambda item: rate_sort_key(item[0])))
    untaxed = sum((g.amount for g in by_rate), round_money(ZERO, currency))
    vat = sum((g.vat for g in by_rate), round_money(ZERO, currency))
    fees = tuple(fees)
    fee_total = sum((round_money(_decimal(f.amount, "TPhi"), currency) for f in fees), ZERO)
    deduction = (round_money(_decimal(other_deduction, "TGTKhac"), currency)
                 if other_deduction is not None else None)
    if trade_discount is None:
        discounts = [line.amount for line in lines if line.nature == TRADE_DISCOUNT]
        trade_discount = sum(discounts, ZERO) if discounts else None
    if trade_discount is not None:
        trade_discount = round_money(_decimal(trade_discount, "TTCKTMai"), currency)
    total = untaxed + vat + fee_total - (deduction or ZERO)
    return Totals(by_rate=by_rate, amount_untaxed=untaxed, vat=vat, total=total,
                  total_in_words=_words(words, total, currency), fees=fees,
                  trade_discount=trade_discount, other_deduction=deduction)


def compute_totals(lines, currency: str = "VND", fees: tuple[Fee, ...] = (), words=None,
                   trade_discount: Decimal | None = None,
                   other_deduction: Decimal | None = None) -> Totals:
    """``TToan`` of lines whose ``amount`` (ThTien, before VAT) is set.

    Goods and special-goods lines add their amount to their rate group, trade-discount
    lines (TChat 3, positive amounts) subtract theirs, promotion and note lines are not
    counted.  ``words(total, currency)`` spells the total (default
    :func:`amount_words.amount_in_words`).  ``trade_discount`` (TTCKTMai) defaults to the
    sum of the trade-discount lines; it is informative, those lines are already deducted.
    ``TgTTTBSo = TgTCThue + TgTThue + Σ fees − other_deduction``.
    """
    lines = tuple(lines)
    sums: dict[str, Decimal] = {}
    for index, line in enumerate(lines, start=1):
        sign = _sign(line)
        if not sign:
            continue
        if line.amount is None:
            raise StandardError(f"HHDVu[{index}]/ThTien", "line.amount_missing",
                                f"line {index} ({line.name!r}) has no amount",
                                f"dòng {index} ({line.name!r}) chưa có thành tiền")
        rate = _line_rate(line, index)
        amount = round_money(_decimal(line.amount, "ThTien"), currency)
        sums[rate] = sums.get(rate, ZERO) + sign * amount
    groups = {rate: (amount, vat_amount(amount, rate, currency)) for rate, amount in sums.items()}
    return _assemble(groups, lines, currency, fees, words, trade_discount, other_deduction)


def _largest_remainder(shares: list[Decimal], total: Decimal, currency: str) -> list[Decimal]:
    """Round ``shares`` to the currency unit so that they add up to ``total`` exactly.

    Each share is rounded down; the units still missing go, one each, to the shares with
    the largest remainders (ties: the earlier line).  ``total`` must be within one unit
    per share of ``Σ shares``, which the callers guarantee.
    """
    unit = Decimal(1).scaleb(-currency_places(currency))
    floors = [(share / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for share in shares]
    missing = int((total - sum(floors, ZERO)) / unit)
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - shares[i], i))
    for index in order[:missing]:
        floors[index] += unit
    return floors


def compute_totals_from_gross(gross_lines, currency: str = "VND", fees: tuple[Fee, ...] = (),
                              words=None) -> tuple[tuple[Line, ...], Totals]:
    """Lines priced VAT included: ``(Line, gross)`` pairs → (lines with net amount, totals).

    See the module docstring: per rate group ``VAT = round(G × r ÷ (100 + r))``, ``net =
    G − VAT``, the net shared among the group's lines by largest remainder.  A line's
    ``unit_price`` and ``discount_amount`` are made to agree with its share
    (``ThTien = SLuong × DGia − STCKhau``) when the caller gave a quantity.  Lines whose
    gross is None keep no amount (notes).
    """
    pairs = list(gross_lines)
    members: dict[str, list[int]] = {}
    for index, (line, gross) in enumerate(pairs, start=1):
        if gross is None or not _sign(line):
            continue
        members.setdefault(_line_rate(line, index), []).append(index - 1)
    nets: dict[int, Decimal] = {}
    groups: dict[str, tuple[Decimal, Decimal]] = {}
    for rate, indexes in members.items():
        percent = rate_percent(rate)
        signed = [_sign(pairs[i][0]) * round_money(_decimal(pairs[i][1], "gross"), currency)
                  for i in indexes]
        total = sum(signed, ZERO)
        if percent is None:
            vat = round_money(ZERO, currency)
            shares = signed
        else:
            vat = round_money(total * percent / (HUNDRED + percent), currency)
            shares = [g * HUNDRED / (HUNDRED + percent) for g in signed]
        for i, net in zip(indexes, _largest_remainder(shares, total - vat, currency),
                          strict=True):
            nets[i] = net
        groups[rate] = (total - vat, vat)
    lines: list[Line] = []
    for i, (line, gross) in enumerate(pairs):
        if i not in nets:
            lines.append(line if gross is None else dataclasses.replace(
                line, amount=round_money(_decimal(gross, "gross"), currency)))
            continue
        lines.append(line_with_amount(line, _sign(line) * nets[i]))
    return tuple(lines), _assemble(groups, lines, currency, fees, words, None, None)


def line_with_amount(line: Line, amount: Decimal) -> Line:
    """``line`` with ``ThTien = amount``; DGia is the undiscounted share per unit and STCKhau
    what the discount rate takes of it, so the line's own arithmetic holds."""
    if not line.quantity:
        return dataclasses.replace(line, amount=amount)
    rate = line.discount_rate or ZERO
    gross = amount if rate >= HUNDRED else amount * HUNDRED / (HUNDRED - rate)
    unit_price = (gross / line.quantity).quantize(PRICE_QUANTUM).normalize()
    discount = None
    if rate:
        discount = (line.quantity * unit_price - amount).quantize(PRICE_QUANTUM).normalize()
    return dataclasses.replace(line, amount=amount, unit_price=unit_price,
                               discount_amount=discount or None)


def reduced_rate_allowed(on_date: datetime.date) -> bool:
    """Whether the reduced 8 % VAT rate may be used on ``on_date`` (see regimes)."""
    return regimes.vat_reduction_on(on_date) is not None


def format_amount_vi(amount: Decimal, currency: str = "VND") -> str:
    """Vietnamese number format: ``1.234.567`` or ``1.234,50`` for other currencies."""
    text = f"{round_money(amount, currency):,.{currency_places(currency)}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def sector_reduction(sector: str, revenue: Decimal, currency: str = "VND") -> Decimal:
    """``round(revenue × percentage × 20 %)`` for one VAT sector of the direct method."""
    return round_money(_decimal(revenue, "revenue") * DIRECT_METHOD_RATES[sector]
                       * DIRECT_METHOD_REDUCTION / HUNDRED / HUNDRED, currency)


def direct_method_reduction(revenue_by_sector: dict[str, Decimal], on_date: datetime.date,
                            currency: str = "VND") -> tuple[Decimal, str]:
    """``(reduction, note_vi)`` of a sales invoice of a direct-method seller.

    ``revenue_by_sector`` holds the revenue of the goods eligible for the reduction, by
    VAT sector of :data:`DIRECT_METHOD_RATES`.  While a reduction of ``regimes`` is in
    force on ``on_date`` (for a correction: the date of the invoice it corrects), the
    invoice shows each line in full, then the reduction — per sector ``round(revenue ×
    percentage × 20 %)``, summed — with the note naming the resolution; otherwise the
    reduction is zero and the note empty.
    """
    for sector in revenue_by_sector:
        if sector not in DIRECT_METHOD_RATES:
            raise StandardError("sector", "direct_method.sector",
                                f"unknown sector {sector!r} (expected one of "
                                f"{', '.join(DIRECT_METHOD_RATES)})",
                                f"ngành nghề không hợp lệ: {sector!r}")
    period = regimes.vat_reduction_on(on_date)
    zero = round_money(ZERO, currency)
    if period is None:
        return zero, ""
    reduction = sum((sector_reduction(sector, revenue, currency)
                     for sector, revenue in sorted(revenue_by_sector.items())), zero)
    if not reduction:
        return zero, ""
    note = DIRECT_METHOD_NOTE_VI.format(amount=format_amount_vi(abs(reduction), currency),
                                        currency=amount_words.currency_name(currency),
                                        resolution=period.resolution)
    return reduction, note
