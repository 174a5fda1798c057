"""Validate e-invoice XML: schema, arithmetic and codes, each problem with its XPath.

Three layers, because each catches what the others cannot:

* the project's XSD (chosen by ``PBan``) checks names, order, types and lengths;
* the arithmetic rules check that lines, per-rate groups and totals add up, and that the
  amount in words says the amount in figures;
* the code rules check form digit and symbol against the issue date, the invoice number
  range, check digits of tax codes, VAT rate codes and the tax-authority code.

A problem found by the schema at some XPath hides the code problems at the same XPath:
one cause, one message.  Schemas are loaded once per thread (lxml validators keep their
error log on the object, so one instance must not serve two threads at once).
"""

from __future__ import annotations

import datetime
import os
import threading
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from lxml import etree

from . import amount_words, codes, money, regimes
from .errors import InvalidDocument, StandardError
from .safe_xml import parse_xml

XSD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xsd")
INVOICE_SCHEMAS = {"2.0.1": "hdon-2.0.1.xsd", "2.1.0": "hdon-2.1.0.xsd"}
ENVELOPE_SCHEMA = "tdiep.xsd"
NOTICE_SCHEMA = "tbao-04ss.xsd"
SUMMARY_SCHEMA = "bthdlieu-01th.xsd"
CORRECTION_LIST_SCHEMA = "bkdctt-01bk.xsd"
DELIVERY_NOTE_SCHEMA = "hdon-6-2.1.0.xsd"  # form 6 (standard/delivery_note.py)
DELIVERY_FORM = "6"
NOTICE_FORM = "04/SS-HĐĐT"
_MAX_DIGITS = 21  # totalDigits of Number21_6, the widest number of the schemas
_ARITHMETIC_PRECISION = 4 * _MAX_DIGITS  # exact products and sums of such numbers
_AMOUNT_NATURES = {1: 1, 3: -1, 5: 1}  # TChat → sign in the per-rate sums (2, 4 do not count)
_local = threading.local()
_PASSED_CHECKS: dict = {}  # (validator, text, arguments) of code checks that passed
_PASSED_CHECKS_MAX = 4096


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (XPath), what (EN + VI) and which rule."""

    xpath: str
    message: str
    message_vi: str
    rule: str


def schema(name: str) -> etree.XMLSchema:
    """The compiled XSD ``name`` of ``standard/xsd``, compiled once per thread."""
    cache = getattr(_local, "schemas", None)
    if cache is None:
        cache = _local.schemas = {}
    compiled = cache.get(name)
    if compiled is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        compiled = etree.XMLSchema(etree.parse(os.path.join(XSD_DIR, name), parser))
        cache[name] = compiled
    return compiled


def _schema_problems(name: str, element) -> list[Problem]:
    validator = schema(name)
    if validator.validate(element):
        return []
    return [Problem(error.path or "/", error.message,
                    f"Sai cấu trúc theo lược đồ XSD ({name}): {error.message}", "xml.schema")
            for error in validator.error_log]


def validate_element_schema(name: str, element) -> list[Problem]:
    """Problems of ``element`` against the project's XSD ``name`` (strict and inbound)."""
    return _schema_problems(name, element)


