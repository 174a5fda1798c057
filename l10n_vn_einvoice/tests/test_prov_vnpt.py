"""VNPT client against a real sandbox over HTTP on 127.0.0.1 (nothing patched)."""

from __future__ import annotations

import dataclasses
import socket
import uuid

import pytest
from lxml import etree

from ..providers.base import (
    STATE_ACCEPTED,
    STATE_CANCELLED,
    STATE_REJECTED,
    STATE_UNKNOWN,
    AuthenticationError,
    RejectedError,
    TransientError,
)
from ..providers.registry import make_client
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.server import start_in_thread
from ..providers.vnpt import VnptClient
from ..standard import codes, notice, xmldsig
from ..standard.model import KIND_UNCODED, REPLACEMENT, RelatedInvoice
from . import std_fixtures as fx
from .sandbox_server import (  # noqa: F401
    SANDBOX_CREDENTIALS,
    fresh_sandbox_fixture,
    running_sandbox,
    sandbox_fixture,
    sandbox_server_fixture,
)


def _client(url, **options) -> VnptClient:
    return make_client("vnpt", url, **SANDBOX_CREDENTIALS, timeout=5, **options)


def _key() -> str:
    return uuid.uuid4().hex


def test_issue_lookup_and_coded_xml(sandbox):
    client = _client(sandbox.url)
    key = _key()
    result = client.issue(key, fx.vat_invoice())
    assert result.state == STATE_ACCEPTED
    assert codes.validate_tax_authority_code(result.tax_authority_code)
    assert (result.form, result.symbol) == ("1", "C26TAA")
    assert result.number and result.lookup_code == key
    looked = client.lookup(key)
    assert looked.tax_authority_code == result.tax_authority_code
    assert looked.number == result.number
    xml = client.download_xml(key)
    assert result.tax_authority_code.encode() in xml
    checks = xmldsig.verify_signatures(xml)
    assert {c.role for c in checks} == {"seller", "tax_authority"}
    assert all(c.ok for c in checks)
    assert client.download_pdf(key).startswith(b"%PDF-")
    assert result.tax_authority_code in client.view_html(key)


def test_numbers_follow_each_other(sandbox):
    client = _client(sandbox.url)
    first = client.issue(_key(), fx.vat_invoice())
    second = client.issue(_key(), fx.vat_invoice())
    assert second.number == first.number + 1
    assert second.tax_authority_code != first.tax_authority_code


def test_unknown_key_is_unknown(sandbox):
    assert _client(sandbox.url).lookup(_key()).state == STATE_UNKNOWN


def test_uncoded_invoice_has_no_code(sandbox):
    client = _client(sandbox.url)
    invoice = dataclasses.replace(fx.vat_invoice(), symbol="K26TAA", kind=KIND_UNCODED)
    key = _key()
    result = client.issue(key, invoice)
    assert result.state == STATE_ACCEPTED and result.tax_authority_code == ""
    assert b"<HDon" in client.download_xml(key)  # ERR:78 on the coded XML → VNPT's XML


def test_legacy_invoices_payload(sandbox):
    client = _client(sandbox.url, payload_format="invoices")
    invoice = fx.vat_invoice()
    key = _key()
    result = client.issue(key, invoice)
    assert result.state == STATE_ACCEPTED, result.message
    stored = sandbox.sandbox.find("vnpt", key)
    assert b"<TgTTTBSo>" + str(invoice.totals.total).encode() in stored.xml


def test_soap12_binding(sandbox):
    result = _client(sandbox.url, soap12=True).issue(_key(), fx.vat_invoice())
    assert result.state == STATE_ACCEPTED


def test_invalid_invoice_is_rejected_with_reason(sandbox):
    invoice = fx.vat_invoice()
    wrong = dataclasses.replace(invoice, totals=dataclasses.replace(
        invoice.totals, total=invoice.totals.total + 1))
    result = _client(sandbox.url).issue(_key(), wrong)
    assert result.state == STATE_REJECTED
    assert "TgTTTBSo" in result.message


def test_cash_register_pair(sandbox):
    client = _client(sandbox.url)
    key = _key()
    invoice = dataclasses.replace(fx.cash_register_invoice(), tax_authority_code="", qr_data="")
    result = client.issue(key, invoice)
    assert result.state == STATE_ACCEPTED
    codes.validate_cash_register_code(result.tax_authority_code, invoice.issue_date)
    assert client.lookup(key).tax_authority_code == result.tax_authority_code
    other = client.issue(_key(), invoice)
    assert other.tax_authority_code != result.tax_authority_code



