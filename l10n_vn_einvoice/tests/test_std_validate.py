"""The validator reports each kind of schema, arithmetic and code error at its XPath."""

import time

import pytest
from lxml import etree

from ..standard import validate, xml_build
from ..standard.errors import InvalidDocument
from . import std_fixtures

LINES = "/HDon/DLHDon/NDHDon/DSHHDVu/HHDVu"
TOTALS = "/HDon/DLHDon/NDHDon/TToan"
GENERAL = "/HDon/DLHDon/TTChung"


def _vat_invoice():
    return xml_build.build_invoice(std_fixtures.vat_invoice())


def _set(root, xpath, value):
    root.getroottree().xpath(xpath)[0].text = value
    return root


def _found(problems):
    return {(p.xpath, p.rule) for p in problems}


def test_fixture_is_valid():
    assert validate.validate_invoice_xml(_vat_invoice()) == []


@pytest.mark.parametrize("xpath,value,rule", [
    (f"{LINES}[2]/ThTien", "7000001", "arithmetic.line_amount"),
    (f"{TOTALS}/THTTLTSuat/LTSuat[4]/ThTien", "36000000", "arithmetic.rate_amount"),
    (f"{TOTALS}/THTTLTSuat/LTSuat[3]/TThue", "700000", "arithmetic.rate_vat"),
    (f"{TOTALS}/TgTCThue", "60460001", "arithmetic.total_untaxed"),
    (f"{TOTALS}/TgTThue", "4296001", "arithmetic.total_vat"),
    (f"{TOTALS}/TgTTTBSo", "64756001", "arithmetic.total"),
    (f"{TOTALS}/TgTTTBChu", "Sáu mươi tư triệu đồng", "arithmetic.words"),
    (f"{GENERAL}/KHHDon", "C25TAA", "symbol.year"),
    (f"{GENERAL}/KHMSHDon", "0", "form.digit"),
    ("/HDon/DLHDon/NDHDon/NBan/MST", "0100109107", "mst.checksum"),
    ("/HDon/DLHDon/NDHDon/NMua/MST", "0101248142", None),
    (f"{LINES}[1]/TSuat", "12%", "xml.schema"),
    (f"{GENERAL}/SHDon", "123456789", "xml.schema"),
    (f"{LINES}[1]/THHDVu", "x" * 501, "xml.schema"),
    ("/HDon/DLHDon/NDHDon/NBan/Ten", "", "xml.schema"),
])
def test_error_is_reported_at_its_xpath(xpath, value, rule):
    problems = validate.validate_invoice_xml(_set(_vat_invoice(), xpath, value))
    at_path = [p for p in problems if p.xpath == xpath]
    assert at_path, problems
    if rule:
        assert rule in {p.rule for p in at_path}
    assert all(p.message and p.message_vi for p in problems)


def test_mst_rule_name():
    root = _set(_vat_invoice(), "/HDon/DLHDon/NDHDon/NBan/MST", "0100109107")
    rules = {p.rule for p in validate.validate_invoice_xml(root)}
    assert any(rule.startswith("mst.") for rule in rules), rules


def test_nine_digit_number_is_reported_once():
    problems = validate.validate_invoice_xml(_set(_vat_invoice(), f"{GENERAL}/SHDon", "123456789"))
    assert [p.xpath for p in problems] == [f"{GENERAL}/SHDon"]


def test_missing_exchange_rate_for_foreign_currency():
    root = xml_build.build_invoice(std_fixtures.foreign_currency_invoice())
    rate = root.find("DLHDon/TTChung/TGia")
    rate.getparent().remove(rate)
    assert (f"{GENERAL}/TGia", "currency.rate_required") in _found(
        validate.validate_invoice_xml(root))


def test_rate_group_missing_for_a_line_rate():
    root = _vat_invoice()
    groups = root.find("DLHDon/NDHDon/TToan/THTTLTSuat")
    groups.remove(groups[0])
    rules = {p.rule for p in validate.validate_invoice_xml(root)}
    assert {"arithmetic.rate_missing", "arithmetic.total_untaxed"} <= rules


def test_promotion_and_note_lines_do_not_count():
    root = _vat_invoice()
    note = root.find("DLHDon/NDHDon/DSHHDVu")[6]
    etree.SubElement(note, "ThTien").text = "999"
    assert validate.validate_invoice_xml(root) == []


