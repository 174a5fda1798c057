"""Viettel S-Invoice client against the sandbox over real HTTP on 127.0.0.1.

Nothing in the client is patched: faults are injected by the sandbox, so each typed error
is what the client makes of a real timeout, reset, 5xx or garbled body.
"""

import datetime
import time
import uuid
from decimal import Decimal

import pytest

from ..providers.base import (
    STATE_ACCEPTED,
    STATE_CANCELLED,
    STATE_REJECTED,
    STATE_UNKNOWN,
    AuthenticationError,
    NotSupportedError,
    RejectedError,
    TransientError,
)
from ..providers.exact_json import json_to_payload, payload_to_json
from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.server import start_in_thread
from ..providers.viettel import ViettelClient
from ..providers.viettel_payload import (
    invoice_to_payload,
    payload_to_invoice,
    rate_code,
    tax_percentage,
)
from ..standard import codes, money, xmldsig
from ..standard.model import (
    ADJUSTMENT,
    NOTE,
    REPLACEMENT,
    TRADE_DISCOUNT,
    Buyer,
    Invoice,
    Line,
    RelatedInvoice,
    Seller,
)
from ..standard.signature_layout import VN_TZ

SELLER_MST = "0102671977"
BUYER_MST = "0300588569"
# The Vietnam date the sandbox goes by; 10% VAT, the rate no reduction period limits.
TODAY = datetime.datetime.now(VN_TZ).date()
SYMBOL = f"C{TODAY:%y}TAA"


def make_invoice(lines=None, *, symbol=SYMBOL, buyer_tax_code=BUYER_MST, related=None):
    lines = lines or (
        Line(name="Cà phê rang xay", seq=1, unit="kg", quantity=Decimal("2"),
             unit_price=Decimal("150000"), amount=Decimal("300000"), vat_rate="10%"),
        Line(name="Sách giáo khoa", seq=2, unit="cuốn", quantity=Decimal("3"),
             unit_price=Decimal("25000.5"), amount=Decimal("75002"), vat_rate="KCT"),
        Line(name="Giao hàng trong ngày", seq=3, nature=NOTE),
    )
    return Invoice(
        form="1", symbol=symbol, number=None, issue_date=TODAY,
        seller=Seller(name="Công ty TNHH Bán Hàng", tax_code=SELLER_MST,
                      address="1 Lê Lợi, Quận 1, TP. Hồ Chí Minh", phone="02838220000"),
        buyer=Buyer(name="Công ty Cổ phần Mua Hàng", tax_code=buyer_tax_code,
                    address="12 Nguyễn Huệ, TP. Hồ Chí Minh", contact_name="Nguyễn Văn A",
                    email="ketoan@muahang.example"),
        lines=tuple(lines), totals=money.compute_totals(lines), payment_method="CK",
        related=related)


def new_key():
    return uuid.uuid4().hex


@pytest.fixture(scope="module")
def running():
    server = start_in_thread()
    yield server
    server.stop()


@pytest.fixture
def sandbox(running):
    running.faults.clear()
    contract = viettel_contract(running)
    contract.token_lifetime = 300
    yield running
    running.faults.clear()


def viettel_contract(running):
    return next(c for c in running.app.contracts if c.name == "viettel")


def client_for(running, **kw):
    options = {"username": DEFAULT_ACCOUNT, "password": DEFAULT_PASSWORD,
               "seller_tax_code": SELLER_MST,
               "timeout": 5.0}
    options.update(kw)
    return ViettelClient(running.url, **options)


# --- payload, no server ---------------------------------------------------------------------

def test_tax_percentage_codes():
    assert tax_percentage("KCT") == -2 and tax_percentage("KKKNT") == -1
    assert tax_percentage("8%") == 8 and tax_percentage("KHAC:5.26%") == Decimal("5.26")
    assert [rate_code(v) for v in (-2, -1, 0, 5, 8, 10, Decimal("5.26"))] == [
        "KCT", "KKKNT", "0%", "5%", "8%", "10%", "KHAC:5.26%"]
    with pytest.raises(Exception) as info:
        tax_percentage("KHAC")
    assert info.value.rule == "viettel.tax_rate"


def test_payload_round_trip_is_exact():
    invoice = make_invoice()
    payload = invoice_to_payload(invoice, "k" * 12, "1/001")
    text = payload_to_json(payload)
    assert b'"unitPrice":25000.5' in text and b'"taxPercentage":-2' in text
    assert payload["payments"] == [{"paymentMethodName": "CK"}]
    assert payload["itemInfo"][0]["taxAmount"] == Decimal("30000")
    assert payload["itemInfo"][2] == {"lineNumber": 3, "selection": 2,
                                      "itemName": "Giao hàng trong ngày"}
    back = payload_to_invoice(json_to_payload(text))
    assert back.lines == invoice.lines
    assert back.totals == invoice.totals
    assert back.buyer == invoice.buyer
    assert (back.seller.tax_code, back.seller.phone) == (SELLER_MST, "02838220000")
    assert (back.issue_date, back.symbol, back.payment_method) == (TODAY, SYMBOL, "CK")


