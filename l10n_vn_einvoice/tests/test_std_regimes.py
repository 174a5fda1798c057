"""Legal regimes by date, checked on both sides of every boundary."""

import dataclasses
import datetime
import itertools
from decimal import Decimal

import pytest

from ..standard import regimes
from ..standard.errors import StandardError

D = datetime.date


@pytest.mark.parametrize(("day", "name", "decree", "circular", "version"), [
    (D(2021, 7, 1), "ND123", "123/2020/NĐ-CP", "78/2021/TT-BTC", "2.0.1"),
    (D(2025, 5, 31), "ND123", "123/2020/NĐ-CP", "78/2021/TT-BTC", "2.0.1"),
    (D(2025, 6, 1), "ND70", "70/2025/NĐ-CP", "32/2025/TT-BTC", "2.1.0"),
    (D(2026, 6, 30), "ND70", "70/2025/NĐ-CP", "32/2025/TT-BTC", "2.1.0"),
    (D(2026, 7, 1), "ND254", "254/2026/NĐ-CP", "91/2026/TT-BTC", "2.1.0"),
    (D(2040, 1, 1), "ND254", "254/2026/NĐ-CP", "91/2026/TT-BTC", "2.1.0"),
])
def test_regime_on_boundaries(day, name, decree, circular, version):
    regime = regimes.regime_on(day)
    assert (regime.name, regime.decree, regime.circular, regime.format_version) == \
        (name, decree, circular, version)
    assert regimes.format_version_on(day) == version
    assert regime.notice_form == "04/SS-HĐĐT"


def test_datetime_is_accepted_and_before_first_regime_refused():
    assert regimes.regime_on(datetime.datetime(2025, 6, 1, 0, 0)).name == "ND70"
    with pytest.raises(StandardError) as info:
        regimes.regime_on(D(2021, 6, 30))
    assert info.value.rule == "regime.none" and info.value.message_vi
    with pytest.raises(TypeError):
        regimes.regime_on("2026-01-01")


def test_regimes_are_contiguous_and_frozen():
    for previous, following in itertools.pairwise(regimes.REGIMES):
        assert previous.valid_to + datetime.timedelta(days=1) == following.valid_from
    assert regimes.REGIMES[-1].valid_to is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        regimes.DECREE_70.format_version = "9"


def test_forms_and_letters():
    old, mid, new = (regimes.regime_on(D(2025, 5, 31)), regimes.regime_on(D(2025, 6, 1)),
                     regimes.regime_on(D(2026, 7, 1)))
    assert old.forms == tuple("123456") and mid.forms == new.forms == tuple("123456789")
    assert "X" not in old.symbol_letters and "X" in mid.symbol_letters
    assert "F" not in mid.symbol_letters and "F" in new.symbol_letters
    assert set("TDLMNBGH") <= set(old.symbol_letters)
    assert old.multi_invoice_list_form == "" and mid.multi_invoice_list_form == "01/BK-ĐCTT"


def test_legal_basis_text():
    assert "123/2020/NĐ-CP" in regimes.legal_basis_text(D(2025, 5, 31))
    assert "78/2021/TT-BTC" in regimes.legal_basis_text(D(2025, 5, 31))
    mid = regimes.legal_basis_text(D(2026, 6, 30))
    assert "70/2025/NĐ-CP" in mid and "32/2025/TT-BTC" in mid
    new = regimes.legal_basis_text(D(2026, 7, 1))
    assert new.startswith("Căn cứ Nghị định số 254/2026/NĐ-CP")
    assert "91/2026/TT-BTC" in new and "123/2020" not in new


def test_cause_codes():
    assert regimes.cause_codes(D(2026, 6, 30)) == ()
    causes = regimes.cause_codes(D(2026, 7, 1))
    assert [c.code for c in causes] == [f"{n:02d}" for n in range(1, 15)]
    assert all(c.label_vi and c.label_en for c in causes)
    assert causes[13].label_en.startswith("Replacement of a wrong cash-register")


