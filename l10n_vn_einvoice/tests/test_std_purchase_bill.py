"""The pure half of the purchase import: invoice → bill lines and figures, the checks,
and reading a zip of invoices.  No database; real documents where there are some."""

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ..standard import inbound, invoice_archive, model, purchase_bill, purchase_checks, xmldsig
from ..standard.errors import StandardError
from . import purchase_files as pf
from . import std_fixtures as fx
from .reference_files import real_files

CORPUS = Path(__file__).parent / "data" / "inbound"


def test_every_line_kind_and_the_totals():
    invoice = fx.vat_invoice()
    data = purchase_bill.bill_from_invoice(invoice)
    kinds = [line.kind for line in data.lines]
    assert kinds == ["goods"] * 5 + ["discount", "note"]
    discount = data.lines[5]
    assert (discount.quantity, discount.price_unit, discount.amount) == (1, -740000, -740000)
    desk = data.lines[1]  # 3 × 2 450 000 − STCKhau 350 000
    assert (desk.quantity, desk.price_unit, desk.amount) == (3, 2450000, 7000000)
    assert desk.quantity * desk.price_unit * (1 - desk.discount / 100) == pytest.approx(7000000)
    assert data.untaxed == invoice.totals.amount_untaxed
    assert dict(data.vat_by_rate) == {g.vat_rate: g.vat for g in invoice.totals.by_rate}
    assert (data.refund, data.reference, data.key) == (False, "1C26TAA-123",
                                                      "0100109106|1|C26TAA|123")


def test_printed_unit_prices_keep_the_invoice_line_amounts():
    """MISA prints unit prices rounded to two decimals (real values, portal JSON): each
    line's subtotal is still ThTien."""
    invoice = inbound.read_inbound((CORPUS / "misa_c25tgv_rounded_unit_prices.xml")
                                   .read_bytes()).invoice
    data = purchase_bill.bill_from_invoice(invoice, price_digits=2)
    for line, source in zip(data.lines, invoice.lines, strict=True):
        if line.kind == "goods":
            assert line.amount == source.amount
            assert float(line.quantity) * float(line.price_unit) * (
                1 - float(line.discount) / 100) == pytest.approx(float(source.amount), abs=1e-6)


def test_fees_the_other_deduction_and_a_household_invoice():
    data = purchase_bill.bill_from_invoice(fx.sales_invoice_direct())
    assert [line.kind for line in data.lines] == ["goods", "goods", "note", "deduction"]
    assert data.lines[-1].amount == -fx.sales_invoice_direct().totals.other_deduction
    assert data.untaxed + data.vat == data.total
    with_fee = dataclasses.replace(fx.vat_invoice(), totals=dataclasses.replace(
        fx.vat_invoice().totals, fees=(model.Fee("Phí vận chuyển", Decimal(50000)),)))
    assert purchase_bill.bill_from_invoice(with_fee).lines[-1] == purchase_bill.BillLine(
        "fee", "Phí vận chuyển", Decimal(1), Decimal(50000), Decimal(0), Decimal(50000))


def test_decreasing_adjustment_is_a_refund_linked_to_its_invoice():
    data = purchase_bill.bill_from_invoice(fx.adjustment_invoice())
    assert data.refund and data.total == -fx.adjustment_invoice().totals.total > 0
    assert data.related_key == purchase_bill.invoice_key("0100109106", "1", "C26TAA", "00000123")


def test_keys_do_not_depend_on_how_codes_are_written():
    assert purchase_bill.invoice_key(" 0100109106 ", "1", "c26taa", "0000123") == \
        purchase_bill.invoice_key("0100109106", "1", "C26TAA", 123)
    assert purchase_bill.invoice_key("0100109106", "1", "C26MAA", None,
                                     "M1-26-AB12C-00000000123").endswith("M1-26-AB12C-00000000123")


def test_one_rate_without_rate_groups_uses_the_total_vat():
    invoice = fx.vat_invoice_2_0_1()
    single = dataclasses.replace(invoice, lines=invoice.lines[:1], totals=dataclasses.replace(
        invoice.totals, by_rate=(), vat=Decimal(1500000)))
    assert purchase_bill.bill_from_invoice(single).vat_by_rate == (("10%", Decimal(1500000)),)


def _checks(result, signatures, company):
    return {c.rule: c for c in purchase_checks.invoice_checks(result, signatures, company)}


def test_checks_of_a_signed_coded_invoice_addressed_to_a_branch():
    xml = pf.signed(pf.for_company(fx.vat_invoice(), buyer_tax_code="0315558888-001"))
    checks = _checks(inbound.read_inbound(xml), xmldsig.verify_signatures(xml), "0315558888")
    assert checks["buyer.branch"].severity == "warning"
    # home-made certificates: valid signatures, signers not authenticated, and the one in
    # the tax authority's place is not the tax authority's (test_std_trust.py)
    assert checks["signature.seller"].severity == "info"
    assert "signer not authenticated" in checks["signature.seller"].message
    assert checks["signature.tax_authority"].severity == "warning"
    assert checks["signature.tax_authority"].signer_tax_code == pf.TAX_AUTHORITY_MST
    assert checks["signature.trust"].severity == "info"
    assert checks["content.valid"].severity == "ok"
    assert purchase_checks.worst(checks.values()) == "warning"


def test_checks_of_the_real_test_environment_message():
    data = next(p for p in real_files(".xml") if p.name.startswith("tdiep202")).read_bytes()
    result = inbound.read_inbound(data)
    checks = purchase_checks.invoice_checks(result, xmldsig.verify_signatures(data),
                                            "0106322455")
    by_rule = {c.rule: c for c in checks}
    assert by_rule["buyer.company"].severity == "ok"
    assert [(c.rule, c.severity, c.signer_tax_code) for c in checks
            if c.category == "signature" and c.severity != "info"] == [
        ("signature.seller", "error", "0106324653"), ("signature.tax_authority", "error", "")]
    assert by_rule["arithmetic.rate_vat"].severity == "error"
    assert by_rule["inbound.lenient"].severity == "info"
    assert all(c.message and c.message_vi for c in checks)
    # words a bookkeeper reads: no rule or tag names (they are in the check's detail)
    assert [c.message for c in checks if re.search(
        r"inbound\.|arithmetic\.|/HDon|HHDVu|LTSuat|TThue", c.message + c.message_vi)] == []
    assert "inbound.order" in by_rule["inbound.lenient"].detail


def test_zip_members_junk_nesting_and_caps():
    archive = pf.zipped({"a/1.xml": b"<HDon/>", "a/1.pdf": pf.minimal_pdf(),
                         "__MACOSX/a/._1.xml": b"x", "a/.DS_Store": b"x", "a/notes.txt": b"x",
                         "a/inner.zip": pf.zipped({"2.xml": b"<HDon/>"})})
    members, refused = invoice_archive.read_archive(archive)
    assert [m.name for m in members] == ["1.xml", "1.pdf"]
    assert [r.name for r in refused] == ["inner.zip"]
    with pytest.raises(StandardError):
        invoice_archive.read_archive(b"PK\x03\x04 not really a zip")
    big = pf.zipped({"big.xml": b" " * (invoice_archive.MAX_MEMBER_BYTES + 1)})
    assert invoice_archive.read_archive(big)[1][0].name == "big.xml"
