"""Household and individual businesses (hộ kinh doanh) on the direct method, from 2026.

Lump-sum tax ended on 2026-01-01: a household now declares its own revenue.  What it owes
depends on the year's revenue against the threshold of :mod:`.regimes` (1 bn VND for the
2026 tax period): at or below it, nothing but a revenue notice (01/TKN-CNKD); above it,
VAT as a percentage of revenue per sector (VAT Law 48/2024 Đ12 k2 b, the rates held in
:data:`.money.DIRECT_METHOD_RATES`) reduced by 20 % until 2026-12-31 for eligible goods
(Resolution 204/2025/QH15), and PIT as a percentage of the revenue *exceeding* the
threshold (PIT Law 109/2025 Đ7) — declared on 01/CNKD.  Before 2026 PIT was a percentage
of the whole revenue (Circular 40/2021), which :func:`taxes_for_year` keeps for 2025.

Only revenue tiers up to 3 bn use percentages on revenue; above that PIT is on profit,
which needs costs an e-invoice report does not hold, so :func:`taxes_for_year` reports
the PIT percentage as not applicable there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from . import money, regimes
from .errors import StandardError

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Sector → (VAT sector of money.DIRECT_METHOD_RATES, PIT % on revenue).  Leasing of assets
# is a service for VAT; digital content is "other" for VAT.
SECTORS = {
    "distribution": ("distribution", Decimal("0.5")),
    "services": ("services", Decimal("2")),
    "production": ("production", Decimal("1.5")),
    "transport": ("transport", Decimal("1.5")),
    "leasing": ("services", Decimal("5")),
    "digital_content": ("other", Decimal("5")),
    "other": ("other", Decimal("1")),
}

# PIT on revenue is a choice only up to this yearly revenue (PIT Law 109/2025 Đ7 k3–4).
PIT_ON_REVENUE_LIMIT = Decimal("3000000000")
# Above this yearly revenue a household declares monthly (form 01/CNKD, box 01a).
MONTHLY_DECLARATION_LIMIT = Decimal("50000000000")

# Forms by first day: Circular 40/2021 until 2026-06-30, Phụ lục I of Circular 89/2026 after.
FORM_BASES = (
    (datetime.date(2021, 8, 1), "TT 40/2021/TT-BTC"),
    (datetime.date(2026, 7, 1), "TT 89/2026/TT-BTC"),
)
NOTICE_FORM = "01/TKN-CNKD"
DECLARATION_FORM = "01/CNKD"

TIER_NOTICE = "notice"  # at or below the threshold
TIER_REVENUE = "revenue"  # above the threshold, up to 3 bn: percentages on revenue
TIER_PROFIT = "profit"  # above 3 bn up to 50 bn
TIER_LARGE = "large"  # above 50 bn


def _sector(sector: str) -> tuple[str, Decimal]:
    if sector not in SECTORS:
        raise StandardError("sector", "household.sector",
                            f"unknown sector {sector!r} (expected one of {', '.join(SECTORS)})",
                            f"ngành nghề không hợp lệ: {sector!r}")
    return SECTORS[sector]


def vat_percent(sector: str, on_date: datetime.date, reduction_eligible: bool = True) -> Decimal:
    """VAT percentage on revenue of ``sector`` on ``on_date``, after the 20 % reduction.

    ``reduction_eligible`` is False for goods Resolution 204/2025 excludes (telecoms,
    banking, real estate, metals, mining, special-consumption goods except petrol).
    """
    vat_sector, _pit = _sector(sector)
    percent = money.DIRECT_METHOD_RATES[vat_sector]
    if reduction_eligible and regimes.vat_reduction_on(on_date) is not None:
        percent = percent * (HUNDRED - money.DIRECT_METHOD_REDUCTION) / HUNDRED
    return percent


def pit_percent(sector: str) -> Decimal:
    return _sector(sector)[1]


def tier(annual_revenue: Decimal, year: int) -> str:
    if not isinstance(annual_revenue, (Decimal, int)):
        raise TypeError("annual_revenue must be a Decimal")
    if annual_revenue <= regimes.household_threshold_for_year(year):
        return TIER_NOTICE
    if annual_revenue <= PIT_ON_REVENUE_LIMIT:
        return TIER_REVENUE
    if annual_revenue <= MONTHLY_DECLARATION_LIMIT:
        return TIER_PROFIT
    return TIER_LARGE


@dataclass(frozen=True)
class Schedule:
    """What a household files for a year, shown to the user."""

    tier: str
    form: str
    form_box: str  # 01/CNKD box: 01a (> 50 bn), 01b; empty for the notice
    frequency: str  # regimes.MONTHLY / regimes.QUARTERLY / "yearly"
    legal_basis: str
    threshold: Decimal
    message: str
    message_vi: str


def form_basis(on_date: datetime.date) -> str:
    """Circular whose forms apply to a declaration filed on ``on_date``."""
    current = FORM_BASES[0][1]
    for first_day, basis in FORM_BASES:
        if on_date >= first_day:
            current = basis
    return current


def schedule(annual_revenue: Decimal, year: int, on_date: datetime.date) -> Schedule:
    """Form, box and frequency for a household of ``annual_revenue`` in ``year``."""
    threshold = regimes.household_threshold_for_year(year)
    level = tier(annual_revenue, year)
    basis = form_basis(on_date)
    if level == TIER_NOTICE:
        return Schedule(level, NOTICE_FORM, "", "yearly", basis, threshold,
                        f"Revenue at or below {threshold:,} VND: no VAT or PIT; notify the "
                        f"year's revenue on {NOTICE_FORM}.",
                        f"Doanh thu không quá {threshold:,} đồng: không nộp thuế GTGT, TNCN; "
                        f"thông báo doanh thu năm theo mẫu {NOTICE_FORM}.")
    if level == TIER_LARGE:
        return Schedule(level, DECLARATION_FORM, "01a", regimes.MONTHLY, basis, threshold,
                        f"Revenue above 50 bn VND: declare monthly on {DECLARATION_FORM} (01a).",
                        f"Doanh thu trên 50 tỷ đồng: khai theo tháng, mẫu {DECLARATION_FORM} "
                        f"(01a).")
    return Schedule(level, DECLARATION_FORM, "01b", regimes.QUARTERLY, basis, threshold,
                    f"Revenue above {threshold:,} VND: declare quarterly on "
                    f"{DECLARATION_FORM} (01b).",
                    f"Doanh thu trên {threshold:,} đồng: khai theo quý, mẫu "
                    f"{DECLARATION_FORM} (01b).")


@dataclass(frozen=True)
class SectorTax:
    sector: str
    revenue: Decimal
    vat_percent: Decimal
    vat: Decimal
    vat_reduction: Decimal  # VAT the 20 % reduction removed
    pit_percent: Decimal | None  # None when PIT is on profit (tier profit/large)
    pit_base: Decimal
    pit: Decimal


@dataclass(frozen=True)
class YearTaxes:
    year: int
    revenue: Decimal
    threshold: Decimal
    tier: str
    sectors: tuple[SectorTax, ...]
    vat: Decimal
    pit: Decimal


def taxes_for_year(year: int, revenue_by_sector: dict[str, Decimal],
                   on_date: datetime.date | None = None,
                   reduction_eligible: bool = True,
                   reductions: dict[str, Decimal] | None = None) -> YearTaxes:
    """VAT and PIT of a household for ``year`` from its revenue per sector.

    The PIT base exceeding the threshold (from 2026) is shared among sectors in
    proportion to their revenue, the remainder of rounding on the largest sector, so the
    bases add up to ``revenue − threshold`` exactly.  ``on_date`` decides the 20 % VAT
    reduction (default: 31 December of ``year``).  ``reductions`` (by sector): the VAT
    reductions the year's invoices actually granted — when given, they replace the
    reduction computed from ``on_date``, so the declaration states what was invoiced.
    """
    on_date = on_date or datetime.date(year, 12, 31)
    items = sorted(revenue_by_sector.items(), key=lambda kv: (-kv[1], kv[0]))
    revenue = sum((money.round_money(Decimal(v), "VND") for _s, v in items), ZERO)
    threshold = regimes.household_threshold_for_year(year)
    level = tier(revenue, year)
    taxed = level != TIER_NOTICE
    excess = max(revenue - threshold, ZERO) if year >= 2026 else revenue
    bases = {}
    if taxed and level == TIER_REVENUE and revenue:
        for sector, value in items:
            bases[sector] = money.round_money(excess * Decimal(value) / revenue, "VND")
        bases[items[0][0]] += excess - sum(bases.values(), ZERO)
    rows = []
    for sector, value in items:
        value = money.round_money(Decimal(value), "VND")
        full = vat_percent(sector, on_date, reduction_eligible=False)
        reduced = vat_percent(sector, on_date, reduction_eligible)
        vat_full = money.round_money(value * full / HUNDRED, "VND") if taxed else ZERO
        if reductions is not None:
            reduced = full
            vat = vat_full - reductions.get(sector, ZERO) if taxed else ZERO
        else:
            vat = money.round_money(value * reduced / HUNDRED, "VND") if taxed else ZERO
        base = bases.get(sector, ZERO)
        percent = pit_percent(sector) if level in (TIER_NOTICE, TIER_REVENUE) else None
        pit = money.round_money(base * percent / HUNDRED, "VND") if percent else ZERO
        rows.append(SectorTax(sector, value, reduced, vat, vat_full - vat, percent, base, pit))
    return YearTaxes(year, revenue, threshold, level, tuple(rows),
                     sum((r.vat for r in rows), ZERO), sum((r.pit for r in rows), ZERO))
