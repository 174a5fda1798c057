"""Problems of the standard core said in words a person can act on.

The standard core names where a value breaks a rule by XPath (``/HDon/DLHDon/NDHDon/NMua/
MST``) and the rule (``mst.checksum``).  An accountant or a cashier needs the record and
the field: "Customer Công ty ABC: the tax code (MST) is not valid: check digit of tax code
'0100109107' is wrong. Correct it on the customer.", and, where Odoo allows it, a button
that opens that customer.  The core's own messages are kept as the reason; the XPath
goes to the server log and to one last "technical detail" line for support.
"""

import logging
import re

from odoo.exceptions import RedirectWarning, UserError

_logger = logging.getLogger(__name__)

# XPath tail (indices removed) → (whose field, the field in English, in Vietnamese)
PLACES = {
    "NMua/MST": ("buyer", "tax code (MST)", "mã số thuế (MST)"),
    "NMua/CCCDan": ("buyer", "personal ID", "số định danh cá nhân"),
    "NMua/SHChieu": ("buyer", "passport number", "số hộ chiếu"),
    "NMua/MDVQHNSach": ("buyer", "budget-unit code", "mã đơn vị quan hệ ngân sách"),
    "NMua/Ten": ("buyer", "name", "tên"),
    "NMua/HVTNMHang": ("buyer", "contact name", "họ tên người mua hàng"),
    "NMua/DChi": ("buyer", "address", "địa chỉ"),
    "NMua/DCTDTu": ("buyer", "e-mail address", "địa chỉ thư điện tử"),
    "NMua/SDThoai": ("buyer", "phone number", "số điện thoại"),
    "NMua/MKHang": ("buyer", "reference", "mã khách hàng"),
    "NBan/MST": ("seller", "tax code (MST)", "mã số thuế (MST)"),
    "NBan/Ten": ("seller", "legal name", "tên"),
    "NBan/DChi": ("seller", "legal address", "địa chỉ"),
    "NBan/SDThoai": ("seller", "phone number", "số điện thoại"),
    "NBan/DCTDTu": ("seller", "e-mail address", "địa chỉ thư điện tử"),
    "NBan/STKNHang": ("seller", "bank account", "số tài khoản ngân hàng"),
    "HHDVu/THHDVu": ("line", "description", "tên hàng hóa, dịch vụ"),
    "HHDVu/MHHDVu": ("line", "product reference", "mã hàng hóa, dịch vụ"),
    "HHDVu/DVTinh": ("line", "unit of measure", "đơn vị tính"),
    "HHDVu/SLuong": ("line", "quantity", "số lượng"),
    "HHDVu/DGia": ("line", "unit price", "đơn giá"),
    "HHDVu/TSuat": ("line", "VAT rate", "thuế suất"),
    "HHDVu/ThTien": ("line", "amount", "thành tiền"),
    "TTChung/KHMSHDon": ("settings", "form digit", "ký hiệu mẫu số"),
    "TTChung/KHHDon": ("settings", "invoice symbol", "ký hiệu hóa đơn"),
    "TTChung/SHDon": ("settings", "invoice number", "số hóa đơn"),
    "TTChung/MSTTCGP": ("settings", "provider tax code", "mã số thuế tổ chức cung cấp giải pháp"),
}
# whose → (subject EN, subject VI, how to fix EN, VI)
WHOSE = {
    "buyer": ("Customer %s", "Khách hàng %s", "Correct it on the customer.",
              "Hãy sửa trên thông tin khách hàng."),
    "seller": ("Your company %s", "Công ty %s",
               "Correct it in Accounting > Configuration > Settings > Vietnam e-invoicing.",
               "Hãy sửa trong Kế toán > Cấu hình > Thiết lập > Hóa đơn điện tử Việt Nam."),
    "line": ("Line %s", "Dòng %s", "Correct the line.", "Hãy sửa dòng này."),
    "settings": ("The e-invoice settings of %s", "Cấu hình hóa đơn điện tử của %s",
                 "Correct them in Accounting > Configuration > Settings > Vietnam "
                 "e-invoicing.",
                 "Hãy sửa trong Kế toán > Cấu hình > Thiết lập > Hóa đơn điện tử Việt Nam."),
    "invoice": ("The e-invoice", "Hóa đơn điện tử", "", ""),
}


class FixableError(RedirectWarning, UserError):
    """A UserError (callers that catch UserError keep working) that the web client shows
    as a RedirectWarning: the message and a button opening the record to fix."""

    def __init__(self, message, action, button_text):
        Exception.__init__(self, message, action, button_text, None)
        # the web client picks its dialog by this name when it does not know the class
        self.context = {"exception_class": "odoo.exceptions.RedirectWarning"}

    def __str__(self):
        return self.args[0]


_INDEX = re.compile(r"\[\d+\]")
_LINE_INDEX = re.compile(r"HHDVu\[(\d+)\]")
_TOO_LONG = re.compile(r"length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'")
_TOO_SHORT = re.compile(r"length of '(\d+)'; this underruns the allowed minimum length of "
                        r"'(\d+)'")