@pytest.mark.parametrize(("day", "kind", "asset", "methods"), [
    (D(2025, 5, 31), "coded", False, ("notice", "cancel", "adjust", "replace")),
    (D(2025, 5, 31), "cash_register", False, ("notice", "cancel", "adjust", "replace")),
    (D(2025, 6, 1), "coded", False, ("notice", "adjust", "replace")),
    (D(2026, 6, 30), "cash_register", False, ("notice", "adjust", "replace")),
    (D(2026, 7, 1), "cash_register", False, ("notice", "replace")),
    (D(2026, 7, 1), "coded", True, ("notice", "replace")),
    (D(2026, 7, 1), "uncoded", False, ("notice", "adjust", "replace")),
])
def test_correction_methods(day, kind, asset, methods):
    assert regimes.correction_methods(day, kind, registrable_asset=asset) == methods


def test_correction_methods_unknown_kind():
    with pytest.raises(StandardError) as info:
        regimes.correction_methods(D(2026, 7, 1), "paper")
    assert info.value.rule == "regime.kind"


@pytest.mark.parametrize(("revenue", "period"), [
    (Decimal(0), "quarterly"), (Decimal(50_000_000_000), "quarterly"),
    (Decimal("50000000000.01"), "monthly"), (Decimal(80_000_000_000), "monthly"),
])
def test_vat_period(revenue, period):
    assert regimes.vat_period(revenue) == period


def test_vat_period_refuses_float():
    with pytest.raises(TypeError):
        regimes.vat_period(1e9)


@pytest.mark.parametrize(("day", "threshold"), [
    (D(2021, 8, 1), 100_000_000), (D(2025, 6, 30), 100_000_000),
    (D(2025, 7, 1), 200_000_000), (D(2025, 12, 31), 200_000_000),
    (D(2026, 1, 1), 1_000_000_000), (D(2027, 6, 1), 1_000_000_000),
])
def test_household_threshold(day, threshold):
    assert regimes.household_threshold(day) == Decimal(threshold)


def test_household_threshold_for_year():
    assert regimes.household_threshold_for_year(2024) == Decimal(100_000_000)
    assert regimes.household_threshold_for_year(2025) == Decimal(200_000_000)
    assert regimes.household_threshold_for_year(2026) == Decimal(1_000_000_000)
    with pytest.raises(StandardError):
        regimes.household_threshold(D(2021, 7, 31))


# --- issue 10: the VAT reductions as dated data -------------------------------------------

@pytest.mark.parametrize(("day", "resolution"), [
    (D(2022, 1, 31), None), (D(2022, 2, 1), "43/2022/QH15"), (D(2023, 3, 1), None),
    (D(2023, 7, 1), "101/2023/QH15"), (D(2024, 6, 30), "110/2023/QH15"),
    (D(2024, 7, 1), "142/2024/QH15"), (D(2025, 6, 30), "174/2024/QH15"),
    (D(2025, 7, 1), "204/2025/QH15"), (D(2026, 12, 31), "204/2025/QH15"),
    (D(2027, 1, 1), None),
])
def test_vat_reduction_on(day, resolution):
    found = regimes.vat_reduction_on(day)
    assert (found.resolution if found else None) == resolution


def test_reductions_do_not_overlap_and_are_ordered():
    periods = regimes.VAT_REDUCTIONS
    for before, after in itertools.pairwise(periods):
        assert before.valid_from <= before.valid_to < after.valid_from


def test_the_rate_date_of_a_correction_is_the_corrected_invoice_date():
    assert regimes.vat_rate_date(D(2027, 1, 5)) == D(2027, 1, 5)
    assert regimes.vat_rate_date(D(2027, 1, 5), D(2026, 12, 30)) == D(2026, 12, 30)
    assert regimes.last_vat_reduction_before(D(2027, 1, 1)).resolution == "204/2025/QH15"
    assert regimes.last_vat_reduction_before(D(2022, 1, 1)) is None
