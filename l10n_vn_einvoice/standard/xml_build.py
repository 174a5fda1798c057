"""Build the ``HDon`` XML of an invoice.

The element order follows the published tables exactly because the tax authority's
schema is a sequence.  Empty strings and ``None`` are omitted rather than written as
empty elements: an empty element would claim a value and fail the "required if any"
rules.  The ``inv.version`` selects the element set; data that the selected version
cannot carry (a personal ID in 2.0.1, say) is refused instead of silently dropped.

Where the tax-authority code goes: a coded invoice carries the 34-character code that the
tax authority returns in ``HDon/MCCQT``.  A cash-register invoice carries its 23-character
M-code instead of that code (reference §1.10, §3.1); the project's schema allows up to 34
characters in MCCQT, so the M-code is written there too, which is where a buyer's
software looks for "the code of the invoice".  An uncoded invoice has no such code.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from . import model
from .errors import StandardError
from .numbers_format import date_to_text, decimal_to_text

VERSIONS = ("2.0.1", "2.1.0")
MCCQT_ID = "mccqt"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _text(parent, tag: str, value) -> None:
    """Append ``<tag>value</tag>`` unless the value is absent (None or "").

    Called for every field of every invoice: the common types are told apart by their
    exact type first (``isinstance`` chains cost more than the element itself).
    """
    kind = type(value)
    if kind is str:
        if not value:
            return
        text = value
    elif value is None:
        return
    elif kind is Decimal:
        text = decimal_to_text(value)
    elif kind is int:
        text = str(value)
    elif kind is bool:
        text = str(int(value))
    elif isinstance(value, str):
        if not value:
            return
        text = str(value)
    elif isinstance(value, int):
        text = str(int(value))
    elif hasattr(value, "strftime"):
        text = date_to_text(value)
    else:
        text = decimal_to_text(value)
    try:
        etree.SubElement(parent, tag).text = text
    except ValueError:  # control characters, NUL: XML 1.0 cannot carry them
        parent.remove(parent[-1])
        raise StandardError(f"{parent.tag}/{tag}", "xml.character",
                            f"{tag} contains control characters that XML cannot carry",
                            f"{tag} chứa ký tự điều khiển không thể ghi vào XML") from None


def _extra(parent, fields: tuple[model.ExtraField, ...]) -> None:
    if not fields:
        return
    holder = etree.SubElement(parent, "TTKhac")
    for item in fields:
        info = etree.SubElement(holder, "TTin")
        _text(info, "TTruong", item.name)
        _text(info, "KDLieu", item.data_type)
        _text(info, "DLieu", item.value)


def _refuse(field: str, version: str) -> None:
    raise StandardError(field, "version.element",
                        f"{field} does not exist in format {version}; use format 2.1.0",
                        f"{field} không có trong định dạng {version}; hãy dùng định dạng 2.1.0")


def _general(parent, inv: model.Invoice) -> None:
    general = etree.SubElement(parent, "TTChung")
    _text(general, "PBan", inv.version)
    _text(general, "THDon", inv.title)
    _text(general, "KHMSHDon", inv.form)
    _text(general, "KHHDon", inv.symbol)
    _text(general, "SHDon", inv.number)
    _text(general, "MHSo", inv.dossier_code)
    _text(general, "NLap", inv.issue_date)
    _text(general, "HDCTTChinh", inv.financial_leasing)
    _text(general, "SBKe", inv.sales_list_number)
    _text(general, "NBKe", inv.sales_list_date)
    _text(general, "DVTTe", inv.currency)
    _text(general, "TGia", inv.exchange_rate)
    _text(general, "HTTToan", inv.payment_method)
    _text(general, "MSTTCGP", inv.provider_tax_code)
    if inv.related is not None:
        _related(general, inv.related, inv.version)
    _extra(general, inv.general_extra)


def _related(parent, rel: model.RelatedInvoice, version: str) -> None:
    if version == "2.0.1" and (rel.list_number or rel.list_date):
        _refuse("TTHDLQuan/SBKCLQuan", version)
    node = etree.SubElement(parent, "TTHDLQuan")
    _text(node, "TCHDon", rel.nature)
    _text(node, "LHDCLQuan", rel.invoice_type)
    _text(node, "KHMSHDCLQuan", rel.form)
    _text(node, "KHHDCLQuan", rel.symbol)
    _text(node, "SHDCLQuan", rel.number)
    _text(node, "NLHDCLQuan", rel.date)
    _text(node, "GChu", rel.note)
    _text(node, "SBKCLQuan", rel.list_number)
    _text(node, "NBKCLQuan", rel.list_date)


def _seller(parent, seller: model.Seller) -> None:
    node = etree.SubElement(parent, "NBan")
    for tag, value in (("Ten", seller.name), ("MST", seller.tax_code), ("DChi", seller.address),
                       ("MCHang", seller.store_code), ("TCHang", seller.store_name),
                       ("SDThoai", seller.phone), ("DCTDTu", seller.email),
                       ("STKNHang", seller.bank_account), ("TNHang", seller.bank_name),
                       ("Fax", seller.fax), ("Website", seller.website)):
        _text(node, tag, value)
    _extra(node, seller.extra)


def _buyer(parent, buyer: model.Buyer, version: str) -> None:
    if version == "2.0.1":
        for field, value in (("NMua/MDVQHNSach", buyer.budget_unit_code),
                             ("NMua/CCCDan", buyer.personal_id), ("NMua/SHChieu", buyer.passport)):
            if value:
                _refuse(field, version)
    node = etree.SubElement(parent, "NMua")
    for tag, value in (("Ten", buyer.name), ("MST", buyer.tax_code),
                       ("MDVQHNSach", buyer.budget_unit_code), ("DChi", buyer.address),
                       ("MKHang", buyer.customer_code), ("SDThoai", buyer.phone),
                       ("CCCDan", buyer.personal_id), ("SHChieu", buyer.passport),
                       ("DCTDTu", buyer.email), ("HVTNMHang", buyer.contact_name),
                       ("STKNHang", buyer.bank_account), ("TNHang", buyer.bank_name)):
        _text(node, tag, value)
    _extra(node, buyer.extra)


def _line(parent, line: model.Line, version: str) -> None:
    if version == "2.0.1" and (line.nature == model.SPECIAL_GOODS or line.special):
        _refuse("HHDVu/TTHHDTrung", version)
    node = etree.SubElement(parent, "HHDVu")
    _text(node, "TChat", line.nature)
    _text(node, "STT", line.seq)
    _text(node, "MHHDVu", line.code)
    _text(node, "THHDVu", line.name)
    _text(node, "DVTinh", line.unit)
    _text(node, "SLuong", line.quantity)
    _text(node, "DGia", line.unit_price)
    _text(node, "TLCKhau", line.discount_rate)
    _text(node, "STCKhau", line.discount_amount)
    _text(node, "ThTien", line.amount)
    _text(node, "TSuat", line.vat_rate)
    if line.special:
        special = etree.SubElement(node, "TTHHDTrung")
        for item in line.special:
            info = etree.SubElement(special, "TTin")
            _text(info, "LHHDTrung", item.goods_type)
            _text(info, "TTruong", item.name)
            _text(info, "DLieu", item.value)
    _extra(node, line.extra)


def _totals(parent, totals: model.Totals) -> None:
    node = etree.SubElement(parent, "TToan")
    if totals.by_rate:
        groups = etree.SubElement(node, "THTTLTSuat")
        for group in totals.by_rate:
            item = etree.SubElement(groups, "LTSuat")
            _text(item, "TSuat", group.vat_rate)
            _text(item, "ThTien", group.amount)
            _text(item, "TThue", group.vat)
    _text(node, "TgTCThue", totals.amount_untaxed)
    _text(node, "TGTKCThue", totals.non_taxable_deduction)
    _text(node, "TgTThue", totals.vat)
    if totals.fees:
        fees = etree.SubElement(node, "DSLPhi")
        for fee in totals.fees:
            item = etree.SubElement(fees, "LPhi")
            _text(item, "TLPhi", fee.name)
            _text(item, "TPhi", fee.amount)
    _text(node, "TTCKTMai", totals.trade_discount)
    _text(node, "TGTKhac", totals.other_deduction)
    _text(node, "TgTTTBSo", totals.total)
    _text(node, "TgTTTBChu", totals.total_in_words)
    _extra(node, totals.extra)


def _tax_authority_code(root, inv: model.Invoice) -> None:
    if not inv.tax_authority_code:
        return
    if inv.kind == model.KIND_UNCODED:
        raise StandardError("MCCQT", "mccqt.uncoded",
                            "an uncoded invoice cannot carry a tax-authority code",
                            "hóa đơn không có mã không được mang mã của cơ quan thuế")
    etree.SubElement(root, "MCCQT", Id=MCCQT_ID).text = inv.tax_authority_code


def build_invoice(inv: model.Invoice):
    """Return the ``HDon`` element of ``inv``, unsigned, with an empty ``DSCKS/NBan``."""
    if inv.form == model.DELIVERY_FORM:
        # Form 6 has its own layout (no VAT, transport data): standard/delivery_note.py.
        from .delivery_note import build_delivery_note

        return build_delivery_note(inv)
    if inv.version not in VERSIONS:
        raise StandardError("PBan", "version.known",
                            f"unknown format version {inv.version!r} "
                            f"(known: {', '.join(VERSIONS)})",
                            f"phiên bản định dạng {inv.version!r} không được hỗ trợ")
    root = etree.Element("HDon")
    data = etree.SubElement(root, "DLHDon", Id=inv.dlhdon_id)
    _general(data, inv)
    content = etree.SubElement(data, "NDHDon")
    _seller(content, inv.seller)
    _buyer(content, inv.buyer, inv.version)
    lines = etree.SubElement(content, "DSHHDVu")
    for line in inv.lines:
        _line(lines, line, inv.version)
    _totals(content, inv.totals)
    _extra(data, inv.extra)
    _text(root, "DLQRCode", inv.qr_data)
    _tax_authority_code(root, inv)
    signatures = etree.SubElement(root, "DSCKS")
    etree.SubElement(signatures, "NBan")
    return root


def element_to_bytes(element, pretty: bool = False) -> bytes:
    """UTF-8 bytes with an XML declaration, as every file of the standard is exchanged."""
    return XML_DECLARATION + etree.tostring(element, encoding="UTF-8", xml_declaration=False,
                                            pretty_print=pretty)


def invoice_to_bytes(inv: model.Invoice, pretty: bool = False) -> bytes:
    return element_to_bytes(build_invoice(inv), pretty=pretty)
