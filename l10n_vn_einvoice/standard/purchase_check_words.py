"""A received e-invoice's findings in words a bookkeeper reads (pure, no Odoo).

The inbound rules speak the format's language — ``LTSuat/TThue of rate 10% is 84000``,
a library's ``Only base64 data is allowed`` — which is right for the provider's support
and wrong on a bill.  Here each finding the bill shows becomes what is wrong, with the
amounts in the Vietnamese format (``1.234.567 ₫``), taken from the invoice itself; the
technical text stays in the check's ``detail`` for whoever asks the supplier's provider.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import model, money
from .purchase_bill import vat_disagreements

ZERO = Decimal(0)
_INDEX = re.compile(r"(HHDVu|LTSuat)(?:\[(\d+)\])?/[^/]+$")


def amount_text(value, currency: str = "VND") -> str:
    """``1.234.567 ₫`` (VND) or ``1.234,50 USD``."""
    unit = "₫" if (currency or "VND").upper() == "VND" else currency
    return f"{money.format_amount_vi(Decimal(value or 0), currency or 'VND')} {unit}"


def _index(xpath: str) -> int:
    match = _INDEX.search(xpath or "")
    return int(match.group(2) or 1) - 1 if match else 0


def _rate_words(invoice, xpath):
    groups = invoice.totals.by_rate
    group = groups[_index(xpath)] if _index(xpath) < len(groups) else None
    found = [d for d in vat_disagreements(invoice)
             if group is None or d.rate_code == group.vat_rate]
    if not found:
        return None
    d, cur = found[0], invoice.currency
    return (f"the VAT at {d.rate_code} is {amount_text(d.vat, cur)} on "
            f"{amount_text(d.amount, cur)}, where {d.rate_code} gives "
            f"{amount_text(d.expected, cur)}",
            f"tiền thuế GTGT {d.rate_code} là {amount_text(d.vat, cur)} trên "
            f"{amount_text(d.amount, cur)}, trong khi {d.rate_code} cho "
            f"{amount_text(d.expected, cur)}")


def _line_words(invoice, xpath):
    index = _index(xpath)
    if index >= len(invoice.lines):
        return None
    line, cur = invoice.lines[index], invoice.currency
    gross = (line.quantity or ZERO) * (line.unit_price or ZERO)
    expected = gross - (line.discount_amount or ZERO)
    return (f"line {line.seq or index + 1} ({line.name}): its amount "
            f"{amount_text(line.amount, cur)} is not quantity × unit price less discount "
            f"({amount_text(expected, cur)})",
            f"dòng {line.seq or index + 1} ({line.name}): thành tiền "
            f"{amount_text(line.amount, cur)} không bằng số lượng × đơn giá trừ chiết khấu "
            f"({amount_text(expected, cur)})")


def _rate_amount_words(invoice, xpath):
    groups = invoice.totals.by_rate
    index = _index(xpath)
    if index >= len(groups):
        return None
    group, cur = groups[index], invoice.currency
    lines = sum((ln.amount or ZERO) * (-1 if ln.nature == model.TRADE_DISCOUNT else 1)
                for ln in invoice.lines
                if ln.vat_rate == group.vat_rate and ln.nature != model.NOTE)
    return (f"the amount before VAT at {group.vat_rate} is {amount_text(group.amount, cur)}, "
            f"its lines add up to {amount_text(lines, cur)}",
            f"tiền chưa thuế của thuế suất {group.vat_rate} là "
            f"{amount_text(group.amount, cur)}, các dòng hàng cộng lại là "
            f"{amount_text(lines, cur)}")


def _totals_words(invoice, rule):
    totals, cur = invoice.totals, invoice.currency
    by_rate_amount = sum((g.amount or ZERO for g in totals.by_rate), ZERO)
    by_rate_vat = sum((g.vat or ZERO for g in totals.by_rate), ZERO)
    if rule == "arithmetic.total_untaxed":
        return (f"the total before VAT is {amount_text(totals.amount_untaxed, cur)}, the "
                f"rates add up to {amount_text(by_rate_amount, cur)}",
                f"tổng tiền chưa thuế là {amount_text(totals.amount_untaxed, cur)}, các "
                f"thuế suất cộng lại là {amount_text(by_rate_amount, cur)}")
    if rule == "arithmetic.total_vat":
        return (f"the total VAT is {amount_text(totals.vat, cur)}, the VAT per rate adds up "
                f"to {amount_text(by_rate_vat, cur)}",
                f"tổng tiền thuế là {amount_text(totals.vat, cur)}, tiền thuế các thuế suất "
                f"cộng lại là {amount_text(by_rate_vat, cur)}")
    if rule == "arithmetic.total":
        fees = sum((fee.amount or ZERO for fee in totals.fees), ZERO)
        expected = ((totals.amount_untaxed or ZERO) + (totals.vat or ZERO) + fees
                    - (totals.other_deduction or ZERO))
        return (f"the total to pay is {amount_text(totals.total, cur)}, the amount before "
                f"VAT plus VAT gives {amount_text(expected, cur)}",
                f"tổng tiền thanh toán là {amount_text(totals.total, cur)}, tiền chưa thuế "
                f"cộng tiền thuế là {amount_text(expected, cur)}")
    if rule == "arithmetic.words":
        return (f"the amount in words does not spell the total "
                f"{amount_text(totals.total, cur)}",
                f"số tiền bằng chữ không khớp tổng tiền {amount_text(totals.total, cur)}")
    return None


GENERIC = {
    "arithmetic.rate_missing": ("a VAT rate used by the lines is missing from the VAT "
                                "summary per rate",
                                "bảng tổng hợp theo thuế suất thiếu một thuế suất mà các "
                                "dòng hàng sử dụng"),
    "arithmetic.rate_duplicate": ("the VAT summary per rate lists a rate twice",
                                  "bảng tổng hợp theo thuế suất ghi một thuế suất hai lần"),
}


def content_words(finding, invoice: model.Invoice | None) -> tuple[str, str]:
    """(English, Vietnamese) of one inbound finding, for the bill."""
    words = None
    if invoice is not None:
        if finding.rule == "arithmetic.rate_vat":
            words = _rate_words(invoice, finding.xpath)
        elif finding.rule == "arithmetic.line_amount":
            words = _line_words(invoice, finding.xpath)
        elif finding.rule == "arithmetic.rate_amount":
            words = _rate_amount_words(invoice, finding.xpath)
        else:
            words = _totals_words(invoice, finding.rule)
    if words is None:
        words = GENERIC.get(finding.rule)
    if words is None:
        words = ("the file does not follow the tax authority's format: ask the seller to "
                 "have their e-invoice provider check it",
                 "tệp không đúng định dạng của cơ quan thuế: hãy đề nghị người bán nhờ nhà "
                 "cung cấp hóa đơn điện tử kiểm tra")
    return words


SIGNATURE_WORDS = {
    "seller": ("the seller's digital signature does not hold: the file was changed after "
               "it was signed, or its certificate is missing; ask the seller for the "
               "original file",
               "chữ ký số của người bán không hợp lệ: tệp đã bị sửa sau khi ký hoặc thiếu "
               "chứng thư số; hãy đề nghị người bán gửi lại tệp gốc"),
    "tax_authority": ("the tax authority's digital signature does not hold: the file was "
                      "changed after the tax authority coded it, or its certificate is "
                      "missing; look the invoice up on the tax authority's portal",
                      "chữ ký số của cơ quan thuế không hợp lệ: tệp đã bị sửa sau khi cơ "
                      "quan thuế cấp mã hoặc thiếu chứng thư số; hãy tra cứu hóa đơn trên "
                      "cổng thông tin của cơ quan thuế"),
}


def signature_words(role: str) -> tuple[str, str]:
    return SIGNATURE_WORDS.get(role, (
        "a digital signature of the file does not hold: the file was changed after it was "
        "signed, or its certificate is missing",
        "một chữ ký số trên tệp không hợp lệ: tệp đã bị sửa sau khi ký hoặc thiếu chứng "
        "thư số"))


UNREADABLE_WORDS = (
    "the file is not an e-invoice in the tax authority's XML format that can be read: ask "
    "the seller for the XML file their e-invoice provider issued",
    "tệp không phải là hóa đơn điện tử đọc được theo định dạng XML của cơ quan thuế: hãy "
    "đề nghị người bán gửi tệp XML do nhà cung cấp hóa đơn điện tử của họ phát hành")
SEVERAL_INVOICES_WORDS = (
    "the file does not hold exactly one invoice: import each invoice's own XML file",
    "tệp không chứa đúng một hóa đơn: hãy nhập tệp XML riêng của từng hóa đơn")


def unreadable_words(findings) -> tuple[str, str]:
    """(English, Vietnamese) of a file the inbound rules could not read as one invoice;
    the findings themselves (tags, rules) go to the server's log, not to the bill."""
    if any(finding.rule == "inbound.invoice_count" for finding in findings):
        return SEVERAL_INVOICES_WORDS
    return UNREADABLE_WORDS
