"""The tax portal's invoices (hoadondientu.gdt.gov.vn) as one model, whatever file they came in.

The portal hands the same invoice out in four shapes: a record of a list page
(``query``/``sco-query``), a detail response, a row of its Excel export, and copies of these
saved by download tools.  :mod:`.portal_json` and :mod:`.portal_xlsx` read the shapes; this
module holds what they share, so that one invoice reads the same from every file:

- **Dates**: the API's ``tdlap`` is UTC midnight-minus-seven (``2026-04-03T17:00:00Z`` is
  04/04/2026 in Vietnam), so it is shifted to Asia/Ho_Chi_Minh (UTC+7 all year) before the
  date is taken; a timestamp without its zone is refused, since seven hours decide the day.
  The Excel export already writes the Vietnamese date (``dd/mm/yyyy``).
- **Amounts** are Decimal, read from the JSON text itself (never through a float), and kept
  with their sign: an adjustment (``tchat`` 3) carries negative totals.
- **Currency**: ``VNĐ`` is ``VND``; a foreign currency needs its rate ``tgia``; the
  ``sco-query`` (cash-register) records have no ``dvtte`` and are in đồng.
- **Status** codes ``tthai`` and ``ttxly`` are kept with the portal's own words and an
  English translation; an unknown code is refused rather than guessed, because the status
  decides whether the input VAT is deductible.
- **Identity**: seller tax code + form + symbol + number; a cash-register invoice is also
  known by its M-code (``mhdon``), the portal's own key for it.

Anything that cannot be read raises :class:`RowError`; the readers turn it into a
:class:`FileMessage` naming the file and the row, so that nothing is skipped silently.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .codes import CASH_REGISTER_RE, MAX_INVOICE_NUMBER, SYMBOL_RE

VIETNAM_OFFSET = datetime.timedelta(hours=7)
TAX_CODE_RE = re.compile(r"^(\d{10}(-\d{3})?|\d{12})$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
FORM_RE = re.compile(r"^[1-9]$")
MAX_AMOUNT = Decimal("1e18")

# ``tthai``: what happened to the invoice (the portal's words, then ours in English).
INVOICE_STATUS = {
    1: ("Hóa đơn mới", "New invoice"),
    2: ("Hóa đơn thay thế", "Replacement invoice"),
    3: ("Hóa đơn điều chỉnh", "Adjustment invoice"),
    4: ("Hóa đơn đã bị thay thế", "Invoice replaced"),
    5: ("Hóa đơn đã bị điều chỉnh", "Invoice adjusted"),
    6: ("Hóa đơn đã bị hủy", "Invoice cancelled"),
}
# ``ttxly``: what the tax authority did with it.
PROCESSING_STATUS = {
    0: ("Tổng cục Thuế đã nhận", "Received by the tax authority"),
    1: ("Đang tiến hành kiểm tra điều kiện cấp mã", "Being checked for a code"),
    2: ("CQT từ chối hóa đơn theo từng lần phát sinh", "Per-occurrence invoice refused"),
    3: ("Hóa đơn đủ điều kiện cấp mã", "Eligible for a code"),
    4: ("Hóa đơn không đủ điều kiện cấp mã", "Not eligible for a code"),
    5: ("Đã cấp mã hóa đơn", "Coded by the tax authority"),
    6: ("Tổng cục thuế đã nhận không mã", "Received without a code"),
    7: ("Đã kiểm tra định kỳ HĐĐT không có mã", "Checked periodically, without a code"),
    8: ("Cục Thuế đã nhận hóa đơn có mã khởi tạo từ máy tính tiền",
        "Cash-register invoice received"),
}
# Other words the portal has used for the same codes (its 2025 reorganisation renamed the
# "Tổng cục Thuế" into the "Cục Thuế").
PROCESSING_SYNONYMS = {
    "Cục thuế đã nhận không mã": 6,
    "Tổng cục Thuế đã nhận hóa đơn có mã khởi tạo từ máy tính tiền": 8,
}


class RowError(ValueError):
    """One record or row cannot be read: the field and why, in English and Vietnamese."""

    def __init__(self, message: str, message_vi: str):
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


@dataclass(frozen=True)
class FileMessage:
    """What a reader says about a file or one row of it: a refusal (the file or the row
    was not read, and why) or a note (read, but the reader wants it known)."""

    file: str
    row: str  # "" when the whole file is refused
    message: str
    message_vi: str

    def __str__(self) -> str:
        where = f"{self.file}, {self.row}" if self.row else self.file
        return f"{where}: {self.message}\n  {where}: {self.message_vi}"


Refusal = Note = FileMessage


@dataclass
class Reading:
    """What one file gave: its invoices in the order read, its refusals and notes."""

    invoices: list = field(default_factory=list)
    refusals: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class Status:
    code: int
    vi: str
    en: str


@dataclass(frozen=True)
class RateTotal:
    """One line of ``thttltsuat``: the untaxed amount and the VAT at one rate."""

    rate: str  # the portal's label: "8%", "KCT"…
    untaxed: Decimal | None
    vat: Decimal | None


@dataclass(frozen=True)
class Line:
    """One ``hdhhdvu`` line of a detail response."""

    position: int | None
    nature: int | None  # tchat: 1 goods/services, 2 promotion, 3 discount, 4 note, 5 …
    name: str
    unit: str
    quantity: Decimal | None
    price: Decimal | None
    amount: Decimal | None
    rate: str


@dataclass(frozen=True)
class Related:
    """The invoice an adjustment or a replacement refers to."""

    form: str
    symbol: str
    number: int | None
    kind: int | None
    date: datetime.date | None


@dataclass(frozen=True)
class PortalInvoice:
    seller_tax_code: str
    form: str
    symbol: str
    number: int
    date: datetime.date  # in Vietnam
    total: Decimal
    untaxed: Decimal | None = None
    vat: Decimal | None = None
    currency: str = "VND"
    exchange_rate: Decimal | None = None
    status: Status | None = None
    processing: Status | None = None
    code: str | None = None  # the tax authority's code (MCCQT) or a cash-register M-code
    buyer_tax_code: str | None = None
    seller_name: str = ""
    buyer_name: str = ""
    nature: int | None = None  # tchat: 1 original, 3 adjustment
    kind: int | None = None  # hthdon
    related: Related | None = None
    rates: tuple[RateTotal, ...] = ()
    lines: tuple[Line, ...] = ()
    seller_certificate: dict | None = None
    authority_certificate: dict | None = None
    file: str = ""  # where it was read: the file…
    row: str = ""  # …and the row or record in it
    detail: bool = False  # read from a detail response (its lines are complete)

    @property
    def source(self) -> str:
        return f"{self.file}, {self.row}" if self.row else self.file

    @property
    def identity(self) -> tuple:
        return (self.seller_tax_code, self.form, self.symbol, self.number)

    @property
    def cash_register_code(self) -> str | None:
        return self.code if self.code and CASH_REGISTER_RE.match(self.code) else None

    def keys(self) -> list[tuple]:
        """Every key the invoice is known by: its identity and, if any, its M-code."""
        mcode = self.cash_register_code
        return [self.identity] + ([("M", mcode)] if mcode else [])


# --- normalisation of one value -----------------------------------------------------------

def text(value) -> str:
    """Text of a cell or a JSON value, NFC-normalised and stripped; "" for none."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool)):
        raise RowError(f"{value!r} is not a text", f"{value!r} không phải văn bản")
    return unicodedata.normalize("NFC", str(value)).strip()


