"""The portal's record written as the standard's invoice, for the draft bill of an invoice
missing in the books: read back by the inbound reader with the portal's own figures."""

from decimal import Decimal
from pathlib import Path

import pytest

from ..standard import inbound, portal_collect, portal_invoice, xml_build
from ..standard.portal_data import RowError

REAL = Path(__file__).resolve().parent / "data" / "reference" / "real"
LIST = "portal_purchase_list_page_letieu.json"
DETAIL_MISA = "portal_detail_misa_C25TGV_3219.json"


def invoices(name):
    return {i.number: i for i in portal_collect.read_portal_file(
        (REAL / name).read_bytes(), name).invoices}


def read_back(invoice):
    result = inbound.read_inbound(xml_build.invoice_to_bytes(portal_invoice.invoice_of(invoice)))
    assert result.invoice is not None, result.errors
    return result.invoice


def test_a_list_record_becomes_one_line_per_rate():
    portal = invoices(LIST)[5343]
    invoice = read_back(portal)
    assert (invoice.seller.tax_code, invoice.buyer.tax_code) == ("0102671977", "0109744141")
    assert (invoice.form, invoice.symbol, invoice.number) == ("1", "K25TEK", 5343)
    assert str(invoice.issue_date) == "2025-09-30"
    assert [(line.vat_rate, line.amount) for line in invoice.lines] == [
        ("8%", Decimal("250000"))]
    assert [(g.vat_rate, g.amount, g.vat) for g in invoice.totals.by_rate] == [
        ("8%", Decimal("250000"), Decimal("20000"))]
    assert invoice.totals.total == Decimal("270000")
    assert invoice.tax_authority_code == ""  # uncoded at the portal (ttxly 6)


def test_a_detail_keeps_its_lines_and_code():
    portal = invoices(DETAIL_MISA)[3219]
    invoice = read_back(portal)
    assert [line.name for line in invoice.lines] == [line.name for line in portal.lines]
    assert invoice.totals.total == Decimal("34105500")
    assert invoice.tax_authority_code == "00EECAA7162749465C958D86520BDC7072"


def test_no_lines_and_no_rates_is_refused_not_guessed():
    portal = invoices(LIST)[373221]  # thttltsuat [] in the file
    with pytest.raises(RowError, match="neither its lines nor its VAT per rate"):
        portal_invoice.invoice_of(portal)