class _Checks:
    """Collects the problems of one document; ``path`` gives XPaths of the source tree."""

    def __init__(self, root):
        self.root = root
        self.path = root.getroottree().getpath
        self.problems: list[Problem] = []

    def add(self, node_or_path, rule: str, message: str, message_vi: str) -> None:
        xpath = node_or_path if isinstance(node_or_path, str) else self.path(node_or_path)
        self.problems.append(Problem(xpath, message, message_vi, rule))

    def code(self, node, check, *args) -> None:
        """Run a ``codes`` validator on the node's text; turn its error into a problem.

        The validators are pure functions of the text and the arguments, and the same
        seller code, symbol and rates come back on every invoice: a check that passed
        is remembered (in a bounded table) and not run again.
        """
        text = (node.text or "").strip()
        key = (check, text, args)
        if key in _PASSED_CHECKS:
            return
        try:
            check(text, *args)
        except StandardError as exc:
            self.add(node, exc.rule, exc.message, exc.message_vi)
            return
        if len(_PASSED_CHECKS) >= _PASSED_CHECKS_MAX:
            _PASSED_CHECKS.clear()
        _PASSED_CHECKS[key] = True

    @staticmethod
    def number(parent, tag: str) -> Decimal | None:
        """The number in child ``tag`` of ``parent`` (an element or a :func:`_children` map)."""
        return _number(parent.get(tag) if type(parent) is dict else parent.find(tag))

    def equal(self, node, actual: Decimal, expected: Decimal, rule: str, what_en: str,
              what_vi: str, tolerance: Decimal = Decimal(0)) -> None:
        if abs(actual - expected) > tolerance:
            self.add(node, rule, f"{what_en}: {actual} written, {expected} expected",
                     f"{what_vi}: ghi {actual}, đúng phải là {expected}")


def _number(node) -> Decimal | None:
    """The number an element holds, or None (absent, empty or malformed: the schema
    reports it).  Hot: run for every amount of every line."""
    if node is None:
        return None
    text = node.text
    if not text:
        return None
    try:
        value = Decimal(text)  # surrounding whitespace is accepted, as by the schema
    except InvalidOperation:
        return None
    # Wider than the widest schema number (Number21_6): the schema reports it, and
    # the arithmetic below must not meet it.
    return value if value.is_finite() and value.adjusted() < _MAX_DIGITS else None


_WORD_VARIANTS = {"ngàn": "nghìn", "lẻ": "linh", "tỉ": "tỷ", "tư": "bốn", "nhăm": "lăm"}


def _words_key(text: str) -> str:
    """Fold the spelling variants seen on accepted invoices (ngàn, lẻ, tỉ, chẵn, "./.")."""
    folded = text.lower().replace("./.", " ").replace(".", " ").replace(",", " ")
    words = [_WORD_VARIANTS.get(w, w) for w in folded.split()]
    while words and words[-1] == "chẵn":
        words.pop()
    return " ".join(words)


def _children(node) -> dict:
    """Children by tag: one pass instead of one ``find`` per field (validation is hot)."""
    return {child.tag: child for child in node}


def _select(node, path: str) -> list:
    """The elements ``node.findall(path)`` returns for a path of plain child tags
    (``"DLHDon/NDHDon/DSHHDVu/HHDVu"``), in the same document order.

    Validation is on the posting path: lxml's ElementPath (``find``, ``findtext``,
    ``iterfind``) costs 5 to 50 µs a call in lxml 4.9 (the path is parsed and its selector
    generators built on every call), a walk over the children a fraction of that.
    """
    nodes = [node]
    for tag in _PATHS.get(path) or _PATHS.setdefault(path, tuple(path.split("/"))):
        nodes = [child for parent in nodes for child in parent.iterchildren(tag)]
    return nodes


_PATHS: dict[str, tuple[str, ...]] = {}


def _first(node, path: str):
    """``node.find(path)`` for a path of plain child tags."""
    found = _select(node, path)
    return found[0] if found else None


def _first_children(node) -> dict:
    """The first child of each tag: ``node.find(tag)`` for every tag, in one pass."""
    if node is None:
        return {}
    return {child.tag: child for child in reversed(node)}


def _findtext(node) -> str | None:
    """``findtext`` of an element already found: its text, "" if empty, None if absent."""
    return None if node is None else (node.text or "")


def _int_text(node) -> int | None:
    text = (node.text or "").strip() if node is not None else ""
    return int(text) if text.isdigit() and text.isascii() else None


def _written_half_unit(node) -> Decimal:
    """Half a unit of the last decimal written in ``node`` (``146296.3`` → 0.05)."""
    exponent = Decimal((node.text or "0").strip()).as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)


