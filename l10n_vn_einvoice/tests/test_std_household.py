"""Household businesses: thresholds, sector percentages, 20 % reduction, schedule.

Expected figures are computed by hand in the comments."""

import datetime
from decimal import Decimal

import pytest

from ..standard import household, regimes
from ..standard.errors import StandardError

BN = Decimal("1000000000")


def test_exactly_one_billion_in_2026_is_a_notice_only():
    taxes = household.taxes_for_year(2026, {"distribution": BN})
    assert taxes.tier == household.TIER_NOTICE
    assert (taxes.vat, taxes.pit) == (0, 0)
    sched = household.schedule(BN, 2026, datetime.date(2027, 1, 15))
    assert sched.form == "01/TKN-CNKD" and sched.frequency == "yearly"


def test_one_dong_above_the_threshold_is_taxed():
    taxes = household.taxes_for_year(2026, {"distribution": BN + 1})
    assert taxes.tier == household.TIER_REVENUE
    # 1 000 000 001 × 1 % × 0.8 = 8 000 000.008 → 8 000 000; PIT 0.5 % of 1 đồng → 0
    assert taxes.vat == Decimal("8000000")
    assert taxes.sectors[0].vat_reduction == Decimal("2000000")
    assert taxes.sectors[0].pit_base == 1
    assert taxes.pit == 0
    sched = household.schedule(BN + 1, 2026, datetime.date(2026, 4, 20))
    assert (sched.form, sched.form_box, sched.frequency) == ("01/CNKD", "01b",
                                                             regimes.QUARTERLY)
    assert sched.legal_basis == "TT 40/2021/TT-BTC"


def test_mixed_sectors_2026_share_the_excess_in_proportion():
    taxes = household.taxes_for_year(2026, {"distribution": Decimal("800000000"),
                                            "services": Decimal("400000000")})
    by = {s.sector: s for s in taxes.sectors}
    # VAT: 800 m × 0.8 % = 6 400 000; 400 m × 4 % = 16 000 000
    assert by["distribution"].vat == Decimal("6400000")
    assert by["services"].vat == Decimal("16000000")
    assert by["services"].vat_reduction == Decimal("4000000")
    # excess 200 m split 2:1 → 133 333 333 + 66 666 667 (rounding kept on the largest)
    assert by["distribution"].pit_base == Decimal("133333333")
    assert by["services"].pit_base == Decimal("66666667")
    # PIT: 0.5 % → 666 666.665 → 666 667; 2 % → 1 333 333.34 → 1 333 333
    assert (by["distribution"].pit, by["services"].pit) == (Decimal("666667"), Decimal("1333333"))
    assert (taxes.vat, taxes.pit) == (Decimal("22400000"), Decimal("2000000"))


def test_2025_uses_the_200_million_threshold_and_pit_on_the_whole_revenue():
    taxes = household.taxes_for_year(2025, {"services": Decimal("300000000")})
    assert taxes.threshold == Decimal("200000000")
    # 300 m × 5 % × 0.8 = 12 000 000; PIT 2 % × 300 m = 6 000 000
    assert (taxes.vat, taxes.pit) == (Decimal("12000000"), Decimal("6000000"))


def test_reduction_ends_after_2026_and_excluded_goods_never_get_it():
    assert household.vat_percent("services", datetime.date(2027, 1, 1)) == Decimal("5")
    assert household.vat_percent("services", datetime.date(2026, 12, 31)) == Decimal("4")
    assert household.vat_percent("services", datetime.date(2026, 12, 31),
                                 reduction_eligible=False) == Decimal("5")
    taxes = household.taxes_for_year(2026, {"production": Decimal("2000000000")},
                                     reduction_eligible=False)
    # 2 bn × 3 % = 60 000 000; PIT 1.5 % × 1 bn = 15 000 000
    assert (taxes.vat, taxes.pit) == (Decimal("60000000"), Decimal("15000000"))


def test_above_three_billion_pit_is_on_profit_and_above_50_bn_monthly():
    taxes = household.taxes_for_year(2026, {"other": Decimal("4000000000")})
    assert taxes.tier == household.TIER_PROFIT
    assert taxes.sectors[0].pit_percent is None and taxes.pit == 0
    sched = household.schedule(Decimal("60000000000"), 2026, datetime.date(2026, 8, 20))
    assert (sched.form_box, sched.frequency) == ("01a", regimes.MONTHLY)
    assert sched.legal_basis == "TT 89/2026/TT-BTC"


def test_unknown_sector_is_refused_with_its_field():
    with pytest.raises(StandardError) as info:
        household.pit_percent("mining")
    assert info.value.field == "sector"
