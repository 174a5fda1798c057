"""Codes: MST, personal ID, form, symbol, number, cash-register and tax-authority codes."""

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.vn import mst as stdnum_mst

from ..standard import codes
from ..standard.errors import InvalidCode

D = datetime.date

# Real MSTs from real invoices and well-known companies (reference §5).
REAL_MSTS = ["0100109106", "0101248141", "0300588569", "0102671977", "0109744141",
             "0106323762", "0106324653", "0309478306", "0100684378", "0101243150",
             "0311357436", "0312270160", "0104359717"]


def _rule(call, *args, **kwargs):
    with pytest.raises(InvalidCode) as info:
        call(*args, **kwargs)
    assert info.value.message and info.value.message_vi and info.value.field
    return info.value.rule


@pytest.mark.parametrize("mst", REAL_MSTS)
def test_real_msts_are_valid(mst):
    assert codes.validate_mst(mst) == mst
    assert codes.is_valid_mst(mst)
    assert codes.validate_mst(mst + "-001") == mst + "-001"


@pytest.mark.parametrize("mst", REAL_MSTS)
def test_one_digit_changed_is_refused(mst):
    for position in range(10):
        for digit in "0123456789":
            if digit == mst[position]:
                continue
            other = mst[:position] + digit + mst[position + 1:]
            assert not codes.is_valid_mst(other), other
    changed_check = mst[:9] + str((int(mst[9]) + 1) % 10)
    assert _rule(codes.validate_mst, changed_check) == "mst.checksum"


def test_remainder_ten_gives_check_digit_zero():
    zero_checks = [m for m in REAL_MSTS if m[9] == "0"]
    assert len(zero_checks) == 2
    for mst in zero_checks:
        assert sum(int(d) * w for d, w in zip(mst[:9], codes.MST_WEIGHTS, strict=True)) % 11 == 10


def test_remainder_zero_is_never_valid():
    first_nine = next(f"{n:09d}" for n in range(1_000_000, 2_000_000)
                      if codes.mst_check_digit(f"{n:09d}") is None)
    for last in "0123456789":
        assert _rule(codes.validate_mst, first_nine + last) == "mst.checksum"


@pytest.mark.parametrize(("value", "rule"), [
    ("0100109106-000", "mst.branch"),
    ("010010910A", "mst.digits"),
    ("01001091061", "mst.length"),
    ("010010910", "mst.length"),
    ("", "mst.digits"),
    ("0100109106-01", "mst.length"),
    ("０１００１０９１０６", "mst.digits"),
])
def test_malformed_msts(value, rule):
    assert _rule(codes.validate_mst, value) == rule


def test_zero_serial_refused_like_stdnum():
    # 01 + 0000000: S = 29, r = 7, check digit 3 — well formed, but no such MST is issued.
    assert codes.mst_check_digit("010000000") == 3
    assert _rule(codes.validate_mst, "0100000003") == "mst.serial"


def test_non_text_refused():
    assert _rule(codes.validate_mst, 100109106) == "code.type"
    assert _rule(codes.validate_form, None, D(2026, 1, 1)) == "code.type"


def test_mst_normalisation():
    assert codes.validate_mst(" 0100109106001 ") == "0100109106-001"
    assert codes.validate_mst("0100.109.106") == "0100109106"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_agrees_with_stdnum_on_ten_digits(number):
    assert codes.is_valid_mst(number) == stdnum_mst.is_valid(number)


def test_personal_id():
    assert codes.validate_personal_id("001099012345") == "001099012345"
    assert codes.validate_personal_id("079 203 000 001") == "079203000001"
    assert _rule(codes.validate_personal_id, "003099012345") == "personal_id.province"
    assert _rule(codes.validate_personal_id, "097099012345") == "personal_id.province"
    assert _rule(codes.validate_personal_id, "00109901234") == "personal_id.format"
    assert _rule(codes.validate_personal_id, "00109901234X") == "personal_id.format"
    assert len(codes.PERSONAL_ID_PROVINCES) == 63


def test_buyer_tax_id_accepts_both_kinds():
    assert codes.validate_buyer_tax_id("0100109106") == "0100109106"
    assert codes.validate_buyer_tax_id("096123456789") == "096123456789"
    assert codes.validate_buyer_id("0100109106-002") == "0100109106-002"
    assert _rule(codes.validate_buyer_tax_id, "0100109107") == "mst.checksum"


def test_explain_tax_id():
    assert codes.explain_tax_id("0100109106")[:2] == (True, codes.TAX_ID_MST)
    assert codes.explain_tax_id("0100109106-001")[:2] == (True, codes.TAX_ID_MST_BRANCH)
    assert codes.explain_tax_id("001099012345")[:2] == (True, codes.TAX_ID_PERSONAL)
    ok, kind, reason_en, reason_vi = codes.explain_tax_id("0100109107")
    assert (ok, kind) == (False, codes.TAX_ID_UNKNOWN)
    assert "check digit" in reason_en and "kiểm tra" in reason_vi