def _line_tolerance(kids, quantity: Decimal, currency: str) -> Decimal:
    """Room an accepted invoice leaves between ThTien and SLuong × DGia − STCKhau.

    Real invoices print a unit price rounded to the decimals they show (MISA: 146296.3 for
    146296.2963) and round the gross amount and the discount separately: at most half a
    unit of the price's last decimal per unit sold, plus one unit of the currency.
    """
    unit = Decimal(1).scaleb(-money.currency_places(currency))
    return abs(quantity) * _written_half_unit(kids["DGia"]) + unit


def _check_lines(c: _Checks, lines, currency: str, version: str,
                 inbound: bool = False) -> dict[str, Decimal]:
    """Line arithmetic; returns the signed sum of line amounts per VAT rate code.

    ``inbound`` allows the rounding of a printed unit price (:func:`_line_tolerance`);
    what the addon emits must add up exactly.
    """
    sums: dict[str, Decimal] = {}
    amount_required = {1, 3, 5} if version == "2.0.1" else {1, 2, 3, 5}
    for line in lines:
        kids = {child.tag: child for child in line}
        nature = _int_text(kids.get("TChat"))
        amount = _number(kids.get("ThTien"))
        if amount is None:
            if nature in amount_required and "ThTien" not in kids:
                c.add(c.path(line) + "/ThTien", "line.amount_required",
                      f"ThTien is required on a line of nature TChat {nature}",
                      f"Dòng có tính chất TChat {nature} bắt buộc có ThTien")
            continue
        if nature == 5 and "TTHHDTrung" not in kids:
            c.add(c.path(line) + "/TTHHDTrung", "line.special_required",
                  "a special-goods line (TChat 5) needs TTHHDTrung",
                  "Dòng hàng hóa đặc trưng (TChat 5) bắt buộc có TTHHDTrung")
        quantity, price = _number(kids.get("SLuong")), _number(kids.get("DGia"))
        if nature in _AMOUNT_NATURES and quantity is not None and price is not None:
            gross = quantity * price
            discount = _number(kids.get("STCKhau"))
            rate = _number(kids.get("TLCKhau"))
            if discount is None and rate is not None:
                discount = gross * rate / 100
            expected = gross - (discount or 0)
            tolerance = _line_tolerance(kids, quantity, currency) if inbound else Decimal(0)
            if amount != expected and amount != money.round_money(expected, currency):
                c.equal(kids["ThTien"], amount, money.round_money(expected, currency),
                        "arithmetic.line_amount", "ThTien must be SLuong × DGia − STCKhau",
                        "ThTien phải bằng SLuong × DGia − STCKhau", tolerance)
        if nature in _AMOUNT_NATURES:
            rate_node = kids.get("TSuat")
            rate_code = (rate_node.text or "").strip() if rate_node is not None else ""
            sums[rate_code] = sums.get(rate_code, Decimal(0)) + _AMOUNT_NATURES[nature] * amount
    return sums


def _vat_rules(amount: Decimal, vat: Decimal, percent: Decimal,
               currency: str) -> tuple[Decimal, Decimal]:
    """The VAT of a rate group by each rule of ``money``: prices before VAT
    (``round(ThTien × r)``) and prices including VAT (``round(G × r ÷ (100 + r))`` with
    ``G = ThTien + TThue``, the gross the buyer paid)."""
    before = money.round_money(amount * percent / 100, currency)
    including = money.round_money((amount + vat) * percent / (100 + percent), currency)
    return before, including


def group_vat_agrees(amount: Decimal, vat: Decimal, percent: Decimal, currency: str) -> bool:
    """A group's VAT may differ from the rule by at most one unit (1 đồng; 0.01 in other
    currencies) — the rounding of the figures the buyer sees, never more."""
    unit = Decimal(1).scaleb(-money.currency_places(currency))
    before, including = _vat_rules(amount, vat, percent, currency)
    return abs(vat - before) <= unit or abs(vat - including) <= unit


