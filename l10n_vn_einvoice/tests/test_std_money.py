"""Invoice arithmetic: rounding, VAT, rate groups, price-including-VAT balancing."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..standard import money
from ..standard.errors import InvalidCode, StandardError
from ..standard.model import GOODS, NOTE, PROMOTION, SPECIAL_GOODS, TRADE_DISCOUNT, Fee, Line

D = datetime.date
RATES = ["0%", "5%", "8%", "10%", "KHAC:5.26%", "KCT", "KKKNT", "KHAC"]


def line(amount, rate="10%", nature=GOODS, name="item"):
    return Line(name=name, nature=nature, amount=None if amount is None else Decimal(amount),
                vat_rate=rate)


@pytest.mark.parametrize(("value", "currency", "expected"), [
    ("1.5", "VND", "2"), ("2.5", "VND", "3"), ("2.4999", "VND", "2"), ("-2.5", "VND", "-3"),
    ("1.005", "USD", "1.01"), ("1.004", "EUR", "1.00"), ("-0.125", "USD", "-0.13"),
    ("7", "vnd", "7"),
])
def test_round_money(value, currency, expected):
    result = money.round_money(Decimal(value), currency)
    assert result == Decimal(expected) and str(result) == expected


def test_float_is_refused_everywhere():
    with pytest.raises(TypeError):
        money.round_money(1.5, "VND")
    with pytest.raises(TypeError):
        money.line_amount(2.0, Decimal(1))


@pytest.mark.parametrize(("code", "percent"), [
    ("0%", Decimal(0)), ("5%", Decimal(5)), ("8%", Decimal(8)), ("10%", Decimal(10)),
    ("KHAC:5.26%", Decimal("5.26")), ("KCT", None), ("KKKNT", None), ("KHAC", None),
])
def test_rate_percent(code, percent):
    assert money.rate_percent(code) == percent


def test_rate_percent_refuses_unknown_code():
    with pytest.raises(InvalidCode):
        money.rate_percent("7%")


def test_vat_amount():
    assert money.vat_amount(Decimal(1_200_000), "10%", "VND") == Decimal(120_000)
    assert money.vat_amount(Decimal(1005), "5%", "VND") == Decimal(50)  # 50.25
    assert money.vat_amount(Decimal(1010), "5%", "VND") == Decimal(51)  # 50.50 half up
    assert money.vat_amount(Decimal("100.10"), "KHAC:5.26%", "USD") == Decimal("5.27")
    assert money.vat_amount(Decimal(1000), "KCT", "VND") == Decimal(0)


@pytest.mark.parametrize(("gross", "rate", "net", "vat"), [
    (110_000, "10%", 100_000, 10_000), (108_000, "8%", 100_000, 8_000),
    (10_000, "10%", 9_091, 909), (99_999, "8%", 92_592, 7_407), (50_000, "KCT", 50_000, 0),
    (1, "10%", 1, 0),
])
def test_split_gross(gross, rate, net, vat):
    assert money.split_gross(Decimal(gross), rate, "VND") == (Decimal(net), Decimal(vat))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from(RATES))
def test_split_gross_always_balances(gross, rate):
    net, vat = money.split_gross(Decimal(gross), rate, "VND")
    assert net + vat == gross
    percent = money.rate_percent(rate) or Decimal(0)
    assert abs(net * (100 + percent) / 100 - gross) <= Decimal("0.5") * (100 + percent) / 100


def test_line_amount():
    assert money.line_amount(Decimal(3), Decimal("33333.33")) == Decimal(100_000)
    assert money.line_amount(Decimal("1.5"), Decimal(1000), discount_rate=Decimal(10)) == \
        Decimal(1350)
    assert money.line_amount(Decimal(2), Decimal(1000), discount_amount=Decimal(150)) == \
        Decimal(1850)
    assert money.line_amount(Decimal(2), Decimal(1000), discount_rate=Decimal(50),
                             discount_amount=Decimal(150)) == Decimal(1850)
    assert money.line_amount(Decimal(3), Decimal("0.335"), currency="USD") == Decimal("1.01")


def test_compute_totals_groups_and_order():
    lines = [line(1000, "KCT"), line(200_000, "10%"), line(100_005, "5%"), line(300_000, "10%"),
             line(50_000, "KHAC:5.26%"), line(10_000, "0%"), line(20_000, "8%"),
             line(7_000, "KKKNT"), line(100_000, "KHAC:3.5%"), line(1, "KHAC")]
    totals = money.compute_totals(lines)
    assert [g.vat_rate for g in totals.by_rate] == [
        "0%", "5%", "8%", "10%", "KHAC:3.5%", "KHAC:5.26%", "KHAC", "KCT", "KKKNT"]
    by = {g.vat_rate: g for g in totals.by_rate}
    assert by["10%"].amount == 500_000 and by["10%"].vat == 50_000
    assert by["5%"].vat == 5_000  # 5000.25
    assert by["KHAC:5.26%"].vat == 2_630
    assert by["KCT"].vat == 0 and by["KKKNT"].vat == 0 and by["KHAC"].vat == 0
    assert totals.amount_untaxed == sum(g.amount for g in totals.by_rate) == 788_006
    assert totals.vat == sum(g.vat for g in totals.by_rate)
    assert totals.total == totals.amount_untaxed + totals.vat
    assert totals.total_in_words.endswith(" đồng")
    assert totals.trade_discount is None and totals.other_deduction is None


def test_vat_is_rounded_per_group_not_per_line():
    # Three lines of 5 đồng at 10 %: per line 0.5 → 1 each (3), per group 1.5 → 2.
    totals = money.compute_totals([line(5), line(5), line(5)])
    assert totals.by_rate[0].vat == Decimal(2)


def test_natures_discount_promotion_note():
    lines = [line(1_000_000), line(200_000, nature=SPECIAL_GOODS),
             line(100_000, nature=TRADE_DISCOUNT), line(0, nature=PROMOTION),
             line(None, "", nature=NOTE), line(50_000, nature=PROMOTION)]
    totals = money.compute_totals(lines)
    assert totals.by_rate[0].amount == Decimal(1_100_000)
    assert totals.vat == Decimal(110_000)
    assert totals.trade_discount == Decimal(100_000)
    assert money.compute_totals(lines, trade_discount=Decimal(7)).trade_discount == 7


def test_fees_and_other_deduction():
    totals = money.compute_totals([line(1_000_000)], fees=(Fee("Phí phục vụ", Decimal(50_000)),),
                                  other_deduction=Decimal(20_000))
    assert totals.total == Decimal(1_000_000 + 100_000 + 50_000 - 20_000)
    assert totals.fees[0].name == "Phí phục vụ" and totals.other_deduction == 20_000


def test_words_callable_and_currency():
    totals = money.compute_totals([line("12.345", "10%")], currency="USD",
                                  words=lambda amount, currency: f"{amount} {currency}")
    assert totals.by_rate[0].amount == Decimal("12.35") and totals.vat == Decimal("1.24")
    assert totals.total_in_words == "13.59 USD"
    default = money.compute_totals([line(1000)])
    assert default.total_in_words == "Một nghìn một trăm đồng"


def test_adjustment_negative_amounts():
    totals = money.compute_totals([line(-1_000_005, "10%")])
    assert totals.vat == Decimal(-100_001) and totals.total == Decimal(-1_100_006)
    assert totals.total_in_words.startswith("Âm một triệu")


def test_missing_amount_and_bad_rate():
    with pytest.raises(StandardError) as info:
        money.compute_totals([line(None)])
    assert info.value.rule == "line.amount_missing" and info.value.field == "HHDVu[1]/ThTien"
    with pytest.raises(InvalidCode) as info:
        money.compute_totals([line(1), line(2, "9%")])
    assert info.value.field == "HHDVu[2]/TSuat"


def test_empty_invoice():
    totals = money.compute_totals([])
    assert totals.by_rate == () and totals.total == 0 and totals.total_in_words == "Không đồng"


def test_compute_totals_from_gross_example():
    pairs = [(Line(name="cà phê", vat_rate="8%"), Decimal(35_000)),
             (Line(name="bánh", vat_rate="8%"), Decimal(25_000)),
             (Line(name="nước", vat_rate="10%"), Decimal(10_000)),
             (Line(name="ghi chú", nature=NOTE), None)]
    lines, totals = money.compute_totals_from_gross(pairs)
    # 8 %: VAT = round(60 000 × 8/108) = 4 444, net 55 556 shared 32 407.41 / 23 148.15
    assert [ln.amount for ln in lines] == [Decimal(32_408), Decimal(23_148), Decimal(9_091), None]
    by = {g.vat_rate: g for g in totals.by_rate}
    assert by["8%"].amount == 55_556 and by["8%"].vat == 4_444
    assert by["10%"].vat == 909
    assert totals.total == Decimal(70_000)


def test_twenty_items_at_1000_including_10_percent():
    """The issue's example: the per-line rule gave 1 820 đ of VAT, the formula 1 818."""
    pairs = [(Line(name=f"kẹo {i}", vat_rate="10%", quantity=Decimal(1)), Decimal(1_000))
             for i in range(20)]
    lines, totals = money.compute_totals_from_gross(pairs)
    assert totals.by_rate[0].vat == Decimal(1_818)  # round(20 000 × 10 / 110)
    assert totals.by_rate[0].amount == Decimal(18_182)
    assert sum(line.amount for line in lines) == Decimal(18_182)
    # 18 182 over 20 equal shares of 909.09…: two lines get 910, eighteen 909
    assert sorted(line.amount for line in lines) == [Decimal(909)] * 18 + [Decimal(910)] * 2
    assert all(line.quantity * line.unit_price == line.amount for line in lines)