def test_adjustment_payload_signs_and_reference():
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL, number="7",
                             date=TODAY, note="Biên bản điều chỉnh số 01")
    lines = (Line(name="Giảm giá cà phê", seq=1, quantity=Decimal("2"),
                  unit_price=Decimal("-10000"), amount=Decimal("-20000"), vat_rate="10%"),
             Line(name="Chiết khấu", seq=2, nature=TRADE_DISCOUNT, amount=Decimal("5000"),
                  vat_rate="10%"))
    invoice = make_invoice(lines, related=related)
    payload = invoice_to_payload(invoice, "k" * 12, "1/001", original_template_code="1/001")
    general = payload["generalInvoiceInfo"]
    assert general["adjustmentType"] == "5" and general["adjustmentInvoiceType"] == "1"
    assert general["originalInvoiceId"] == f"{SYMBOL}7"
    assert general["additionalReferenceDesc"] == "Biên bản điều chỉnh số 01"
    first = payload["itemInfo"][0]
    assert first["isIncreaseItem"] is False and first["itemTotalAmountWithoutTax"] == 20000
    assert payload["itemInfo"][1]["selection"] == 3
    back = payload_to_invoice(json_to_payload(payload_to_json(payload)))
    assert back.lines == invoice.lines and back.totals == invoice.totals
    assert back.related == RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL,
                                          number="7", date=TODAY,
                                          note="Biên bản điều chỉnh số 01")


# --- over HTTP ------------------------------------------------------------------------------

def test_issue_search_and_tax_authority_code(sandbox):
    client = client_for(sandbox)
    key = new_key()
    issued = client.issue(key, make_invoice())
    assert issued.state == STATE_ACCEPTED and issued.symbol == SYMBOL and issued.number
    codes.validate_tax_authority_code(issued.tax_authority_code)
    found = client.lookup(key)
    assert (found.state, found.number, found.tax_authority_code, found.lookup_code) == (
        STATE_ACCEPTED, issued.number, issued.tax_authority_code, issued.lookup_code)
    assert found.form == "1" and found.issue_date == TODAY
    checks = xmldsig.verify_signatures(sandbox.sandbox.find("viettel", key).xml)
    assert sorted(c.role for c in checks) == ["seller", "tax_authority"]
    assert all(c.ok for c in checks)
    assert client.lookup(new_key()).state == STATE_UNKNOWN


def test_token_is_reused(sandbox):
    contract = viettel_contract(sandbox)
    client = client_for(sandbox)
    before = contract.logins
    client.list_symbols()
    client.lookup(new_key())
    client.lookup(new_key())
    assert contract.logins == before + 1


def test_token_renewed_after_expiry(sandbox):
    contract = viettel_contract(sandbox)
    contract.token_lifetime = 1
    client = client_for(sandbox)
    before = contract.logins
    client.lookup(new_key())
    time.sleep(1.1)
    client.lookup(new_key())
    assert contract.logins == before + 2


def test_token_renewed_once_on_401(sandbox):
    contract = viettel_contract(sandbox)
    client = client_for(sandbox)
    client.lookup(new_key())
    before = contract.logins
    contract.forget_tokens()
    assert client.lookup(new_key()).state == STATE_UNKNOWN
    assert contract.logins == before + 1


def test_adjustment_and_replacement(sandbox):
    client = client_for(sandbox)
    original_key = new_key()
    original = client.issue(original_key, make_invoice())
    related = dict(form="1", symbol=original.symbol, number=str(original.number), date=TODAY)
    adjust_lines = (Line(name="Điều chỉnh giảm đơn giá", seq=1, quantity=Decimal("2"),
                         unit_price=Decimal("-5000"), amount=Decimal("-10000"), vat_rate="10%"),)
    adjust_key = new_key()
    adjusted = client.issue(adjust_key, make_invoice(
        adjust_lines, related=RelatedInvoice(nature=ADJUSTMENT, **related)))
    assert adjusted.state == STATE_ACCEPTED and adjusted.number == original.number + 1
    stored = sandbox.sandbox.find("viettel", adjust_key)
    assert stored.related_key == original_key and b"<TCHDon>2</TCHDon>" in stored.xml
    assert b"<ThTien>-10000</ThTien>" in stored.xml
    replace_key = new_key()
    replaced = client.issue(replace_key, make_invoice(
        related=RelatedInvoice(nature=REPLACEMENT, **related)))
    assert replaced.state == STATE_ACCEPTED
    stored = sandbox.sandbox.find("viettel", replace_key)
    assert stored.related_key == original_key and b"<TCHDon>1</TCHDon>" in stored.xml
    unknown = RelatedInvoice(nature=REPLACEMENT, form="1", symbol=SYMBOL, number="99999",
                             date=TODAY)
    with pytest.raises(RejectedError) as info:
        client.issue(new_key(), make_invoice(related=unknown))
    assert info.value.code == "ORIGINAL_INVOICE_NOT_FOUND"


