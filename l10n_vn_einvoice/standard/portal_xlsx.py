"""Read the tax portal's Excel export of an invoice list ("DANH SÁCH HÓA ĐƠN").

The export is a title (row 3), the period (row 4), a header row and one invoice a row.  The
sold list has 19 columns (a real export is in the tests); the purchase list has 17 — the
sold list without the buyer's tax code, name and address, with the seller's address — and is
known only from a third party's copy of the template.  So columns are found **by their header
names**, never by position: a column the portal adds, drops or moves is still read, and a
file without the header row is refused rather than read by guess.  The export writes the
Vietnamese date (``dd/mm/yyyy``) and the statuses in words; it has no tax-authority code.

The file is read here, not by a spreadsheet library: an xlsx is a zip of XML parts, and
only three of them matter (the workbook, its first sheet, the shared strings).  That keeps
the reading under the same distrust as every file from outside: the zip's members and sizes
are bounded and each part is read with a cap (a zip bomb stops at the cap), the XML goes
through :mod:`.safe_xml`, a formula cell is refused (the portal writes none, and its cached
value is whatever the last program that saved the file claims), external links are never
opened, and amounts come as Decimal from the cell's text.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import unicodedata
import zipfile

from . import portal_data as pd
from .errors import StandardError
from .safe_xml import parse_xml

MAX_MEMBERS = 200
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 96 * 1024 * 1024
HEADER_SEARCH_ROWS = 50
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")

# Field → the header texts (one part of "A/B" headers) that name its column.
HEADERS = {
    "form": ("ký hiệu mẫu số", "mẫu số"),
    "symbol": ("ký hiệu hóa đơn",),
    "number": ("số hóa đơn",),
    "date": ("ngày lập", "ngày hóa đơn"),
    "seller_tax_code": ("mst người bán", "mã số thuế người bán"),
    "seller_name": ("tên người bán",),
    "buyer_tax_code": ("mst người mua", "mã số thuế người mua"),
    "buyer_name": ("tên người mua",),
    "untaxed": ("tổng tiền chưa thuế",),
    "vat": ("tổng tiền thuế",),
    "total": ("tổng tiền thanh toán",),
    "currency": ("đơn vị tiền tệ",),
    "exchange_rate": ("tỷ giá", "tỉ giá"),
    "status": ("trạng thái hóa đơn",),
    "processing": ("kết quả kiểm tra hóa đơn",),
}
REQUIRED = ("form", "symbol", "number", "date", "seller_tax_code", "total")


class _FileError(Exception):
    def __init__(self, message: str, message_vi: str):
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


def _key(value) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).casefold().split())


def _part(archive: zipfile.ZipFile, name: str, budget: list) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    cap = min(MAX_PART_BYTES, budget[0])
    if info.file_size > cap:
        raise _FileError(f"{name} is larger than {cap} bytes once unzipped",
                         f"{name} lớn hơn {cap} byte sau khi giải nén")
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise _FileError(f"{name} is larger than {cap} bytes once unzipped (the zip lies "
                         "about its size)", f"{name} lớn hơn {cap} byte sau khi giải nén "
                         "(tệp zip khai sai kích thước)")
    budget[0] -= len(data)
    return data


def _xml(archive, name: str, budget: list):
    data = _part(archive, name, budget)
    if data is None:
        return None
    try:
        return parse_xml(data, max_bytes=MAX_PART_BYTES)
    except StandardError as error:
        raise _FileError(f"{name}: {error.message}", f"{name}: {error.message_vi}") from None


def _first_sheet(archive, budget: list) -> tuple[str, bool]:
    """The first worksheet's part name and whether dates count from 1904."""
    workbook = _xml(archive, "xl/workbook.xml", budget)
    if workbook is None:
        raise _FileError("not a workbook (xl/workbook.xml is missing)",
                         "không phải bảng tính (thiếu xl/workbook.xml)")
    properties = workbook.find(f"{MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    rels = _xml(archive, "xl/_rels/workbook.xml.rels", budget)
    if sheet is None or rels is None:
        raise _FileError("the workbook has no sheet", "bảng tính không có trang nào")
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == sheet.get(f"{REL}id") and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            return path, date1904
    raise _FileError("the workbook's first sheet cannot be found",
                     "không tìm thấy trang đầu của bảng tính")


def _shared_strings(archive, budget: list) -> list[str]:
    root = _xml(archive, "xl/sharedStrings.xml", budget)
    if root is None:
        return []
    return ["".join(t.text or "" for t in item.iter(f"{MAIN}t"))
            for item in root.iter(f"{MAIN}si")]


def _column(ref: str) -> int:
    index = 0
    for letter in ref:
        index = index * 26 + ord(letter) - 64
    return index


def _cell(cell, strings: list[str]):
    """``(text or None, (why, why_vi) or None)``: the cell's value as text, or why it
    cannot be taken."""
    kind = cell.get("t", "n")
    if cell.find(f"{MAIN}f") is not None:
        return None, ("holds a formula (the portal's export has none)",
                      "chứa công thức (tệp xuất của cổng không có công thức)")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t")), None
    value = cell.findtext(f"{MAIN}v")
    if value is None:
        return None, None
    if kind == "s":
        index = int(value) if value.strip().isdigit() else -1
        if not 0 <= index < len(strings):
            return None, (f"refers to shared string {value!r}, which does not exist",
                          f"trỏ tới chuỗi dùng chung {value!r} không tồn tại")
        return strings[index], None
    if kind == "e":
        return None, (f"holds the error {value!r}", f"chứa lỗi {value!r}")
    return value, None


def _rows(sheet, strings: list[str]):
    """``(row number, {column: text}, [cell errors])`` of every row with content."""
    data = sheet.find(f"{MAIN}sheetData")
    for position, row in enumerate(data if data is not None else (), 1):
        if row.tag != f"{MAIN}row":
            continue
        number = int(row.get("r")) if (row.get("r") or "").isdigit() else position
        values, errors = {}, []
        for column, cell in enumerate(row.iter(f"{MAIN}c"), 1):
            match = CELL_REF_RE.match(cell.get("r") or "")
            column = _column(match.group(1)) if match else column
            value, error = _cell(cell, strings)
            if error:
                where = cell.get("r") or str(column)
                errors.append((f"{where} {error[0]}", f"{where} {error[1]}"))
            elif value is not None and value.strip():
                values[column] = value
        if values or errors:
            yield number, values, errors


def _header(rows) -> tuple[int, dict[str, int], dict[int, str]]:
    for number, values, _errors in rows[:HEADER_SEARCH_ROWS]:
        found = {}
        for column, value in sorted(values.items()):
            parts = [part.strip() for part in _key(value).split("/")]
            for name, texts in HEADERS.items():
                if name not in found and any(part in texts for part in parts):
                    found[name] = column
        if "symbol" in found and "number" in found:
            return number, found, values
    raise _FileError("no header row: the portal's export names its columns (Ký hiệu hóa đơn, "
                     f"Số hóa đơn…) in one of its first {HEADER_SEARCH_ROWS} rows",
                     "không có dòng tiêu đề: tệp xuất của cổng ghi tên cột (Ký hiệu hóa đơn, "
                     f"Số hóa đơn…) trong {HEADER_SEARCH_ROWS} dòng đầu")


def _date(value, date1904: bool) -> datetime.date:
    text = pd.text(value)
    if re.match(r"^\d+(\.0+)?$", text):  # a date serial, if someone re-saved the export
        epoch = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)
        return epoch + datetime.timedelta(days=int(text.split(".")[0]))
    return pd.local_date(text)