def test_gross_lines_keep_their_discount_arithmetic():
    pairs = [(Line(name="áo", vat_rate="8%", quantity=Decimal(3), discount_rate=Decimal(10)),
              Decimal(269_999))]
    (line,), totals = money.compute_totals_from_gross(pairs)
    assert totals.total == Decimal(269_999)
    expected = line.quantity * line.unit_price - line.discount_amount
    assert money.round_money(expected, "VND") == line.amount


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=10**9),
                          st.sampled_from(RATES),
                          st.sampled_from([GOODS, GOODS, SPECIAL_GOODS, TRADE_DISCOUNT,
                                           PROMOTION])),
                min_size=1, max_size=30))
def test_gross_rule_holds_for_every_basket(items):
    pairs = [(Line(name=f"l{i}", nature=nature, vat_rate=rate), Decimal(gross))
             for i, (gross, rate, nature) in enumerate(items)]
    lines, totals = money.compute_totals_from_gross(pairs)
    signs = {GOODS: 1, SPECIAL_GOODS: 1, TRADE_DISCOUNT: -1, PROMOTION: 0}
    paid = sum(signs[nature] * gross for gross, _rate, nature in items)
    assert totals.total == paid
    for group in totals.by_rate:
        counted = [(signs[nature] * ln.amount, signs[nature] * gross)
                   for ln, (gross, rate, nature) in zip(lines, items, strict=True)
                   if rate == group.vat_rate and signs[nature]]
        gross_total = sum(g for _a, g in counted)
        percent = money.rate_percent(group.vat_rate)
        if percent is None:
            assert group.vat == 0 and group.amount == gross_total
            continue
        # the group's VAT is the formula's, to the đồng; the nets add up to G − VAT
        assert group.vat == money.round_money(
            Decimal(gross_total) * percent / (100 + percent), "VND")
        assert sum(a for a, _g in counted) == group.amount == gross_total - group.vat
        for amount, gross in counted:  # each line within one đồng of its exact share
            assert abs(amount - Decimal(gross) * 100 / (100 + percent)) < 1
    recomputed = money.compute_totals(lines)
    assert recomputed.amount_untaxed == totals.amount_untaxed