def amount(value, name: str, required: bool = False) -> Decimal | None:
    """A Decimal amount; ``None`` (absent) stays ``None`` unless ``required``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowError(f"{name} is missing", f"thiếu {name}")
        return None
    if isinstance(value, bool) or isinstance(value, float):
        raise RowError(f"{name} {value!r} is not an exact amount",
                       f"{name} {value!r} không phải số tiền chính xác")
    try:
        result = Decimal(value if isinstance(value, (int, Decimal)) else text(value))
    except (InvalidOperation, ValueError):
        raise RowError(f"{name} {value!r} is not a number",
                       f"{name} {value!r} không phải là số") from None
    if not result.is_finite() or abs(result) >= MAX_AMOUNT:
        raise RowError(f"{name} {value!r} is not a finite amount",
                       f"{name} {value!r} không phải số tiền hợp lệ")
    return _plain(result)


def _plain(value: Decimal) -> Decimal:
    """``8.4E8`` → ``840000000``, ``12400000.0`` → ``12400000``: the đồng as printed."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def tax_code(value, name: str, required: bool = True) -> str | None:
    code = text(value)
    if not code:
        if required:
            raise RowError(f"{name} (tax code) is missing", f"thiếu {name} (mã số thuế)")
        return None
    if not TAX_CODE_RE.match(code):
        raise RowError(f"{name} {code!r} is not a tax code (10 digits, 10-3 for a branch, or "
                       "a 12-digit personal number)",
                       f"{name} {code!r} không phải mã số thuế (10 số, 10-3 cho đơn vị phụ "
                       "thuộc, hoặc số định danh 12 số)")
    return code


def form(value) -> str:
    digit = str(value) if isinstance(value, int) and not isinstance(value, bool) else text(value)
    if not FORM_RE.match(digit):
        raise RowError(f"form (khmshdon) {value!r} is not a digit 1 to 9",
                       f"ký hiệu mẫu số (khmshdon) {value!r} không phải chữ số từ 1 đến 9")
    return digit


def symbol(value) -> str:
    result = text(value).upper()
    if not SYMBOL_RE.match(result):
        raise RowError(f"symbol (khhdon) {value!r} is not an invoice symbol such as C26TAA",
                       f"ký hiệu hóa đơn (khhdon) {value!r} không đúng dạng, ví dụ C26TAA")
    return result


