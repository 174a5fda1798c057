"""VAT return 01/GTGT (deduction method): indicators [21]–[43], the 8 % reduction
appendix and the XML file the tax authority's declaration software imports.

The figures come from the caller (the Odoo layer sums l10n_vn's tax tags); this module
only applies the form's arithmetic, so that the same rules serve the screen, the XLSX
and the XML, and can be tested without a database.  The form's identity changes with the
period declared: Circular 80/2021 for periods starting until 2026-06-30, Circular
89/2026 from 2026-07-01 (:data:`FORM_REGIMES`).  Goods normally at 10 % sold at 8 % are
declared with the 10 % goods ([32], [33] at the reduced amount) and itemised on the
reduction appendix of the resolution in force (:data:`REDUCTION_RESOLUTIONS`).

The XML follows the ``HSoThueDTu/HSoKhaiThue`` shape of the "TKhaiThue" files (header
``TTinChung``, indicators ``CTieuTKhaiChinh``, appendices ``PLuc``) with the project's
own schema ``xsd/tk-01gtgt.xsd``; see the README section on declarations.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from . import money
from .errors import StandardError
from .validate import Problem, schema

ZERO = Decimal(0)
NAMESPACE = "http://kekhaithue.gdt.gov.vn/TKhaiThue"
SCHEMA = "tk-01gtgt.xsd"
MONTH, QUARTER = "M", "Q"


@dataclass(frozen=True)
class FormRegime:
    """What identifies the form in a file for periods starting on or after ``valid_from``."""

    valid_from: datetime.date
    code: str  # maTKhai
    version: str  # pbanTKhaiXML
    circular: str


FORM_REGIMES = (
    FormRegime(datetime.date(2021, 11, 1), "842", "2.5.7", "80/2021/TT-BTC"),
    FormRegime(datetime.date(2026, 7, 1), "842", "3.0.0", "89/2026/TT-BTC"),
)

# (first day, last day, resolution) of the 10 % → 8 % reductions a period may carry.
REDUCTION_RESOLUTIONS = (
    (datetime.date(2022, 2, 1), datetime.date(2022, 12, 31), "43/2022/QH15"),
    (datetime.date(2023, 7, 1), datetime.date(2023, 12, 31), "101/2023/QH15"),
    (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30), "110/2023/QH15"),
    (datetime.date(2024, 7, 1), datetime.date(2024, 12, 31), "142/2024/QH15"),
    (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), "174/2024/QH15"),
    (datetime.date(2025, 7, 1), datetime.date(2026, 12, 31), "204/2025/QH15"),
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
    address: str = ""
    tax_office_code: str = ""
    signed_on: datetime.date | None = None
    supplement_number: int = 0  # 0: first declaration (C), n: n-th supplement (B)


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
    for first, last, resolution in REDUCTION_RESOLUTIONS:
        if first <= period.date_from and period.date_to <= last:
            return resolution
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


def make_declaration(period: Period, taxpayer_name: str, tax_code: str, figures: Figures,
                     **header) -> Declaration:
    return Declaration(period, taxpayer_name, tax_code, indicators(figures),
                       reduction_rows(period, figures), **header)


def _sub(parent, tag: str, text=None):
    node = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        node.text = str(text)
    return node


def _amount(value: Decimal) -> str:
    return str(int(money.round_money(value, "VND")))


def build_declaration(d: Declaration):
    """``HSoThueDTu`` element of the declaration (unsigned)."""
    regime = form_regime(d.period)
    root = etree.Element(f"{{{NAMESPACE}}}HSoThueDTu", nsmap={None: NAMESPACE})
    body = _sub(root, "HSoKhaiThue")
    body.set("id", "_NODE_TO_SIGN")
    common = _sub(body, "TTinChung")
    service = _sub(common, "TTinDVu")
    _sub(service, "maDVu", "l10n_vn_einvoice")
    _sub(service, "tenDVu", "Odoo l10n_vn_einvoice")
    head = _sub(_sub(common, "TTinTKhaiThue"), "TKhaiThue")
    _sub(head, "maTKhai", regime.code)
    _sub(head, "tenTKhai", "TỜ KHAI THUẾ GIÁ TRỊ GIA TĂNG (Mẫu số 01/GTGT)")
    _sub(head, "moTaBMau", f"(Ban hành kèm theo Thông tư số {regime.circular})")
    _sub(head, "pbanTKhaiXML", regime.version)
    _sub(head, "loaiTKhai", "B" if d.supplement_number else "C")
    _sub(head, "soLan", d.supplement_number)
    period = _sub(head, "KyKKhaiThue")
    _sub(period, "kieuKy", d.period.kind)
    _sub(period, "kyKKhai", d.period.label)
    _sub(period, "kyKKhaiTuNgay", d.period.date_from.strftime("%d/%m/%Y"))
    _sub(period, "kyKKhaiDenNgay", d.period.date_to.strftime("%d/%m/%Y"))
    if d.tax_office_code:
        _sub(head, "maCQTNoiNop", d.tax_office_code)
    if d.signed_on:
        _sub(head, "ngayLapTKhai", d.signed_on.isoformat())
    taxpayer = _sub(head.getparent(), "NNT")
    _sub(taxpayer, "mst", d.tax_code)
    _sub(taxpayer, "tenNNT", d.taxpayer_name)
    if d.address:
        _sub(taxpayer, "dchiNNT", d.address)
    main = _sub(body, "CTieuTKhaiChinh")
    for name in INDICATORS:
        value = d.indicators[name]
        _sub(main, f"ct{name}", int(value) if name == "21" else _amount(value))
    if d.reduction_rows:
        appendix = _sub(_sub(body, "PLuc"), "PL_GiamThueGTGT")
        _sub(appendix, "canCu", reduction_resolution(d.period))
        rows = _sub(appendix, "HHDVGiamThue")
        for seq, row in enumerate(d.reduction_rows, start=1):
            item = _sub(rows, "ChiTiet")
            _sub(item, "stt", seq)
            _sub(item, "tenHHDV", row.description)
            _sub(item, "giaTriHHDV", _amount(row.amount))
            _sub(item, "thueSuatTheoQuyDinh", format(row.standard_rate.normalize(), "f"))
            _sub(item, "thueSuatSauGiam", format(row.reduced_rate.normalize(), "f"))
            _sub(item, "thueGTGTDuocGiam", _amount(row.reduction))
        _sub(appendix, "tongGiaTriHHDV", _amount(sum((r.amount for r in d.reduction_rows),
                                                     ZERO)))
        _sub(appendix, "tongThueGTGTDuocGiam", _amount(sum(
            (r.reduction for r in d.reduction_rows), ZERO)))
    return root


def declaration_to_bytes(d: Declaration) -> bytes:
    return etree.tostring(build_declaration(d), xml_declaration=True, encoding="utf-8",
                          pretty_print=True)


def validate_declaration(data) -> list:
    """Problems of a 01/GTGT file: the project's XSD, then the form's own sums."""
    root = data if isinstance(data, etree._Element) else etree.fromstring(
        data, etree.XMLParser(resolve_entities=False, no_network=True))
    validator = schema(SCHEMA)
    if not validator.validate(root):
        return [Problem(error.path or "/", error.message,
                        f"Sai cấu trúc theo lược đồ XSD ({SCHEMA}): {error.message}",
                        "xml.schema") for error in validator.error_log]
    main = root.find(f"{{{NAMESPACE}}}HSoKhaiThue/{{{NAMESPACE}}}CTieuTKhaiChinh")
    v = {name: Decimal(main.findtext(f"{{{NAMESPACE}}}ct{name}")) for name in INDICATORS}
    problems = []
    for total, parts in (("27", ("29", "30", "32", "32a")), ("28", ("31", "33")),
                         ("34", ("26", "27")), ("35", ("28",)), ("43", ("41", "-42"))):
        expected = sum((-v[p[1:]] if p.startswith("-") else v[p] for p in parts), ZERO)
        if v[total] != expected:
            problems.append(Problem(
                f"/HSoThueDTu/HSoKhaiThue/CTieuTKhaiChinh/ct{total}",
                f"[{total}] is {v[total]}, expected {expected}",
                f"Chỉ tiêu [{total}] là {v[total]}, đúng ra phải là {expected}",
                "gtgt.sum"))
    return problems
