"""04/SS-HĐĐT notice: code lists checked on creation, build/parse round trip, schema."""

import dataclasses
import datetime

import pytest

from ..standard import notice, validate, xml_build
from ..standard.errors import StandardError
from . import std_fixtures


def test_round_trip_and_schema():
    n = std_fixtures.error_notice()
    data = xml_build.element_to_bytes(notice.build_notice(n))
    assert notice.parse_notice(data) == n
    assert validate.validate_document(data) == []


@pytest.mark.parametrize("changes,rule", [
    ({"action": 6}, "notice.action"),
    ({"invoice_type": 5}, "notice.invoice_type"),
    ({"reason": "x" * 256}, "notice.reason"),
    ({"reason": ""}, "notice.reason"),
])
def test_item_code_lists(changes, rule):
    item = std_fixtures.error_notice().items[0]
    with pytest.raises(StandardError) as info:
        dataclasses.replace(item, **changes)
    assert info.value.rule == rule


def test_reply_needs_the_tax_authority_reference():
    n = std_fixtures.error_notice()
    with pytest.raises(StandardError) as info:
        dataclasses.replace(n, notice_type=notice.REPLY_NOTICE)
    assert info.value.rule == "notice.reply_reference"
    reply = dataclasses.replace(n, notice_type=notice.REPLY_NOTICE, reference_number="123/TB-CT",
                                reference_date=datetime.date(2026, 11, 25))
    assert validate.validate_document(notice.build_notice(reply)) == []


def test_validator_reports_bad_notice_content():
    root = notice.build_notice(std_fixtures.error_notice())
    root.find("DLTBao/Loai").text = "2"
    root.find("DLTBao/DSHDon/HDon/TCTBao").text = "7"
    problems = {(p.xpath, p.rule) for p in validate.validate_document(root)}
    assert ("/TBao/DLTBao/So", "notice.reply_reference") in problems
    assert ("/TBao/DLTBao/DSHDon/HDon[1]/TCTBao", "xml.schema") in problems


def test_parse_refuses_other_forms():
    with pytest.raises(StandardError):
        notice.parse_notice(b"<TBao><DLTBao><MSo>01/TB-KTDL</MSo></DLTBao></TBao>")