def test_cash_register_replacement_is_published_as_a_cash_register_invoice(fresh_sandbox):
    """A replacement of a cash-register invoice keeps its own M-code and names the invoice
    it replaces (TTHDLQuan); it reaches the tax authority like any cash-register invoice."""
    client = _client(fresh_sandbox.url, caller_numbers=True)
    original = fx.cash_register_invoice()
    first = client.issue(_key(), original)
    replacement = dataclasses.replace(
        original, tax_authority_code="M1-26-AB12C-00000000124", qr_data="",
        buyer=dataclasses.replace(original.buyer, name="Công ty TNHH Khách Hàng",
                                  tax_code="0301234562"),
        related=RelatedInvoice(nature=REPLACEMENT, form="1", symbol="C26MAA", number="7",
                               date=original.issue_date,
                               note="Thay thế cho hóa đơn M1-26-AB12C-00000000123"))
    result = client.issue(_key(), replacement, related_key=first.key)
    assert result.state == STATE_ACCEPTED, result.message
    assert result.tax_authority_code == replacement.tax_authority_code
    held = etree.fromstring(client.download_xml(result.key))
    assert held.findtext("DLHDon/TTChung/TTHDLQuan/TCHDon") == "1"
    assert held.findtext("DLHDon/NDHDon/NMua/MST") == "0301234562"

def test_cash_register_transmission_is_separate(sandbox):
    client = _client(sandbox.url)
    key = _key()
    invoice = dataclasses.replace(fx.cash_register_invoice(), tax_authority_code="", qr_data="")
    sandbox.faults.add("SendInvMTTFkey", Fault("http503"))
    pending = client.issue(key, invoice)
    assert pending.state == "pending" and pending.tax_authority_code
    assert client.lookup(key).state == "pending"
    client.transmit_cash_register([key], "1/001", invoice.symbol)
    assert client.lookup(key).state == STATE_ACCEPTED


def test_duplicate_fkey_returns_the_original(sandbox):
    client = _client(sandbox.url)
    key = _key()
    first = client.issue(key, fx.vat_invoice())
    before = sandbox.sandbox.count()
    again = client.issue(key, fx.vat_invoice())
    assert again == first
    assert sandbox.sandbox.count() == before
    assert any("ERR:13" in e["error"] or "ERR:13" in e["response"] for e in client.exchanges)


def test_wrong_credentials_when_enforced():
    with running_sandbox(account="svc", password="right") as running:
        with pytest.raises(AuthenticationError) as info:
            _client(running.url).issue(_key(), fx.vat_invoice())
        assert info.value.code == "ERR:1"
        report = _client(running.url).check_connection()
        assert not report.ok
        assert dict((n, ok) for n, ok, _ in report.checks) == {
            "endpoint": True, "credentials": False, "clock": True}
        good = make_client("vnpt", running.url, username="svc", password="right",
                           account="svc", account_password="right", timeout=5)
        assert good.check_connection().ok


def test_adjust_and_replace(sandbox):
    client = _client(sandbox.url)
    original_key, second_key = _key(), _key()
    original = client.issue(original_key, fx.vat_invoice())
    client.issue(second_key, fx.vat_invoice())
    adjustment = fx.adjustment_invoice()
    adjustment = dataclasses.replace(adjustment, related=dataclasses.replace(
        adjustment.related, number=str(original.number)))
    adjusted = client.issue(_key(), adjustment, related_key=original_key)
    assert adjusted.state == STATE_ACCEPTED and adjusted.tax_authority_code
    # without the related key, the client finds it by form, symbol and number
    second = client.lookup(second_key)
    replacement = fx.replacement_invoice()
    replacement = dataclasses.replace(replacement, related=dataclasses.replace(
        replacement.related, number=str(second.number)))
    replacing_key = _key()
    replaced = client.issue(replacing_key, replacement)
    assert replaced.state == STATE_ACCEPTED
    assert sandbox.sandbox.find("vnpt", replacing_key).related_key == second_key
    with pytest.raises(RejectedError) as info:  # a second replacement of the same invoice
        client.issue(_key(), replacement, related_key=second_key)
    assert info.value.code == "ERR:8"
    with pytest.raises(RejectedError) as info:
        client.issue(_key(), replacement, related_key="no-such-key")
    assert info.value.code == "ERR:2"


