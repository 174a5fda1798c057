"""Read the tax portal's JSON: list pages, detail responses, and sets of them saved by tools.

Three shapes are recognised, by their keys and never by the file's name:

- a **list page** of ``query`` or ``sco-query`` (``{datas, total, state, time}``): each item of
  ``datas`` is one invoice record.  A page that is not the last (``state`` is the cursor of
  the next page, ``total`` exceeds what the page holds) is read and a note says that the
  portal holds more, so a partial download is never taken for the whole period;
- a **detail** response (one record with ``hdhhdvu`` lines and the ``nbcks``/``cqtcks``
  certificates, themselves JSON inside a string);
- a **set** of either under keys of the saver's choosing (a download tool's
  ``{"sold_list": page, "purchase_detail_status_5": detail, …}``) or as a JSON array.

Numbers are read as Decimal from the text (``parse_float``), so ``484633.32`` stays exact.
The file is bounded (size, nesting, number of records) before and while it is parsed.
"""

from __future__ import annotations

import json
from decimal import Decimal

from . import portal_data as pd

MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_RECORDS = 200_000
MAX_CERTIFICATE_CHARS = 64 * 1024
PAGE_KEYS = frozenset({"datas", "total", "state"})
RECORD_KEYS = frozenset({"nbmst", "khhdon", "shdon"})
CERTIFICATE_FIELDS = ("Subject", "SerialNumber", "Issuer", "NotBefore", "NotAfter",
                      "SigningTime")


def _reject_constant(name):
    raise ValueError(f"{name} is not a number")


def _load(data: bytes):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return json.loads(data.decode("utf-8"), parse_float=Decimal,
                      parse_constant=_reject_constant)


def _is_page(value) -> bool:
    return isinstance(value, dict) and PAGE_KEYS <= value.keys() and isinstance(
        value.get("datas"), list)


def _is_record(value) -> bool:
    return isinstance(value, dict) and bool(RECORD_KEYS & value.keys())