@pytest.mark.parametrize(("form", "day", "ok"), [
    ("1", D(2025, 5, 31), True), ("6", D(2025, 5, 31), True), ("7", D(2025, 5, 31), False),
    ("9", D(2025, 5, 31), False), ("7", D(2025, 6, 1), True), ("9", D(2025, 6, 1), True),
    ("9", D(2026, 7, 1), True), ("0", D(2026, 7, 1), False), ("10", D(2026, 7, 1), False),
    (2, D(2024, 1, 1), True),
])
def test_form_digits_by_date(form, day, ok):
    if ok:
        assert codes.validate_form(form, day) == str(form)
    else:
        assert _rule(codes.validate_form, form, day) == "form.digit"


@pytest.mark.parametrize(("symbol", "day", "rule"), [
    ("C25TAA", D(2025, 5, 31), None),
    ("C25XAA", D(2025, 5, 31), "symbol.letter"),
    ("C25XAA", D(2025, 6, 1), None),
    ("C26FAA", D(2026, 6, 30), "symbol.letter"),
    ("C26FAA", D(2026, 7, 1), None),
    ("C26XAB", D(2026, 7, 1), None),
    ("C25TAA", D(2026, 1, 1), "symbol.year"),
    ("C26TAA", D(2025, 12, 31), "symbol.year"),
    ("A26TAA", D(2026, 1, 1), "symbol.format"),
    ("C26ZAA", D(2026, 1, 1), "symbol.format"),
    ("C26Taa", D(2026, 1, 1), "symbol.format"),
    ("C26TA", D(2026, 1, 1), "symbol.format"),
    ("K26T01", D(2026, 1, 1), None),
])
def test_symbols_by_date(symbol, day, rule):
    if rule is None:
        assert codes.validate_symbol(symbol, day) == symbol
    else:
        assert _rule(codes.validate_symbol, symbol, day) == rule


def test_symbols_by_kind():
    day = D(2026, 3, 1)
    assert codes.validate_symbol("C26TAA", day, "coded") == "C26TAA"
    assert _rule(codes.validate_symbol, "K26TAA", day, "coded") == "symbol.coded"
    assert _rule(codes.validate_symbol, "C26TAA", day, "uncoded") == "symbol.coded"
    assert codes.validate_symbol("C26MAA", day, "cash_register") == "C26MAA"
    assert _rule(codes.validate_symbol, "K26MAA", day, "cash_register") == \
        "symbol.cash_register_coded"
    assert _rule(codes.validate_symbol, "C26TAA", day, "cash_register") == \
        "symbol.cash_register"
    assert _rule(codes.validate_symbol, "C26TAA", day, "paper") == "symbol.kind"


def test_suggest_symbol():
    assert codes.suggest_symbol("coded", D(2026, 1, 5)) == "C26TAA"
    assert codes.suggest_symbol("uncoded", D(2025, 8, 1), "BC") == "K25TBC"
    assert codes.suggest_symbol("cash_register", D(2027, 1, 1)) == "C27MAA"
    assert _rule(codes.suggest_symbol, "coded", D(2026, 1, 5), "a") == "symbol.format"


@pytest.mark.parametrize(("number", "expected"), [
    (1, 1), (99_999_999, 99_999_999), ("5082", 5082), ("00000014", 14),
])
def test_invoice_numbers(number, expected):
    assert codes.validate_invoice_number(number) == expected


@pytest.mark.parametrize(("number", "rule"), [
    (0, "number.range"), (100_000_000, "number.range"), (-1, "number.range"),
    ("12a", "number.type"), (True, "number.type"), (1.0, "number.type"),
])
def test_invalid_invoice_numbers(number, rule):
    assert _rule(codes.validate_invoice_number, number) == rule


def test_cash_register_code_example():
    code = codes.make_cash_register_code(2, 2025, "A1B2C", 1234567)
    assert code == "M2-25-A1B2C-00001234567" and len(code) == 23
    parsed = codes.parse_cash_register_code(code)
    assert parsed == codes.CashRegisterCode("2", 25, "A1B2C", 1234567)
    assert codes.validate_cash_register_code(code, D(2025, 3, 1)) == code


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=2000, max_value=2099),
       st.from_regex(r"\A[A-Z0-9]{5}\Z"),
       st.integers(min_value=1, max_value=codes.MAX_CASH_REGISTER_SEQUENCE))
def test_cash_register_code_round_trip(form, year, authority_string, sequence):
    code = codes.make_cash_register_code(form, year, authority_string, sequence)
    assert re.fullmatch(r"M\d-\d{2}-[A-Z0-9]{5}-\d{11}", code)
    parsed = codes.parse_cash_register_code(code)
    assert (parsed.form, parsed.year, parsed.authority_string, parsed.sequence) == \
        (str(form), year % 100, authority_string, sequence)
    assert str(parsed) == code


