"""Delivery notes (form 6) and the providers: those whose delivery-note operations are
not published refuse a note in words, naming themselves and the note, before any request
is sent; Viettel's body of a note has the shape of Odoo's own stock bridge."""

import datetime
from decimal import Decimal

import pytest

from ..providers import registry, viettel_payload
from ..providers.base import NotSupportedError
from ..standard import delivery_note, model


def note():
    lines = (delivery_note.make_line(1, "Xi măng PCB40", Decimal(10), Decimal(85000),
                                     unit="bao"),)
    return model.Invoice(
        form=model.DELIVERY_FORM, symbol="C26NAA", number=7,
        issue_date=datetime.date(2026, 11, 20),
        seller=model.Seller(name="Công ty A", tax_code="0101248141", address="Hà Nội"),
        buyer=model.Buyer(name="Công ty A", tax_code="0101248141", address="Đà Nẵng"),
        lines=lines, totals=delivery_note.make_totals(lines),
        title=model.NOTE_TITLES[model.NOTE_INTERNAL], payment_method="",
        delivery=model.DeliveryNote(dispatch_order="LĐ-1", transport_means="Xe tải"))


@pytest.mark.parametrize("name", ["bkav", "easyinvoice", "misa"])
def test_unpublished_delivery_note_operations_are_refused(name):
    # port 9 (discard): a request sent would fail with a connection error, not this one
    client = registry.make_client(name, "http://127.0.0.1:9", username="u", password="p",
                                  account="a", account_password="p",
                                  seller_tax_code="0101248141")
    with pytest.raises(NotSupportedError) as caught:
        client.issue("key-1", note())
    error = caught.value
    assert error.code == "provider.delivery_note"
    assert client.title in error.message and "6C26NAA no. 7" in error.message
    assert "phiếu xuất kho" in error.message_vi and "6C26NAA số 7" in error.message_vi


def test_viettel_note_body_has_no_tax_and_the_metadata():
    """Odoo's l10n_vn_edi_viettel_stock shape: taxPercentage -2, metadata key tags; and
    the sandbox side reads the note back."""
    body = viettel_payload.invoice_to_payload(note(), "key-1", "6/001")
    assert {item["taxPercentage"] for item in body["itemInfo"]} == {-2}
    assert body["taxBreakdowns"][0]["taxPercentage"] == -2
    assert body["payments"] == [{"paymentMethodName": "TM/CK"}]
    tags = {row["keyTag"]: row["stringValue"] for row in body["metadata"]}
    assert tags == {"economicContractNo": "LĐ-1", "vehicle": "Xe tải"}
    back = viettel_payload.payload_to_invoice(body)
    assert back.delivery == note().delivery
    assert back.totals.by_rate == () and back.totals.vat == 0
    assert {line.vat_rate for line in back.lines} == {""}
