"""Decimal, integer and date text as the tax authority's XML writes them.

The format tables say "Số(21,6)": a plain decimal number with "." as separator, no
exponent and no thousands separator.  Real files trim trailing zeros inconsistently, so
the writer trims them (``10000.000000`` → ``10000``) and the reader accepts both.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from .errors import StandardError


def decimal_to_text(value: Decimal) -> str:
    """``Decimal('1.50')`` → ``'1.5'``, ``Decimal('1E+3')`` → ``'1000'``, never ``'-0'``."""
    if not isinstance(value, Decimal):
        value = Decimal(value)
    if not value.is_finite():
        raise StandardError("number", "number.finite", f"not a finite number: {value}",
                            f"không phải là số hữu hạn: {value}")
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def text_to_decimal(text: str, field: str) -> Decimal:
    """Read a number written by the tax authority's format (no exponent, "." separator)."""
    cleaned = (text or "").strip()
    if not cleaned or "e" in cleaned.lower() or "," in cleaned:
        raise StandardError(field, "number.format", f"not a plain decimal number: {text!r}",
                            f"không phải là số thập phân hợp lệ: {text!r}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise StandardError(field, "number.format", f"not a plain decimal number: {text!r}",
                            f"không phải là số thập phân hợp lệ: {text!r}") from None
    if not value.is_finite():
        raise StandardError(field, "number.format", f"not a finite number: {text!r}",
                            f"không phải là số hữu hạn: {text!r}")
    return value


def text_to_int(text: str, field: str) -> int:
    cleaned = (text or "").strip()
    # ASCII digits only: "²".isdigit() is True but int("²") fails.
    if not (cleaned.lstrip("-").isdigit() and cleaned.isascii()):
        raise StandardError(field, "number.integer", f"not an integer: {text!r}",
                            f"không phải là số nguyên: {text!r}")
    return int(cleaned)


def date_to_text(value: datetime.date) -> str:
    return value.strftime("%Y-%m-%d")


def text_to_date(text: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        raise StandardError(field, "date.format", f"not a date YYYY-MM-DD: {text!r}",
                            f"không phải ngày dạng YYYY-MM-DD: {text!r}") from None