def test_cancel_then_cancel_again(sandbox):
    client = _client(sandbox.url)
    key = _key()
    client.issue(key, fx.vat_invoice())
    assert client.cancel(key, "wrong buyer").state == STATE_CANCELLED
    with pytest.raises(RejectedError) as info:
        client.cancel(key, "again")
    assert info.value.code == "ERR:8"
    assert "hủy" in info.value.message_vi


def test_error_notice(sandbox):
    client = _client(sandbox.url)
    key = _key()
    client.issue(key, fx.vat_invoice())
    notice_xml = etree.tostring(notice.build_notice(fx.error_notice()), encoding="utf-8")
    result = client.send_notice(key, notice_xml)
    assert result.state == STATE_ACCEPTED and result.message.startswith("SBX")
    stored = sandbox.sandbox.notices("vnpt", key)
    assert len(stored) == 1 and key.encode() in stored[0]
    with pytest.raises(RejectedError) as info:
        client.send_notice("no-such-key", notice_xml)
    assert info.value.code == "ERR:2"


def test_restart_keeps_everything(tmp_path):
    first = start_in_thread(data_dir=str(tmp_path))
    try:
        client = _client(first.url)
        key = _key()
        issued = client.issue(key, fx.vat_invoice())
    finally:
        first.stop()
    second = start_in_thread(data_dir=str(tmp_path))
    try:
        client = _client(second.url)
        assert client.lookup(key) == dataclasses.replace(issued, raw=client.lookup(key).raw)
        assert client.issue(_key(), fx.vat_invoice()).number == issued.number + 1
        assert all(c.ok for c in xmldsig.verify_signatures(client.download_xml(key)))
    finally:
        second.stop()


def test_caller_numbers_are_kept(fresh_sandbox):
    """Odoo numbers gap-free and signs that number: VNPT must keep it (AssignedNo)."""
    client = _client(fresh_sandbox.url, caller_numbers=True)
    invoice = dataclasses.replace(fx.vat_invoice(), number=7)
    result = client.issue(_key(), invoice)
    assert result.number == 7
    held = fresh_sandbox.sandbox.find("vnpt", result.key)
    assert held.number == 7
    with pytest.raises(RejectedError) as refused:
        client.issue(_key(), invoice)
    assert refused.value.code == "ERR:22"
    assert fresh_sandbox.sandbox.count() == 1


def test_cash_register_code_from_the_pos_is_kept(fresh_sandbox):
    """The POS codes its invoices offline: the sandbox keeps that M-code, never its own."""
    client = _client(fresh_sandbox.url, caller_numbers=True)
    invoice = fx.cash_register_invoice()
    assert invoice.tax_authority_code
    result = client.issue(_key(), invoice)
    assert result.tax_authority_code == invoice.tax_authority_code
    held = fresh_sandbox.sandbox.find("vnpt", result.key)
    assert held.tax_authority_code == invoice.tax_authority_code


def test_transport_errors_name_the_provider_the_client_stands_for():
    """The VNPT client says "VNPT" when it talks to VNPT, and the sandbox's name when the
    sandbox speaks VNPT's contract (a stand-in never introduces itself as VNPT)."""
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    client = make_client("vnpt", url, username="u", password="p", account="a",
                         account_password="b", timeout=5)
    with pytest.raises(TransientError) as caught:
        client.issue(uuid.uuid4().hex, fx.vat_invoice())
    assert caught.value.message.startswith("Cannot reach VNPT (")
    assert caught.value.message_vi.startswith("Không kết nối được tới VNPT (")
    client.title = "Sandbox provider (VNPT contract)"
    client.title_vi = "Nhà cung cấp thử nghiệm (giao thức VNPT)"
    with pytest.raises(TransientError) as caught:
        client.issue(uuid.uuid4().hex, fx.vat_invoice())
    assert caught.value.message.startswith("Cannot reach Sandbox provider (VNPT contract) (")
    assert caught.value.message_vi.startswith(
        "Không kết nối được tới Nhà cung cấp thử nghiệm (giao thức VNPT) (")
