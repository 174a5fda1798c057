"""The legal regimes of Vietnamese e-invoicing as data, chosen by the invoice date.

The rules changed twice while invoices of the previous regime still had to be corrected:
on 2025-06-01 (Decree 70/2025 amending Decree 123/2020, Circular 32/2025 replacing Circular
78/2021: forms 7–9, letter X, no more cancellation, multi-invoice corrections) and on
2026-07-01 (Decree 254/2026 and Circular 91/2026 replacing both: letter F, cause codes,
cash-register invoices corrected by replacement only).  Keeping each regime as one frozen
record lets the validators, the XML builder and the user interface ask one question —
"which rules apply on this date?" — instead of scattering date comparisons.

Tax thresholds that are not e-invoice rules but decide what the invoice must say (VAT
declaration period, household-business revenue threshold) live here too because they are
also date-dependent law.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .errors import StandardError
from .model import KIND_CASH_REGISTER, KINDS

NOTICE = "notice"
CANCEL = "cancel"
ADJUST = "adjust"
REPLACE = "replace"

MONTHLY = "monthly"
QUARTERLY = "quarterly"

BASE_SYMBOL_LETTERS = ("T", "D", "L", "M", "N", "B", "G", "H")


@dataclass(frozen=True)
class CauseCode:
    """One 2-digit reason of Phụ lục XVII, required on corrections from 2026-07-01."""

    code: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class Regime:
    """The e-invoice rules in force between ``valid_from`` and ``valid_to`` (inclusive).

    ``correction_methods`` lists what a seller may do about a wrong invoice; ``cancel``
    (the 04/SS "hủy" route) only existed before 2025-06-01.  ``multi_invoice_list_form`` is
    the list attached when one invoice corrects several (empty when not allowed).
    """

    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    decree: str
    circular: str
    forms: tuple[str, ...]
    symbol_letters: tuple[str, ...]
    format_version: str
    notice_form: str
    correction_methods: tuple[str, ...]
    cash_register_replacement_only: bool
    cause_codes_required: bool
    multi_invoice_list_form: str
    legal_basis_vi: str

    def covers(self, on_date: datetime.date) -> bool:
        return self.valid_from <= on_date and (self.valid_to is None or on_date <= self.valid_to)


# Circular 78/2021 took effect on 2021-07-01 and allowed early adoption (test invoices with
# 2021 symbols exist); Decree 123 became mandatory on 2022-07-01.
DECREE_123 = Regime(
    name="ND123",
    valid_from=datetime.date(2021, 7, 1),
    valid_to=datetime.date(2025, 5, 31),
    decree="123/2020/NĐ-CP",
    circular="78/2021/TT-BTC",
    forms=("1", "2", "3", "4", "5", "6"),
    symbol_letters=BASE_SYMBOL_LETTERS,
    format_version="2.0.1",
    notice_form="04/SS-HĐĐT",
    correction_methods=(NOTICE, CANCEL, ADJUST, REPLACE),
    cash_register_replacement_only=False,
    cause_codes_required=False,
    multi_invoice_list_form="",
    legal_basis_vi=("Căn cứ Nghị định số 123/2020/NĐ-CP của Chính phủ quy định về hóa đơn, "
                    "chứng từ và Thông tư số 78/2021/TT-BTC của Bộ Tài chính hướng dẫn thực "
                    "hiện"),
)

DECREE_70 = Regime(
    name="ND70",
    valid_from=datetime.date(2025, 6, 1),
    valid_to=datetime.date(2026, 6, 30),
    decree="70/2025/NĐ-CP",
    circular="32/2025/TT-BTC",
    forms=("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    symbol_letters=(*BASE_SYMBOL_LETTERS, "X"),
    format_version="2.1.0",
    notice_form="04/SS-HĐĐT",
    correction_methods=(NOTICE, ADJUST, REPLACE),
    cash_register_replacement_only=False,
    cause_codes_required=False,
    multi_invoice_list_form="01/BK-ĐCTT",
    legal_basis_vi=("Căn cứ Nghị định số 123/2020/NĐ-CP của Chính phủ quy định về hóa đơn, "
                    "chứng từ, được sửa đổi, bổ sung bởi Nghị định số 70/2025/NĐ-CP, và "
                    "Thông tư số 32/2025/TT-BTC của Bộ Tài chính hướng dẫn thực hiện"),
)

DECREE_254 = Regime(
    name="ND254",
    valid_from=datetime.date(2026, 7, 1),
    valid_to=None,
    decree="254/2026/NĐ-CP",
    circular="91/2026/TT-BTC",
    forms=("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    symbol_letters=(*BASE_SYMBOL_LETTERS, "X", "F"),
    format_version="2.1.0",
    notice_form="04/SS-HĐĐT",
    correction_methods=(NOTICE, ADJUST, REPLACE),
    cash_register_replacement_only=True,
    cause_codes_required=True,
    multi_invoice_list_form="01/BK-ĐCTT",
    legal_basis_vi=("Căn cứ Nghị định số 254/2026/NĐ-CP của Chính phủ quy định về hóa đơn, "
                    "chứng từ và Thông tư số 91/2026/TT-BTC của Bộ Tài chính hướng dẫn thi "
                    "hành Nghị định số 254/2026/NĐ-CP"),
)

REGIMES = (DECREE_123, DECREE_70, DECREE_254)

# Phụ lục XVII (Cục Thuế decision accompanying Circular 91/2026).
CAUSE_CODES = (
    CauseCode("01", "Quyết toán công trình, điều chỉnh giá theo quy định",
              "Project settlement or regulated price adjustment"),
    CauseCode("02", "Điều chỉnh theo kết luận của cơ quan có thẩm quyền",
              "Per the conclusion of a competent authority"),
    CauseCode("03", "Điều chỉnh giá bán buôn điện của EVN",
              "EVN wholesale electricity price adjustment"),
    CauseCode("04", "Chiết khấu thương mại", "Commercial discount"),
    CauseCode("05", "Trả lại hàng hóa (không phải đăng ký quyền sở hữu)",
              "Returned goods (not subject to ownership registration)"),
    CauseCode("06", "Thay thế do trả lại tài sản phải đăng ký quyền sở hữu",
              "Replacement for returned assets subject to ownership registration"),
    CauseCode("07", "Hoàn phí bảo hiểm, hoa hồng bảo hiểm",
              "Insurance premium refund or commission"),
    CauseCode("08", "Hủy dịch vụ trả trước nhiều kỳ",
              "Cancellation of a multi-period prepaid service"),
    CauseCode("09", "Hoàn phí dịch vụ thanh toán", "Payment-service fee refund"),
    CauseCode("10", "Thẻ viễn thông trả trước", "Prepaid telecom cards"),
    CauseCode("11", "Quy đổi giá khí thiên nhiên sang đồng Việt Nam",
              "Natural-gas price conversion to VND"),
    CauseCode("12", "Đổi, hoàn vé máy bay", "Airline ticket exchange or refund"),
    CauseCode("13", "Điều chỉnh, thay thế hóa đơn lập sai",
              "Correction of a wrongly issued invoice"),
    CauseCode("14", "Thay thế hóa đơn khởi tạo từ máy tính tiền lập sai",
              "Replacement of a wrong cash-register invoice"),
)

@dataclass(frozen=True)
class VatReduction:
    """One period of the temporary VAT reduction voted by the National Assembly.

    Goods and services normally at 10 % are invoiced at 8 % by deduction-method sellers;
    direct-method sellers (sales invoices, household businesses) reduce their VAT
    percentage on revenue by 20 % and print the amount with a note naming the resolution.
    Excluded goods (telecoms, banking, real estate, metals, mining, special-consumption
    goods except petrol) stay at 10 % / the full percentage.
    """

    resolution: str
    decree: str
    valid_from: datetime.date
    valid_to: datetime.date

    def covers(self, on_date: datetime.date) -> bool:
        return self.valid_from <= on_date <= self.valid_to


# Resolution → implementing decree, first and last day.  The first half of 2023 had no
# reduction.  Extending the reduction is one more row here (and its test).
VAT_REDUCTIONS = (
    VatReduction("43/2022/QH15", "15/2022/NĐ-CP",
                 datetime.date(2022, 2, 1), datetime.date(2022, 12, 31)),
    VatReduction("101/2023/QH15", "44/2023/NĐ-CP",
                 datetime.date(2023, 7, 1), datetime.date(2023, 12, 31)),
    VatReduction("110/2023/QH15", "94/2023/NĐ-CP",
                 datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)),
    VatReduction("142/2024/QH15", "72/2024/NĐ-CP",
                 datetime.date(2024, 7, 1), datetime.date(2024, 12, 31)),
    VatReduction("174/2024/QH15", "180/2024/NĐ-CP",
                 datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
    VatReduction("204/2025/QH15", "174/2025/NĐ-CP",
                 datetime.date(2025, 7, 1), datetime.date(2026, 12, 31)),
)

# (first day, annual revenue threshold in VND) for household and individual businesses:
# at or below it no VAT and no PIT are due.  100 m under Circular 40/2021; 200 m from
# 2025-07-01 (VAT Law 48/2024); for the 2026 tax period 1 bn (Decree 141/2026 and Law
# 09/2026/QH16, retroactive to 2026-01-01, superseding the 500 m of Law 149/2025 and
# Decree 68/2026, which therefore never appears here).
HOUSEHOLD_THRESHOLDS = (
    (datetime.date(2021, 8, 1), Decimal("100000000")),
    (datetime.date(2025, 7, 1), Decimal("200000000")),
    (datetime.date(2026, 1, 1), Decimal("1000000000")),
)

# Decree 126/2020 Đ8 k1 a, Đ9 k1 a.1: quarterly VAT returns up to this prior-year revenue.
QUARTERLY_VAT_REVENUE_LIMIT = Decimal("50000000000")


def _as_date(on_date) -> datetime.date:
    if isinstance(on_date, datetime.datetime):
        return on_date.date()
    if isinstance(on_date, datetime.date):
        return on_date
    raise TypeError(f"expected a date, got {type(on_date).__name__}")


def regime_on(on_date: datetime.date) -> Regime:
    """The regime in force on ``on_date``; raises StandardError before e-invoices existed."""
    day = _as_date(on_date)
    for regime in REGIMES:
        if regime.covers(day):
            return regime
    raise StandardError(
        "NLap", "regime.none",
        f"no e-invoice regime applies on {day.isoformat()} (first: "
        f"{REGIMES[0].valid_from.isoformat()})",
        f"không có quy định hóa đơn điện tử áp dụng cho ngày {day.strftime('%d/%m/%Y')}")


def format_version_on(on_date: datetime.date) -> str:
    """``PBan`` to emit for an invoice dated ``on_date``."""
    return regime_on(on_date).format_version


def legal_basis_text(on_date: datetime.date) -> str:
    """The Vietnamese "Căn cứ …" line printed on minutes and notices dated ``on_date``."""
    return regime_on(on_date).legal_basis_vi


def cause_codes(on_date: datetime.date) -> tuple[CauseCode, ...]:
    """Correction cause codes usable on ``on_date`` (none before 2026-07-01)."""
    return CAUSE_CODES if regime_on(on_date).cause_codes_required else ()


def correction_methods(on_date: datetime.date, kind: str,
                       registrable_asset: bool = False) -> tuple[str, ...]:
    """What may be done on ``on_date`` about a wrong invoice of ``kind``.

    From 2026-07-01 cash-register invoices and invoices for assets subject to ownership
    registration are corrected by replacement only (TT 91/2026 Đ10 k1 c); the notice-only
    route for a wrong buyer name or address (k1 a) stays open to every invoice.
    """
    if kind not in KINDS:
        raise StandardError("kind", "regime.kind",
                            f"unknown invoice kind {kind!r} (expected one of {KINDS})",
                            f"loại hóa đơn không hợp lệ: {kind!r}")
    regime = regime_on(on_date)
    methods = regime.correction_methods
    if regime.cash_register_replacement_only and (kind == KIND_CASH_REGISTER
                                                  or registrable_asset):
        methods = tuple(m for m in methods if m in (NOTICE, REPLACE))
    return methods


def vat_period(previous_year_revenue: Decimal) -> str:
    """``monthly`` or ``quarterly`` VAT returns from the previous year's revenue."""
    if not isinstance(previous_year_revenue, (Decimal, int)):
        raise TypeError("previous_year_revenue must be a Decimal")
    if previous_year_revenue <= QUARTERLY_VAT_REVENUE_LIMIT:
        return QUARTERLY
    return MONTHLY