@pytest.mark.parametrize(("args", "rule"), [
    ((0, 2026, "ABCDE", 1), "cash_register.form"),
    ((1, 2026, "abcde", 1), "cash_register.authority_string"),
    ((1, 2026, "ABCD", 1), "cash_register.authority_string"),
    ((1, 2026, "ABCDE", 0), "cash_register.sequence"),
    ((1, 2026, "ABCDE", 10**11), "cash_register.sequence"),
    ((1, -1, "ABCDE", 1), "cash_register.year"),
])
def test_make_cash_register_code_refuses(args, rule):
    assert _rule(codes.make_cash_register_code, *args) == rule


def test_validate_cash_register_code_rules():
    assert _rule(codes.parse_cash_register_code, "M1-26-ABCDE-0000000001") == \
        "cash_register.format"
    assert _rule(codes.parse_cash_register_code, "M1-26-ABCDE-00000000000") == \
        "cash_register.sequence"
    assert _rule(codes.validate_cash_register_code, "M1-25-ABCDE-00000000001",
                 D(2026, 1, 1)) == "cash_register.year"
    assert _rule(codes.validate_cash_register_code, "M7-25-ABCDE-00000000001",
                 D(2025, 5, 1)) == "form.digit"
    assert codes.validate_cash_register_code("M7-25-ABCDE-00000000001", D(2025, 6, 1))


def test_tax_authority_code():
    real = "00474597512BE94B7BAB367996EF464828"
    assert codes.validate_tax_authority_code(real) == real
    for bad in (real[:-1], real + "0", real.lower(), real[:-1] + "G"):
        assert _rule(codes.validate_tax_authority_code, bad) == "tax_authority_code.format"
    made = codes.make_tax_authority_code()
    assert codes.validate_tax_authority_code(made) == made and made.startswith("00")
    assert made != codes.make_tax_authority_code()
    assert codes.make_tax_authority_code("seed") == codes.make_tax_authority_code(b"seed")


@pytest.mark.parametrize("code", ["0%", "5%", "8%", "10%", "KCT", "KKKNT", "KHAC",
                                  "KHAC:5.26%", "KHAC:5%", "KHAC:12.5%"])
def test_vat_rate_codes(code):
    assert codes.validate_vat_rate(code) == code


@pytest.mark.parametrize("code", ["", "10", "10.0%", "7%", "KHAC:%", "KHAC:123%", "khac",
                                  "KHAC:5.261%", " 5%x"])
def test_invalid_vat_rate_codes(code):
    assert _rule(codes.validate_vat_rate, code) == "vat_rate.code"


def test_reduced_rate_by_date():
    assert codes.validate_vat_rate("8%", D(2026, 12, 31)) == "8%"
    assert _rule(codes.validate_vat_rate, "8%", D(2027, 1, 1)) == "vat_rate.reduced_expired"
    assert codes.validate_vat_rate("10%", D(2027, 1, 1)) == "10%"


def test_check_length():
    assert codes.check_length("NMua/Ten", "x" * 400, 400) == "x" * 400
    with pytest.raises(InvalidCode) as info:
        codes.check_length("NMua/Ten", "x" * 401, 400)
    assert (info.value.field, info.value.rule) == ("NMua/Ten", "length.max")


# --- issue 10: one tax-code rule for sellers and buyers, typed vs written -----------------

@pytest.mark.parametrize(("typed", "legal"), [
    ("0100109106", "0100109106"),
    ("0100109106001", "0100109106-001"),
    ("0100.109.106-001", "0100109106-001"),
    (" 0100109106 001 ", "0100109106-001"),
    ("001085012345", "001085012345"),
    ("001 085 012 345", "001085012345"),
])
def test_typed_tax_codes_are_normalised(typed, legal):
    assert codes.validate_tax_id(typed) == legal
    assert codes.normalise_tax_id(typed) == legal
    assert codes.validate_seller_tax_id(typed, "NBan/MST") == legal


@pytest.mark.parametrize(("written", "rule"), [
    ("0100109106001", "mst.form"),
    ("0100109106 001", "mst.form"),
    ("001 085 012 345", "mst.form"),
    ("00108501234", "mst.length"),
    ("0010850123456", "mst.checksum"),
    ("999085012345", "personal_id.province"),
])
def test_written_tax_codes_must_be_in_legal_form(written, rule):
    assert _rule(codes.validate_tax_id, written, "NBan/MST", True) == rule


def test_eleven_digits_says_what_a_tax_code_is():
    with pytest.raises(InvalidCode) as info:
        codes.validate_tax_id("00108501234")
    assert "12 for a personal identification number" in info.value.message
    assert "12 chữ số (số định danh cá nhân)" in info.value.message_vi


def test_normalise_leaves_what_it_cannot_read():
    assert codes.normalise_tax_id(" abc ") == "abc"
    assert codes.normalise_tax_id("") == ""
