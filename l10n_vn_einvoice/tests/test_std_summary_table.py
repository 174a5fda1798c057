"""01/TH-HĐĐT summary table: checks on creation, build/parse round trip, schema."""

import dataclasses

import pytest

from ..standard import summary_table, validate, xml_build
from ..standard.errors import StandardError
from . import std_fixtures


def test_round_trip_and_schema():
    table = std_fixtures.monthly_summary_table()
    data = xml_build.element_to_bytes(summary_table.build_summary_table(table))
    assert summary_table.parse_summary_table(data) == table
    assert validate.validate_document(data) == []


def test_supplementary_table_needs_its_number():
    table = std_fixtures.monthly_summary_table()
    with pytest.raises(StandardError) as info:
        dataclasses.replace(table, first=False)
    assert info.value.rule == "summary.supplement"
    supplement = dataclasses.replace(table, first=False, supplement_number=1)
    assert summary_table.parse_summary_table(
        summary_table.build_summary_table(supplement)) == supplement


@pytest.mark.parametrize("changes,rule", [
    ({"status": 4}, "summary.status"),
    ({"status": summary_table.STATUS_REPLACED, "related_number": ""}, "summary.related"),
])
def test_row_checks(changes, rule):
    row = std_fixtures.monthly_summary_table().rows[0]
    with pytest.raises(StandardError) as info:
        dataclasses.replace(row, **changes)
    assert info.value.rule == rule


def test_validator_reports_bad_buyer_tax_code_and_period_type():
    root = summary_table.build_summary_table(std_fixtures.monthly_summary_table())
    row = root.find("DLBTHop/NDBTHDLieu/DSDLieu/DLieu")
    row.insert(6, row.makeelement("MSTNMua", {}))
    row[6].text = "0101248142"
    root.find("DLBTHop/TTChung/LKDLieu").text = "X"
    problems = {(p.xpath, p.rule) for p in validate.validate_document(root)}
    assert ("/BTHDLieu/DLBTHop/TTChung/LKDLieu", "xml.schema") in problems
    assert any(path.endswith("DLieu[1]/MSTNMua") for path, _ in problems)
