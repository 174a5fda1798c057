"""VAT return 01/GTGT (deduction method): indicators [21]–[43] and the reduction appendix.

The figures come from the caller (the Odoo layer sums l10n_vn's tax tags); this module
only applies the form's arithmetic, so that the same rules serve the screen, the XLSX
and the XML (:mod:`.declaration_01gtgt_xml`), and can be tested without a database.  The
form's identity changes with the period declared: Circular 80/2021 for periods starting
until 2026-06-30, Circular 89/2026 from 2026-07-01 (:data:`FORM_REGIMES`).  Goods
normally at 10 % sold at 8 % are declared with the 10 % goods ([32], [33] at the reduced
amount) and itemised on the reduction appendix of the resolution in force
(``regimes.VAT_REDUCTIONS``), together with the purchases at 8 %.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from . import money, regimes
from .errors import StandardError

ZERO = Decimal(0)
MONTH, QUARTER = "M", "Q"


@dataclass(frozen=True)
class FormRegime:
    """What identifies the form in a file for periods starting on or after ``valid_from``.

    ``verified`` says whether the numbers were seen in real declaration files (see the
    README): 842 / 2.8.3 for Circular 80/2021 were; the successor form's were not.
    """

    valid_from: datetime.date
    code: str  # maTKhai
    version: str  # pbanTKhaiXML
    circular: str
    description: str  # moTaBMau, as the declaration software writes it
    verified: bool


FORM_REGIMES = (
    FormRegime(datetime.date(2021, 11, 1), "842", "2.8.3", "80/2021/TT-BTC",
               "(Ban hành kèm theo Thông tư số 80/2021/TT-BTC ngày 29 tháng 9 năm 2021 của Bộ "
               "trưởng Bộ Tài chính)", True),
    FormRegime(datetime.date(2026, 7, 1), "842", "3.0.0", "89/2026/TT-BTC",
               "(Ban hành kèm theo Thông tư số 89/2026/TT-BTC của Bộ trưởng Bộ Tài chính)",
               False),
)

STANDARD_RATE = Decimal("10")
REDUCED_RATE = Decimal("8")

# Indicators in the order of the form; [21] is the "no activity" tick.
INDICATORS = ("21", "22", "23", "23a", "24", "24a", "25", "26", "27", "28", "29", "30",
              "31", "32", "32a", "33", "34", "35", "36", "37", "38", "39a", "40a", "40b",
              "40", "41", "42", "43")


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH or QUARTER
    year: int
    number: int  # month 1–12 or quarter 1–4

    def __post_init__(self):
        limit = {MONTH: 12, QUARTER: 4}.get(self.kind)
        if limit is None or not 1 <= self.number <= limit:
            raise StandardError("kyKKhai", "gtgt.period",
                                f"period {self.kind}{self.number} is not a month 1–12 or a "
                                f"quarter 1–4",
                                f"kỳ tính thuế {self.kind}{self.number} không hợp lệ")

    @property
    def date_from(self) -> datetime.date:
        month = self.number if self.kind == MONTH else 3 * self.number - 2
        return datetime.date(self.year, month, 1)

    @property
    def date_to(self) -> datetime.date:
        month = self.number if self.kind == MONTH else 3 * self.number
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """``06/2026`` for a month, ``2/2026`` for a quarter, as the form writes them."""
        return f"{self.number:02d}/{self.year}" if self.kind == MONTH else \
            f"{self.number}/{self.year}"


@dataclass(frozen=True)
class Figures:
    """Amounts summed from the books for the period (VND, sales positive)."""

    purchases_base: Decimal = ZERO  # [23], imports included
    purchases_vat: Decimal = ZERO  # [24], imports included
    purchases_8: Decimal = ZERO  # part of [23] at 8 % (appendix, purchases)
    purchases_vat_8: Decimal = ZERO  # its VAT (appendix, purchases)
    imports_base: Decimal = ZERO  # [23a]
    imports_vat: Decimal = ZERO  # [24a]
    sales_exempt: Decimal = ZERO  # [26] not subject to VAT (KCT)
    sales_0: Decimal = ZERO  # [29]
    sales_5: Decimal = ZERO  # [30]
    vat_5: Decimal = ZERO  # [31]
    sales_10: Decimal = ZERO  # [32] part at 10 %
    vat_10: Decimal = ZERO  # [33] part at 10 %
    sales_8: Decimal = ZERO  # [32] part at 8 % (appendix)
    vat_8: Decimal = ZERO  # [33] part at 8 %
    sales_undeclared: Decimal = ZERO  # [32a] not declared, not paid (KKKNT)
    carried_forward: Decimal = ZERO  # [22] = [43] of the previous period
    adjust_decrease: Decimal = ZERO  # [37]
    adjust_increase: Decimal = ZERO  # [38]
    investment_offset: Decimal = ZERO  # [39a]
    other_offset: Decimal = ZERO  # [40b]
    refund_requested: Decimal = ZERO  # [42]


@dataclass(frozen=True)
class PurchaseRow:
    """One line of the appendix's purchases at the reduced rate: value and VAT paid."""

    description: str
    amount: Decimal
    vat: Decimal


@dataclass(frozen=True)
class ReductionRow:
    """One line of the reduction appendix: goods sold at the reduced rate."""

    description: str
    amount: Decimal  # value before VAT
    standard_rate: Decimal = STANDARD_RATE
    reduced_rate: Decimal = REDUCED_RATE

    @property
    def reduction(self) -> Decimal:
        return money.round_money(self.amount * (self.standard_rate - self.reduced_rate)
                                 / Decimal(100), "VND")