def test_reduced_rate_allowed():
    assert money.reduced_rate_allowed(D(2025, 7, 1))
    assert money.reduced_rate_allowed(D(2026, 12, 31))
    assert not money.reduced_rate_allowed(D(2027, 1, 1))
    assert not money.reduced_rate_allowed(D(2023, 3, 1))
    assert money.reduced_rate_allowed(D(2022, 2, 1))
    assert not money.reduced_rate_allowed(D(2022, 1, 31))


@pytest.mark.parametrize(("sector", "reduction"), [
    ("distribution", 2_000), ("services", 10_000), ("production", 6_000),
    ("transport", 6_000), ("other", 4_000),
])
def test_direct_method_reduction_in_period(sector, reduction):
    amount, note = money.direct_method_reduction({sector: Decimal(1_000_000)}, D(2026, 3, 1))
    assert amount == Decimal(reduction)
    assert note == (f"Đã giảm {money.format_amount_vi(Decimal(reduction))} đồng tương ứng 20% "
                    "mức tỷ lệ % để tính thuế giá trị gia tăng theo Nghị quyết số "
                    "204/2025/QH15")


def test_direct_method_reduction_sums_rounded_sectors():
    amount, _note = money.direct_method_reduction(
        {"distribution": Decimal(123_457), "services": Decimal(98_765)}, D(2026, 12, 31))
    # 123 457 × 0.2 % = 246.914 → 247; 98 765 × 1 % = 987.65 → 988
    assert amount == Decimal(1_235)


def test_direct_method_reduction_boundaries():
    revenue = {"services": Decimal(123_456_789)}
    assert money.direct_method_reduction(revenue, D(2025, 7, 1))[0] == 1_234_568
    assert money.direct_method_reduction(revenue, D(2026, 12, 31))[1].startswith(
        "Đã giảm 1.234.568 đồng")
    assert money.direct_method_reduction(revenue, D(2027, 1, 1)) == (0, "")
    # the first half of 2025 had its own resolution, named in the note
    assert money.direct_method_reduction(revenue, D(2025, 6, 30))[1].endswith("174/2024/QH15")
    assert money.direct_method_reduction(revenue, D(2023, 3, 1)) == (0, "")
    with pytest.raises(StandardError) as info:
        money.direct_method_reduction({"mining": revenue["services"]}, D(2026, 1, 1))
    assert info.value.rule == "direct_method.sector"


def test_format_amount_vi():
    assert money.format_amount_vi(Decimal(1_234_567)) == "1.234.567"
    assert money.format_amount_vi(Decimal("1234.5"), "USD") == "1.234,50"