def test_unknown_version_is_a_problem():
    root = _set(_vat_invoice(), f"{GENERAL}/PBan", "9.9.9")
    assert (f"{GENERAL}/PBan", "version.known") in _found(validate.validate_invoice_xml(root))


def test_version_2_0_1_refuses_2_1_0_elements():
    root = _set(_vat_invoice(), f"{GENERAL}/PBan", "2.0.1")
    buyer = root.find("DLHDon/NDHDon/NMua")
    etree.SubElement(buyer, "CCCDan").text = "001085012345"
    assert any(p.rule == "xml.schema" and "CCCDan" in p.message
               for p in validate.validate_invoice_xml(root))


def test_malformed_and_hostile_input_become_problems():
    assert validate.validate_invoice_xml(b"<HDon><DLHDon>")[0].rule == "xml.syntax"
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><HDon/>'
    assert validate.validate_invoice_xml(hostile)[0].rule == "xml.hostile"


def test_cash_register_code_is_checked_by_date():
    root = xml_build.build_invoice(std_fixtures.cash_register_invoice())
    root.find("MCCQT").text = "M1-25-AB12C-00000000123"
    assert ("/HDon/MCCQT", "cash_register.year") in _found(validate.validate_invoice_xml(root))


def test_tax_authority_code_on_coded_invoice():
    root = _vat_invoice()
    etree.SubElement(root, "MCCQT", Id="mccqt").text = "00474597512BE94B7BAB367996EF46482G"
    root.append(root.find("DSCKS"))
    assert ("/HDon/MCCQT", "tax_authority_code.format") in _found(
        validate.validate_invoice_xml(root))


def test_words_variants_are_accepted():
    root = _set(_vat_invoice(), f"{TOTALS}/TgTTTBChu",
                "Sáu mươi tư triệu bảy trăm năm mươi sáu ngàn đồng chẵn./.")
    assert validate.validate_invoice_xml(root) == []


def test_check_invoice_xml_raises_with_all_problems():
    root = _set(_vat_invoice(), f"{TOTALS}/TgTThue", "1")
    with pytest.raises(InvalidDocument) as info:
        validate.check_invoice_xml(etree.tostring(root))
    assert {p.rule for p in info.value.problems} >= {"arithmetic.total_vat", "arithmetic.total"}


def test_validate_document_dispatches_and_refuses_unknown_roots():
    envelope = std_fixtures.envelope_of(std_fixtures.vat_invoice())
    envelope.find("DLieu/HDon/DLHDon/NDHDon/TToan/TgTThue").text = "1"
    problems = validate.validate_document(etree.tostring(envelope))
    assert "/TDiep/DLieu/HDon/DLHDon/NDHDon/TToan/TgTThue" in {p.xpath for p in problems}
    assert validate.validate_document(b"<Other/>")[0].rule == "xml.root"


def test_envelope_count_must_match_payloads():
    envelope = std_fixtures.envelope_of(std_fixtures.vat_invoice())
    envelope.find("TTChung/SLuong").text = "2"
    assert "envelope.count" in {p.rule for p in validate.validate_document(envelope)}


def test_speed_of_a_ten_line_invoice():
    """Measured, not asserted tightly: the bound only catches an order-of-magnitude slip."""
    data = xml_build.invoice_to_bytes(std_fixtures.ten_line_invoice())
    assert validate.validate_invoice_xml(data) == []
    runs = 300
    start = time.perf_counter()
    for _ in range(runs):
        validate.validate_invoice_xml(data)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 0.005


# --- issue 10: tax codes, the VAT rule, cash-register codes, dated rates --------------------

SELLER_MST = "/HDon/DLHDon/NDHDon/NBan/MST"
BUYER_MST = "/HDon/DLHDon/NDHDon/NMua/MST"


def _household():
    return xml_build.build_invoice(std_fixtures.household_cash_register_invoice())


def test_household_seller_with_a_personal_id_is_valid():
    root = _household()
    assert root.findtext("DLHDon/NDHDon/NBan/MST") == "001085012345"
    assert root.findtext("DLHDon/NDHDon/TToan/TGTKhac") == "1400"  # 140 000 × 5 % × 20 %
    assert validate.validate_invoice_xml(root) == []


