"""The e-invoice as plain, immutable data.

Tag names of the tax authority's format are given next to each field so that the
builder, the parser and the validator agree on one mapping.  Money and quantities are
``Decimal``; ``None`` means "absent from the XML", never zero.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# Line natures (TChat, Phụ lục IV; 5 from format 2.1.0).
GOODS = 1
PROMOTION = 2
TRADE_DISCOUNT = 3
NOTE = 4
SPECIAL_GOODS = 5

# Related-invoice natures (TCHDon).
REPLACEMENT = 1
ADJUSTMENT = 2

# Form 6 (KHMSHDon): delivery notes "used and managed as invoices"; the symbol's 4th letter
# says which: N internal transport, B goods sent to a sales agent (reference §1.13).
DELIVERY_FORM = "6"
NOTE_INTERNAL = "N"
NOTE_AGENT = "B"
NOTE_TITLES = {
    NOTE_INTERNAL: "Phiếu xuất kho kiêm vận chuyển nội bộ",
    NOTE_AGENT: "Phiếu xuất kho hàng gửi bán đại lý",
}

KIND_CODED = "coded"
KIND_UNCODED = "uncoded"
KIND_CASH_REGISTER = "cash_register"
KINDS = (KIND_CODED, KIND_UNCODED, KIND_CASH_REGISTER)


@dataclass(frozen=True)
class ExtraField:
    """One ``TTKhac/TTin``: free name, data type, value (all text in the XML)."""

    name: str  # TTruong
    value: str  # DLieu
    data_type: str = "string"  # KDLieu: string, numeric, date, dateTime


@dataclass(frozen=True)
class Seller:
    name: str  # Ten
    tax_code: str  # MST (10 digits, or 10 + "-" + 3)
    address: str  # DChi
    store_code: str = ""  # MCHang
    store_name: str = ""  # TCHang
    phone: str = ""  # SDThoai
    email: str = ""  # DCTDTu
    bank_account: str = ""  # STKNHang
    bank_name: str = ""  # TNHang
    fax: str = ""  # Fax
    website: str = ""  # Website
    extra: tuple[ExtraField, ...] = ()


@dataclass(frozen=True)
class Buyer:
    """Every field is optional: a walk-in buyer of a cash-register invoice has none."""

    name: str = ""  # Ten
    tax_code: str = ""  # MST
    budget_unit_code: str = ""  # MDVQHNSach (7)
    address: str = ""  # DChi
    customer_code: str = ""  # MKHang
    phone: str = ""  # SDThoai
    personal_id: str = ""  # CCCDan (12 digits)
    passport: str = ""  # SHChieu
    email: str = ""  # DCTDTu
    contact_name: str = ""  # HVTNMHang
    bank_account: str = ""  # STKNHang
    bank_name: str = ""  # TNHang
    extra: tuple[ExtraField, ...] = ()

    @property
    def is_anonymous(self) -> bool:
        return not (self.name or self.tax_code or self.personal_id or self.passport
                    or self.budget_unit_code or self.phone or self.email)


@dataclass(frozen=True)
class SpecialGoodsField:
    """One ``TTHHDTrung/TTin`` of a TChat 5 line (vehicles, transport, land…)."""

    goods_type: int  # LHHDTrung 1..4
    name: str  # TTruong
    value: str  # DLieu


@dataclass(frozen=True)
class Line:
    name: str  # THHDVu
    nature: int = GOODS  # TChat
    seq: int | None = None  # STT
    code: str = ""  # MHHDVu
    unit: str = ""  # DVTinh
    quantity: Decimal | None = None  # SLuong
    unit_price: Decimal | None = None  # DGia
    discount_rate: Decimal | None = None  # TLCKhau (percent)
    discount_amount: Decimal | None = None  # STCKhau
    amount: Decimal | None = None  # ThTien, before VAT, after line discount
    vat_rate: str = ""  # TSuat code: 0%, 5%, 8%, 10%, KCT, KKKNT, KHAC:x%
    special: tuple[SpecialGoodsField, ...] = ()
    extra: tuple[ExtraField, ...] = ()


@dataclass(frozen=True)
class RateTotal:
    """One ``THTTLTSuat/LTSuat``."""

    vat_rate: str  # TSuat
    amount: Decimal  # ThTien
    vat: Decimal  # TThue


@dataclass(frozen=True)
class Fee:
    """One ``DSLPhi/LPhi``."""

    name: str  # TLPhi
    amount: Decimal  # TPhi


@dataclass(frozen=True)
class Totals:
    by_rate: tuple[RateTotal, ...]  # THTTLTSuat
    amount_untaxed: Decimal  # TgTCThue
    vat: Decimal  # TgTThue
    total: Decimal  # TgTTTBSo
    total_in_words: str  # TgTTTBChu
    non_taxable_deduction: Decimal | None = None  # TGTKCThue
    fees: tuple[Fee, ...] = ()  # DSLPhi
    trade_discount: Decimal | None = None  # TTCKTMai
    other_deduction: Decimal | None = None  # TGTKhac
    extra: tuple[ExtraField, ...] = ()


@dataclass(frozen=True)
class RelatedInvoice:
    """``TTHDLQuan``: the invoice this one replaces (1) or adjusts (2)."""

    nature: int  # TCHDon: 1 replacement, 2 adjustment
    form: str = ""  # KHMSHDCLQuan
    symbol: str = ""  # KHHDCLQuan
    number: str = ""  # SHDCLQuan
    date: datetime.date | None = None  # NLHDCLQuan
    invoice_type: int = 1  # LHDCLQuan (Phụ lục VI)
    note: str = ""  # GChu
    list_number: str = ""  # SBKCLQuan (01/BK-ĐCTT, several invoices)
    list_date: datetime.date | None = None  # NBKCLQuan


@dataclass(frozen=True)
class DeliveryNote:
    """What a delivery note (form 6) carries beyond an invoice: the dispatch order or the
    agent contract, the transport and the people.  The seller's ``DChi`` is the address of
    the issuing warehouse, the buyer's that of the receiving one."""

    dispatch_order: str = ""  # NBan/LDDNBo (N: required)
    contract_number: str = ""  # NBan/HDKTSo (B: required)
    contract_date: datetime.date | None = None  # NBan/HDKTNgay (B: required)
    transport_contract: str = ""  # NBan/HDSo
    issuer_person: str = ""  # NBan/HVTNXHang
    carrier: str = ""  # NBan/TNVChuyen
    transport_means: str = ""  # NBan/PTVChuyen (required)
    receiver_person: str = ""  # NMua/HVTNNHang
    # Printed form only (NBan/TTKhac, NMua/TTKhac: the standard has no element of its own).
    dispatch_date: datetime.date | None = None  # "ngày …" of the dispatch order
    dispatch_by: str = ""  # "của …"
    dispatch_purpose: str = ""  # "về việc …"
    from_warehouse: str = ""  # "Xuất tại kho …"
    to_warehouse: str = ""  # "Nhập tại kho …"


