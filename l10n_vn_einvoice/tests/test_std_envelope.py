"""TDiep: message ids, header order, payload copies and parsing back."""

import re

import pytest

from ..standard import envelope, validate, xml_build
from ..standard.errors import StandardError
from . import std_fixtures


def test_message_id_is_sender_plus_uppercase_uuid():
    first, second = (envelope.new_message_id("V0100684378") for _ in range(2))
    assert re.fullmatch(r"V0100684378[0-9A-F]{32}", first)
    assert first != second
    with pytest.raises(StandardError):
        envelope.new_message_id("X" * 15)


def test_build_and_parse_envelope():
    invoice = std_fixtures.vat_invoice()
    root = envelope.build_envelope(envelope.MSG_INVOICE_FOR_CODE, "V0100684378", "TCT",
                                   "0100109106-001", [xml_build.invoice_to_bytes(invoice)])
    assert [c.tag for c in root.find("TTChung")] == ["PBan", "MNGui", "MNNhan", "MLTDiep",
                                                      "MTDiep", "MST", "SLuong"]
    parsed = envelope.parse_envelope(xml_build.element_to_bytes(root))
    assert parsed.message_type == 200 and parsed.count == 1
    assert parsed.tax_code == "0100109106001"
    assert parsed.message_id.startswith("V0100684378") and len(parsed.message_id) == 43
    assert parsed.payloads[0].tag == "HDon" and parsed.reply_to == ""
    assert validate.validate_document(root) == []


def test_payload_elements_are_copied_and_reply_is_written():
    hdon = xml_build.build_invoice(std_fixtures.vat_invoice())
    root = envelope.build_envelope(envelope.MSG_TECHNICAL_ACK, "TCT", "V0100684378",
                                   "0100109106", [hdon], reply_to="V0100684378" + "A" * 32)
    assert hdon.getparent() is None
    assert envelope.parse_envelope(root).reply_to == "V0100684378" + "A" * 32


def test_unknown_message_type_and_wrong_root():
    with pytest.raises(StandardError):
        envelope.build_envelope(12345, "V0100684378", "TCT", "0100109106", [])
    with pytest.raises(StandardError):
        envelope.parse_envelope(b"<HDon/>")
