"""EasyInvoice client against the sandbox's EasyInvoice contract over real HTTP on 127.0.0.1."""

import datetime
import uuid
from decimal import Decimal

import pytest
import requests

from ..providers import diagnostics
from ..providers.base import (
    STATE_ACCEPTED,
    STATE_CANCELLED,
    STATE_UNKNOWN,
    AuthenticationError,
    NotSupportedError,
    RejectedError,
    TransientError,
)
from ..providers.easyinvoice import EasyInvoiceClient, authentication
from ..providers.easyinvoice_xml import invoice_to_xml
from ..providers.registry import make_client
from ..providers.sandbox.faults import Fault
from ..standard import certificates, money, xmldsig
from ..standard.model import (
    ADJUSTMENT,
    KIND_CASH_REGISTER,
    REPLACEMENT,
    Buyer,
    Invoice,
    Line,
    RelatedInvoice,
    Seller,
)
from .sandbox_server import SANDBOX_CREDENTIALS, sandbox_fixture, sandbox_server_fixture  # noqa: F401

# A fixed date in the year of the symbols the sandbox registers (C26TAA, K26TAA).
ON_DATE = datetime.date(2026, 11, 20)
SYMBOL = f"C{ON_DATE:%y}TAA"
TAX_CODE = "0102671977"
SELLER = Seller(name="Công ty TNHH Bán Hàng", tax_code=TAX_CODE, address="1 Lê Lợi, TP. HCM")


def make_invoice(lines=None, *, related=None, symbol=SYMBOL):
    lines = lines or (
        Line(name="Cà phê rang xay", seq=1, unit="kg", quantity=Decimal("2"),
             unit_price=Decimal("150000"), amount=Decimal("300000"), vat_rate="10%"),
        Line(name="Dịch vụ tư vấn", seq=2, quantity=Decimal("1"),
             unit_price=Decimal("1000000"), amount=Decimal("1000000"), vat_rate="KHAC:5.26%"),
    )
    return Invoice(form="1", symbol=symbol, number=None, issue_date=ON_DATE, seller=SELLER,
                   buyer=Buyer(name="Công ty Cổ phần Mua Hàng", tax_code="0300588569",
                               address="12 Nguyễn Huệ, TP. Hồ Chí Minh"),
                   lines=tuple(lines), totals=money.compute_totals(lines),
                   payment_method="TM", related=related)


def client_for(running, **kw):
    options = {"username": SANDBOX_CREDENTIALS["username"],
               "password": SANDBOX_CREDENTIALS["password"], "seller_tax_code": TAX_CODE,
               "timeout": 5.0, "symbols": [("1", SYMBOL)]}
    options.update(kw)
    return make_client("easyinvoice", running.url, **options)


def new_key():
    return f"EI-{uuid.uuid4().hex[:16]}"


def test_xml_data_shape():
    xml = invoice_to_xml("K-1", make_invoice())
    assert xml.startswith("<Invoices><Inv><Invoice><Ikey>K-1</Ikey>")
    assert "<VATRate>10</VATRate>" in xml and "<VATRate>-3</VATRate>" in xml
    assert "<VATRateOther>5.26</VATRateOther>" in xml
    assert "<PaymentMethod>Tiền mặt</PaymentMethod>" in xml
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL, number="4", date=ON_DATE)
    assert invoice_to_xml("K-2", make_invoice(related=related)).startswith("<AdjustInv>")


def test_authentication_header_is_the_documented_scheme():
    value = authentication("post", "api", "secret", TAX_CODE, timestamp=1553507490,
                           nonce="68CFE3F19B4B4668AE7746A514FAF2CD")
    signature, nonce, stamp, user, password, tax = value.split(":")
    import base64
    import hashlib
    expected = base64.b64encode(hashlib.md5(b"POST155350749068CFE3F19B4B4668AE7746A514FAF2CD"
                                            ).digest()).decode()
    assert (signature, nonce, stamp, user, password, tax) == (
        expected, "68CFE3F19B4B4668AE7746A514FAF2CD", "1553507490", "api", "secret", TAX_CODE)


