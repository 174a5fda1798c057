"""Fixed, realistic invoices and documents shared by the pure tests (and golden files).

Every total is computed by ``standard.money`` so that fixtures are right by construction;
the golden tests then prove that the XML says the same thing.  Seller: Viettel
(MST 0100109106), provider MST 0100684378; buyer: FPT (0101248141).
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from ..standard import envelope, model, money, notice, summary_table, xml_build
from ..standard.model import (
    GOODS,
    NOTE,
    TRADE_DISCOUNT,
    Buyer,
    ExtraField,
    Invoice,
    Line,
    RelatedInvoice,
    Seller,
    Totals,
)

SELLER = Seller(
    name="Tập đoàn Công nghiệp - Viễn thông Quân đội",
    tax_code="0100109106",
    address="Lô D26 Khu đô thị mới Cầu Giấy, Phường Yên Hòa, Thành phố Hà Nội",
    phone="02462556789", email="hoadon@viettel.com.vn", bank_account="1234567890123",
    bank_name="Ngân hàng TMCP Quân đội - Chi nhánh Hà Nội", website="viettel.com.vn")
BUYER = Buyer(
    name="Công ty Cổ phần FPT", tax_code="0101248141",
    address="Số 10 Phạm Văn Bạch, Phường Cầu Giấy, Thành phố Hà Nội",
    customer_code="KH000815", email="ketoan@fpt.com", contact_name="Nguyễn Thị Lan")
PROVIDER_MST = "0100684378"
ENVELOPE_SENDER = "V0100684378"
ENVELOPE_MESSAGE_ID = "V0100684378" + "0123456789ABCDEF0123456789ABCDEF"


def _line(seq, name, qty, price, rate, unit="Chiếc", code="", discount=None, nature=GOODS,
          currency="VND"):
    amount = money.line_amount(Decimal(qty), Decimal(price), discount_amount=discount,
                               currency=currency)
    return Line(name=name, nature=nature, seq=seq, code=code, unit=unit, quantity=Decimal(qty),
                unit_price=Decimal(price), discount_amount=discount, amount=amount, vat_rate=rate)


def _invoice(lines, currency="VND", **fields) -> Invoice:
    base = dict(form="1", symbol="C26TAA", number=123, issue_date=datetime.date(2026, 11, 20),
                seller=SELLER, buyer=BUYER, lines=tuple(lines),
                totals=money.compute_totals(lines, currency), provider_tax_code=PROVIDER_MST,
                payment_method="TM/CK", currency=currency)
    base.update(fields)
    return Invoice(**base)


def vat_invoice() -> Invoice:
    """VAT invoice with 0/5/8/10 %/KCT lines, a trade discount (TChat 3) and a note (TChat 4)."""
    lines = [
        _line(1, "Máy tính xách tay Dell Latitude 5440", 2, 18500000, "10%", code="DL5440"),
        _line(2, "Bàn làm việc gỗ công nghiệp 1m4", 3, 2450000, "8%", code="BLV14",
              discount=Decimal(350000)),
        _line(3, "Nước uống tinh khiết đóng bình 19 lít", 40, 55000, "5%", unit="Bình"),
        _line(4, "Dịch vụ vận chuyển hàng hóa xuất khẩu", 1, 3000000, "0%", unit="Chuyến"),
        _line(5, "Bản quyền phần mềm quản lý kho 12 tháng", 1, 12000000, "KCT", unit="Gói"),
        Line(name="Chiết khấu thương mại 2% máy tính theo hợp đồng 15/2026/HĐKT",
             nature=TRADE_DISCOUNT, seq=6, amount=Decimal(740000), vat_rate="10%"),
        Line(name="Hàng hóa được bảo hành 12 tháng tại trung tâm bảo hành", nature=NOTE, seq=7),
    ]
    return _invoice(lines, extra=(ExtraField("MTCuu", "VT26C0000123"),))


def vat_invoice_2_0_1() -> Invoice:
    """A 2.0.1 invoice of the Decree 123 period (March 2025, symbol C25TAA)."""
    lines = [_line(1, "Dịch vụ thuê kênh truyền dẫn Internet tháng 02/2025", 1, 15000000, "10%",
                   unit="Tháng"),
             _line(2, "Thiết bị định tuyến Cisco ISR 1111", 2, 9800000, "8%")]
    return _invoice(lines, version="2.0.1", symbol="C25TAA", number=4021,
                    issue_date=datetime.date(2025, 3, 10))


def sales_invoice_direct() -> Invoice:
    """Form 2 sales invoice (direct method): no VAT rate, 20 % reduction of Resolution 204."""
    seller = dataclasses.replace(SELLER, name="Hộ kinh doanh Trần Văn Minh", tax_code="0109744141",
                                 address="Số 25 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
                                 bank_account="", bank_name="", website="", email="")
    goods = (_line(1, "Gạo ST25 túi 5kg", 20, 185000, "", unit="Túi"),
             _line(2, "Dầu ăn Neptune 1 lít", 24, 52000, "", unit="Chai"))
    untaxed = sum((line.amount for line in goods), Decimal(0))
    on_date = datetime.date(2026, 11, 20)
    reduction, note_vi = money.direct_method_reduction({"distribution": untaxed}, on_date)
    lines = (*goods, Line(name=note_vi, nature=NOTE, seq=3))
    total = untaxed - reduction
    totals = Totals(by_rate=(), amount_untaxed=untaxed, vat=Decimal(0), total=total,
                    total_in_words=money.amount_words.amount_in_words(total),
                    other_deduction=reduction)
    return Invoice(form="2", symbol="C26TBB", number=57, issue_date=on_date, seller=seller,
                   buyer=Buyer(name="Nguyễn Văn An", personal_id="001085012345",
                               address="Số 3 ngõ 12 Láng Hạ, Hà Nội"),
                   lines=lines, totals=totals, title="Hóa đơn bán hàng", payment_method="TM",
                   provider_tax_code=PROVIDER_MST)


def cash_register_invoice() -> Invoice:
    """Cash-register (POS) invoice: VAT-included prices, anonymous buyer, M-code in MCCQT."""
    priced = [(Line(name="Cà phê sữa đá", seq=1, unit="Cốc", quantity=Decimal(2), vat_rate="8%"),
               Decimal(70000)),
              (Line(name="Bánh mì pate", seq=2, unit="Chiếc", quantity=Decimal(3), vat_rate="8%"),
               Decimal(75000)),
              (Line(name="Nước ngọt có đường 330ml", seq=3, unit="Lon", quantity=Decimal(1),
                    vat_rate="10%"), Decimal(15000))]
    lines, totals = money.compute_totals_from_gross(priced)
    lines = tuple(dataclasses.replace(line, unit_price=(line.amount / line.quantity)
                                      .quantize(Decimal("0.000001"))) for line in lines)
    return Invoice(form="1", symbol="C26MAA", number=None, issue_date=datetime.date(2026, 11, 20),
                   seller=dataclasses.replace(SELLER, store_code="CH01",
                                              store_name="Cửa hàng Viettel Cầu Giấy"),
                   buyer=Buyer(), lines=lines, totals=totals, payment_method="TM",
                   provider_tax_code=PROVIDER_MST, kind=model.KIND_CASH_REGISTER,
                   tax_authority_code="M1-26-AB12C-00000000123",
                   qr_data="M1-26-AB12C-00000000123|0100109106|20261120|160000")


def household_cash_register_invoice() -> Invoice:
    """Cash-register invoice of a household business: its tax code is the owner's 12-digit
    personal ID, direct method (form 2, no VAT rate), the 20 % reduction of Resolution 204
    deducted from what the buyer pays, and an M2 code."""
    seller = dataclasses.replace(SELLER, name="Hộ kinh doanh Phở Bà Lan",
                                 tax_code="001085012345",
                                 address="Số 8 phố Hàng Gà, Phường Hoàn Kiếm, Hà Nội",
                                 bank_account="", bank_name="", website="", email="")
    goods = (_line(1, "Phở bò tái", 2, 65000, "", unit="Bát"),
             _line(2, "Trà đá", 2, 5000, "", unit="Cốc"))
    revenue = sum((line.amount for line in goods), Decimal(0))
    on_date = datetime.date(2026, 12, 31)
    reduction, note_vi = money.direct_method_reduction({"services": revenue}, on_date)
    total = revenue - reduction
    totals = Totals(by_rate=(), amount_untaxed=revenue, vat=Decimal(0), total=total,
                    total_in_words=money.amount_words.amount_in_words(total),
                    other_deduction=reduction)
    return Invoice(form="2", symbol="C26MBL", number=None, issue_date=on_date, seller=seller,
                   buyer=Buyer(), lines=(*goods, Line(name=note_vi, nature=NOTE, seq=3)),
                   totals=totals, title="Hóa đơn bán hàng", payment_method="TM",
                   provider_tax_code=PROVIDER_MST, kind=model.KIND_CASH_REGISTER,
                   tax_authority_code="M2-26-HK0B1-00000000042")


def adjustment_invoice() -> Invoice:
    """Decreasing adjustment (TCHDon 2) of invoice C26TAA no. 123: negative amounts."""
    lines = [_line(1, "Điều chỉnh giảm đơn giá Máy tính xách tay Dell Latitude 5440", 2,
                   -500000, "10%", code="DL5440")]
    related = RelatedInvoice(nature=model.ADJUSTMENT, form="1", symbol="C26TAA", number="123",
                             date=datetime.date(2026, 11, 20),
                             note="Điều chỉnh giảm đơn giá theo biên bản thỏa thuận "
                                  "ngày 24/11/2026")
    return _invoice(lines, number=130, issue_date=datetime.date(2026, 11, 25), related=related)


def replacement_invoice() -> Invoice:
    """Replacement (TCHDon 1) of invoice C26TAA no. 124 issued with a wrong buyer MST."""
    lines = [_line(1, "Dịch vụ thuê máy chủ ảo 8 vCPU tháng 11/2026", 1, 6500000, "10%",
                   unit="Tháng"),
             _line(2, "Ổ cứng SSD Samsung 990 Pro 2TB", 4, 4190000, "8%")]
    related = RelatedInvoice(nature=model.REPLACEMENT, form="1", symbol="C26TAA", number="124",
                             date=datetime.date(2026, 11, 21),
                             note="Thay thế do sai mã số thuế người mua")
    return _invoice(lines, number=131, issue_date=datetime.date(2026, 11, 26), related=related)


def foreign_currency_invoice() -> Invoice:
    """Invoice in USD (TGia required) to a foreign buyer, export service at 0 %."""
    buyer = Buyer(name="Acme Software Pte. Ltd.", address="1 Raffles Place, Singapore 048616",
                  email="ap@acme.example", bank_account="SG12345678", bank_name="DBS Bank Ltd")
    lines = [_line(1, "Dịch vụ phát triển phần mềm theo hợp đồng 12/2026/HĐ", "160", "45.50",
                   "0%", unit="Giờ", currency="USD"),
             _line(2, "Dịch vụ kiểm thử phần mềm", "37.5", "38.25", "0%", unit="Giờ",
                   currency="USD")]
    return _invoice(lines, currency="USD", exchange_rate=Decimal("25350.50"), number=132,
                    issue_date=datetime.date(2026, 11, 27), buyer=buyer, payment_method="CK")


def error_notice() -> notice.ErrorNotice:
    """04/SS-HĐĐT: wrong buyer address on no. 123 (explain), and an adjustment on no. 124."""
    items = (notice.NoticeItem(seq=1, form="1", symbol="C26TAA", number="123",
                               date=datetime.date(2026, 11, 20), action=notice.ACTION_EXPLAIN,
                               reason="Sai địa chỉ người mua, mã số thuế đúng",
                               tax_authority_code="00474597512BE94B7BAB367996EF464828"),
             notice.NoticeItem(seq=2, form="1", symbol="C26TAA", number="124",
                               date=datetime.date(2026, 11, 21), action=notice.ACTION_ADJUST,
                               reason="Sai đơn giá, đã lập hóa đơn điều chỉnh số 130"))
    return notice.ErrorNotice(tax_office_code="10100", tax_office_name="Thuế Thành phố Hà Nội",
                              taxpayer_name=SELLER.name, tax_code=SELLER.tax_code,
                              place="Hà Nội", date=datetime.date(2026, 11, 28), items=items)


def monthly_summary_table() -> summary_table.SummaryTable:
    """01/TH-HĐĐT for November 2026 with one new and one adjusted row."""
    rows = (summary_table.SummaryRow(
                seq=1, item_name="Cước dịch vụ viễn thông tháng 11/2026", form="1",
                symbol="K26TAA", number="1001", date=datetime.date(2026, 11, 30),
                buyer_name="Trần Thị Bình", unit="Tháng", quantity=Decimal(1),
                amount_untaxed=Decimal(250000), vat_rate="10%", vat=Decimal(25000),
                total=Decimal(275000)),
            summary_table.SummaryRow(
                seq=2, item_name="Điều chỉnh giảm cước tháng 10/2026", form="1",
                symbol="K26TAA", number="1002", date=datetime.date(2026, 11, 30),
                buyer_name="Lê Văn Cường", amount_untaxed=Decimal(-50000), vat_rate="10%",
                vat=Decimal(-5000), total=Decimal(-55000), status=summary_table.STATUS_ADJUSTED,
                related_type=1, related_form="1", related_symbol="K26TAA",
                related_number="0987"))
    return summary_table.SummaryTable(number=11, period_type="T", period="11/2026",
                                      date=datetime.date(2026, 12, 5),
                                      taxpayer_name=SELLER.name, tax_code=SELLER.tax_code,
                                      rows=rows)


def envelope_of(invoice: Invoice, message_id: str = ENVELOPE_MESSAGE_ID):
    """The ``TDiep`` that sends ``invoice`` to the tax authority (fixed id for golden files)."""
    message_type = {model.KIND_CODED: envelope.MSG_INVOICE_FOR_CODE,
                    model.KIND_UNCODED: envelope.MSG_UNCODED_INVOICE,
                    model.KIND_CASH_REGISTER: envelope.MSG_CASH_REGISTER_INVOICES}[invoice.kind]
    return envelope.build_envelope(message_type, ENVELOPE_SENDER, envelope.TAX_AUTHORITY,
                                   invoice.seller.tax_code, [xml_build.build_invoice(invoice)],
                                   version=invoice.version, message_id=message_id)


INVOICES = {
    "vat_invoice": vat_invoice, "vat_invoice_2_0_1": vat_invoice_2_0_1,
    "sales_invoice_direct": sales_invoice_direct, "cash_register_invoice": cash_register_invoice,
    "household_cash_register_invoice": household_cash_register_invoice,
    "adjustment_invoice": adjustment_invoice, "replacement_invoice": replacement_invoice,
    "foreign_currency_invoice": foreign_currency_invoice,
}


def ten_line_invoice() -> Invoice:
    """Ten goods lines at mixed rates: the size used for speed measurements."""
    rates = ("10%", "8%", "5%", "0%", "KCT")
    lines = [_line(i, f"Hàng hóa mẫu số {i}", i, 125000 * i, rates[i % 5], code=f"SP{i:03d}")
             for i in range(1, 11)]
    return _invoice(lines, number=200)
