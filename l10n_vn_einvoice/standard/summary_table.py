"""Form 01/TH-HĐĐT: summary table of e-invoice data (message types 400/401).

Sellers registered for it (telecoms, electricity and water, petroleum retail, sales to
consumers…) send one table per period instead of each uncoded invoice.  Code lists, as
far as the published material shows them (the row status list is not confirmed by a
primary text): LKDLieu T month, Q quarter, N day; LDau 1 first table, 0 supplementary
(numbered by BSLThu); LHHoa 1 petroleum, 2 air transport, 9 other; TThai 0 new,
1 cancelled, 2 adjusted, 3 replaced.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from .errors import StandardError
from .numbers_format import (
    date_to_text,
    decimal_to_text,
    text_to_date,
    text_to_decimal,
    text_to_int,
)
from .safe_xml import parse_xml

FORM = "01/TH-HĐĐT"
TITLE = "Bảng tổng hợp dữ liệu hóa đơn điện tử gửi cơ quan thuế"
PERIOD_TYPES = ("T", "Q", "N")
GOODS_PETROLEUM, GOODS_AIR_TRANSPORT, GOODS_OTHER = 1, 2, 9
STATUS_NEW, STATUS_CANCELLED, STATUS_ADJUSTED, STATUS_REPLACED = range(4)


@dataclass(frozen=True)
class SummaryRow:
    """One ``DSDLieu/DLieu``: one invoice (or one item of it) of the period."""

    seq: int  # STT
    item_name: str  # THHDVu
    status: int = STATUS_NEW  # TThai
    form: str = ""  # KHMSHDon
    symbol: str = ""  # KHHDon
    number: str = ""  # SHDon
    date: datetime.date | None = None  # NLap
    buyer_name: str = ""  # TNMua
    buyer_tax_code: str = ""  # MSTNMua
    customer_code: str = ""  # MKHang
    item_code: str = ""  # MHHoa
    unit: str = ""  # DVTinh
    quantity: Decimal | None = None  # SLuong
    amount_untaxed: Decimal | None = None  # TTCThue
    vat_rate: str = ""  # TSuat
    vat: Decimal | None = None  # TgTThue
    total: Decimal | None = None  # TgTTToan
    related_type: int | None = None  # LHDCLQuan
    related_form: str = ""  # KHMSHDCLQuan
    related_symbol: str = ""  # KHHDCLQuan
    related_number: str = ""  # SHDCLQuan
    note: str = ""  # GChu

    def __post_init__(self):
        if not STATUS_NEW <= self.status <= STATUS_REPLACED:
            raise StandardError("TThai", "summary.status", f"TThai {self.status} must be 0 to 3",
                                f"TThai {self.status} phải từ 0 đến 3")
        if self.status in (STATUS_ADJUSTED, STATUS_REPLACED) and not self.related_number:
            raise StandardError("SHDCLQuan", "summary.related",
                                "an adjusted or replaced row names the related invoice",
                                "dòng điều chỉnh hoặc thay thế phải ghi hóa đơn liên quan")


@dataclass(frozen=True)
class SummaryTable:
    """``BTHDLieu/DLBTHop``."""

    number: int  # SBTHDLieu
    period_type: str  # LKDLieu: T, Q or N
    period: str  # KDLieu: "11/2026", "4/2026" (quarter) or "20/11/2026"
    date: datetime.date  # NLap
    taxpayer_name: str  # TNNT
    tax_code: str  # MST
    rows: tuple[SummaryRow, ...]
    first: bool = True  # LDau
    supplement_number: int | None = None  # BSLThu
    printed_invoices: bool = False  # HDDIn
    goods_type: int = GOODS_OTHER  # LHHoa
    version: str = "2.1.0"  # PBan
    title: str = TITLE  # Ten
    dlbthop_id: str = "summary"  # DLBTHop/@Id

    def __post_init__(self):
        if self.period_type not in PERIOD_TYPES:
            raise StandardError("LKDLieu", "summary.period_type",
                                f"LKDLieu {self.period_type!r} must be T, Q or N",
                                f"LKDLieu {self.period_type!r} phải là T, Q hoặc N")
        if not self.first and not self.supplement_number:
            raise StandardError("BSLThu", "summary.supplement",
                                "a supplementary table (LDau 0) needs its number BSLThu",
                                "bảng bổ sung (LDau 0) phải có số lần bổ sung BSLThu")
        if not self.rows:
            raise StandardError("DSDLieu", "summary.rows", "a summary table has rows",
                                "bảng tổng hợp phải có ít nhất một dòng")


def _text(parent, tag: str, value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, datetime.date):
        value = date_to_text(value)
    elif isinstance(value, Decimal):
        value = decimal_to_text(value)
    etree.SubElement(parent, tag).text = str(value)


_ROW_FIELDS = (("STT", "seq"), ("KHMSHDon", "form"), ("KHHDon", "symbol"), ("SHDon", "number"),
               ("NLap", "date"), ("TNMua", "buyer_name"), ("MSTNMua", "buyer_tax_code"),
               ("MKHang", "customer_code"), ("MHHoa", "item_code"), ("THHDVu", "item_name"),
               ("DVTinh", "unit"), ("SLuong", "quantity"), ("TTCThue", "amount_untaxed"),
               ("TSuat", "vat_rate"), ("TgTThue", "vat"), ("TgTTToan", "total"),
               ("TThai", "status"), ("LHDCLQuan", "related_type"),
               ("KHMSHDCLQuan", "related_form"), ("KHHDCLQuan", "related_symbol"),
               ("SHDCLQuan", "related_number"), ("GChu", "note"))
_ROW_DECIMALS = {"quantity", "amount_untaxed", "vat", "total"}
_ROW_INTS = {"seq", "status", "related_type"}


def build_summary_table(t: SummaryTable):
    """``BTHDLieu`` element with an empty ``DSCKS/NNT`` for the taxpayer's signature."""
    root = etree.Element("BTHDLieu")
    data = etree.SubElement(root, "DLBTHop", Id=t.dlbthop_id)
    header = etree.SubElement(data, "TTChung")
    for tag, value in (("PBan", t.version), ("MSo", FORM), ("Ten", t.title),
                       ("SBTHDLieu", t.number), ("LKDLieu", t.period_type),
                       ("KDLieu", t.period), ("LDau", t.first),
                       ("BSLThu", t.supplement_number), ("NLap", t.date),
                       ("TNNT", t.taxpayer_name), ("MST", t.tax_code),
                       ("HDDIn", t.printed_invoices), ("LHHoa", t.goods_type)):
        _text(header, tag, value)
    holder = etree.SubElement(etree.SubElement(data, "NDBTHDLieu"), "DSDLieu")
    for row in t.rows:
        node = etree.SubElement(holder, "DLieu")
        for tag, name in _ROW_FIELDS:
            _text(node, tag, getattr(row, name))
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NNT")
    return root