@dataclass(frozen=True)
class Invoice:
    """One ``HDon``.  ``number`` is None for a cash-register invoice numbered by code only."""

    form: str  # KHMSHDon, one digit
    symbol: str  # KHHDon, e.g. C26TAA
    number: int | None  # SHDon
    issue_date: datetime.date  # NLap
    seller: Seller
    buyer: Buyer
    lines: tuple[Line, ...]
    totals: Totals
    version: str = "2.1.0"  # PBan
    title: str = "Hóa đơn giá trị gia tăng"  # THDon
    currency: str = "VND"  # DVTTe
    exchange_rate: Decimal | None = None  # TGia (required unless VND)
    payment_method: str = "TM/CK"  # HTTToan, text
    provider_tax_code: str = ""  # MSTTCGP
    financial_leasing: int = 0  # HDCTTChinh
    dossier_code: str = ""  # MHSo
    sales_list_number: str = ""  # SBKe
    sales_list_date: datetime.date | None = None  # NBKe
    related: RelatedInvoice | None = None  # TTHDLQuan
    general_extra: tuple[ExtraField, ...] = ()  # TTChung/TTKhac
    extra: tuple[ExtraField, ...] = ()  # DLHDon/TTKhac
    kind: str = KIND_CODED  # not in the XML: coded, uncoded or cash_register
    tax_authority_code: str = ""  # MCCQT (34 chars) or the cash-register code (23 chars)
    qr_data: str = ""  # DLQRCode
    dlhdon_id: str = field(default="data")  # DLHDon/@Id, referenced by the signature
    delivery: DeliveryNote | None = None  # form 6 only

    @property
    def is_delivery_note(self) -> bool:
        return self.form == DELIVERY_FORM
