"""Amount in Vietnamese words: known values, variants, and a words → number round trip."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..standard.amount_words import amount_in_words, currency_name, number_words

KNOWN = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi bốn đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm linh năm đồng"),
    (101, "Một trăm linh một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (1005, "Một nghìn không trăm linh năm đồng"),
    (2005, "Hai nghìn không trăm linh năm đồng"),
    (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (1_000_500, "Một triệu năm trăm đồng"),
    (1_284_000, "Một triệu hai trăm tám mươi bốn nghìn đồng"),
    (3_791_700, "Ba triệu bảy trăm chín mươi mốt nghìn bảy trăm đồng"),
    (16_500_000, "Mười sáu triệu năm trăm nghìn đồng"),
    (110_000_000, "Một trăm mười triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (5_000_000_015, "Năm tỷ không trăm mười lăm đồng"),
    (1_234_567_890_123, "Một nghìn hai trăm ba mươi bốn tỷ năm trăm sáu mươi bảy triệu tám trăm "
                        "chín mươi nghìn một trăm hai mươi ba đồng"),
    (10**15, "Một triệu tỷ đồng"),
    (10**18, "Một tỷ tỷ đồng"),
    (10**18 + 1, "Một tỷ tỷ không trăm linh một đồng"),
]


@pytest.mark.parametrize(("amount", "words"), KNOWN)
def test_known_values(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_real_invoice_spelling_with_variants():
    # letieu/hddt example/invoice.xml: "Ba triệu bảy trăm chín mươi mốt ngàn bảy trăm đồng chẵn"
    assert (amount_in_words(Decimal(3_791_700), thousand="ngàn", even=True)
            == "Ba triệu bảy trăm chín mươi mốt ngàn bảy trăm đồng chẵn")


def test_zero_tens_and_billion_variants():
    assert amount_in_words(Decimal(1_000_000_005), zero_tens="lẻ", billion="tỉ") == \
        "Một tỉ không trăm lẻ năm đồng"


def test_negative_adjustment():
    assert amount_in_words(Decimal(-2_500)) == "Âm hai nghìn năm trăm đồng"


def test_foreign_currency_with_hundredths():
    assert amount_in_words(Decimal("1234.56"), "USD") == \
        "Một nghìn hai trăm ba mươi bốn đô la Mỹ và năm mươi sáu xu"
    assert amount_in_words(Decimal("20.05"), "EUR", even=True) == "Hai mươi euro và năm xu"
    assert amount_in_words(Decimal("20"), "EUR", even=True) == "Hai mươi euro chẵn"


def test_vnd_is_rounded_half_up_to_whole_dong():
    assert amount_in_words(Decimal("1000.5")) == "Một nghìn không trăm linh một đồng"
    assert amount_in_words(Decimal("1000.49")) == "Một nghìn đồng"


def test_currency_names():
    assert currency_name("vnd") == "đồng"
    assert currency_name("CNY") == "nhân dân tệ"
    assert currency_name("JPY") == "yên Nhật"
    assert currency_name("XAU") == "XAU"


def test_float_refused():
    with pytest.raises(TypeError):
        amount_in_words(1.5)


def test_negative_number_words_refused():
    with pytest.raises(ValueError):
        number_words(-1)


# --- reverse parser (test only) ---------------------------------------------------------

DIGIT_VALUES = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
                "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
GROUP_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6}


def words_to_number(text: str) -> int:
    """Inverse of the VND reading: "tỷ" multiplies everything read so far."""
    tokens = text.lower().split()
    sign = 1
    if tokens[0] == "âm":
        sign, tokens = -1, tokens[1:]
    assert tokens[-1] == "đồng", text
    total = segment = group = 0
    digit = None
    for token in tokens[:-1]:
        if token in DIGIT_VALUES:
            assert digit is None, f"two digits in a row in {text!r}"
            digit = DIGIT_VALUES[token]
        elif token == "trăm":
            group += digit * 100
            digit = None
        elif token == "mươi":
            group += digit * 10
            digit = None
        elif token == "mười":
            group += 10
        elif token in ("linh", "lẻ"):
            continue
        elif token in GROUP_SCALES:
            segment += (group + (digit or 0)) * GROUP_SCALES[token]
            group, digit = 0, None
        elif token in ("tỷ", "tỉ"):
            total = (total + segment + group + (digit or 0)) * 10**9
            segment = group = 0
            digit = None
        else:
            raise AssertionError(f"unexpected word {token!r} in {text!r}")
    return sign * (total + segment + group + (digit or 0))


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_through_reverse_parser(n):
    assert words_to_number(amount_in_words(Decimal(n))) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**18, max_value=10**18),
       st.sampled_from(["nghìn", "ngàn"]), st.sampled_from(["linh", "lẻ"]),
       st.sampled_from(["tỷ", "tỉ"]))
def test_round_trip_with_variants_and_signs(n, thousand, zero_tens, billion):
    text = amount_in_words(Decimal(n), thousand=thousand, zero_tens=zero_tens, billion=billion)
    assert words_to_number(text) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**18, max_value=10**18), st.booleans(),
       st.sampled_from(["VND", "USD", "EUR", "JPY", "CNY"]))
def test_shape_of_words(n, even, currency):
    text = amount_in_words(Decimal(n), currency, even=even)
    assert "  " not in text and text == text.strip()
    assert text[0].isupper()
    assert text.startswith("Âm ") == (n < 0)
    suffix = currency_name(currency) + (" chẵn" if even else "")
    assert text.endswith(suffix)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**15), st.integers(min_value=0, max_value=4),
       st.integers(min_value=1, max_value=999))
def test_numbers_differing_in_one_group_differ_in_words(n, group_index, replacement):
    scale = 1000 ** group_index
    group = (n // scale) % 1000
    other = n - group * scale + (0 if group else replacement) * scale
    assert amount_in_words(Decimal(n)) != amount_in_words(Decimal(other))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=10**9 - 1))
def test_inner_groups_keep_hundreds(high, low):
    text = amount_in_words(Decimal(high * 10**9 + low))
    head = amount_in_words(Decimal(high)).removesuffix(" đồng")
    assert text.startswith(head + " tỷ ")
    tail = text[len(head) + len(" tỷ "):]
    assert tail.split()[1] == "trăm"
