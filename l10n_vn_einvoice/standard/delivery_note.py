"""Delivery notes (form 6): build, check and read the ``HDon`` of a delivery note.

A delivery note is an e-invoice document of form 6 (reference §1.13): *phiếu xuất kho
kiêm vận chuyển nội bộ* (symbol letter N) when goods move between two warehouses of the
company, *phiếu xuất kho hàng gửi bán đại lý* (letter B) when they go to a sales agent on
consignment.  It is an :class:`~.model.Invoice` with ``form == "6"`` and a
:class:`~.model.DeliveryNote`; the same numbering, signature, chain and transmission
apply.  What differs is written here:

* the seller block carries the dispatch order (``LDDNBo``, N) or the agent contract
  (``HDKTSo``/``HDKTNgay``, B), the issuing warehouse's address (``DChi``), the transport
  contract, the carrier and the means of transport; the buyer block the receiving
  warehouse's address and the receiving person;
* there is **no VAT**: no payment method, no rate, discount or tax on lines, no per-rate
  totals — only the total value of the goods and its words;
* the project's XSD ``xsd/hdon-6-2.1.0.xsd`` is strict about that; the rules it cannot
  say (which reference each letter requires, the arithmetic, the codes) are checked here.

What the standard gives no element for but the printed form shows (the dispatch order's
date, issuer and purpose, the warehouses' names) travels in ``NBan/TTKhac`` and
``NMua/TTKhac`` under the names of :data:`EXTRA_NAMES`.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, localcontext

from lxml import etree

from . import amount_words, codes, model, money, xml_build
from .errors import StandardError
from .numbers_format import text_to_date

SCHEMA = "hdon-6-2.1.0.xsd"
# DeliveryNote attribute → (block, TTKhac/TTin/TTruong, KDLieu)
EXTRA_NAMES = {
    "dispatch_date": ("NBan", "NgayLDDNBo", "date"),
    "dispatch_by": ("NBan", "DVLDDNBo", "string"),
    "dispatch_purpose": ("NBan", "VVLDDNBo", "string"),
    "from_warehouse": ("NBan", "KhoXuat", "string"),
    "to_warehouse": ("NMua", "KhoNhap", "string"),
}
_SELLER_TAGS = (("LDDNBo", "dispatch_order"), ("HDKTSo", "contract_number"),
                ("HDKTNgay", "contract_date"))
_SELLER_TAIL = (("HDSo", "transport_contract"), ("HVTNXHang", "issuer_person"),
                ("TNVChuyen", "carrier"), ("PTVChuyen", "transport_means"))


def letter(symbol: str) -> str:
    """N or B (the symbol's 4th character), or "" for a symbol too short to say."""
    return symbol[3] if len(symbol or "") >= 4 else ""


def _fail(field, rule, en, vi):
    raise StandardError(field, rule, en, vi)


def _extras(note: model.DeliveryNote, block: str) -> tuple[model.ExtraField, ...]:
    result = []
    for attribute, (where, name, kind) in EXTRA_NAMES.items():
        value = getattr(note, attribute)
        if where != block or not value:
            continue
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        result.append(model.ExtraField(name=name, value=text, data_type=kind))
    return tuple(result)


def build_delivery_note(inv: model.Invoice):
    """The ``HDon`` element of the delivery note ``inv`` (unsigned, empty ``DSCKS/NBan``).

    VAT data in the model (a rate, a discount, per-rate totals, a VAT amount) is refused,
    not dropped: a delivery note that says it carries VAT is a mistake of the caller.
    """
    text, extra = xml_build._text, xml_build._extra
    if inv.version != "2.1.0":
        _fail("PBan", "delivery.version",
              f"delivery notes are written in format 2.1.0, not {inv.version}",
              f"phiếu xuất kho điện tử được lập theo định dạng 2.1.0, không phải {inv.version}")
    note = inv.delivery or model.DeliveryNote()
    _refuse_vat(inv)
    _refuse_unwritable(inv)
    root = etree.Element("HDon")
    data = etree.SubElement(root, "DLHDon", Id=inv.dlhdon_id)
    general = etree.SubElement(data, "TTChung")
    for tag, value in (("PBan", inv.version), ("THDon", inv.title), ("KHMSHDon", inv.form),
                       ("KHHDon", inv.symbol), ("SHDon", inv.number), ("NLap", inv.issue_date),
                       ("DVTTe", inv.currency), ("TGia", inv.exchange_rate),
                       ("MSTTCGP", inv.provider_tax_code)):
        text(general, tag, value)
    if inv.related is not None:
        xml_build._related(general, inv.related, inv.version)
    extra(general, inv.general_extra)
    content = etree.SubElement(data, "NDHDon")
    seller = etree.SubElement(content, "NBan")
    text(seller, "Ten", inv.seller.name)
    text(seller, "MST", inv.seller.tax_code)
    for tag, attribute in _SELLER_TAGS:
        text(seller, tag, getattr(note, attribute))
    text(seller, "DChi", inv.seller.address)
    for tag, attribute in _SELLER_TAIL:
        text(seller, tag, getattr(note, attribute))
    extra(seller, (*inv.seller.extra, *_extras(note, "NBan")))
    buyer = etree.SubElement(content, "NMua")
    for tag, value in (("Ten", inv.buyer.name), ("MST", inv.buyer.tax_code),
                       ("DChi", inv.buyer.address), ("HVTNNHang", note.receiver_person)):
        text(buyer, tag, value)
    extra(buyer, (*inv.buyer.extra, *_extras(note, "NMua")))
    lines = etree.SubElement(content, "DSHHDVu")
    for line in inv.lines:
        node = etree.SubElement(lines, "HHDVu")
        for tag, value in (("TChat", line.nature), ("STT", line.seq), ("MHHDVu", line.code),
                           ("THHDVu", line.name), ("DVTinh", line.unit),
                           ("SLuong", line.quantity), ("DGia", line.unit_price),
                           ("ThTien", line.amount)):
            text(node, tag, value)
        extra(node, line.extra)
    totals = etree.SubElement(content, "TToan")
    text(totals, "TgTTTBSo", inv.totals.total)
    text(totals, "TgTTTBChu", inv.totals.total_in_words)
    extra(totals, inv.totals.extra)
    extra(data, inv.extra)
    text(root, "DLQRCode", inv.qr_data)
    xml_build._tax_authority_code(root, inv)
    signatures = etree.SubElement(root, "DSCKS")
    etree.SubElement(signatures, "NBan")
    return root


def _refuse_unwritable(inv: model.Invoice) -> None:
    """Seller and buyer data form 6 has no element for: refused, never dropped."""
    seller, buyer = inv.seller, inv.buyer
    found = [f"NBan/{tag}" for tag, value in (
        ("MCHang", seller.store_code), ("TCHang", seller.store_name),
        ("SDThoai", seller.phone), ("DCTDTu", seller.email), ("STKNHang", seller.bank_account),
        ("TNHang", seller.bank_name), ("Fax", seller.fax), ("Website", seller.website)) if value]
    found += [f"NMua/{tag}" for tag, value in (
        ("MDVQHNSach", buyer.budget_unit_code), ("MKHang", buyer.customer_code),
        ("SDThoai", buyer.phone), ("CCCDan", buyer.personal_id), ("SHChieu", buyer.passport),
        ("DCTDTu", buyer.email), ("HVTNMHang", buyer.contact_name),
        ("STKNHang", buyer.bank_account), ("TNHang", buyer.bank_name)) if value]
    if inv.payment_method:
        found.append("TTChung/HTTToan")
    if found:
        _fail(found[0], "delivery.field",
              f"a delivery note (form 6) has no element for {', '.join(found)}",
              f"phiếu xuất kho (mẫu số 6) không có chỉ tiêu {', '.join(found)}")


def _refuse_vat(inv: model.Invoice) -> None:
    found = [f"HHDVu[{i}]/{tag}" for i, line in enumerate(inv.lines, 1)
             for tag, value in (("TSuat", line.vat_rate), ("TLCKhau", line.discount_rate),
                                ("STCKhau", line.discount_amount))
             if value not in (None, "")]
    totals = inv.totals
    if totals.by_rate:
        found.append("TToan/THTTLTSuat")
    if totals.vat:
        found.append("TToan/TgTThue")
    if totals.fees or totals.trade_discount or totals.other_deduction:
        found.append("TToan/DSLPhi|TTCKTMai|TGTKhac")
    if found:
        _fail(found[0], "delivery.vat",
              f"a delivery note carries no VAT, discount or fee: {', '.join(found)}",
              f"phiếu xuất kho không có thuế GTGT, chiết khấu hay lệ phí: {', '.join(found)}")


def make_totals(lines, currency: str = "VND") -> model.Totals:
    """The totals of a delivery note: the value of the goods and its words, no VAT."""
    total = sum((line.amount or Decimal(0) for line in lines if line.nature == model.GOODS),
                Decimal(0))
    total = money.round_money(total, currency)
    return model.Totals(by_rate=(), amount_untaxed=total, vat=Decimal(0), total=total,
                        total_in_words=amount_words.amount_in_words(total, currency))


def make_line(seq: int, name: str, quantity: Decimal, unit_price: Decimal, *, code: str = "",
              unit: str = "", currency: str = "VND") -> model.Line:
    """One goods line: amount = quantity × unit price, rounded to the currency."""
    return model.Line(name=name, seq=seq, code=code, unit=unit, quantity=quantity,
                      unit_price=unit_price,
                      amount=money.round_money(quantity * unit_price, currency))


# --- checks --------------------------------------------------------------------------------

def content_problems(c, root) -> None:
    """Add to ``c`` (a ``validate._Checks``) what the form-6 XSD cannot say."""
    general = root.find("DLHDon/TTChung")
    seller = root.find("DLHDon/NDHDon/NBan")
    if general is None or seller is None:
        return
    symbol = (general.findtext("KHHDon") or "").strip()
    kind = letter(symbol)
    required = (("LDDNBo", "lệnh điều động nội bộ", "the internal dispatch order"),) \
        if kind == model.NOTE_INTERNAL else (
        ("HDKTSo", "số hợp đồng kinh tế", "the economic contract number"),
        ("HDKTNgay", "ngày hợp đồng kinh tế", "the economic contract date"),
    ) if kind == model.NOTE_AGENT else ()
    base = c.path(seller)
    for tag, what_vi, what_en in required:
        if not (seller.findtext(tag) or "").strip():
            c.add(f"{base}/{tag}", "delivery.required",
                  f"NBan/{tag} ({what_en}) is required on a delivery note of letter {kind}",
                  f"Phiếu xuất kho ký hiệu chữ {kind} bắt buộc có NBan/{tag} ({what_vi})")
    currency = (general.findtext("DVTTe") or "VND").strip() or "VND"
    total = Decimal(0)
    with localcontext(prec=84):
        for line in root.iterfind("DLHDon/NDHDon/DSHHDVu/HHDVu"):
            total += _line_problems(c, line, currency)
        totals = root.find("DLHDon/NDHDon/TToan")
        if totals is None:
            return
        written = c.number(totals, "TgTTTBSo")
        if written is not None:
            c.equal(totals.find("TgTTTBSo"), written, money.round_money(total, currency),
                    "arithmetic.total", "TgTTTBSo must be the sum of the lines' ThTien",
                    "TgTTTBSo phải bằng tổng ThTien của các dòng")
            words = totals.find("TgTTTBChu")
            if words is not None and words.text:
                expected = amount_words.amount_in_words(written, currency)
                if " ".join(words.text.lower().split()) != " ".join(expected.lower().split()):
                    c.add(words, "arithmetic.words",
                          f"TgTTTBChu does not spell TgTTTBSo {written}: expected {expected!r}",
                          f"TgTTTBChu không khớp số tiền {written}: đúng phải là {expected!r}")


def _line_problems(c, line, currency: str) -> Decimal:
    """Check one line; return what it adds to the total."""
    kids = {child.tag: child for child in line}
    nature = kids.get("TChat")
    if nature is None or (nature.text or "").strip() != "1":
        return Decimal(0)
    amount = c.number(line, "ThTien")
    if amount is None:
        if "ThTien" not in kids:
            c.add(c.path(line) + "/ThTien", "line.amount_required",
                  "ThTien is required on a goods line", "Dòng hàng hóa bắt buộc có ThTien")
        return Decimal(0)
    quantity, price = c.number(line, "SLuong"), c.number(line, "DGia")
    if quantity is not None and price is not None:
        expected = money.round_money(quantity * price, currency)
        if amount not in (quantity * price, expected):
            c.equal(kids["ThTien"], amount, expected, "arithmetic.line_amount",
                    "ThTien must be SLuong × DGia", "ThTien phải bằng SLuong × DGia")
    return amount


def check_symbol(symbol: str, on_date, kind: str | None = None) -> str:
    """A delivery-note symbol: an invoice symbol whose 4th letter is N or B."""
    text = codes.validate_symbol(symbol, on_date, kind)
    if letter(text) not in model.NOTE_TITLES:
        _fail("KHHDon", "delivery.symbol_letter",
              f"symbol {text!r} is not a delivery-note symbol: its 4th letter must be N "
              f"(internal transport) or B (goods sent to a sales agent)",
              f"ký hiệu {text!r} không phải ký hiệu phiếu xuất kho: chữ thứ tư phải là N "
              f"(vận chuyển nội bộ) hoặc B (hàng gửi bán đại lý)")
    return text


# --- reading -------------------------------------------------------------------------------

def read_delivery(invoice: model.Invoice, content) -> model.Invoice:
    """``invoice`` (parsed by ``xml_parse``) completed with its :class:`DeliveryNote`,
    the printed-form extras moved out of the seller's and buyer's ``TTKhac``."""
    seller = content.find("NBan")
    buyer = content.find("NMua")

    def value(node, tag):
        return (node.findtext(tag) or "").strip() if node is not None else ""

    values = {attribute: value(seller, tag) for tag, attribute in (*_SELLER_TAGS,
                                                                   *_SELLER_TAIL)}
    values["receiver_person"] = value(buyer, "HVTNNHang")
    names = {name: (attribute, kind) for attribute, (_, name, kind) in EXTRA_NAMES.items()}
    kept = {"NBan": [], "NMua": []}
    for block, fields in (("NBan", invoice.seller.extra), ("NMua", invoice.buyer.extra)):
        for item in fields:
            known = names.get(item.name)
            if known and EXTRA_NAMES[known[0]][0] == block:
                values[known[0]] = item.value
            else:
                kept[block].append(item)
    for attribute in ("contract_date", "dispatch_date"):
        values[attribute] = _date(values.get(attribute), attribute)
    note = model.DeliveryNote(**values)
    totals = invoice.totals
    if totals.total is not None:  # the value of the goods, no VAT (as make_totals says)
        totals = dataclasses.replace(totals, amount_untaxed=totals.total, vat=Decimal(0))
    return dataclasses.replace(
        invoice, delivery=note, totals=totals,
        seller=dataclasses.replace(invoice.seller, extra=tuple(kept["NBan"])),
        buyer=dataclasses.replace(invoice.buyer, extra=tuple(kept["NMua"])))


def _date(text, field):
    return text_to_date(text, field) if text else None