def number(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        result = value
    else:
        digits = text(value)
        if not digits:
            raise RowError("the invoice number (shdon) is missing",
                           "thiếu số hóa đơn (shdon)")
        if not digits.isdigit():
            raise RowError(f"invoice number (shdon) {value!r} is not a whole number",
                           f"số hóa đơn (shdon) {value!r} không phải số nguyên")
        result = int(digits)
    if not 1 <= result <= MAX_INVOICE_NUMBER:
        raise RowError(f"invoice number (shdon) {value!r} is not between 1 and "
                       f"{MAX_INVOICE_NUMBER}",
                       f"số hóa đơn (shdon) {value!r} không nằm trong khoảng 1 đến "
                       f"{MAX_INVOICE_NUMBER}")
    return result


def vietnam_date(value, name: str = "tdlap") -> datetime.date:
    """The Vietnamese date of the API's UTC timestamp (``…T17:00:00Z`` is the next day)."""
    stamp = text(value)
    try:
        moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"date {name} {value!r} is not a timestamp such as "
                       "2026-04-03T17:00:00Z",
                       f"ngày {name} {value!r} không đúng dạng, ví dụ 2026-04-03T17:00:00Z"
                       ) from None
    if moment.tzinfo is None:
        raise RowError(f"date {name} {value!r} has no time zone: the day in Vietnam cannot "
                       "be known",
                       f"ngày {name} {value!r} không có múi giờ: không xác định được ngày ở "
                       "Việt Nam")
    return (moment.astimezone(datetime.UTC) + VIETNAM_OFFSET).date()


def local_date(value) -> datetime.date:
    """The Excel export's ``dd/mm/yyyy`` (already the Vietnamese date)."""
    try:
        return datetime.datetime.strptime(text(value), "%d/%m/%Y").date()
    except ValueError:
        raise RowError(f"date {value!r} is not a date dd/mm/yyyy",
                       f"ngày {value!r} không đúng dạng dd/mm/yyyy") from None


def currency(value, rate) -> tuple[str, Decimal | None]:
    """``(ISO code, exchange rate)``; đồng when absent, a rate required otherwise."""
    code = text(value).upper().replace("Đ", "D") or "VND"
    if not CURRENCY_RE.match(code):
        raise RowError(f"currency (dvtte) {value!r} is not a currency code",
                       f"đơn vị tiền tệ (dvtte) {value!r} không phải mã tiền tệ")
    exchange = amount(rate, "exchange rate (tgia)")
    if exchange is not None and exchange <= 0:
        raise RowError(f"exchange rate (tgia) {rate!r} must be positive",
                       f"tỷ giá (tgia) {rate!r} phải lớn hơn 0")
    if code != "VND" and exchange is None:
        raise RowError(f"an invoice in {code} needs its exchange rate (tgia)",
                       f"hóa đơn bằng {code} cần có tỷ giá (tgia)")
    return code, exchange


def _status(value, table: dict, name: str) -> Status | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        raise RowError(f"status {name} {value!r} is not a code", f"trạng thái {name} "
                       f"{value!r} không phải mã")
    try:
        code = int(value)
    except ValueError:
        code = None
    if code not in table:
        raise RowError(f"status {name} {value!r} is not one the portal documents",
                       f"trạng thái {name} {value!r} không có trong danh mục của cổng")
    return Status(code, *table[code])


def invoice_status(value) -> Status | None:
    return _status(value, INVOICE_STATUS, "tthai")


def processing_status(value) -> Status | None:
    return _status(value, PROCESSING_STATUS, "ttxly")


def _words_key(words: str) -> str:
    return " ".join(unicodedata.normalize("NFC", words).casefold().split())


_BY_WORDS = {
    "tthai": {_words_key(vi): code for code, (vi, _en) in INVOICE_STATUS.items()},
    "ttxly": {**{_words_key(vi): code for code, (vi, _en) in PROCESSING_STATUS.items()},
              **{_words_key(vi): code for vi, code in PROCESSING_SYNONYMS.items()}},
}


def status_from_words(words, name: str) -> Status | None:
    """The status of the Excel export, which writes the portal's words instead of codes."""
    key = _words_key(text(words))
    if not key:
        return None
    code = _BY_WORDS[name].get(key)
    if code is None:
        raise RowError(f"status {words!r} is not one of the portal's words for {name}",
                       f"trạng thái {words!r} không có trong danh mục {name} của cổng")
    table = INVOICE_STATUS if name == "tthai" else PROCESSING_STATUS
    return Status(code, *table[code])


def output_record(invoice: PortalInvoice) -> dict:
    """The command line's JSON object of one invoice (amounts as Decimal strings)."""
    def money(value):
        return None if value is None else str(value)

    def words(status):
        return None if status is None else {"code": status.code, "vi": status.vi,
                                            "en": status.en}
    return {
        "seller_tax_code": invoice.seller_tax_code,
        "buyer_tax_code": invoice.buyer_tax_code,
        "form": invoice.form,
        "symbol": invoice.symbol,
        "number": invoice.number,
        "date": invoice.date.isoformat(),
        "untaxed": money(invoice.untaxed),
        "vat": money(invoice.vat),
        "total": money(invoice.total),
        "currency": invoice.currency,
        "status": words(invoice.status),
        "processing": words(invoice.processing),
        "code": invoice.code,
    }