@pytest.mark.parametrize("xpath,value,rule", [
    (SELLER_MST, "000085012345", "personal_id.province"),  # 000 is no province
    (SELLER_MST, "00108501234", "mst.length"),  # 11 digits
    (SELLER_MST, "0100109106001", "mst.form"),  # a branch written without its dash
    (BUYER_MST, "0100109106 001", "mst.form"),
    (BUYER_MST, "0100109106-000", "mst.branch"),
])
def test_bad_tax_codes_in_xml_are_named(xpath, value, rule):
    problems = [p for p in validate.validate_invoice_xml(_set(_household() if "NBan" in xpath
                                                              else _vat_invoice(), xpath, value))
                if p.xpath == xpath]
    assert [p.rule for p in problems] == [rule]
    assert problems[0].message and problems[0].message_vi


def test_group_vat_may_be_one_dong_off_the_rule_never_more():
    vat = f"{TOTALS}/THTTLTSuat/LTSuat[3]/TThue"  # 8 %: 2 160 000 on 27 000 000
    total = f"{TOTALS}/TgTThue"
    grand = f"{TOTALS}/TgTTTBSo"
    root = _vat_invoice()
    base_vat, base_total, base_grand = (int(root.getroottree().xpath(x)[0].text)
                                        for x in (vat, total, grand))

    def shifted(delta):
        tree = _vat_invoice()
        for xpath, value in ((vat, base_vat), (total, base_total), (grand, base_grand)):
            _set(tree, xpath, str(value + delta))
        return validate.validate_invoice_xml(tree)

    words = {p.rule for p in shifted(1)}
    assert "arithmetic.rate_vat" not in words
    problems = [p for p in shifted(11) if p.rule == "arithmetic.rate_vat"]
    assert [p.xpath for p in problems] == [vat]
    assert "prices before VAT" in problems[0].message
    assert "prices including VAT" in problems[0].message


def test_cash_register_invoice_vat_follows_the_gross_formula():
    root = xml_build.build_invoice(std_fixtures.cash_register_invoice())
    assert validate.validate_invoice_xml(root) == []
    group = root.find("DLHDon/NDHDon/TToan/THTTLTSuat/LTSuat")  # 8 %: 145 000 paid
    assert (group.findtext("ThTien"), group.findtext("TThue")) == ("134259", "10741")


def test_cash_register_symbol_must_be_coded():
    root = _set(xml_build.build_invoice(std_fixtures.cash_register_invoice()),
                f"{GENERAL}/KHHDon", "K26MAA")
    assert (f"{GENERAL}/KHHDon", "symbol.cash_register_coded") in _found(
        validate.validate_invoice_xml(root))


def test_cash_register_code_form_must_be_the_invoice_form():
    root = xml_build.build_invoice(std_fixtures.cash_register_invoice())
    root.find("MCCQT").text = "M2-26-AB12C-00000000123"
    assert ("/HDon/MCCQT", "cash_register.form_mismatch") in _found(
        validate.validate_invoice_xml(root))


def test_a_new_invoice_at_8_percent_in_2027_is_refused_naming_the_resolution():
    invoice = std_fixtures.vat_invoice()
    root = xml_build.build_invoice(invoice)
    _set(root, f"{GENERAL}/NLap", "2027-01-01")
    _set(root, f"{GENERAL}/KHHDon", "C27TAA")
    problems = [p for p in validate.validate_invoice_xml(root)
                if p.rule == "vat_rate.reduced_expired"]
    assert problems
    assert "204/2025/QH15" in problems[0].message and "204/2025/QH15" in problems[0].message_vi


def test_a_2027_correction_of_a_2026_invoice_keeps_8_percent():
    root = xml_build.build_invoice(std_fixtures.replacement_invoice())  # replaces a 2026 one
    _set(root, f"{GENERAL}/NLap", "2027-01-04")
    _set(root, f"{GENERAL}/KHHDon", "C27TAA")
    assert validate.validate_invoice_xml(root) == []
    _set(root, f"{GENERAL}/TTHDLQuan/NLHDCLQuan", "2027-01-02")  # now it corrects a 2027 one
    assert "vat_rate.reduced_expired" in {p.rule for p in validate.validate_invoice_xml(root)}