@dataclass(frozen=True)
class Declaration:
    period: Period
    taxpayer_name: str
    tax_code: str
    indicators: dict = field(hash=False)  # indicator → Decimal ([21]: 0 or 1)
    reduction_rows: tuple[ReductionRow, ...] = ()
    purchase_rows: tuple[PurchaseRow, ...] = ()
    address: str = ""
    tax_office_code: str = ""  # maCQTNoiNop
    tax_office_name: str = ""  # tenCQTNoiNop
    signer_name: str = ""  # nguoiKy
    signed_on: datetime.date | None = None  # ngayLapTKhai, ngayKy
    supplement_number: int = 0  # 0: first declaration (C), n: n-th supplement (B)

    @property
    def reduced_vat(self) -> Decimal:
        return sum((row.reduction for row in self.reduction_rows), ZERO)


def form_regime(period: Period) -> FormRegime:
    current = None
    for regime in FORM_REGIMES:
        if period.date_from >= regime.valid_from:
            current = regime
    if current is None:
        raise StandardError("kyKKhai", "gtgt.regime",
                            f"no 01/GTGT form recorded for {period.label}",
                            f"không có mẫu 01/GTGT cho kỳ {period.label}")
    return current


def reduction_resolution(period: Period) -> str:
    """Resolution whose appendix lists the period's 8 % sales; '' when none applies."""
    for reduction in regimes.VAT_REDUCTIONS:
        if reduction.valid_from <= period.date_from and period.date_to <= reduction.valid_to:
            return reduction.resolution
    return ""


def indicators(figures: Figures) -> dict[str, Decimal]:
    """Every indicator of the form from the period's figures, rounded to the đồng."""
    f = {name: money.round_money(Decimal(value), "VND")
         for name, value in vars(figures).items()}
    if f["refund_requested"] < 0 or f["carried_forward"] < 0:
        raise StandardError("ct42", "gtgt.negative",
                            "carried-forward and refunded VAT cannot be negative",
                            "thuế chuyển kỳ trước và đề nghị hoàn không được âm")
    v = dict.fromkeys(INDICATORS, ZERO)
    v.update({"22": f["carried_forward"], "23": f["purchases_base"],
              "23a": f["imports_base"], "24": f["purchases_vat"], "24a": f["imports_vat"],
              "26": f["sales_exempt"], "29": f["sales_0"], "30": f["sales_5"],
              "31": f["vat_5"], "32": f["sales_10"] + f["sales_8"],
              "33": f["vat_10"] + f["vat_8"], "32a": f["sales_undeclared"],
              "37": f["adjust_decrease"], "38": f["adjust_increase"],
              "39a": f["investment_offset"], "40b": f["other_offset"]})
    v["25"] = v["24"]  # l10n_vn books only deductible input VAT on these tags
    v["27"] = v["29"] + v["30"] + v["32"] + v["32a"]
    v["28"] = v["31"] + v["33"]
    v["34"] = v["26"] + v["27"]
    v["35"] = v["28"]
    v["36"] = v["35"] - v["25"]
    balance = v["36"] - v["22"] + v["37"] - v["38"] - v["39a"]
    v["40a"] = max(balance, ZERO)
    v["40"] = max(v["40a"] - v["40b"], ZERO)
    v["41"] = max(-balance, ZERO)
    if f["refund_requested"] > v["41"]:
        raise StandardError("ct42", "gtgt.refund",
                            f"refund requested {f['refund_requested']} exceeds the deductible "
                            f"VAT remaining [41] {v['41']}",
                            f"số thuế đề nghị hoàn {f['refund_requested']} vượt số thuế còn được "
                            f"khấu trừ [41] {v['41']}")
    v["42"] = f["refund_requested"]
    v["43"] = v["41"] - v["42"]
    activity = any(v[name] for name in ("23", "24", "26", "27", "28"))
    v["21"] = Decimal(0 if activity else 1)
    return v


def reduction_rows(period: Period, figures: Figures) -> tuple[ReductionRow, ...]:
    """The appendix rows; 8 % sales outside every reduction period are an error."""
    if not figures.sales_8:
        return ()
    resolution = reduction_resolution(period)
    if not resolution:
        raise StandardError("ct32", "gtgt.reduced_rate",
                            f"sales at 8 % in {period.label}, outside every VAT reduction "
                            f"period",
                            f"có doanh thu thuế suất 8% trong kỳ {period.label}, ngoài thời gian "
                            f"giảm thuế GTGT")
    return (ReductionRow(f"Hàng hóa, dịch vụ giảm thuế GTGT theo Nghị quyết số {resolution}",
                         money.round_money(Decimal(figures.sales_8), "VND")),)


def purchase_rows(period: Period, figures: Figures) -> tuple[PurchaseRow, ...]:
    """The appendix's purchases at 8 %, when the period carries an appendix at all."""
    if not figures.purchases_8 or not reduction_resolution(period):
        return ()
    return (PurchaseRow("Hàng hóa, dịch vụ mua vào chịu thuế suất 8%",
                        money.round_money(Decimal(figures.purchases_8), "VND"),
                        money.round_money(Decimal(figures.purchases_vat_8), "VND")),)


def make_declaration(period: Period, taxpayer_name: str, tax_code: str, figures: Figures,
                     **header) -> Declaration:
    rows = reduction_rows(period, figures)
    return Declaration(period, taxpayer_name, tax_code, indicators(figures), rows,
                       purchase_rows(period, figures) if rows else (), **header)
