"""Delivery notes (form 6): model → XML → strict XSD and rules → inbound reading."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from lxml import etree

from ..standard import delivery_note, inbound, model, validate, xml_build, xml_parse
from ..standard.errors import StandardError
from .std_fixtures import PROVIDER_MST
from .std_fixtures import SELLER as INVOICE_SELLER

# Form 6 names the issuing company and its warehouse: no phone, e-mail or bank.
SELLER = model.Seller(name=INVOICE_SELLER.name, tax_code=INVOICE_SELLER.tax_code,
                      address=INVOICE_SELLER.address)

DAY = datetime.date(2026, 11, 20)


def _note(letter="N", **fields):
    lines = (delivery_note.make_line(1, "Xi măng PCB40", Decimal(20), Decimal(85000),
                                     code="XM40", unit="Bao"),
             delivery_note.make_line(2, "Thép cuộn D8", Decimal("1.5"), Decimal(15333),
                                     code="TD8", unit="Tấn"))
    if letter == "N":
        transport = model.DeliveryNote(
            dispatch_order="LĐ-2026/118", dispatch_date=datetime.date(2026, 11, 19),
            dispatch_by="Giám đốc", dispatch_purpose="Bổ sung hàng cho kho Đà Nẵng",
            transport_contract="HĐVC-77", issuer_person="Trần Văn Xuất",
            carrier="Nguyễn Văn Tài", transport_means="Xe tải 43C-123.45",
            receiver_person="Lê Thị Nhận", from_warehouse="Kho Hà Nội",
            to_warehouse="Kho Đà Nẵng")
        buyer = model.Buyer(name=SELLER.name, tax_code=SELLER.tax_code,
                            address="Lô 5 KCN Hòa Khánh, Liên Chiểu, Đà Nẵng")
    else:
        transport = model.DeliveryNote(
            contract_number="HĐĐL-09/2026", contract_date=datetime.date(2026, 1, 5),
            carrier="Nguyễn Văn Tài", transport_means="Xe tải 29H-555.66")
        buyer = model.Buyer(name="Công ty TNHH Đại lý Minh An", tax_code="0101248141",
                            address="12 Lê Lợi, Quận 1, TP Hồ Chí Minh")
    base = dict(form="6", symbol=f"C26{letter}AA", number=7, issue_date=DAY,
                seller=dataclasses.replace(SELLER, address="Kho Hà Nội, 1 Phạm Hùng, Hà Nội"),
                buyer=buyer, lines=lines, totals=delivery_note.make_totals(lines),
                provider_tax_code=PROVIDER_MST, title=model.NOTE_TITLES[letter],
                payment_method="", delivery=transport)
    base.update(fields)
    return model.Invoice(**base)


def _rules(problems):
    return {(p.rule, p.xpath.rsplit("/", 1)[-1]) for p in problems}


@pytest.mark.parametrize("letter", ["N", "B"])
def test_note_is_valid_and_reads_back(letter):
    note = _note(letter)
    root = xml_build.build_invoice(note)
    assert validate.validate_invoice_xml(root) == []
    assert xml_parse.parse_invoice(xml_build.element_to_bytes(root)) == note
    result = inbound.read_inbound(xml_build.invoice_to_bytes(note))
    assert result.ok, result.findings
    assert result.invoice == note


def test_fields_are_where_the_standard_puts_them():
    root = xml_build.build_invoice(_note("N"))
    seller = root.find("DLHDon/NDHDon/NBan")
    assert [child.tag for child in seller] == [
        "Ten", "MST", "LDDNBo", "DChi", "HDSo", "HVTNXHang", "TNVChuyen", "PTVChuyen", "TTKhac"]
    assert seller.findtext("PTVChuyen") == "Xe tải 43C-123.45"
    assert root.findtext("DLHDon/NDHDon/NMua/DChi").startswith("Lô 5 KCN Hòa Khánh")
    assert root.findtext("DLHDon/NDHDon/NMua/HVTNNHang") == "Lê Thị Nhận"
    assert root.findtext("DLHDon/TTChung/KHMSHDon") == "6"
    assert root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo") == "1723000"
    agent = xml_build.build_invoice(_note("B")).find("DLHDon/NDHDon/NBan")
    assert agent.findtext("HDKTSo") == "HĐĐL-09/2026"
    assert agent.findtext("HDKTNgay") == "2026-01-05"


def test_no_vat_anywhere():
    root = xml_build.build_invoice(_note("N"))
    tags = {node.tag for node in root.iter()}
    assert not tags & {"TSuat", "TThue", "TgTThue", "TgTCThue", "THTTLTSuat", "HTTToan",
                       "TLCKhau", "STCKhau"}


def test_data_form_6_cannot_carry_is_refused():
    note = _note("N", seller=INVOICE_SELLER)
    with pytest.raises(StandardError) as info:
        xml_build.build_invoice(note)
    assert info.value.rule == "delivery.field"
    with pytest.raises(StandardError):
        xml_build.build_invoice(_note("N", payment_method="TM/CK"))


def test_model_with_vat_is_refused():
    note = _note("N")
    taxed = dataclasses.replace(note, lines=(dataclasses.replace(note.lines[0],
                                                                 vat_rate="10%"),
                                             note.lines[1]))
    with pytest.raises(StandardError) as info:
        xml_build.build_invoice(taxed)
    assert info.value.rule == "delivery.vat"


def _add(parent, tag, text, before=None):
    node = etree.Element(tag)
    node.text = text
    if before is None:
        parent.append(node)
    else:
        parent.find(before).addprevious(node)
    return node


def test_xsd_rejects_vat_fields():
    root = xml_build.build_invoice(_note("N"))
    line = root.find("DLHDon/NDHDon/DSHHDVu/HHDVu")
    _add(line, "TSuat", "10%")
    assert ("xml.schema", "TSuat") in _rules(validate.validate_invoice_xml(root))
    root = xml_build.build_invoice(_note("N"))
    _add(root.find("DLHDon/NDHDon/TToan"), "TgTThue", "0", before="TgTTTBSo")
    assert "xml.schema" in {p.rule for p in validate.validate_invoice_xml(root)}
    root = xml_build.build_invoice(_note("N"))
    _add(root.find("DLHDon/TTChung"), "HTTToan", "TM/CK", before="MSTTCGP")
    assert "xml.schema" in {p.rule for p in validate.validate_invoice_xml(root)}


@pytest.mark.parametrize(("letter", "field", "rule"), [
    ("N", "transport_means", "xml.schema"),  # PTVChuyen: required by the XSD
    ("N", "dispatch_order", "delivery.required"),  # LDDNBo: required for N
    ("B", "contract_number", "delivery.required"),  # HDKTSo: required for B
    ("B", "contract_date", "delivery.required"),  # HDKTNgay: required for B
])
def test_missing_required_data(letter, field, rule):
    note = _note(letter)
    empty = None if field.endswith("date") else ""
    note = dataclasses.replace(note, delivery=dataclasses.replace(note.delivery,
                                                                  **{field: empty}))
    problems = validate.validate_invoice_xml(xml_build.build_invoice(note))
    assert rule in {p.rule for p in problems}


def test_missing_warehouse_address_is_refused():
    note = _note("N")
    note = dataclasses.replace(note, buyer=dataclasses.replace(note.buyer, address=""))
    problems = validate.validate_invoice_xml(xml_build.build_invoice(note))
    assert any(p.rule == "xml.schema" and "NMua" in p.xpath for p in problems)


def test_symbol_letter_must_be_n_or_b():
    problems = validate.validate_invoice_xml(xml_build.build_invoice(_note("N", symbol="C26TAA")))
    assert ("xml.schema", "KHHDon") in _rules(problems)
    assert delivery_note.check_symbol("K26BAA", DAY) == "K26BAA"
    with pytest.raises(StandardError) as info:
        delivery_note.check_symbol("C26TAA", DAY)
    assert info.value.rule == "delivery.symbol_letter"


def test_arithmetic_is_checked():
    root = xml_build.build_invoice(_note("N"))
    root.find("DLHDon/NDHDon/DSHHDVu/HHDVu/ThTien").text = "1700001"
    root.find("DLHDon/NDHDon/TToan/TgTTTBSo").text = "1723002"
    rules = {p.rule for p in validate.validate_invoice_xml(root)}
    assert {"arithmetic.line_amount", "arithmetic.total", "arithmetic.words"} <= rules


def test_inbound_reads_a_note_out_of_order():
    root = xml_build.build_invoice(_note("B"))
    seller = root.find("DLHDon/NDHDon/NBan")
    means = seller.find("PTVChuyen")
    seller.remove(means)
    seller.insert(0, means)  # lenient structure, strict content
    result = inbound.read_inbound(xml_build.element_to_bytes(root))
    assert not result.errors, result.findings
    assert result.invoice.delivery.transport_means == "Xe tải 29H-555.66"
    assert validate.validate_invoice_xml(root)  # strict mode refuses the order


@pytest.mark.parametrize(("symbol", "kind"), [("C26NAA", model.KIND_CODED),
                                              ("K26BAA", model.KIND_UNCODED)])
def test_sandbox_issues_notes(tmp_path, symbol, kind):
    """The sandbox reads a note with the inbound rules and issues it: coded notes get the
    tax authority's code, and what it issues passes the strict form-6 schema."""
    from ..providers.base import STATE_ACCEPTED, STATE_REJECTED
    from ..providers.sandbox.core import Sandbox, default_symbols

    sandbox = Sandbox(tmp_path)
    try:
        assert ("6", symbol, kind) in default_symbols(DAY)
        note = _note(symbol[3], symbol=symbol)
        sub = sandbox.submit("t", f"note-{symbol}", xml_build.invoice_to_bytes(note), kind=kind)
        assert sub.state == STATE_ACCEPTED, sub.reason
        assert bool(sub.tax_authority_code) == (kind == model.KIND_CODED)
        assert validate.validate_invoice_xml(sub.xml) == []
        assert xml_parse.parse_invoice(sub.xml).delivery == note.delivery
        bad = dataclasses.replace(note, number=8, delivery=dataclasses.replace(
            note.delivery, transport_means=""))
        refused = sandbox.submit("t", f"bad-{symbol}", xml_build.invoice_to_bytes(bad),
                                 kind=kind)
        assert refused.state == STATE_REJECTED and "PTVChuyen" in refused.reason
    finally:
        sandbox.store.close()