def _row(node) -> SummaryRow:
    values = {}
    for tag, name in _ROW_FIELDS:
        text = (node.findtext(tag) or "").strip()
        if name in _ROW_DECIMALS:
            values[name] = text_to_decimal(text, f"DLieu/{tag}") if text else None
        elif name in _ROW_INTS:
            values[name] = text_to_int(text, f"DLieu/{tag}") if text else None
        elif name == "date":
            values[name] = text_to_date(text, f"DLieu/{tag}") if text else None
        else:
            values[name] = text
    if values["status"] is None:
        values["status"] = STATUS_NEW
    return SummaryRow(**values)


def parse_summary_table(data) -> SummaryTable:
    """Read a 01/TH-HĐĐT ``BTHDLieu`` (bytes parsed safely, or an element)."""
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    header = root.find("DLBTHop/TTChung") if root.tag == "BTHDLieu" else None
    if header is None or (header.findtext("MSo") or "").strip() != FORM:
        raise StandardError("BTHDLieu/DLBTHop/TTChung/MSo", "summary.form",
                            f"not a {FORM} summary table", f"không phải bảng tổng hợp mẫu {FORM}")

    def text(tag: str) -> str:
        return (header.findtext(tag) or "").strip()

    supplement = text("BSLThu")
    return SummaryTable(
        number=text_to_int(text("SBTHDLieu"), "TTChung/SBTHDLieu"),
        period_type=text("LKDLieu"), period=text("KDLieu"),
        date=text_to_date(text("NLap"), "TTChung/NLap"), taxpayer_name=text("TNNT"),
        tax_code=text("MST"),
        rows=tuple(_row(node) for node in root.iterfind("DLBTHop/NDBTHDLieu/DSDLieu/DLieu")),
        first=text("LDau") != "0",
        supplement_number=text_to_int(supplement, "TTChung/BSLThu") if supplement else None,
        printed_invoices=text("HDDIn") == "1",
        goods_type=text_to_int(text("LHHoa") or str(GOODS_OTHER), "TTChung/LHHoa"),
        version=text("PBan"), title=text("Ten"), dlbthop_id=root.find("DLBTHop").get("Id", ""))