def _check_group_vat(c: _Checks, node, amount: Decimal, vat: Decimal, rate_code: str,
                     percent: Decimal, currency: str) -> None:
    if group_vat_agrees(amount, vat, percent, currency):
        return
    unit = Decimal(1).scaleb(-money.currency_places(currency))
    before, including = _vat_rules(amount, vat, percent, currency)
    c.add(node, "arithmetic.rate_vat",
          f"LTSuat/TThue of rate {rate_code} is {vat}: prices before VAT give "
          f"round(ThTien × {rate_code}) = {before}, prices including VAT give "
          f"round({amount + vat} × {percent}/{100 + percent}) = {including}; at most {unit} "
          f"apart is allowed",
          f"LTSuat/TThue của thuế suất {rate_code} là {vat}: giá chưa thuế cho "
          f"làm tròn(ThTien × {rate_code}) = {before}, giá đã gồm thuế cho "
          f"làm tròn({amount + vat} × {percent}/{100 + percent}) = {including}; chỉ được "
          f"lệch tối đa {unit}")


def _check_totals(c: _Checks, totals, sums: dict[str, Decimal], currency: str) -> None:
    totals_node, totals = totals, _children(totals)
    groups = _select(totals_node, "THTTLTSuat/LTSuat")
    seen: set[str] = set()
    untaxed_sum, vat_sum = Decimal(0), Decimal(0)
    for group_node in groups:
        group = _children(group_node)
        rate_node = group.get("TSuat")
        rate_code = (rate_node.text or "").strip() if rate_node is not None else ""
        if rate_code in seen:
            c.add(rate_node, "arithmetic.rate_duplicate",
                  f"two LTSuat groups for rate {rate_code}",
                  f"có hai nhóm LTSuat cho thuế suất {rate_code}")
        seen.add(rate_code)
        amount = c.number(group, "ThTien")
        vat = c.number(group, "TThue") or Decimal(0)
        if amount is None:
            continue
        untaxed_sum += amount
        vat_sum += vat
        c.equal(group["ThTien"], amount, sums.get(rate_code, Decimal(0)),
                "arithmetic.rate_amount", f"LTSuat/ThTien of rate {rate_code} must be the sum "
                "of the lines at that rate", f"LTSuat/ThTien của thuế suất {rate_code} phải "
                "bằng tổng các dòng có thuế suất đó")
        percent = money.rate_percent(rate_code) if codes.VAT_RATE_RE.match(rate_code) else None
        if percent is not None and "TThue" in group:
            _check_group_vat(c, group["TThue"], amount, vat, rate_code, percent, currency)
    for rate_code in sums:
        if groups and rate_code not in seen:
            c.add(c.path(totals_node) + "/THTTLTSuat", "arithmetic.rate_missing",
                  f"no LTSuat group for rate {rate_code or '(none)'} used by lines",
                  f"thiếu nhóm LTSuat cho thuế suất {rate_code or '(trống)'} của các dòng")
    if not groups:
        untaxed_sum = sum(sums.values(), Decimal(0))
    untaxed, vat = c.number(totals, "TgTCThue"), c.number(totals, "TgTThue")
    if untaxed is not None:
        c.equal(totals["TgTCThue"], untaxed, untaxed_sum, "arithmetic.total_untaxed",
                "TgTCThue must be the sum of LTSuat/ThTien",
                "TgTCThue phải bằng tổng LTSuat/ThTien")
    if vat is not None:
        c.equal(totals["TgTThue"], vat, vat_sum, "arithmetic.total_vat",
                "TgTThue must be the sum of LTSuat/TThue", "TgTThue phải bằng tổng LTSuat/TThue")
    total = c.number(totals, "TgTTTBSo")
    if total is None or untaxed is None or vat is None:
        return
    fees = sum((c.number(fee, "TPhi") or Decimal(0)
                for fee in _select(totals_node, "DSLPhi/LPhi")), Decimal(0))
    expected = untaxed + vat + fees - (c.number(totals, "TGTKhac") or Decimal(0))
    c.equal(totals["TgTTTBSo"], total, expected, "arithmetic.total",
            "TgTTTBSo must be TgTCThue + TgTThue + fees − TGTKhac",
            "TgTTTBSo phải bằng TgTCThue + TgTThue + lệ phí − TGTKhac")
    words_node = totals.get("TgTTTBChu")
    if words_node is not None and words_node.text:
        expected_words = amount_words.amount_in_words(total, currency)
        if _words_key(words_node.text) != _words_key(expected_words):
            c.add(words_node, "arithmetic.words",
                  f"TgTTTBChu does not spell TgTTTBSo {total}: expected {expected_words!r}",
                  f"TgTTTBChu không khớp số tiền {total}: đúng phải là {expected_words!r}")