def test_issue_lookup_and_files(sandbox):
    client = client_for(sandbox)
    key = new_key()
    result = client.issue(key, make_invoice())
    assert result.state == STATE_ACCEPTED and result.number and len(result.tax_authority_code)
    held = sandbox.sandbox.find("easyinvoice", key)
    assert held.number == result.number and held.tax_authority_code == result.tax_authority_code
    assert client.lookup(key).tax_authority_code == result.tax_authority_code
    assert client.download_pdf(key).startswith(b"%PDF")
    xml = client.download_xml(key)
    assert b"<MCCQT" in xml and result.tax_authority_code.encode() in xml
    assert client.lookup("never-sent").state == STATE_UNKNOWN
    with pytest.raises(RejectedError):
        client.download_pdf("never-sent")


def test_caller_number_is_kept(sandbox):
    client = client_for(sandbox)
    invoice = make_invoice(symbol=f"K{ON_DATE:%y}TAA")
    number = sandbox.sandbox.store.last_number("1", invoice.symbol, ON_DATE.year) + 7
    result = client.issue(new_key(), Invoice(**{**invoice.__dict__, "number": number}))
    assert result.number == number and result.state == STATE_ACCEPTED


def test_lost_answer_then_resend_leaves_one_invoice(sandbox):
    client = client_for(sandbox)
    key = new_key()
    before = sandbox.sandbox.count("easyinvoice")
    sandbox.faults.add("importAndIssueInvoice", Fault("lost_after_commit"))
    with pytest.raises(TransientError):
        client.issue(key, make_invoice())
    assert client.lookup(key).state == STATE_ACCEPTED
    # A blind re-send (no lookup first) is refused by Ikey and answered by the lookup.
    assert client.issue(key, make_invoice()).state == STATE_ACCEPTED
    assert sandbox.sandbox.count("easyinvoice") == before + 1


def test_adjust_replace_cancel(sandbox):
    client = client_for(sandbox)
    original_key, adjust_key, replace_key = new_key(), new_key(), new_key()
    original = client.issue(original_key, make_invoice())
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL,
                             number=str(original.number), date=ON_DATE, note="giảm giá")
    less = (Line(name="Giảm giá cà phê", seq=1, amount=Decimal("-50000"), vat_rate="10%"),)
    adjusted = client.issue(adjust_key, make_invoice(less, related=related),
                            related_key=original_key)
    assert adjusted.state == STATE_ACCEPTED
    assert sandbox.sandbox.find("easyinvoice", adjust_key).related_key == original_key
    other = client.issue(new_key(), make_invoice())
    by_number = RelatedInvoice(nature=REPLACEMENT, form="1", symbol=SYMBOL,
                               number=str(other.number), date=ON_DATE)
    assert client.issue(replace_key, make_invoice(related=by_number)).state == STATE_ACCEPTED
    assert sandbox.sandbox.find("easyinvoice", replace_key).related_key == other.key
    plain = new_key()
    client.issue(plain, make_invoice())
    assert client.cancel(plain, "nhầm người mua").state == STATE_CANCELLED
    with pytest.raises(RejectedError):
        client.cancel(plain, "again")


def test_error_mapping(sandbox):
    with pytest.raises(AuthenticationError):
        client_for(sandbox, password="wrong").issue(new_key(), make_invoice())
    with pytest.raises(RejectedError) as info:
        client_for(sandbox).issue(new_key(), make_invoice(symbol=f"C{ON_DATE:%y}TZZ"))
    assert "chưa được đăng ký" in info.value.message_vi
    sandbox.faults.add("importAndIssueInvoice", Fault("err", code="E123"))
    with pytest.raises(RejectedError) as info:
        client_for(sandbox).issue(new_key(), make_invoice())
    assert info.value.code == "E123"