def _invoice(values: dict, columns: dict, headers: dict, where: tuple, date1904: bool):
    def get(name):
        return values.get(columns[name]) if name in columns else None

    def convert(name, function, *args):
        try:
            return function(get(name), *args)
        except pd.RowError as error:
            header = headers.get(columns.get(name), name)
            raise pd.RowError(f"column {header!r}: {error.message}",
                              f"cột {header!r}: {error.message_vi}") from None

    currency, exchange = convert("currency", lambda v: pd.currency(v, get("exchange_rate")))
    return pd.PortalInvoice(
        seller_tax_code=convert("seller_tax_code", pd.tax_code, "seller tax code"),
        buyer_tax_code=convert("buyer_tax_code", pd.tax_code, "buyer tax code", False),
        form=convert("form", pd.form), symbol=convert("symbol", pd.symbol),
        number=convert("number", pd.number), date=convert("date", _date, date1904),
        untaxed=convert("untaxed", pd.amount, "untaxed"),
        vat=convert("vat", pd.amount, "VAT"),
        total=convert("total", pd.amount, "total", True),
        currency=currency, exchange_rate=exchange,
        status=convert("status", pd.status_from_words, "tthai"),
        processing=convert("processing", pd.status_from_words, "ttxly"),
        seller_name=pd.text(get("seller_name")), buyer_name=pd.text(get("buyer_name")),
        file=where[0], row=where[1])


