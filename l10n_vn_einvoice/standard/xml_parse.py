"""Read an ``HDon`` back into an :class:`~.model.Invoice`: the inverse of ``xml_build``.

``kind`` is not written in the XML: it follows from the symbol (letter 4 ``M`` →
cash register, letter 1 ``C`` → coded, ``K`` → uncoded), the same rule the tax authority
uses to route the invoice.  Elements the model does not hold (delegated issuer, signatures)
are ignored: the parser reads data, the signature module reads signatures.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from . import model
from .errors import StandardError
from .numbers_format import text_to_date, text_to_decimal, text_to_int
from .safe_xml import parse_xml


def kind_of_symbol(symbol: str) -> str:
    if len(symbol) >= 4 and symbol[3] == "M":
        return model.KIND_CASH_REGISTER
    return model.KIND_UNCODED if symbol[:1] == "K" else model.KIND_CODED


class _Reader:
    """Typed access to the children of one element; ``path`` names fields in errors."""

    __slots__ = ("node", "path", "values")

    def __init__(self, node, path: str):
        self.node = node
        self.path = path
        self.values = {child.tag: child for child in node if isinstance(child.tag, str)}

    def child(self, tag: str):
        return self.values.get(tag)

    def str(self, tag: str) -> str:
        found = self.values.get(tag)
        return (found.text or "").strip() if found is not None else ""

    def dec(self, tag: str) -> Decimal | None:
        text = self.str(tag)
        return text_to_decimal(text, f"{self.path}/{tag}") if text else None

    def int(self, tag: str) -> int | None:
        text = self.str(tag)
        return text_to_int(text, f"{self.path}/{tag}") if text else None

    def date(self, tag: str):
        text = self.str(tag)
        return text_to_date(text, f"{self.path}/{tag}") if text else None


def _extra(node) -> tuple[model.ExtraField, ...]:
    if node is None:
        return ()
    holder = node.find("TTKhac")
    if holder is None:
        return ()
    fields = []
    for info in holder.iterfind("TTin"):
        reader = _Reader(info, "TTKhac/TTin")
        fields.append(model.ExtraField(name=reader.str("TTruong"), value=reader.str("DLieu"),
                                       data_type=reader.str("KDLieu") or "string"))
    return tuple(fields)


def _related(node) -> model.RelatedInvoice | None:
    if node is None:
        return None
    r = _Reader(node, "TTHDLQuan")
    return model.RelatedInvoice(
        nature=r.int("TCHDon"), form=r.str("KHMSHDCLQuan"), symbol=r.str("KHHDCLQuan"),
        number=r.str("SHDCLQuan"), date=r.date("NLHDCLQuan"),
        invoice_type=r.int("LHDCLQuan") or 1, note=r.str("GChu"),
        list_number=r.str("SBKCLQuan"), list_date=r.date("NBKCLQuan"))


def _seller(node) -> model.Seller:
    r = _Reader(node, "NBan")
    return model.Seller(
        name=r.str("Ten"), tax_code=r.str("MST"), address=r.str("DChi"),
        store_code=r.str("MCHang"), store_name=r.str("TCHang"), phone=r.str("SDThoai"),
        email=r.str("DCTDTu"), bank_account=r.str("STKNHang"), bank_name=r.str("TNHang"),
        fax=r.str("Fax"), website=r.str("Website"), extra=_extra(node))


def _buyer(node) -> model.Buyer:
    if node is None:
        return model.Buyer()
    r = _Reader(node, "NMua")
    return model.Buyer(
        name=r.str("Ten"), tax_code=r.str("MST"), budget_unit_code=r.str("MDVQHNSach"),
        address=r.str("DChi"), customer_code=r.str("MKHang"), phone=r.str("SDThoai"),
        personal_id=r.str("CCCDan"), passport=r.str("SHChieu"), email=r.str("DCTDTu"),
        contact_name=r.str("HVTNMHang"), bank_account=r.str("STKNHang"),
        bank_name=r.str("TNHang"), extra=_extra(node))


def _line(node, index: int) -> model.Line:
    r = _Reader(node, f"HHDVu[{index}]")
    special = ()
    holder = r.child("TTHHDTrung")
    if holder is not None:
        special = tuple(
            model.SpecialGoodsField(goods_type=info_r.int("LHHDTrung"), name=info_r.str("TTruong"),
                                    value=info_r.str("DLieu"))
            for info_r in (_Reader(info, "TTHHDTrung/TTin") for info in holder.iterfind("TTin")))
    return model.Line(
        name=r.str("THHDVu"), nature=r.int("TChat") or model.GOODS, seq=r.int("STT"),
        code=r.str("MHHDVu"), unit=r.str("DVTinh"), quantity=r.dec("SLuong"),
        unit_price=r.dec("DGia"), discount_rate=r.dec("TLCKhau"),
        discount_amount=r.dec("STCKhau"), amount=r.dec("ThTien"), vat_rate=r.str("TSuat"),
        special=special, extra=_extra(node))


def _totals(node) -> model.Totals:
    r = _Reader(node, "TToan")
    groups = []
    holder = r.child("THTTLTSuat")
    if holder is not None:
        for item in holder.iterfind("LTSuat"):
            g = _Reader(item, "LTSuat")
            groups.append(model.RateTotal(vat_rate=g.str("TSuat"), amount=g.dec("ThTien"),
                                          vat=g.dec("TThue") or Decimal(0)))
    fees = []
    holder = r.child("DSLPhi")
    if holder is not None:
        for item in holder.iterfind("LPhi"):
            f = _Reader(item, "LPhi")
            fees.append(model.Fee(name=f.str("TLPhi"), amount=f.dec("TPhi")))
    return model.Totals(
        by_rate=tuple(groups), amount_untaxed=r.dec("TgTCThue"), vat=r.dec("TgTThue"),
        total=r.dec("TgTTTBSo"), total_in_words=r.str("TgTTTBChu"),
        non_taxable_deduction=r.dec("TGTKCThue"), fees=tuple(fees),
        trade_discount=r.dec("TTCKTMai"), other_deduction=r.dec("TGTKhac"),
        extra=_extra(node))


def _required(parent, tag: str, path: str):
    node = parent.find(tag) if parent is not None else None
    if node is None:
        raise StandardError(path, "xml.required", f"missing element {path}",
                            f"thiếu phần tử {path}")
    return node


def parse_invoice(data_or_element) -> model.Invoice:
    """Return the invoice held in ``HDon`` bytes (parsed safely) or an lxml element."""
    root = data_or_element if isinstance(data_or_element, etree._Element) \
        else parse_xml(data_or_element)
    if root.tag != "HDon":
        raise StandardError("HDon", "xml.root", f"root element is {root.tag!r}, expected HDon",
                            f"phần tử gốc là {root.tag!r}, cần HDon")
    data = _required(root, "DLHDon", "/HDon/DLHDon")
    general_node = _required(data, "TTChung", "/HDon/DLHDon/TTChung")
    content = _required(data, "NDHDon", "/HDon/DLHDon/NDHDon")
    g = _Reader(general_node, "TTChung")
    symbol = g.str("KHHDon")
    issue_date = g.date("NLap")
    if issue_date is None:
        raise StandardError("TTChung/NLap", "xml.required", "missing issue date NLap",
                            "thiếu ngày lập hóa đơn NLap")
    lines_node = content.find("DSHHDVu")
    lines = tuple(_line(node, i) for i, node in
                  enumerate(lines_node.iterfind("HHDVu") if lines_node is not None else (), 1))
    code = root.find("MCCQT")
    invoice = model.Invoice(
        form=g.str("KHMSHDon"), symbol=symbol, number=g.int("SHDon"), issue_date=issue_date,
        seller=_seller(_required(content, "NBan", "/HDon/DLHDon/NDHDon/NBan")),
        buyer=_buyer(content.find("NMua")), lines=lines,
        totals=_totals(_required(content, "TToan", "/HDon/DLHDon/NDHDon/TToan")),
        version=g.str("PBan"), title=g.str("THDon"), currency=g.str("DVTTe") or "VND",
        exchange_rate=g.dec("TGia"), payment_method=g.str("HTTToan"),
        provider_tax_code=g.str("MSTTCGP"), financial_leasing=g.int("HDCTTChinh") or 0,
        dossier_code=g.str("MHSo"), sales_list_number=g.str("SBKe"),
        sales_list_date=g.date("NBKe"), related=_related(g.child("TTHDLQuan")),
        general_extra=_extra(general_node), extra=_extra(data), kind=kind_of_symbol(symbol),
        tax_authority_code=(code.text or "").strip() if code is not None else "",
        qr_data=(root.findtext("DLQRCode") or "").strip(), dlhdon_id=data.get("Id", ""))
    if invoice.form == model.DELIVERY_FORM:
        from .delivery_note import read_delivery

        return read_delivery(invoice, content)
    return invoice