def test_pdf_and_xml_download(sandbox):
    client = client_for(sandbox)
    key = new_key()
    issued = client.issue(key, make_invoice())
    assert client.download_pdf(key).startswith(b"%PDF")
    xml = client.download_xml(key)
    assert issued.tax_authority_code.encode() in xml and b"<HDon" in xml
    with pytest.raises(RejectedError) as info:
        client.download_pdf(new_key())
    assert info.value.code == "INVOICE_NOT_FOUND"


@pytest.mark.parametrize("kind, code", [
    ("http500", "http500"), ("http503", "http503"), ("malformed", "malformed"),
    ("soap_fault", "http500"), ("reset", "connection")])
def test_faults_become_transient_errors(sandbox, kind, code):
    client = client_for(sandbox)
    sandbox.faults.add("createInvoice", Fault(kind))
    key = new_key()
    with pytest.raises(TransientError) as info:
        client.issue(key, make_invoice())
    assert info.value.code == code and info.value.message_vi
    assert client.lookup(key).state == STATE_UNKNOWN


def test_timeout_is_transient_with_small_client_timeout(sandbox):
    client = client_for(sandbox, timeout=0.3)
    client.list_symbols()
    sandbox.faults.add("createInvoice", Fault("timeout", seconds=1.0))
    started = time.monotonic()
    with pytest.raises(TransientError) as info:
        client.issue(new_key(), make_invoice())
    assert info.value.code == "timeout" and time.monotonic() - started < 1.0


def test_lost_answer_then_lookup_and_retry_make_one_invoice(sandbox):
    client = client_for(sandbox)
    key = new_key()
    before = sandbox.sandbox.count("viettel")
    sandbox.faults.add("createInvoice", Fault("lost_after_commit"))
    with pytest.raises(TransientError):
        client.issue(key, make_invoice())
    found = client.lookup(key)
    assert found.state == STATE_ACCEPTED
    again = client.issue(key, make_invoice())
    assert (again.number, again.tax_authority_code) == (found.number, found.tax_authority_code)
    assert sandbox.sandbox.count("viettel") == before + 1


def test_duplicate_transaction_returns_the_existing_invoice(sandbox):
    client = client_for(sandbox)
    key = new_key()
    first = client.issue(key, make_invoice())
    second = client.issue(key, make_invoice())
    assert (second.number, second.symbol, second.tax_authority_code) == (
        first.number, first.symbol, first.tax_authority_code)


def test_provider_error_code_is_mapped(sandbox):
    client = client_for(sandbox)
    client.list_symbols()
    sandbox.faults.add("createInvoice", Fault("err", code="TEMPLATE_NOT_FOUND"))
    with pytest.raises(RejectedError) as info:
        client.issue(new_key(), make_invoice())
    assert info.value.code == "TEMPLATE_NOT_FOUND"
    assert "Viettel" in info.value.message and "Viettel" in info.value.message_vi


def test_rejection_carries_reason_in_english_and_vietnamese(sandbox):
    client = client_for(sandbox)
    key = new_key()
    with pytest.raises(RejectedError) as info:
        client.issue(key, make_invoice(buyer_tax_code="0300588568"))
    error = info.value
    assert error.code == "INVOICE_REJECTED_BY_TAX_AUTHORITY"
    assert error.message.startswith("The tax authority rejected the invoice: ")
    assert error.message_vi.startswith("Cơ quan thuế từ chối hóa đơn: ")
    assert "MST" in error.message and error.message != error.message_vi
    assert client.lookup(key).state == STATE_REJECTED


def test_unknown_symbol_is_refused_before_sending(sandbox):
    client = client_for(sandbox)
    with pytest.raises(RejectedError) as info:
        client.issue(new_key(), make_invoice(symbol=f"C{TODAY:%y}TZZ"))
    assert info.value.code == "TEMPLATE_NOT_FOUND"


def test_symbols_connection_payment_cancel_and_notice(sandbox):
    client = client_for(sandbox)
    symbols = {(s.form, s.symbol, s.kind) for s in client.list_symbols()}
    assert ("1", SYMBOL, "coded") in symbols
    report = client.check_connection()
    assert report.ok and abs(report.clock_skew_seconds) < 5
    assert [name for name, _, _ in report.checks] == ["endpoint", "credentials", "symbols",
                                                     "clock"]
    key = new_key()
    client.issue(key, make_invoice())
    client.update_payment_status(key, True)
    assert viettel_contract(sandbox).is_paid(key)
    client.update_payment_status(key, False)
    assert not viettel_contract(sandbox).is_paid(key)
    assert client.cancel(key, "Hủy theo thỏa thuận").state == STATE_CANCELLED
    with pytest.raises(NotSupportedError):
        client.send_notice(key, b"<TBao/>")


def test_wrong_credentials_when_enforced():
    with start_in_thread(account="viettel-user", password="right") as server:
        bad = client_for(server, username="viettel-user", password="wrong")
        with pytest.raises(AuthenticationError) as info:
            bad.lookup(new_key())
        assert info.value.code == "http401" and info.value.message_vi
        report = bad.check_connection()
        assert not report.ok and report.checks[0][:2] == ("credentials", False)
        good = client_for(server, username="viettel-user", password="right")
        assert good.lookup(new_key()).state == STATE_UNKNOWN