def _read_sheet(data: bytes, name: str, reading: pd.Reading) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise _FileError("not an xlsx file (not a zip)", "không phải tệp xlsx (không phải zip)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise _FileError(f"the xlsx cannot be unzipped ({exc})",
                         f"không giải nén được tệp xlsx ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise _FileError(f"the xlsx holds {len(infos)} parts, more than {MAX_MEMBERS}",
                         f"tệp xlsx có {len(infos)} phần, nhiều hơn {MAX_MEMBERS}")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_TOTAL_BYTES:
        raise _FileError(f"the xlsx would unzip to {declared} bytes, more than "
                         f"{MAX_TOTAL_BYTES}", f"tệp xlsx giải nén ra {declared} byte, vượt "
                         f"{MAX_TOTAL_BYTES}")
    budget = [MAX_TOTAL_BYTES]
    sheet_name, date1904 = _first_sheet(archive, budget)
    strings = _shared_strings(archive, budget)
    sheet = _xml(archive, sheet_name, budget)
    if sheet is None:
        raise _FileError(f"the sheet {sheet_name} is missing", f"thiếu trang {sheet_name}")
    rows = list(_rows(sheet, strings))
    header_row, columns, headers = _header(rows)
    missing = [HEADERS[field][0] for field in REQUIRED if field not in columns]
    if missing:
        raise _FileError(f"the header row {header_row} lacks the columns {', '.join(missing)}",
                         f"dòng tiêu đề {header_row} thiếu cột {', '.join(missing)}")
    if "buyer_tax_code" not in columns:
        reading.notes.append(pd.Note(
            name, "", "read as a purchase list, by its header names: its layout is known only "
            "from a copy of the portal's template, compare its totals with the portal",
            "đọc như bảng kê hóa đơn mua vào theo tên cột: cấu trúc chỉ biết qua bản sao mẫu "
            "của cổng, hãy đối chiếu tổng số với cổng"))
    for number, values, errors in rows:
        if number <= header_row:
            continue
        row = f"row {number}"
        if errors:
            reading.refusals.append(pd.Refusal(
                name, row, "cell " + "; ".join(en for en, _vi in errors),
                "ô " + "; ".join(vi for _en, vi in errors)))
            continue
        try:
            reading.invoices.append(_invoice(values, columns, headers, (name, row),
                                             date1904))
        except pd.RowError as error:
            reading.refusals.append(pd.Refusal(name, row, error.message, error.message_vi))


def read_xlsx(data: bytes, name: str) -> pd.Reading:
    """The invoices of one Excel export, with its refusals and notes (never raises on
    content)."""
    reading = pd.Reading()
    try:
        _read_sheet(data, name, reading)
    except _FileError as error:
        reading.refusals.append(pd.Refusal(name, "", error.message, error.message_vi))
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as exc:
        reading.refusals.append(pd.Refusal(name, "", f"the xlsx cannot be read ({exc})",
                                           f"không đọc được tệp xlsx ({exc})"))
    return reading