@pytest.mark.parametrize("kind", ["http500", "http503", "soap_fault", "malformed", "reset",
                                  "timeout"])
def test_faults_become_transient(sandbox, kind):
    sandbox.faults.add("importAndIssueInvoice", Fault(kind, seconds=1.5))
    key = new_key()
    with pytest.raises(TransientError):
        client_for(sandbox, timeout=1.0).issue(key, make_invoice())
    assert client_for(sandbox).lookup(key).state == STATE_UNKNOWN


def test_cash_register_refused_and_notice_not_offered(sandbox):
    invoice = Invoice(**{**make_invoice().__dict__, "kind": KIND_CASH_REGISTER})
    with pytest.raises(NotSupportedError):
        client_for(sandbox).issue(new_key(), invoice)
    with pytest.raises(NotSupportedError):
        client_for(sandbox).send_notice("x", b"<TBao/>")


def test_we_sign_through_the_digest_flow(sandbox):
    signer = xmldsig.load_pkcs12(*certificates.make_test_certificate("Bán Hàng", TAX_CODE))
    client = client_for(sandbox, signer=signer)
    key = new_key()
    result = client.issue(key, make_invoice())
    assert result.state == STATE_ACCEPTED
    roles = {check.role: check.ok for check in
             xmldsig.verify_signatures(sandbox.sandbox.find("easyinvoice", key).xml)}
    assert roles == {"seller": True, "tax_authority": True}
    related = RelatedInvoice(nature=REPLACEMENT, form="1", symbol=SYMBOL,
                             number=str(result.number), date=ON_DATE)
    replacement = new_key()
    assert client.issue(replacement, make_invoice(related=related),
                        related_key=key).state == STATE_ACCEPTED
    assert sandbox.sandbox.find("easyinvoice", replacement).related_key == key


def test_garbled_signature_is_refused(sandbox):
    class WrongSigner:
        def __init__(self, real):
            self.certificate, self.chain = real.certificate, real.chain

        def sign_digest(self, digest):
            return b"\x01" * 256

    real = xmldsig.load_pkcs12(*certificates.make_test_certificate("Bán Hàng", TAX_CODE))
    key = new_key()
    with pytest.raises(RejectedError) as info:
        client_for(sandbox, signer=WrongSigner(real)).issue(key, make_invoice())
    assert info.value.code == "InvalidSignature"
    assert sandbox.sandbox.find("easyinvoice", key) is None


def test_stale_or_forged_authentication_is_refused(sandbox):
    url = f"{sandbox.url}/api/publish/getInvoicesByIkeys"
    stale = authentication("POST", "sandbox", "sandbox", timestamp=1)
    forged = "AAAA:" + authentication("POST", "sandbox", "sandbox").split(":", 1)[1]
    for header in (stale, forged, "", "a:b:c"):
        answer = requests.post(url, json={"Ikeys": []}, headers={"Authentication": header},
                               timeout=5)
        assert answer.status_code == 401


def test_diagnostics_mask_the_authentication_header(sandbox):
    header = authentication("POST", "api-user", "S3cret!pw", TAX_CODE)
    exchange = {"request": f"POST /api/publish/importAndIssueInvoice\nAuthentication: {header}",
                "headers": {"Authentication": header}}
    masked = diagnostics.export_exchanges_json([exchange], secrets=("S3cret!pw",))
    signature, nonce = header.split(":")[:2]
    assert "S3cret!pw" not in masked and signature not in masked and nonce not in masked
    assert isinstance(client_for(sandbox), EasyInvoiceClient)


def test_check_connection_names_what_is_wrong(sandbox):
    assert client_for(sandbox, symbols=[]).check_connection().ok
    report = client_for(sandbox, password="wrong").check_connection()
    assert not report.ok and ("credentials", False) in {(n, ok) for n, ok, _ in report.checks}