def _certificate(value, name: str) -> dict | None:
    """The certificate the portal sends as JSON inside a string (``nbcks``/``cqtcks``)."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        if len(value) > MAX_CERTIFICATE_CHARS:
            raise pd.RowError(f"certificate {name} is longer than {MAX_CERTIFICATE_CHARS} "
                              "characters", f"chứng thư {name} dài quá {MAX_CERTIFICATE_CHARS} "
                              "ký tự")
        try:
            value = json.loads(value, parse_float=Decimal, parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            raise pd.RowError(f"certificate {name} is not the portal's certificate JSON",
                              f"chứng thư {name} không đúng dạng JSON của cổng") from None
    if not isinstance(value, dict):
        raise pd.RowError(f"certificate {name} is not the portal's certificate JSON",
                          f"chứng thư {name} không đúng dạng JSON của cổng")
    return {key: pd.text(value.get(key)) for key in CERTIFICATE_FIELDS if key in value}


def _optional_int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise pd.RowError(f"{name} {value!r} is not a whole number",
                      f"{name} {value!r} không phải số nguyên")


def _line(item, index: int) -> pd.Line:
    if not isinstance(item, dict):
        raise pd.RowError(f"line {index} (hdhhdvu) is not a record",
                          f"dòng {index} (hdhhdvu) không phải bản ghi")
    try:
        return pd.Line(
            position=_optional_int(item.get("stt"), "stt"),
            nature=_optional_int(item.get("tchat"), "tchat"),
            name=pd.text(item.get("ten")), unit=pd.text(item.get("dvtinh")),
            quantity=pd.amount(item.get("sluong"), "sluong"),
            price=pd.amount(item.get("dgia"), "dgia"),
            amount=pd.amount(item.get("thtien"), "thtien"),
            rate=pd.text(item.get("ltsuat")))
    except pd.RowError as error:
        raise pd.RowError(f"line {index} (hdhhdvu): {error.message}",
                          f"dòng {index} (hdhhdvu): {error.message_vi}") from None


def _rates(value) -> tuple[pd.RateTotal, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise pd.RowError("the totals per rate (thttltsuat) are not a list of records",
                          "tổng theo thuế suất (thttltsuat) không phải danh sách bản ghi")
    return tuple(pd.RateTotal(pd.text(item.get("tsuat")),
                              pd.amount(item.get("thtien"), "thttltsuat.thtien"),
                              pd.amount(item.get("tthue"), "thttltsuat.tthue"))
                 for item in value)


def _related(record: dict) -> pd.Related | None:
    if not record.get("khhdgoc") and not record.get("shdgoc"):
        return None
    date = record.get("tdlhdgoc")
    return pd.Related(form=pd.text(record.get("khmshdgoc")), symbol=pd.text(
        record.get("khhdgoc")), number=_optional_int(record.get("shdgoc"), "shdgoc"),
        kind=_optional_int(record.get("lhdgoc"), "lhdgoc"),
        date=pd.vietnam_date(date, "tdlhdgoc") if date else None)


def invoice_from_record(record, file: str = "", row: str = "") -> pd.PortalInvoice:
    """One record of a list page or a detail response; :class:`RowError` if unreadable."""
    if not isinstance(record, dict):
        raise pd.RowError("the item is not an invoice record", "mục này không phải bản ghi "
                          "hóa đơn")
    lines = record.get("hdhhdvu")
    if lines is not None and not isinstance(lines, list):
        raise pd.RowError("the lines (hdhhdvu) are not a list",
                          "các dòng hàng (hdhhdvu) không phải danh sách")
    if record.get("tdlap") in (None, ""):
        raise pd.RowError("the date (tdlap) is missing", "thiếu ngày lập (tdlap)")
    currency, exchange = pd.currency(record.get("dvtte"), record.get("tgia"))
    return pd.PortalInvoice(
        seller_tax_code=pd.tax_code(record.get("nbmst"), "nbmst"),
        buyer_tax_code=pd.tax_code(record.get("nmmst"), "nmmst", required=False),
        form=pd.form(record.get("khmshdon")),
        symbol=pd.symbol(record.get("khhdon")),
        number=pd.number(record.get("shdon")),
        date=pd.vietnam_date(record.get("tdlap")),
        untaxed=pd.amount(record.get("tgtcthue"), "tgtcthue"),
        vat=pd.amount(record.get("tgtthue"), "tgtthue"),
        total=pd.amount(record.get("tgtttbso"), "tgtttbso", required=True),
        currency=currency, exchange_rate=exchange,
        status=pd.invoice_status(record.get("tthai")),
        processing=pd.processing_status(record.get("ttxly")),
        code=pd.text(record.get("mhdon")) or None,
        seller_name=pd.text(record.get("nbten")), buyer_name=pd.text(record.get("nmten")),
        nature=_optional_int(record.get("tchat"), "tchat"),
        kind=_optional_int(record.get("hthdon"), "hthdon"),
        related=_related(record),
        rates=_rates(record.get("thttltsuat")),
        lines=tuple(_line(item, index) for index, item in enumerate(lines or (), 1)),
        seller_certificate=_certificate(record.get("nbcks"), "nbcks"),
        authority_certificate=_certificate(record.get("cqtcks"), "cqtcks"),
        file=file, row=row, detail=lines is not None)


class _Reader:
    def __init__(self, name: str):
        self.name = name
        self.reading = pd.Reading()
        self.records = 0

    def refuse(self, row: str, message: str, message_vi: str) -> None:
        self.reading.refusals.append(pd.Refusal(self.name, row, message, message_vi))

    def record(self, record, row: str) -> None:
        self.records += 1
        if self.records > MAX_RECORDS:
            raise pd.RowError(f"more than {MAX_RECORDS} records", f"hơn {MAX_RECORDS} bản ghi")
        try:
            self.reading.invoices.append(invoice_from_record(record, self.name, row))
        except pd.RowError as error:
            self.refuse(row, error.message, error.message_vi)

    def page(self, page: dict, where: str) -> None:
        prefix = f"{where}, " if where else ""
        for index, record in enumerate(page["datas"], 1):
            self.record(record, f"{prefix}record {index} of datas")
        total, held = page.get("total"), len(page["datas"])
        if page.get("state") or (isinstance(total, int) and total > held):
            self.reading.notes.append(pd.Note(
                self.name, where,
                f"this page holds {held} of the {total} invoices the portal listed; the other "
                "pages were not in the file",
                f"trang này có {held} trong {total} hóa đơn cổng liệt kê; các trang khác không "
                "có trong tệp"))

    def item(self, value, where: str) -> bool:
        if _is_page(value):
            self.page(value, where)
        elif _is_record(value):
            self.record(value, f"{where}, detail" if where else "detail")
        else:
            return False
        return True

    def read_document(self, document) -> None:
        if self.item(document, ""):
            return
        if isinstance(document, dict):
            entries = list(document.items())
        elif isinstance(document, list):
            entries = [(f"item {index}", value) for index, value in enumerate(document, 1)]
        else:
            entries = []
        shapes = [key for key, value in entries if _is_page(value) or _is_record(value)]
        if not shapes:
            self.refuse("", "not the tax portal's data: expected a list page {datas, total, "
                        "state, time}, a detail response, or a set of them",
                        "không phải dữ liệu của cổng hóa đơn: cần một trang danh sách {datas, "
                        "total, state, time}, một phản hồi chi tiết, hoặc một tập hợp của chúng")
            return
        for key, value in entries:
            if not self.item(value, str(key)):
                self.refuse(str(key), "neither a list page nor a detail response of the portal",
                            "không phải trang danh sách hay phản hồi chi tiết của cổng")


def read_json(data: bytes, name: str) -> pd.Reading:
    """The invoices of one JSON file, with its refusals and notes (never raises on content)."""
    reader = _Reader(name)
    if len(data) > MAX_JSON_BYTES:
        reader.refuse("", f"the file has {len(data)} bytes, more than the {MAX_JSON_BYTES} "
                      "read", f"tệp có {len(data)} byte, vượt giới hạn {MAX_JSON_BYTES} byte")
        return reader.reading
    try:
        document = _load(data)
    except UnicodeDecodeError:
        reader.refuse("", "the file is not UTF-8 text", "tệp không phải văn bản UTF-8")
        return reader.reading
    except (ValueError, RecursionError) as exc:
        reader.refuse("", f"the file is not valid JSON ({exc})",
                      f"tệp không phải JSON hợp lệ ({exc})")
        return reader.reading
    try:
        reader.read_document(document)
    except pd.RowError as error:
        reader.refuse("", error.message, error.message_vi)
    return reader.reading