def household_threshold(on_date: datetime.date) -> Decimal:
    """Annual revenue threshold of household businesses in force on ``on_date``."""
    day = _as_date(on_date)
    current = None
    for first_day, threshold in HOUSEHOLD_THRESHOLDS:
        if day >= first_day:
            current = threshold
    if current is None:
        raise StandardError("date", "household.threshold.none",
                            f"no household threshold recorded before "
                            f"{HOUSEHOLD_THRESHOLDS[0][0].isoformat()}",
                            "không có ngưỡng doanh thu hộ kinh doanh cho ngày này")
    return current


def household_threshold_for_year(year: int) -> Decimal:
    """Threshold for the tax period ``year``: the one in force on 31 December.

    For 2025 this is 200 m (Law 48/2024 from 2025-07-01) although 100 m applied in the
    first half; a household's annual revenue is compared with the year-end figure.
    """
    return household_threshold(datetime.date(year, 12, 31))


def vat_reduction_on(on_date: datetime.date) -> VatReduction | None:
    """The VAT reduction in force on ``on_date`` (Vietnam date), or None."""
    day = _as_date(on_date)
    for reduction in VAT_REDUCTIONS:
        if reduction.covers(day):
            return reduction
    return None


def last_vat_reduction_before(on_date: datetime.date) -> VatReduction | None:
    """The latest reduction that ended before ``on_date`` (to name it in refusals)."""
    day = _as_date(on_date)
    ended = [r for r in VAT_REDUCTIONS if r.valid_to < day]
    return ended[-1] if ended else None


def vat_rate_date(issue_date: datetime.date,
                  related_date: datetime.date | None = None) -> datetime.date:
    """The date whose VAT rules apply to an invoice.

    An adjustment or a replacement corrects the invoice it refers to and keeps that
    invoice's rate regime: a 2026 invoice at 8 % is still corrected at 8 % in 2027, and a
    2026 sales invoice of a direct-method seller keeps its 20 % reduction.
    """
    return _as_date(related_date) if related_date is not None else _as_date(issue_date)
