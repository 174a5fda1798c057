"""BKAV client against the sandbox's BKAV contract over real SOAP/HTTP on 127.0.0.1."""

import datetime
import uuid
from decimal import Decimal

import pytest

from ..providers import bkav_crypto
from ..providers.base import (
    STATE_ACCEPTED,
    STATE_REJECTED,
    STATE_UNKNOWN,
    AuthenticationError,
    NotSupportedError,
    RejectedError,
    TransientError,
)
from ..providers.bkav import BkavClient, invoice_command
from ..providers.sandbox.bkav_contract import PARTNER_GUID, PARTNER_TOKEN
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.server import start_in_thread
from ..standard import codes, money
from ..standard.model import ADJUSTMENT, Buyer, Invoice, Line, RelatedInvoice, Seller

TODAY = datetime.date.today()
SYMBOL = f"C{TODAY:%y}TAA"
SELLER = Seller(name="Công ty TNHH Bán Hàng", tax_code="0102671977",
                address="1 Lê Lợi, Quận 1, TP. Hồ Chí Minh")


def make_invoice(lines=None, *, buyer_tax_code="0300588569", related=None):
    lines = lines or (
        Line(name="Cà phê rang xay", seq=1, unit="kg", quantity=Decimal("2"),
             unit_price=Decimal("150000"), amount=Decimal("300000"), vat_rate="10%"),
        Line(name="Dịch vụ tư vấn", seq=2, quantity=Decimal("1"),
             unit_price=Decimal("1000000"), amount=Decimal("1000000"), vat_rate="KHAC:5.26%"),
    )
    return Invoice(form="1", symbol=SYMBOL, number=None, issue_date=TODAY, seller=SELLER,
                   buyer=Buyer(name="Công ty Cổ phần Mua Hàng", tax_code=buyer_tax_code,
                               address="12 Nguyễn Huệ, TP. Hồ Chí Minh",
                               email="ketoan@muahang.example"),
                   lines=tuple(lines), totals=money.compute_totals(lines),
                   payment_method="TM", related=related)


@pytest.fixture(scope="module")
def running():
    server = start_in_thread()
    yield server
    server.stop()


@pytest.fixture
def sandbox(running):
    running.faults.clear()
    yield running
    running.faults.clear()


def client_for(running, **kw):
    options = {"username": PARTNER_GUID, "password": PARTNER_TOKEN, "timeout": 5.0,
               "symbols": [("1", SYMBOL)]}
    options.update(kw)
    return BkavClient(f"{running.url}/WSPublicEHoaDon.asmx", **options)


def test_command_object_mapping():
    command, objects = invoice_command("HD-1", make_invoice())
    head, details = objects[0]["Invoice"], objects[0]["ListInvoiceDetailsWS"]
    assert command == 112 and objects[0]["PartnerInvoiceStringID"] == "HD-1"
    assert (head["InvoiceForm"], head["InvoiceSerial"], head["PayMethodID"]) == ("1", SYMBOL, 1)
    assert [(d["TaxRateID"], d["TaxRate"]) for d in details] == [
        (3, Decimal("10")), (6, Decimal("5.26"))]
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL, number="4",
                             date=TODAY)
    command, objects = invoice_command("HD-2", make_invoice(related=related))
    assert command == 124
    assert objects[0]["Invoice"]["OriginalInvoiceIdentify"] == f"[1]_[{SYMBOL}]_[4]"


def test_issue_lookup_and_code(sandbox):
    client = client_for(sandbox)
    key = f"HD-{uuid.uuid4().hex[:12]}"
    issued = client.issue(key, make_invoice())
    assert issued.state == STATE_ACCEPTED and issued.number and issued.symbol == SYMBOL
    codes.validate_tax_authority_code(issued.tax_authority_code)
    found = client.lookup(key)
    assert (found.number, found.tax_authority_code, found.lookup_code) == (
        issued.number, issued.tax_authority_code, issued.lookup_code)
    stored = sandbox.sandbox.find("bkav", key)
    assert b"<TSuat>KHAC:5.26%</TSuat>" in stored.xml
    assert client.download_pdf(key).startswith(b"%PDF")
    assert issued.tax_authority_code.encode() in client.download_xml(key)
    again = client.issue(key, make_invoice())
    assert again.number == issued.number and sandbox.sandbox.count("bkav") >= 1
    assert client.lookup("HD-unknown-key").state == STATE_UNKNOWN


def test_adjustment_refers_to_the_original(sandbox):
    client = client_for(sandbox)
    original_key = f"HD-{uuid.uuid4().hex[:12]}"
    original = client.issue(original_key, make_invoice())
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL,
                             number=str(original.number), date=TODAY)
    lines = (Line(name="Giảm giá", seq=1, quantity=Decimal("1"), unit_price=Decimal("-50000"),
                  amount=Decimal("-50000"), vat_rate="10%"),)
    key = f"HD-{uuid.uuid4().hex[:12]}"
    adjusted = client.issue(key, make_invoice(lines, related=related))
    assert adjusted.state == STATE_ACCEPTED
    assert sandbox.sandbox.find("bkav", key).related_key == original_key


def test_rejection_carries_reason(sandbox):
    client = client_for(sandbox)
    key = f"HD-{uuid.uuid4().hex[:12]}"
    with pytest.raises(RejectedError) as info:
        client.issue(key, make_invoice(buyer_tax_code="0300588568"))
    assert info.value.message.startswith("The tax authority rejected the invoice: ")
    assert info.value.message_vi.startswith("Cơ quan thuế từ chối hóa đơn: ")
    assert "MST" in info.value.message and info.value.message != info.value.message_vi
    assert client.lookup(key).state == STATE_REJECTED


def test_lost_sign_answer_then_retry_makes_one_invoice(sandbox):
    client = client_for(sandbox)
    key = f"HD-{uuid.uuid4().hex[:12]}"
    before = sandbox.sandbox.count("bkav")
    sandbox.faults.add("ExecCommand:205", Fault("lost_after_commit"))
    with pytest.raises(TransientError):
        client.issue(key, make_invoice())
    assert client.lookup(key).state == STATE_ACCEPTED
    assert client.issue(key, make_invoice()).state == STATE_ACCEPTED
    assert sandbox.sandbox.count("bkav") == before + 1


@pytest.mark.parametrize("kind, code", [("http500", "http500"), ("soap_fault", "soap_fault"),
                                        ("malformed", "malformed"), ("reset", "connection")])
def test_faults_become_transient(sandbox, kind, code):
    sandbox.faults.add("ExecCommand:112", Fault(kind))
    with pytest.raises(TransientError) as info:
        client_for(sandbox).issue(f"HD-{uuid.uuid4().hex[:12]}", make_invoice())
    assert info.value.code == code


def test_timeout_is_transient_with_small_client_timeout(sandbox):
    sandbox.faults.add("ExecCommand:850", Fault("timeout", seconds=1.0))
    with pytest.raises(TransientError) as info:
        client_for(sandbox, timeout=0.3).lookup("HD-any")
    assert info.value.code == "timeout"


def test_wrong_partner_token_is_an_authentication_error(sandbox):
    other = bkav_crypto.make_partner_token(bytes(32), bytes(16))
    client = client_for(sandbox, password=other)
    with pytest.raises(AuthenticationError):
        client.lookup("HD-any")
    report = client.check_connection()
    assert not report.ok and ("credentials", False) in [c[:2] for c in report.checks]
    good = client_for(sandbox).check_connection()
    assert good.ok and abs(good.clock_skew_seconds) < 5
    with pytest.raises(NotSupportedError):
        client.send_notice("HD-any", b"<TBao/>")
