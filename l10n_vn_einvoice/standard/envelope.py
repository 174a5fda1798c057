"""The ``TDiep`` transmission envelope that carries every document to and from the GDT.

``MTDiep`` (message id) is the sender code followed by 32 upper-case hexadecimal digits of
a UUID: unique without coordination, which matters because replies (``MTDTChieu``) are
matched on it and a retry must reuse the id of the first attempt.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass

from lxml import etree

from .errors import StandardError
from .numbers_format import text_to_int
from .safe_xml import parse_xml

# MLTDiep, message types (Phụ lục I of QĐ 1450/1510; reference §2.1).
MSG_REGISTRATION = 100
MSG_REGISTRATION_RECEIPT = 102
MSG_REGISTRATION_RESULT = 103
MSG_INVOICE_FOR_CODE = 200
MSG_PER_OCCURRENCE_FOR_CODE = 201
MSG_CODING_RESULT = 202
MSG_UNCODED_INVOICE = 203
MSG_DATA_CHECK_RESULT = 204
MSG_CASH_REGISTER_INVOICES = 206
MSG_ERROR_NOTICE = 300
MSG_ERROR_NOTICE_RESULT = 301
MSG_REVIEW_REQUEST = 302
MSG_CASH_REGISTER_ERROR_NOTICE = 303
MSG_SUMMARY_TABLE = 400
MSG_SUMMARY_TABLES = 401
MSG_TECHNICAL_ACK = 999
MSG_WRONG_FORMAT = -1
MESSAGE_TYPES = {
    MSG_REGISTRATION: "registration declaration 01/ĐKTĐ-HĐĐT",
    MSG_REGISTRATION_RECEIPT: "GDT: receipt of the declaration 01/TB-TNĐT",
    MSG_REGISTRATION_RESULT: "GDT: registration accepted or refused 01/TB-ĐKĐT",
    MSG_INVOICE_FOR_CODE: "invoice sent for a tax-authority code",
    MSG_PER_OCCURRENCE_FOR_CODE: "per-occurrence invoice sent for a code",
    MSG_CODING_RESULT: "GDT: coded invoice (MCCQT and GDT signature)",
    MSG_UNCODED_INVOICE: "uncoded invoice data",
    MSG_DATA_CHECK_RESULT: "GDT: data check result 01/TB-KTDL",
    MSG_CASH_REGISTER_INVOICES: "cash-register invoices",
    MSG_ERROR_NOTICE: "error notice 04/SS-HĐĐT",
    MSG_ERROR_NOTICE_RESULT: "GDT: result of the error notice 01/TB-SSĐT",
    MSG_REVIEW_REQUEST: "GDT: invoices to review 01/TB-RSĐT",
    MSG_CASH_REGISTER_ERROR_NOTICE: "error notice for cash-register invoices",
    MSG_SUMMARY_TABLE: "summary table 01/TH-HĐĐT",
    MSG_SUMMARY_TABLES: "several summary tables",
    MSG_TECHNICAL_ACK: "technical acknowledgement",
    MSG_WRONG_FORMAT: "wrong format",
}
TAX_AUTHORITY = "TCT"


@dataclass(frozen=True)
class Envelope:
    version: str  # PBan
    sender: str  # MNGui
    receiver: str  # MNNhan
    message_type: int  # MLTDiep
    message_id: str  # MTDiep
    reply_to: str  # MTDTChieu ("" on a first send)
    tax_code: str  # MST
    count: int  # SLuong
    payloads: tuple  # children of DLieu, lxml elements


def new_message_id(sender_code: str) -> str:
    """``sender_code`` + 32 upper-case hex digits (46 characters at most)."""
    if not sender_code or len(sender_code) > 14:
        raise StandardError("MNGui", "envelope.sender",
                            f"sender code {sender_code!r} must have 1 to 14 characters",
                            f"mã nơi gửi {sender_code!r} phải có từ 1 đến 14 ký tự")
    return sender_code + uuid.uuid4().hex.upper()


def _payload(item):
    if isinstance(item, etree._Element):
        return copy.deepcopy(item)
    return parse_xml(item)


def build_envelope(message_type: int, sender: str, receiver: str, tax_code: str, payloads,
                   reply_to: str = "", version: str = "2.1.0", message_id: str | None = None):
    """``TDiep`` around ``payloads`` (elements, copied, or XML bytes, parsed safely).

    ``tax_code`` is written without its branch hyphen, as the envelope table requires.
    ``message_id`` is given only to resend a message under its first id (or in tests).
    """
    if message_type not in MESSAGE_TYPES:
        raise StandardError("MLTDiep", "envelope.message_type",
                            f"unknown message type {message_type!r}",
                            f"loại thông điệp {message_type!r} không được hỗ trợ")
    root = etree.Element("TDiep")
    header = etree.SubElement(root, "TTChung")
    items = [_payload(item) for item in payloads]
    for tag, value in (("PBan", version), ("MNGui", sender), ("MNNhan", receiver),
                       ("MLTDiep", str(message_type)),
                       ("MTDiep", message_id or new_message_id(sender)),
                       ("MTDTChieu", reply_to), ("MST", tax_code.replace("-", "")),
                       ("SLuong", str(len(items)))):
        if value:
            etree.SubElement(header, tag).text = value
    data = etree.SubElement(root, "DLieu")
    data.extend(items)
    return root


def parse_envelope(data) -> Envelope:
    """Read a ``TDiep`` (bytes parsed safely, or an element)."""
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    if root.tag != "TDiep":
        raise StandardError("TDiep", "xml.root", f"root element is {root.tag!r}, expected TDiep",
                            f"phần tử gốc là {root.tag!r}, cần TDiep")
    header = root.find("TTChung")
    if header is None:
        raise StandardError("TDiep/TTChung", "xml.required", "missing TDiep/TTChung",
                            "thiếu TDiep/TTChung")

    def text(tag: str) -> str:
        return (header.findtext(tag) or "").strip()

    holder = root.find("DLieu")
    payloads = tuple(child for child in holder if isinstance(child.tag, str)) \
        if holder is not None else ()
    count = text("SLuong")
    return Envelope(version=text("PBan"), sender=text("MNGui"), receiver=text("MNNhan"),
                    message_type=text_to_int(text("MLTDiep"), "TTChung/MLTDiep"),
                    message_id=text("MTDiep"), reply_to=text("MTDTChieu"),
                    tax_code=text("MST"),
                    count=text_to_int(count, "TTChung/SLuong") if count else len(payloads),
                    payloads=payloads)
