"""Validators of the codes printed on an e-invoice: tax IDs, form, symbol, number,
cash-register code, tax-authority code, VAT rate code.

Each validator returns the normalised value or raises :class:`InvalidCode` naming the
field (XML tag) and the rule, in English and Vietnamese, so that the user sees why the
invoice would be refused before it reaches the tax authority.  Date-dependent rules (form
digits, symbol letters, the reduced 8 % rate) are read from :mod:`.regimes`.

MST: python-stdnum's ``stdnum.vn.mst`` computes the same check digit (weights 31…3,
10 − S mod 11, a remainder of 0 never valid).  It is used for the check, with three
project rules on top: stdnum also accepts 13 digits without a dash and dots as separators
(accepted here when a person types a code, then written back as ``XXXXXXXXXX-YYY``
because the XML field holds the dashed form — but refused in an XML file, which must
carry the legal form: ``strict=True``); stdnum refuses a serial of ``0000000`` (kept: no
such MST is issued).

Tax identification (seller and buyer alike, :func:`validate_tax_id`): a 10-digit MST, a
13-digit branch MST, or — from 2025-07-01 (Circular 86/2024) — the 12-digit personal
identification number of an individual or a household business, which has no check digit
but a province code.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from dataclasses import dataclass

from stdnum import exceptions as stdnum_exceptions
from stdnum.vn import mst as stdnum_mst

from . import money, regimes
from .errors import InvalidCode
from .model import KIND_CASH_REGISTER, KIND_CODED, KIND_UNCODED, KINDS

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

# Province codes of the 12-digit personal identification number (CCCD), Circular
# 07/2016/TT-BCA as amended by 59/2021/TT-BCA: the 63 provinces before the 2025 merger.
# Numbers already issued keep their code after the merger, so the list stays valid.
PERSONAL_ID_PROVINCES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
    "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
    "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
    "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
})

SYMBOL_RE = re.compile(r"^[CK]\d{2}[TDLMNBGHXF][A-Z0-9]{2}$")
CASH_REGISTER_RE = re.compile(r"^M([1-9])-(\d{2})-([A-Z0-9]{5})-(\d{11})$")
TAX_AUTHORITY_CODE_RE = re.compile(r"^[0-9A-F]{34}$")
VAT_RATE_RE = re.compile(r"^(0%|5%|8%|10%|KCT|KKKNT|KHAC|KHAC:\d{1,2}(\.\d{1,2})?%)$")

MAX_INVOICE_NUMBER = 99_999_999
MAX_CASH_REGISTER_SEQUENCE = 99_999_999_999

TAX_ID_MST = "mst"
TAX_ID_MST_BRANCH = "mst_branch"
TAX_ID_PERSONAL = "personal_id"
TAX_ID_UNKNOWN = "unknown"


def _fail(field: str, rule: str, message: str, message_vi: str):
    raise InvalidCode(field, rule, message, message_vi)


def _text(field: str, value) -> str:
    if not isinstance(value, str):
        _fail(field, "code.type", f"expected text, got {type(value).__name__}",
              "giá trị phải là chuỗi ký tự")
    return value.strip()


# --- tax identification -------------------------------------------------------------------

def mst_check_digit(first_nine: str) -> int | None:
    """Check digit of an MST from its first nine digits; None when none exists (r == 0)."""
    remainder = sum(int(d) * w for d, w in zip(first_nine[:9], MST_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return None
    return (10 - remainder) % 10


def validate_mst(value: str, field: str = "MST", strict: bool = False) -> str:
    """Normalised MST: ``XXXXXXXXXX`` or ``XXXXXXXXXX-YYY`` (branch, not ``000``).

    ``strict``: the text must already be in that legal form (an XML file), not typed with
    spaces, dots or a missing dash.
    """
    text = _text(field, value)
    compact = re.sub(r"[\s.\-]", "", text)
    if not compact.isdigit() or not compact.isascii():
        _fail(field, "mst.digits", f"tax code {text!r} must contain only digits and one '-'",
              f"mã số thuế {text!r} chỉ được gồm chữ số và một dấu '-'")
    if len(compact) not in (10, 13):
        _fail(field, "mst.length",
              f"tax code {text!r} has {len(compact)} digits: a tax code has 10 digits, "
              f"10 + '-' + 3 for a branch, or 12 for a personal identification number",
              f"mã số thuế {text!r} có {len(compact)} chữ số: mã số thuế gồm 10 chữ số, "
              f"10 chữ số + '-' + 3 chữ số (đơn vị phụ thuộc) hoặc 12 chữ số (số định danh "
              f"cá nhân)")
    if len(compact) == 13 and compact[10:] == "000":
        _fail(field, "mst.branch", f"branch suffix of {text!r} cannot be 000",
              f"mã đơn vị phụ thuộc của {text!r} không được là 000")
    if mst_check_digit(compact[:9]) is None:
        _fail(field, "mst.checksum",
              f"tax code {text!r} is invalid: its first nine digits admit no check digit",
              f"mã số thuế {text!r} không hợp lệ: chín chữ số đầu không có chữ số kiểm tra")
    try:
        stdnum_mst.validate(compact)
    except stdnum_exceptions.InvalidChecksum:
        _fail(field, "mst.checksum", f"check digit of tax code {text!r} is wrong",
              f"chữ số kiểm tra của mã số thuế {text!r} không đúng")
    except stdnum_exceptions.ValidationError:
        _fail(field, "mst.serial", f"tax code {text!r} has a zero serial number",
              f"mã số thuế {text!r} có số thứ tự bằng 0")
    normalised = compact if len(compact) == 10 else f"{compact[:10]}-{compact[10:]}"
    if strict and text != normalised:
        _fail(field, "mst.form", f"tax code {text!r} must be written {normalised!r}",
              f"mã số thuế {text!r} phải được ghi là {normalised!r}")
    return normalised


def is_valid_mst(value: str) -> bool:
    try:
        validate_mst(value)
    except InvalidCode:
        return False
    return True


def validate_personal_id(value: str, field: str = "CCCDan") -> str:
    """12-digit personal identification number; no check digit exists, only the province."""
    text = _text(field, value)
    compact = re.sub(r"\s", "", text)
    if len(compact) != 12 or not compact.isdigit() or not compact.isascii():
        _fail(field, "personal_id.format", f"personal ID {text!r} must be exactly 12 digits",
              f"số định danh cá nhân {text!r} phải gồm đúng 12 chữ số")
    if compact[:3] not in PERSONAL_ID_PROVINCES:
        _fail(field, "personal_id.province",
              f"personal ID {text!r} starts with {compact[:3]}, not a province code",
              f"số định danh cá nhân {text!r} có mã tỉnh {compact[:3]} không tồn tại")
    return compact


def validate_tax_id(value: str, field: str = "MST", strict: bool = False) -> str:
    """Seller's or buyer's tax code: an MST (10 digits, or 10 + '-' + 3) or, from
    2025-07-01 (Circular 86/2024), the 12-digit personal identification number of an
    individual or household business.  Returns the legal form; ``strict`` as for
    :func:`validate_mst`."""
    text = _text(field, value)
    compact = re.sub(r"\s", "", text)
    if len(compact) == 12 and compact.isdigit() and compact.isascii():
        normalised = validate_personal_id(compact, field)
        if strict and text != normalised:
            _fail(field, "mst.form", f"tax code {text!r} must be written {normalised!r}",
                  f"mã số thuế {text!r} phải được ghi là {normalised!r}")
        return normalised
    return validate_mst(text, field, strict=strict)


validate_buyer_tax_id = validate_buyer_id = validate_seller_tax_id = validate_tax_id


def normalise_tax_id(value: str) -> str:
    """The legal form of a typed tax code, or the text unchanged when it is not one (the
    check that refuses it runs elsewhere, with the record's name in its message)."""
    try:
        return validate_tax_id(value or "")
    except InvalidCode:
        return (value or "").strip()


def explain_tax_id(value: str) -> tuple[bool, str, str, str]:
    """``(ok, kind, reason_en, reason_vi)`` for the command line ``mst`` check."""
    try:
        normalised = validate_tax_id(value, "MST")
    except InvalidCode as error:
        return False, TAX_ID_UNKNOWN, error.message, error.message_vi
    if len(normalised) == 12:
        return (True, TAX_ID_PERSONAL,
                f"{normalised}: 12-digit personal identification number (province "
                f"{normalised[:3]}), valid as a tax code from 2025-07-01",
                f"{normalised}: số định danh cá nhân 12 chữ số (mã tỉnh {normalised[:3]}), "
                f"dùng làm mã số thuế từ 01/07/2025")
    if "-" in normalised:
        return (True, TAX_ID_MST_BRANCH,
                f"{normalised}: tax code of dependent unit {normalised[11:]} of "
                f"{normalised[:10]}, check digit correct",
                f"{normalised}: mã số thuế đơn vị phụ thuộc {normalised[11:]} của "
                f"{normalised[:10]}, chữ số kiểm tra đúng")
    return (True, TAX_ID_MST,
            f"{normalised}: 10-digit tax code, check digit correct",
            f"{normalised}: mã số thuế 10 chữ số, chữ số kiểm tra đúng")


# --- form, symbol, number -----------------------------------------------------------------

def validate_form(form, on_date: datetime.date) -> str:
    """Form digit (``KHMSHDon``): 1–6 before 2025-06-01, 1–9 from then."""
    if isinstance(form, int) and not isinstance(form, bool):
        form = str(form)
    text = _text("KHMSHDon", form)
    regime = regimes.regime_on(on_date)
    if text not in regime.forms:
        _fail("KHMSHDon", "form.digit",
              f"form {text!r} is not allowed on {on_date.isoformat()} "
              f"(allowed: {', '.join(regime.forms)} under decree {regime.decree})",
              f"ký hiệu mẫu số {text!r} không được dùng vào ngày "
              f"{on_date.strftime('%d/%m/%Y')} (cho phép: {', '.join(regime.forms)})")
    return text


def validate_symbol(symbol: str, on_date: datetime.date, kind: str | None = None) -> str:
    """Invoice symbol (``KHHDon``) such as ``C26TAA`` checked against date and kind."""
    text = _text("KHHDon", symbol)
    if not SYMBOL_RE.match(text):
        _fail("KHHDon", "symbol.format",
              f"symbol {text!r} must be C or K, two year digits, a type letter and two "
              f"characters (e.g. C26TAA)",
              f"ký hiệu {text!r} phải gồm C hoặc K, hai số năm, một chữ cái loại hóa đơn và "
              f"hai ký tự (ví dụ C26TAA)")
    if int(text[1:3]) != on_date.year % 100:
        _fail("KHHDon", "symbol.year",
              f"symbol {text!r} carries year {text[1:3]} but the invoice is dated "
              f"{on_date.isoformat()}",
              f"ký hiệu {text!r} mang năm {text[1:3]} nhưng hóa đơn lập ngày "
              f"{on_date.strftime('%d/%m/%Y')}")
    regime = regimes.regime_on(on_date)
    letter = text[3]
    if letter not in regime.symbol_letters:
        _fail("KHHDon", "symbol.letter",
              f"type letter {letter} of {text!r} is not allowed on {on_date.isoformat()} "
              f"(allowed: {''.join(regime.symbol_letters)})",
              f"chữ cái {letter} của ký hiệu {text!r} chưa được dùng vào ngày "
              f"{on_date.strftime('%d/%m/%Y')}")
    if kind is not None:
        _check_symbol_kind(text, kind)
    return text


def _check_symbol_kind(symbol: str, kind: str) -> None:
    if kind not in KINDS:
        _fail("KHHDon", "symbol.kind", f"unknown invoice kind {kind!r}",
              f"loại hóa đơn không hợp lệ: {kind!r}")
    if kind == KIND_CASH_REGISTER:
        if symbol[3] != "M":
            _fail("KHHDon", "symbol.cash_register",
                  f"cash-register invoice symbol {symbol!r} must have letter M in 4th place",
                  f"ký hiệu hóa đơn máy tính tiền {symbol!r} phải có chữ M ở vị trí thứ 4")
        check_cash_register_symbol(symbol)
        return
    expected = "C" if kind == KIND_CODED else "K"
    if symbol[0] != expected:
        label_en = "coded" if kind == KIND_CODED else "uncoded"
        label_vi = "có mã" if kind == KIND_CODED else "không có mã"
        _fail("KHHDon", "symbol.coded",
              f"{label_en} invoice symbol {symbol!r} must start with {expected}",
              f"ký hiệu hóa đơn {label_vi} {symbol!r} phải bắt đầu bằng {expected}")


def check_cash_register_symbol(symbol: str) -> None:
    """A cash-register invoice (letter M) carries a code generated with the tax
    authority's data (the M-code), so its symbol starts with C, never K."""
    if len(symbol) >= 4 and symbol[3] == "M" and symbol[0] != "C":
        _fail("KHHDon", "symbol.cash_register_coded",
              f"cash-register invoice symbol {symbol!r} must start with C: cash-register "
              f"invoices carry a code (e.g. C{symbol[1:3]}M{symbol[4:]})",
              f"ký hiệu hóa đơn máy tính tiền {symbol!r} phải bắt đầu bằng C: hóa đơn khởi "
              f"tạo từ máy tính tiền có mã (ví dụ C{symbol[1:3]}M{symbol[4:]})")


def suggest_symbol(kind: str, on_date: datetime.date, suffix: str = "AA") -> str:
    """A valid symbol for a new series: C/K, the year, T (or M for cash registers), suffix."""
    if kind not in KINDS:
        _fail("KHHDon", "symbol.kind", f"unknown invoice kind {kind!r}",
              f"loại hóa đơn không hợp lệ: {kind!r}")
    first = "K" if kind == KIND_UNCODED else "C"
    letter = "M" if kind == KIND_CASH_REGISTER else "T"
    return validate_symbol(f"{first}{on_date.year % 100:02d}{letter}{suffix}", on_date, kind)


def validate_invoice_number(number, field: str = "SHDon") -> int:
    """Invoice number: 1 to 99 999 999 (at most 8 digits); digit strings are accepted."""
    if isinstance(number, str) and number.strip().isdigit() and number.strip().isascii():
        number = int(number.strip())
    if not isinstance(number, int) or isinstance(number, bool):
        _fail(field, "number.type", f"invoice number {number!r} must be a whole number",
              f"số hóa đơn {number!r} phải là số nguyên")
    if not 1 <= number <= MAX_INVOICE_NUMBER:
        _fail(field, "number.range",
              f"invoice number {number} must be between 1 and {MAX_INVOICE_NUMBER}",
              f"số hóa đơn {number} phải từ 1 đến {MAX_INVOICE_NUMBER}")
    return number


# --- cash-register and tax-authority codes ------------------------------------------------

@dataclass(frozen=True)
class CashRegisterCode:
    """The 23-character code ``M<form>-<YY>-<5 chars from the authority>-<11 digits>``."""

    form: str
    year: int  # two digits, as in the code
    authority_string: str
    sequence: int

    def __str__(self) -> str:
        return f"M{self.form}-{self.year:02d}-{self.authority_string}-{self.sequence:011d}"


def make_cash_register_code(form, year: int, authority_string: str, sequence: int) -> str:
    """Build a cash-register code; ``year`` may be given with four or two digits."""
    form_text = str(form)
    if not re.fullmatch(r"[1-9]", form_text):
        _fail("MCCQT", "cash_register.form", f"form {form!r} must be one digit 1–9",
              f"ký hiệu mẫu số {form!r} phải là một chữ số từ 1 đến 9")
    if not isinstance(year, int) or isinstance(year, bool) or not 0 <= year <= 9999:
        _fail("MCCQT", "cash_register.year", f"year {year!r} is not a year",
              f"năm {year!r} không hợp lệ")
    if not isinstance(authority_string, str) or not re.fullmatch(r"[A-Z0-9]{5}",
                                                                 authority_string):
        _fail("MCCQT", "cash_register.authority_string",
              f"{authority_string!r} must be the 5 upper-case letters or digits issued by "
              f"the tax authority",
              f"{authority_string!r} phải là chuỗi 5 chữ in hoa hoặc chữ số do cơ quan thuế cấp")
    if (not isinstance(sequence, int) or isinstance(sequence, bool)
            or not 1 <= sequence <= MAX_CASH_REGISTER_SEQUENCE):
        _fail("MCCQT", "cash_register.sequence",
              f"sequence {sequence!r} must be between 1 and {MAX_CASH_REGISTER_SEQUENCE}",
              f"số thứ tự {sequence!r} phải từ 1 đến {MAX_CASH_REGISTER_SEQUENCE}")
    return str(CashRegisterCode(form_text, year % 100, authority_string, sequence))


def parse_cash_register_code(code: str) -> CashRegisterCode:
    text = _text("MCCQT", code)
    match = CASH_REGISTER_RE.match(text)
    if not match:
        _fail("MCCQT", "cash_register.format",
              f"cash-register code {text!r} must look like M1-26-ABCDE-00000000001",
              f"mã hóa đơn máy tính tiền {text!r} phải có dạng M1-26-ABCDE-00000000001")
    form, year, authority_string, sequence = match.groups()
    if int(sequence) == 0:
        _fail("MCCQT", "cash_register.sequence",
              f"sequence of cash-register code {text!r} cannot be zero",
              f"số thứ tự của mã {text!r} không được bằng 0")
    return CashRegisterCode(form, int(year), authority_string, int(sequence))


def validate_cash_register_code(code: str, on_date: datetime.date | None = None,
                                form: str | None = None) -> str:
    """Check the structure and, given the invoice date, its year and form digit; given
    the invoice's form (``KHMSHDon``), the code's form digit must be the same."""
    parsed = parse_cash_register_code(code)
    if form is not None and parsed.form != str(form).strip():
        _fail("MCCQT", "cash_register.form_mismatch",
              f"cash-register code {code!r} carries form {parsed.form} but the invoice is of "
              f"form {str(form).strip()} (KHMSHDon)",
              f"mã {code!r} mang mẫu số {parsed.form} nhưng hóa đơn có ký hiệu mẫu số "
              f"{str(form).strip()} (KHMSHDon)")
    if on_date is not None:
        if parsed.year != on_date.year % 100:
            _fail("MCCQT", "cash_register.year",
                  f"cash-register code {code!r} carries year {parsed.year:02d} but the "
                  f"invoice is dated {on_date.isoformat()}",
                  f"mã {code!r} mang năm {parsed.year:02d} nhưng hóa đơn lập ngày "
                  f"{on_date.strftime('%d/%m/%Y')}")
        validate_form(parsed.form, on_date)
    return str(parsed)


def validate_tax_authority_code(code: str) -> str:
    """MCCQT of a coded invoice: 34 upper-case hexadecimal characters."""
    text = _text("MCCQT", code)
    if not TAX_AUTHORITY_CODE_RE.match(text):
        _fail("MCCQT", "tax_authority_code.format",
              f"tax authority code {text!r} must be 34 characters 0-9 A-F",
              f"mã của cơ quan thuế {text!r} phải gồm 34 ký tự 0-9 A-F")
    return text


def make_tax_authority_code(seed: bytes | str | None = None) -> str:
    """A sandbox MCCQT: ``00`` + 32 hex digits, random or derived from ``seed``."""
    if seed is None:
        digest = uuid.uuid4().hex
    else:
        data = seed.encode() if isinstance(seed, str) else bytes(seed)
        digest = hashlib.sha256(data).hexdigest()[:32]
    return "00" + digest.upper()


# --- VAT rate, text length ----------------------------------------------------------------

def validate_vat_rate(code: str, on_date: datetime.date | None = None,
                      field: str = "TSuat") -> str:
    """VAT rate code of Phụ lục V; the reduced 8 % only where a resolution allows it."""
    text = _text(field, code)
    if not VAT_RATE_RE.match(text):
        _fail(field, "vat_rate.code",
              f"VAT rate {text!r} must be one of 0%, 5%, 8%, 10%, KCT, KKKNT, KHAC or "
              f"KHAC:AB.CD%",
              f"thuế suất {text!r} phải là 0%, 5%, 8%, 10%, KCT, KKKNT, KHAC hoặc KHAC:AB.CD%")
    if text == "8%" and on_date is not None and not money.reduced_rate_allowed(on_date):
        ended = regimes.last_vat_reduction_before(on_date)
        if ended is not None:
            _fail(field, "vat_rate.reduced_expired",
                  f"the reduced 8% rate does not apply on {on_date.isoformat()}: Resolution "
                  f"{ended.resolution} allowed it until {ended.valid_to.isoformat()}; use 10% "
                  f"(8% stays only on adjustments and replacements of invoices dated within "
                  f"a reduction period)",
                  f"thuế suất 8% không áp dụng cho ngày {on_date.strftime('%d/%m/%Y')}: Nghị "
                  f"quyết {ended.resolution} chỉ cho phép đến hết ngày "
                  f"{ended.valid_to.strftime('%d/%m/%Y')}; hãy dùng 10% (8% chỉ còn dùng khi "
                  f"điều chỉnh, thay thế hóa đơn lập trong thời gian được giảm thuế)")
        _fail(field, "vat_rate.reduced_expired",
              f"the reduced 8% rate does not apply on {on_date.isoformat()}: no resolution "
              f"reduced VAT on that date",
              f"thuế suất 8% không áp dụng cho ngày {on_date.strftime('%d/%m/%Y')}: không có "
              f"nghị quyết giảm thuế GTGT vào ngày đó")
    return text


def check_length(field: str, value: str, max_len: int) -> str:
    """Refuse text longer than the XML field allows (``field`` names the tag)."""
    if value is not None and len(value) > max_len:
        _fail(field, "length.max",
              f"{field} has {len(value)} characters, at most {max_len} allowed",
              f"{field} có {len(value)} ký tự, tối đa {max_len} ký tự")
    return value
