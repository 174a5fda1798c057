"""Form 04/SS-HĐĐT: the seller's notice of e-invoices with errors (message type 300).

Used when an invoice needs no new invoice (wrong buyer name or address, correct MST) and,
under Decree 123, to report cancellations, adjustments and replacements.  The dataclasses
check the code lists on creation so that a wrong notice fails where it is made, not at
the tax authority.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lxml import etree

from .errors import StandardError
from .numbers_format import date_to_text, text_to_date, text_to_int
from .safe_xml import parse_xml

FORM = "04/SS-HĐĐT"
TITLE = "Thông báo hóa đơn điện tử có sai sót"
# Loai: 1 the taxpayer's own notice, 2 a reply to a tax-authority notice (01/TB-RSĐT).
OWN_NOTICE = 1
REPLY_NOTICE = 2
# TCTBao (Phụ lục IX).
ACTION_NEW, ACTION_CANCEL, ACTION_ADJUST, ACTION_REPLACE, ACTION_EXPLAIN, ACTION_SUMMARY = range(6)
# LADHDDT: 1 Decree 123 e-invoice, 2 authenticated (QĐ 1209/2660), 3 Decree 51/04, 4 printed.
INVOICE_TYPES = (1, 2, 3, 4)
MAX_REASON = 255


def _fail(field: str, rule: str, en: str, vi: str):
    raise StandardError(field, rule, en, vi)


@dataclass(frozen=True)
class NoticeItem:
    """One ``DSHDon/HDon``: the invoice concerned and what the seller does about it."""

    seq: int  # STT
    form: str  # KHMSHDon (1 digit, or an old 11-character form)
    symbol: str  # KHHDon
    number: str  # SHDon
    date: datetime.date  # Ngay
    action: int  # TCTBao 0..5
    reason: str  # LDo ≤ 255
    invoice_type: int = 1  # LADHDDT 1..4
    tax_authority_code: str = ""  # MCQTCap (MCCQT of a coded invoice)

    def __post_init__(self):
        if not 0 <= self.action <= 5:
            _fail("TCTBao", "notice.action", f"TCTBao {self.action} must be 0 to 5",
                  f"TCTBao {self.action} phải từ 0 đến 5")
        if self.invoice_type not in INVOICE_TYPES:
            _fail("LADHDDT", "notice.invoice_type",
                  f"LADHDDT {self.invoice_type} must be 1 to 4",
                  f"LADHDDT {self.invoice_type} phải từ 1 đến 4")
        if not self.reason or len(self.reason) > MAX_REASON:
            _fail("LDo", "notice.reason",
                  f"the reason LDo must have 1 to {MAX_REASON} characters",
                  f"lý do LDo phải có từ 1 đến {MAX_REASON} ký tự")


@dataclass(frozen=True)
class ErrorNotice:
    """``TBao/DLTBao`` of form 04/SS-HĐĐT."""

    tax_office_code: str  # MCQT (5)
    tax_office_name: str  # TCQT
    taxpayer_name: str  # TNNT
    tax_code: str  # MST
    place: str  # DDanh
    date: datetime.date  # NTBao
    items: tuple[NoticeItem, ...]
    notice_type: int = OWN_NOTICE  # Loai
    reference_number: str = ""  # So (of the tax authority's notice, Loai 2)
    reference_date: datetime.date | None = None  # NTBCCQT (Loai 2)
    budget_unit_code: str = ""  # MDVQHNSach
    version: str = "2.1.0"  # PBan
    title: str = TITLE  # Ten
    dltbao_id: str = "notice"  # DLTBao/@Id, referenced by the signature

    def __post_init__(self):
        if self.notice_type not in (OWN_NOTICE, REPLY_NOTICE):
            _fail("Loai", "notice.type", f"Loai {self.notice_type} must be 1 or 2",
                  f"Loai {self.notice_type} phải là 1 hoặc 2")
        if self.notice_type == REPLY_NOTICE and not (self.reference_number
                                                     and self.reference_date):
            _fail("So", "notice.reply_reference",
                  "a reply (Loai 2) needs the number and date of the tax authority's notice",
                  "thông báo trả lời (Loai 2) cần số và ngày thông báo của cơ quan thuế")
        if not self.items:
            _fail("DSHDon", "notice.items", "a notice lists at least one invoice",
                  "thông báo phải có ít nhất một hóa đơn")


def _text(parent, tag: str, value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, datetime.date):
        value = date_to_text(value)
    etree.SubElement(parent, tag).text = str(value)


def build_notice(n: ErrorNotice):
    """``TBao`` element with an empty ``DSCKS/NNT`` for the taxpayer's signature."""
    root = etree.Element("TBao")
    data = etree.SubElement(root, "DLTBao", Id=n.dltbao_id)
    for tag, value in (("PBan", n.version), ("MSo", FORM), ("Ten", n.title),
                       ("Loai", n.notice_type), ("So", n.reference_number),
                       ("NTBCCQT", n.reference_date), ("MCQT", n.tax_office_code),
                       ("TCQT", n.tax_office_name), ("TNNT", n.taxpayer_name),
                       ("MST", n.tax_code), ("MDVQHNSach", n.budget_unit_code),
                       ("DDanh", n.place), ("NTBao", n.date)):
        _text(data, tag, value)
    invoices = etree.SubElement(data, "DSHDon")
    for item in n.items:
        node = etree.SubElement(invoices, "HDon")
        for tag, value in (("STT", item.seq), ("MCQTCap", item.tax_authority_code),
                           ("KHMSHDon", item.form), ("KHHDon", item.symbol),
                           ("SHDon", item.number), ("Ngay", item.date),
                           ("LADHDDT", item.invoice_type), ("TCTBao", item.action),
                           ("LDo", item.reason)):
            _text(node, tag, value)
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NNT")
    return root