def _check_codes(c: _Checks, root, issue_date) -> None:
    general_node = _first(root, "DLHDon/TTChung")
    general = _first_children(general_node)
    content = _first(root, "DLHDon/NDHDon")
    symbol_node = general.get("KHHDon")
    symbol = (symbol_node.text or "").strip() if symbol_node is not None else ""
    cash_register = len(symbol) >= 4 and symbol[3] == "M"
    if issue_date is not None:
        for tag, check in (("KHMSHDon", codes.validate_form), ("KHHDon", codes.validate_symbol)):
            if general.get(tag) is not None:
                c.code(general[tag], check, issue_date)
    number = general.get("SHDon")
    if number is not None:
        c.code(number, codes.validate_invoice_number)
    elif not cash_register:
        c.add(c.path(general_node) + "/SHDon", "number.required",
              "SHDon (invoice number) is missing", "Thiếu số hóa đơn SHDon")
    currency = (_findtext(general.get("DVTTe")) or "VND").strip()
    if currency != "VND" and general.get("TGia") is None:
        c.add(c.path(general_node) + "/TGia", "currency.rate_required",
              f"TGia (exchange rate) is required for currency {currency}",
              f"Bắt buộc có tỷ giá TGia khi đồng tiền là {currency}")
    for path in ("NBan/MST", "NMua/MST"):
        node = _first(content, path) if content is not None else None
        if node is not None and (node.text or "").strip():
            c.code(node, codes.validate_tax_id, path, True)
    node = _first(content, "NMua/CCCDan") if content is not None else None
    if node is not None and (node.text or "").strip():
        c.code(node, codes.validate_personal_id)
    if cash_register and symbol_node is not None:
        c.code(symbol_node, codes.check_cash_register_symbol)
    rate_date = _rate_date(general_node, issue_date)
    for node in [*_select(root, "DLHDon/NDHDon/DSHHDVu/HHDVu/TSuat"),
                 *_select(root, "DLHDon/NDHDon/TToan/THTTLTSuat/LTSuat/TSuat")]:
        c.code(node, codes.validate_vat_rate, rate_date)
    authority = _first_children(root).get("MCCQT")
    if authority is not None:
        if cash_register:
            form = (_findtext(general.get("KHMSHDon")) or "").strip() or None
            c.code(authority, codes.validate_cash_register_code, issue_date, form)
        elif symbol.startswith("K"):
            c.add(authority, "mccqt.uncoded", "an uncoded invoice (symbol K…) has no MCCQT",
                  "hóa đơn không có mã (ký hiệu K…) không có MCCQT")
        else:
            c.code(authority, codes.validate_tax_authority_code)


def _rate_date(general, issue_date):
    """The date whose VAT rates apply: that of the invoice an adjustment or replacement
    corrects (``TTHDLQuan/NLHDCLQuan``), else the issue date (see regimes.vat_rate_date)."""
    if issue_date is None:
        return None
    related = _issue_date(_findtext(_first(general, "TTHDLQuan/NLHDCLQuan")))
    return regimes.vat_rate_date(issue_date, related)


def _parse(data) -> tuple[object, list[Problem]]:
    if isinstance(data, etree._Element):
        return data, []
    try:
        return parse_xml(data), []
    except StandardError as exc:
        return None, [Problem("/", exc.message, exc.message_vi, exc.rule)]


