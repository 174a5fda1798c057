"""``parse_invoice`` is the exact inverse of ``build_invoice`` (hypothesis round trip)."""

import datetime
import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..standard import model, xml_build, xml_parse
from ..standard.errors import StandardError
from . import std_fixtures

_ALPHABET = string.ascii_letters + string.digits + "ăâđêôơưĂÂĐÊÔƠƯàáạảãèéẹẻẽ .,-/&<>'\""
text = st.text(_ALPHABET, min_size=0, max_size=30).map(str.strip)
word = st.text(_ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
money_value = st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=6,
                          allow_nan=False, allow_infinity=False)
maybe_money = st.none() | money_value
dates = st.dates(datetime.date(2022, 7, 1), datetime.date(2030, 12, 31))
rates = st.sampled_from(["", "0%", "5%", "8%", "10%", "KCT", "KKKNT", "KHAC:5.26%"])
extras = st.lists(st.builds(model.ExtraField, name=word, value=text,
                            data_type=st.sampled_from(["string", "numeric", "date"])),
                  max_size=2).map(tuple)

sellers = st.builds(model.Seller, name=word, tax_code=st.just("0100109106"), address=word,
                    store_code=text, phone=text, email=text, website=text, extra=extras)
buyers = st.builds(model.Buyer, name=text, tax_code=text, budget_unit_code=text, address=text,
                   personal_id=text, passport=text, email=text, extra=extras)
lines = st.builds(
    model.Line, name=word, nature=st.integers(1, 5), seq=st.none() | st.integers(1, 9999),
    code=text, unit=text, quantity=maybe_money, unit_price=maybe_money,
    discount_rate=st.none() | st.decimals(0, 100, places=4), discount_amount=maybe_money,
    amount=maybe_money, vat_rate=rates,
    special=st.lists(st.builds(model.SpecialGoodsField, goods_type=st.integers(1, 4),
                               name=word, value=word), max_size=2).map(tuple),
    extra=extras)
totals = st.builds(
    model.Totals,
    by_rate=st.lists(st.builds(model.RateTotal, vat_rate=rates.filter(bool), amount=money_value,
                               vat=money_value), max_size=3).map(tuple),
    amount_untaxed=money_value, vat=money_value, total=money_value, total_in_words=word,
    non_taxable_deduction=maybe_money,
    fees=st.lists(st.builds(model.Fee, name=word, amount=money_value), max_size=2).map(tuple),
    trade_discount=maybe_money, other_deduction=maybe_money, extra=extras)
related = st.none() | st.builds(
    model.RelatedInvoice, nature=st.sampled_from([1, 2]), form=text, symbol=text, number=text,
    date=st.none() | dates, invoice_type=st.integers(1, 4), note=text, list_number=text,
    list_date=st.none() | dates)


@st.composite
def invoices(draw):
    kind = draw(st.sampled_from(model.KINDS))
    symbol = {"coded": "C26TAA", "uncoded": "K26TAA", "cash_register": "C26MAA"}[kind]
    code = {"coded": "00474597512BE94B7BAB367996EF464828", "uncoded": "",
            "cash_register": "M1-26-AB12C-00000000001"}[kind]
    return model.Invoice(
        # Form 6 is a delivery note, with a layout of its own (test_std_delivery_note.py).
        form=draw(st.sampled_from("12345789")), symbol=symbol,
        number=draw(st.none() | st.integers(1, 99_999_999)), issue_date=draw(dates),
        seller=draw(sellers), buyer=draw(buyers),
        lines=tuple(draw(st.lists(lines, min_size=1, max_size=4))), totals=draw(totals),
        title=draw(word), currency=draw(st.sampled_from(["VND", "USD"])),
        exchange_rate=draw(st.none() | st.decimals(1, 99999, places=2)),
        payment_method=draw(text), provider_tax_code=draw(text),
        financial_leasing=draw(st.sampled_from([0, 1])), dossier_code=draw(text),
        sales_list_number=draw(text), sales_list_date=draw(st.none() | dates),
        related=draw(related), general_extra=draw(extras), extra=draw(extras), kind=kind,
        tax_authority_code=draw(st.sampled_from(["", code])), qr_data=draw(text),
        dlhdon_id=draw(st.sampled_from(["data", "Id-1"])))


@settings(max_examples=150, deadline=None)
@given(invoices())
def test_round_trip_is_exact(invoice):
    data = xml_build.invoice_to_bytes(invoice)
    assert xml_parse.parse_invoice(data) == invoice
    assert xml_parse.parse_invoice(xml_build.build_invoice(invoice)) == invoice


@pytest.mark.parametrize("name", sorted(std_fixtures.INVOICES))
def test_fixtures_round_trip(name):
    invoice = std_fixtures.INVOICES[name]()
    assert xml_parse.parse_invoice(xml_build.invoice_to_bytes(invoice)) == invoice


def test_kind_follows_the_symbol():
    assert xml_parse.kind_of_symbol("C26MAA") == model.KIND_CASH_REGISTER
    assert xml_parse.kind_of_symbol("K26TAA") == model.KIND_UNCODED
    assert xml_parse.kind_of_symbol("C26TAA") == model.KIND_CODED


def test_refuses_other_roots_and_missing_parts():
    with pytest.raises(StandardError) as info:
        xml_parse.parse_invoice(b"<TDiep/>")
    assert info.value.rule == "xml.root"
    with pytest.raises(StandardError) as info:
        xml_parse.parse_invoice(b"<HDon><DLHDon/></HDon>")
    assert info.value.rule == "xml.required"


def test_bad_number_names_the_field():
    data = xml_build.invoice_to_bytes(std_fixtures.vat_invoice()).replace(
        b"<DGia>55000</DGia>", b"<DGia>55.000,00</DGia>")
    with pytest.raises(StandardError) as info:
        xml_parse.parse_invoice(data)
    assert info.value.field == "HHDVu[3]/DGia"
    assert info.value.rule == "number.format"


def test_untrimmed_numbers_from_other_software_are_read():
    data = xml_build.invoice_to_bytes(std_fixtures.vat_invoice()).replace(
        b"<SLuong>40</SLuong>", b"<SLuong>40.000000</SLuong>")
    assert xml_parse.parse_invoice(data).lines[2].quantity == Decimal(40)