def parse_notice(data) -> ErrorNotice:
    """Read a 04/SS-HĐĐT ``TBao`` (bytes parsed safely, or an element)."""
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    notice = root.find("DLTBao") if root.tag == "TBao" else None
    if notice is None or (notice.findtext("MSo") or "").strip() != FORM:
        raise StandardError("TBao/DLTBao/MSo", "notice.form", f"not a {FORM} notice",
                            f"không phải thông báo mẫu {FORM}")

    def text(node, tag: str) -> str:
        return (node.findtext(tag) or "").strip()

    def date(node, tag: str):
        value = text(node, tag)
        return text_to_date(value, tag) if value else None

    items = tuple(
        NoticeItem(seq=text_to_int(text(h, "STT"), "HDon/STT"), form=text(h, "KHMSHDon"),
                   symbol=text(h, "KHHDon"), number=text(h, "SHDon"), date=date(h, "Ngay"),
                   action=text_to_int(text(h, "TCTBao"), "HDon/TCTBao"), reason=text(h, "LDo"),
                   invoice_type=text_to_int(text(h, "LADHDDT") or "1", "HDon/LADHDDT"),
                   tax_authority_code=text(h, "MCQTCap"))
        for h in notice.iterfind("DSHDon/HDon"))
    return ErrorNotice(
        tax_office_code=text(notice, "MCQT"), tax_office_name=text(notice, "TCQT"),
        taxpayer_name=text(notice, "TNNT"), tax_code=text(notice, "MST"),
        place=text(notice, "DDanh"), date=date(notice, "NTBao"), items=items,
        notice_type=text_to_int(text(notice, "Loai"), "DLTBao/Loai"),
        reference_number=text(notice, "So"), reference_date=date(notice, "NTBCCQT"),
        budget_unit_code=text(notice, "MDVQHNSach"), version=text(notice, "PBan"),
        title=text(notice, "Ten"), dltbao_id=notice.get("Id", ""))