def _issue_date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def validate_invoice_xml(data) -> list[Problem]:
    """All problems of an ``HDon`` (bytes or element); an empty list means valid."""
    root, problems = _parse(data)
    if root is None:
        return problems
    if root.tag != "HDon":
        return [Problem("/" + str(root.tag), f"root element is {root.tag}, expected HDon",
                        f"phần tử gốc là {root.tag}, cần HDon", "xml.root")]
    version = (_findtext(_first(root, "DLHDon/TTChung/PBan")) or "").strip()
    if version in INVOICE_SCHEMAS:
        schema_problems = _schema_problems(invoice_schema(root, version), root)
    else:
        schema_problems = [Problem(root.getroottree().getpath(root) + "/DLHDon/TTChung/PBan",
                                   f"unknown format version PBan {version!r} "
                                   f"(known: {', '.join(INVOICE_SCHEMAS)})",
                                   f"phiên bản định dạng PBan {version!r} không được hỗ trợ",
                                   "version.known")]
    flagged = {p.xpath for p in schema_problems}
    return schema_problems + [p for p in invoice_content_problems(root, version)
                              if p.xpath not in flagged]


def is_delivery_note(root) -> bool:
    """Form 6 (``KHMSHDon``): a delivery note, with its own schema and content rules."""
    return (_findtext(_first(root, "DLHDon/TTChung/KHMSHDon")) or "").strip() == DELIVERY_FORM


def invoice_schema(root, version: str) -> str:
    """The project's XSD of this ``HDon``: by format version, form 6 its own."""
    if is_delivery_note(root) and version == "2.1.0":
        return DELIVERY_NOTE_SCHEMA
    return INVOICE_SCHEMAS[version]


def invoice_content_problems(root, version: str, *, inbound: bool = False) -> list[Problem]:
    """Arithmetic and code problems of an ``HDon`` element, whatever its structure.

    The core both modes share: strict validation runs it after the schema, the inbound
    reader (``standard.inbound``) after putting a received document's structure in order.
    ``version`` selects the rules of that format version (``2.0.1`` or ``2.1.0``).
    """
    c = _Checks(root)
    general_node = _first(root, "DLHDon/TTChung")
    if general_node is None:
        return c.problems
    general = _first_children(general_node)
    issue_date = _issue_date(_findtext(general.get("NLap")))
    if (_findtext(general.get("KHMSHDon")) or "").strip() == DELIVERY_FORM:
        from .delivery_note import content_problems

        content_problems(c, root)
        _check_codes(c, root, issue_date)
        return c.problems
    totals = _first(root, "DLHDon/NDHDon/TToan")
    currency = (_findtext(general.get("DVTTe")) or "VND").strip() or "VND"
    lines = _select(root, "DLHDon/NDHDon/DSHHDVu/HHDVu")
    with localcontext(prec=_ARITHMETIC_PRECISION):
        sums = _check_lines(c, lines, currency, version, inbound)
        if totals is not None:
            _check_totals(c, totals, sums, currency)
    _check_codes(c, root, issue_date)
    return c.problems


def check_invoice_xml(data) -> None:
    """Raise :class:`InvalidDocument` listing every problem, if there is any."""
    problems = validate_invoice_xml(data)
    if problems:
        raise InvalidDocument(problems)


def _notice_problems(root) -> list[Problem]:
    form = (root.findtext("DLTBao/MSo") or "").strip()
    if form != NOTICE_FORM:
        return [Problem(root.getroottree().getpath(root) + "/DLTBao/MSo", "notice.form",
                        f"only notices of form {NOTICE_FORM} are validated, got {form!r}",
                        f"chỉ kiểm tra thông báo mẫu {NOTICE_FORM}, nhận được {form!r}")]
    problems = _schema_problems(NOTICE_SCHEMA, root)
    c = _Checks(root)
    notice = root.find("DLTBao")
    if notice is not None and (notice.findtext("Loai") or "").strip() == "2":
        for tag in ("So", "NTBCCQT"):
            if not (notice.findtext(tag) or "").strip():
                c.add(c.path(notice) + "/" + tag, "notice.reply_reference",
                      f"{tag} is required when Loai is 2 (reply to a tax-authority notice)",
                      f"Bắt buộc có {tag} khi Loai là 2 (trả lời thông báo của cơ quan thuế)")
    mst = root.find("DLTBao/MST")
    if mst is not None and (mst.text or "").strip():
        c.code(mst, codes.validate_tax_id)
    flagged = {p.xpath for p in problems}
    return problems + [p for p in c.problems if p.xpath not in flagged]


