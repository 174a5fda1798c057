"""Builder: element order, number/date formats, omissions and version element sets."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from ..standard import model, money, validate, xml_build
from ..standard.errors import StandardError
from ..standard.numbers_format import decimal_to_text
from . import std_fixtures


@pytest.mark.parametrize("value,text", [
    ("10000.000000", "10000"), ("1E+3", "1000"), ("1.50", "1.5"), ("-0.00", "0"),
    ("0.000001", "0.000001"), ("-1234567.890", "-1234567.89"),
    ("123456789012345", "123456789012345"),
])
def test_decimal_text_is_plain(value, text):
    assert decimal_to_text(Decimal(value)) == text


def test_order_of_ttchung_follows_the_table():
    root = xml_build.build_invoice(std_fixtures.foreign_currency_invoice())
    tags = [child.tag for child in root.find("DLHDon/TTChung")]
    assert tags == ["PBan", "THDon", "KHMSHDon", "KHHDon", "SHDon", "NLap", "HDCTTChinh",
                    "DVTTe", "TGia", "HTTToan", "MSTTCGP"]
    assert [child.tag for child in root] == ["DLHDon", "DSCKS"]
    assert root.find("DLHDon/TTChung/TGia").text == "25350.5"


def test_empty_fields_are_omitted_and_dates_are_iso():
    root = xml_build.build_invoice(std_fixtures.vat_invoice())
    buyer_tags = {child.tag for child in root.find("DLHDon/NDHDon/NMua")}
    assert "SDThoai" not in buyer_tags and "CCCDan" not in buyer_tags
    assert root.find("DLHDon/TTChung/NLap").text == "2026-11-20"
    assert root.find("DLHDon").get("Id") == "data"
    assert root.find("DSCKS/NBan") is not None


def test_bytes_start_with_a_utf8_declaration():
    data = xml_build.invoice_to_bytes(std_fixtures.vat_invoice())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<HDon>')
    assert "Hóa đơn giá trị gia tăng".encode() in data


def test_cash_register_code_goes_to_mccqt_and_qr_before_it():
    root = xml_build.build_invoice(std_fixtures.cash_register_invoice())
    assert [child.tag for child in root] == ["DLHDon", "DLQRCode", "MCCQT", "DSCKS"]
    assert root.find("MCCQT").text == "M1-26-AB12C-00000000123"
    assert root.find("MCCQT").get("Id") == xml_build.MCCQT_ID
    assert root.find("DLHDon/TTChung/SHDon") is None


def test_uncoded_invoice_cannot_carry_a_code():
    inv = dataclasses.replace(std_fixtures.vat_invoice(), symbol="K26TAA",
                              kind=model.KIND_UNCODED, tax_authority_code="0" * 34)
    with pytest.raises(StandardError) as info:
        xml_build.build_invoice(inv)
    assert info.value.rule == "mccqt.uncoded"


@pytest.mark.parametrize("change", [
    lambda inv: dataclasses.replace(inv, buyer=dataclasses.replace(inv.buyer,
                                                                   personal_id="001085012345")),
    lambda inv: dataclasses.replace(inv, lines=(*inv.lines, model.Line(
        name="Xe máy", nature=model.SPECIAL_GOODS, amount=Decimal(1), vat_rate="10%",
        special=(model.SpecialGoodsField(1, "SKhung", "RLHJF123"),)))),
    lambda inv: dataclasses.replace(inv, related=model.RelatedInvoice(
        nature=2, list_number="BK01", list_date=datetime.date(2025, 3, 1))),
])
def test_version_2_0_1_refuses_2_1_0_data(change):
    with pytest.raises(StandardError) as info:
        xml_build.build_invoice(change(std_fixtures.vat_invoice_2_0_1()))
    assert info.value.rule == "version.element"


def test_unknown_version_is_refused():
    with pytest.raises(StandardError):
        xml_build.build_invoice(dataclasses.replace(std_fixtures.vat_invoice(), version="3.0"))


def test_special_goods_line_in_2_1_0_is_valid():
    inv = std_fixtures.vat_invoice()
    line = model.Line(name="Xe máy Honda Vision", nature=model.SPECIAL_GOODS, seq=8,
                      unit="Chiếc", quantity=Decimal(1), unit_price=Decimal(31000000),
                      amount=Decimal(31000000), vat_rate="10%",
                      special=(model.SpecialGoodsField(1, "SKhung", "RLHJF1234KY000001"),
                               model.SpecialGoodsField(1, "SMay", "JF12E1000001")))
    lines = (*inv.lines, line)
    inv = dataclasses.replace(inv, lines=lines, totals=money.compute_totals(lines))
    assert validate.validate_invoice_xml(xml_build.invoice_to_bytes(inv)) == []
