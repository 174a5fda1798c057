"""Amount in Vietnamese words, as printed in ``TgTTTBChu`` (max 255 characters).

No statute fixes the spelling; invoices accepted by the tax authority vary ("nghìn" or
"ngàn", "linh" or "lẻ", a trailing "chẵn").  The default follows the most common invoice
convention, and the variants are keyword options so that a company can match what its
provider or its customers expect:

* groups of three digits after the first one keep "không trăm" (1 005 → "một nghìn không
  trăm linh năm") so that the words cannot be read as another number;
* groups that are entirely zero are skipped (1 000 500 → "một triệu năm trăm");
* "mốt" for a final 1 after tens of twenty or more, "lăm" for a final 5 after any tens,
  "linh" (or "lẻ") when the tens are zero after hundreds;
* beyond "tỷ" (10^9) the scale words compound: 10^12 "nghìn tỷ", 10^15 "triệu tỷ",
  10^18 "tỷ tỷ"; there is no upper limit;
* the currency name comes last.  Hundredths of a foreign currency are read as
  "… và <n> xu": "xu" is the generic Vietnamese word for a hundredth of a currency unit and
  avoids one word per currency (cent, penny, sen…).  VND has no subunit: amounts are
  rounded to whole đồng before being read;
* negative amounts (decreasing adjustments) start with "Âm".
"""

from __future__ import annotations

from decimal import Decimal

from . import money

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Currency names for the ISO 4217 codes most used on Vietnamese invoices; an unknown code
# is written as the code itself, which stays unambiguous for the reader.
CURRENCY_NAMES = {
    "VND": "đồng",
    "USD": "đô la Mỹ",
    "EUR": "euro",
    "JPY": "yên Nhật",
    "CNY": "nhân dân tệ",
    "GBP": "bảng Anh",
    "KRW": "won Hàn Quốc",
    "SGD": "đô la Singapore",
    "AUD": "đô la Úc",
    "CAD": "đô la Canada",
    "HKD": "đô la Hồng Kông",
    "TWD": "Đài tệ",
    "THB": "baht Thái Lan",
    "CHF": "franc Thụy Sĩ",
    "LAK": "kíp Lào",
    "KHR": "riel Campuchia",
}

SUBUNIT_NAME = "xu"
NEGATIVE_WORD = "Âm"
EVEN_WORD = "chẵn"


def currency_name(currency: str) -> str:
    """The Vietnamese name of a currency, or its ISO code when no name is known."""
    code = (currency or "VND").upper()
    return CURRENCY_NAMES.get(code, code)


def _tens_and_units(tens: int, units: int, after_hundreds: bool, zero_tens: str) -> list[str]:
    if tens == 0:
        if units == 0:
            return []
        return ([zero_tens] if after_hundreds else []) + [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(value: int, full: bool, zero_tens: str) -> list[str]:
    """Words for 0 < value < 1000; ``full`` reads the hundreds even when they are zero."""
    hundreds, tens, units = value // 100, (value // 10) % 10, value % 10
    words = [DIGITS[hundreds], "trăm"] if (full or hundreds) else []
    return words + _tens_and_units(tens, units, bool(words), zero_tens)


def _below_billion(value: int, full: bool, thousand: str, zero_tens: str) -> list[str]:
    words: list[str] = []
    started = full
    for group, scale in (((value // 10**6) % 1000, "triệu"),
                         ((value // 1000) % 1000, thousand),
                         (value % 1000, "")):
        if group == 0:
            continue
        words += _group(group, started, zero_tens)
        if scale:
            words.append(scale)
        started = True
    return words


def number_words(value: int, *, thousand: str = "nghìn", zero_tens: str = "linh",
                 billion: str = "tỷ", full: bool = False) -> list[str]:
    """The words of a non-negative integer, lower case, as a list.

    Above 10^9 the number is split as ``high × 10^9 + low`` and ``high`` is read
    recursively, which yields "nghìn tỷ", "triệu tỷ", "tỷ tỷ" without a table of scales.
    """
    if value < 0:
        raise ValueError("number_words() takes a non-negative integer")
    if value == 0:
        return [DIGITS[0]]
    if value >= 10**9:
        high, low = divmod(value, 10**9)
        words = number_words(high, thousand=thousand, zero_tens=zero_tens,
                             billion=billion, full=full)
        words.append(billion)
        if low:
            words += _below_billion(low, True, thousand, zero_tens)
        return words
    return _below_billion(value, full, thousand, zero_tens)


def amount_in_words(amount: Decimal, currency: str = "VND", *, thousand: str = "nghìn",
                    zero_tens: str = "linh", even: bool = False, billion: str = "tỷ") -> str:
    """``TgTTTBChu`` for ``amount`` in ``currency``, e.g. "Một trăm linh năm đồng".

    Variants: ``thousand="ngàn"``, ``zero_tens="lẻ"``, ``billion="tỉ"``; ``even=True``
    appends "chẵn" when the amount has no hundredths.
    """
    if not isinstance(amount, (Decimal, int)) or isinstance(amount, bool):
        raise TypeError("amount_in_words() takes a Decimal (never a float)")
    rounded = money.round_money(Decimal(amount), currency)
    negative = rounded < 0
    magnitude = -rounded if negative else rounded
    whole = int(magnitude)
    hundredths = int((magnitude - whole) * 100)
    variants = {"thousand": thousand, "zero_tens": zero_tens, "billion": billion}
    words = number_words(whole, **variants)
    words.append(currency_name(currency))
    if hundredths:
        words.append("và")
        words += number_words(hundredths, **variants)
        words.append(SUBUNIT_NAME)
    elif even:
        words.append(EVEN_WORD)
    if negative:
        words.insert(0, NEGATIVE_WORD.lower())
    text = " ".join(words)
    return text[0].upper() + text[1:]