def _summary_problems(root) -> list[Problem]:
    problems = _schema_problems(SUMMARY_SCHEMA, root)
    c = _Checks(root)
    mst = root.find("DLBTHop/TTChung/MST")
    if mst is not None and (mst.text or "").strip():
        c.code(mst, codes.validate_tax_id)
    for row in root.iterfind("DLBTHop/NDBTHDLieu/DSDLieu/DLieu"):
        buyer = row.find("MSTNMua")
        if buyer is not None and (buyer.text or "").strip():
            c.code(buyer, codes.validate_tax_id)
    flagged = {p.xpath for p in problems}
    return problems + [p for p in c.problems if p.xpath not in flagged]


def _correction_list_problems(root) -> list[Problem]:
    """01/BK-ĐCTT: schema, the seller's and buyer's tax codes, each row's total."""
    problems = _schema_problems(CORRECTION_LIST_SCHEMA, root)
    c = _Checks(root)
    for tag in ("TTChung/MST", "TTChung/MSTNMua"):
        node = root.find(tag)
        if node is not None and (node.text or "").strip():
            c.code(node, codes.validate_tax_id)
    for row in root.iterfind("DSHDon/HDon"):
        untaxed, vat, total = (c.number(row, tag) for tag in ("TgTCThue", "TgTThue",
                                                             "TgTTTBSo"))
        if None not in (untaxed, vat, total):
            c.equal(row.find("TgTTTBSo"), total, untaxed + vat, "arithmetic.list_total",
                    "TgTTTBSo must be TgTCThue + TgTThue",
                    "TgTTTBSo phải bằng TgTCThue + TgTThue")
    flagged = {p.xpath for p in problems}
    return problems + [p for p in c.problems if p.xpath not in flagged]


def _envelope_problems(root) -> list[Problem]:
    problems = _schema_problems(ENVELOPE_SCHEMA, root)
    payloads = [child for child in root.iterfind("DLieu/*") if isinstance(child.tag, str)]
    count = (root.findtext("TTChung/SLuong") or "").strip()
    if count.isdigit() and count.isascii() and int(count) != len(payloads):
        problems.append(Problem(root.getroottree().getpath(root) + "/TTChung/SLuong",
                                f"SLuong says {count} documents, DLieu holds {len(payloads)}",
                                f"SLuong ghi {count} tài liệu, DLieu chứa {len(payloads)}",
                                "envelope.count"))
    for payload in payloads:
        problems.extend(validate_document(payload))
    return problems


def validate_document(data) -> list[Problem]:
    """Validate any document of the standard: HDon, TDiep, TBao (04/SS), BTHDLieu (01/TH)
    or the project's BKDCTT (01/BK-ĐCTT list)."""
    root, problems = _parse(data)
    if root is None:
        return problems
    dispatch = {"HDon": validate_invoice_xml, "TDiep": _envelope_problems,
                "TBao": _notice_problems, "BTHDLieu": _summary_problems,
                "BKDCTT": _correction_list_problems}
    handler = dispatch.get(root.tag)
    if handler is None:
        return [Problem("/" + str(root.tag), f"unknown document type {root.tag}",
                        f"loại tài liệu {root.tag} không được hỗ trợ", "xml.root")]
    return handler(root)


def check_document(data) -> None:
    problems = validate_document(data)
    if problems:
        raise InvalidDocument(problems)