def _place(path):
    """(whose, what EN, what VI, line number or None) of an XPath or a field name (a
    lone tag is known when only one place has it: ``KHHDon`` yes, ``Ten`` no)."""
    tail = _INDEX.sub("", path or "").rstrip("/")
    line = _LINE_INDEX.search(path or "")
    found = [place for suffix, place in PLACES.items()
             if tail == suffix or tail.endswith("/" + suffix)
             or ("/" not in tail and suffix.endswith("/" + tail))]
    if len(found) == 1:
        return (*found[0], int(line.group(1)) if line else None)
    return "invoice", "", "", None


def _reason(message, message_vi, rule):
    """The core's reason; XSD facets (technical English) said as length limits."""
    if rule == "xml.schema":
        if found := _TOO_LONG.search(message):
            return (f"it is {found[1]} characters long, at most {found[2]} are allowed",
                    f"dài {found[1]} ký tự, tối đa {found[2]} ký tự")
        if found := _TOO_SHORT.search(message):
            return (f"it is {found[1]} characters long, at least {found[2]} are needed",
                    f"dài {found[1]} ký tự, tối thiểu {found[2]} ký tự")
    return message, message_vi


class ProblemWords:
    """Words for the problems of one e-invoice being issued.

    ``buyer``: the partner to open for buyer fields (may be empty, e.g. a walk-in POS
    buyer typed at the till, then ``buyer_name`` names it); ``company``; ``lines``: the
    product records of the e-invoice lines in XML order (HHDVu[n] is ``lines[n-1]``).
    """

    def __init__(self, env, record, company, buyer=None, buyer_name="", lines=()):
        self.env = env
        self.record = record
        self.company = company
        self.buyer = buyer
        self.buyer_name = buyer_name or (buyer.display_name if buyer else "")
        self.lines = list(lines)

    def _subject(self, whose, line):
        subject_en, subject_vi = WHOSE[whose][:2]
        if whose == "buyer":
            name = self.buyer_name
        elif whose == "line":
            product = self.lines[line - 1] if line and line <= len(self.lines) else None
            name = f"{line} ({product.display_name})" if product else str(line or "")
        elif whose == "invoice":
            return subject_en, subject_vi
        else:
            name = self.company.name
        return subject_en % name, subject_vi % name

    def sentence(self, path, rule, message, message_vi):
        """(English, Vietnamese, whose, line) of one problem."""
        whose, what_en, what_vi, line = _place(path)
        subject_en, subject_vi = self._subject(whose, line)
        reason_en, reason_vi = _reason(message, message_vi, rule)
        fix_en, fix_vi = WHOSE[whose][2:]
        if what_en:
            english = f"{subject_en}: the {what_en} is not valid: {reason_en}. {fix_en}"
            vietnamese = f"{subject_vi}: {what_vi} không hợp lệ: {reason_vi}. {fix_vi}"
        else:
            english, vietnamese = f"{subject_en}: {reason_en}", f"{subject_vi}: {reason_vi}"
        return english.strip(), vietnamese.strip(), whose, line

    def message(self, problems):
        """The user message: the English sentences then the Vietnamese ones (only the
        Vietnamese in Vietnamese), then the technical detail."""
        said = [self.sentence(p.xpath, p.rule, p.message, p.message_vi) for p in problems[:10]]
        technical = "; ".join(f"{p.xpath} ({p.rule})" for p in problems[:10])
        _logger.info("e-invoice of %s refused: %s", self.record.display_name,
                     "; ".join(f"{p.xpath} [{p.rule}] {p.message}" for p in problems))
        return self.env._(
            "%(problems)s\n%(problems_vi)s\nTechnical detail: %(technical)s",
            problems="\n".join(en for en, _vi, _w, _l in said),
            problems_vi="\n".join(vi for _en, vi, _w, _l in said), technical=technical), said

    def error(self, problems):
        """A FixableError opening the record to fix when there is one, else a
        UserError."""
        text, said = self.message(problems)
        whose, line = said[0][2], said[0][3]
        action = self._action(whose, line)
        if not action:
            return UserError(text)
        return FixableError(text, action, self.env._(
            "Open the customer") if whose == "buyer" else self.env._("Open the settings")
            if whose in ("seller", "settings") else self.env._("Open the product"))

    def _action(self, whose, line):
        if whose == "buyer" and self.buyer:
            target = self.buyer
        elif whose == "line" and line and line <= len(self.lines) and self.lines[line - 1]:
            target = self.lines[line - 1].product_tmpl_id
        elif whose in ("seller", "settings"):
            return self.env["ir.actions.actions"]._for_xml_id("account.action_account_config")
        else:
            return None
        return {"type": "ir.actions.act_window", "res_model": target._name,
                "res_id": target.id, "views": [(False, "form")], "target": "current"}
