"""MISA meInvoice client against the sandbox's meInvoice contract over real HTTP on 127.0.0.1."""

import json
import time
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
from ..providers.exact_json import payload_to_json
from ..providers.misa_payload import invoice_to_payload
from ..providers.registry import make_client
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.misa_contract import APP_ID
from ..standard import certificates, xmldsig
from ..standard.model import (
    ADJUSTMENT,
    KIND_CASH_REGISTER,
    REPLACEMENT,
    Invoice,
    Line,
    RelatedInvoice,
)
from .sandbox_server import SANDBOX_CREDENTIALS, sandbox_fixture, sandbox_server_fixture  # noqa: F401
from .test_prov_easyinvoice import ON_DATE, SYMBOL, TAX_CODE, make_invoice


def client_for(running, **kw):
    options = {"username": SANDBOX_CREDENTIALS["username"],
               "password": SANDBOX_CREDENTIALS["password"], "account": APP_ID,
               "seller_tax_code": TAX_CODE, "timeout": 5.0}
    options.update(kw)
    return make_client("misa", running.url, **options)


def contract(running):
    return next(c for c in running.app.contracts if c.name == "misa")


def new_key():
    return str(uuid.uuid4())


def test_payload_shape():
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL, number="4",
                             date=ON_DATE, note="giảm giá")
    data = invoice_to_payload("R-1", make_invoice(related=related))
    assert (data["RefID"], data["InvSeries"], data["ReferenceType"], data["OrgInvNo"]) == (
        "R-1", f"1{SYMBOL}", 2, "4")
    assert [d["VATRateName"] for d in data["OriginalInvoiceDetail"]] == ["10%", "KHAC:5.26%"]
    assert data["TotalAmountOC"] == make_invoice().totals.total
    assert "OptionUserDefined" in data


def test_issue_with_hsm_lookup_and_files(sandbox):
    client = client_for(sandbox)
    key = new_key()
    result = client.issue(key, make_invoice())
    assert result.state == STATE_ACCEPTED and result.number and result.tax_authority_code
    held = sandbox.sandbox.find("misa", key)
    assert (held.number, held.lookup_code) == (result.number, result.lookup_code)
    assert client.download_pdf(key).startswith(b"%PDF")
    assert result.tax_authority_code.encode() in client.download_xml(key)
    assert client.lookup(str(uuid.uuid4())).state == STATE_UNKNOWN
    with pytest.raises(RejectedError):
        client.download_xml(str(uuid.uuid4()))
    uncoded = client.issue(new_key(), make_invoice(symbol=f"K{ON_DATE:%y}TAA"))
    assert uncoded.state == STATE_ACCEPTED and not uncoded.tax_authority_code


def test_lost_answer_then_resend_leaves_one_invoice(sandbox):
    client = client_for(sandbox)
    key = new_key()
    before = sandbox.sandbox.count("misa")
    sandbox.faults.add("publishhsm", Fault("lost_after_commit"))
    with pytest.raises(TransientError):
        client.issue(key, make_invoice())
    assert client.lookup(key).state == STATE_ACCEPTED
    assert client.issue(key, make_invoice()).state == STATE_ACCEPTED
    assert sandbox.sandbox.count("misa") == before + 1


def test_adjust_replace_cancel(sandbox):
    client = client_for(sandbox)
    original = client.issue(new_key(), make_invoice())
    related = RelatedInvoice(nature=ADJUSTMENT, form="1", symbol=SYMBOL,
                             number=str(original.number), date=ON_DATE, note="giảm giá")
    less = (Line(name="Giảm giá cà phê", seq=1, amount=Decimal("-50000"), vat_rate="10%"),)
    adjust_key = new_key()
    assert client.issue(adjust_key, make_invoice(less, related=related)).state == STATE_ACCEPTED
    assert sandbox.sandbox.find("misa", adjust_key).related_key == original.key
    replace = RelatedInvoice(nature=REPLACEMENT, form="1", symbol=SYMBOL,
                             number=str(original.number), date=ON_DATE)
    replace_key = new_key()
    assert client.issue(replace_key, make_invoice(related=replace)).state == STATE_ACCEPTED
    other = client.issue(new_key(), make_invoice())
    assert client.cancel(other.key, "nhầm người mua").state == STATE_CANCELLED
    with pytest.raises(RejectedError):
        client.cancel(other.key, "again")


def test_token_is_reused_then_refreshed_when_it_expires(sandbox):
    misa = contract(sandbox)
    misa.token_lifetime = 62  # the client renews 60 s before the expiry: usable for 2 s
    try:
        client = client_for(sandbox)
        token = client._access_token()
        assert client._access_token() == token and client.logins == 1
        time.sleep(2.2)
        assert client.lookup(new_key()).state == STATE_UNKNOWN
        assert client.logins == 2 and client._token != token
        misa.token_lifetime = 3600
        client._login()  # a token the client believes valid for an hour
        logins = client.logins
        misa.forget_tokens()  # MISA restarted: the token the client holds is refused once
        assert client.lookup(new_key()).state == STATE_UNKNOWN
        assert client.logins == logins + 1
    finally:
        misa.token_lifetime = 15 * 24 * 3600


def test_error_mapping(sandbox):
    with pytest.raises(AuthenticationError):
        client_for(sandbox, password="wrong").issue(new_key(), make_invoice())
    with pytest.raises(AuthenticationError):
        client_for(sandbox, account="not-the-app").lookup(new_key())
    with pytest.raises(RejectedError) as info:
        client_for(sandbox).issue(new_key(), make_invoice(symbol=f"C{ON_DATE:%y}TZZ"))
    assert info.value.code == "InvalidInvSeries"
    sandbox.faults.add("publishhsm", Fault("err", code="InvoiceNumberNotContinuous"))
    with pytest.raises(TransientError):
        client_for(sandbox).issue(new_key(), make_invoice())
    sandbox.faults.add("publishhsm", Fault("err", code="InvalidDeclaration"))
    with pytest.raises(RejectedError):
        client_for(sandbox).issue(new_key(), make_invoice())


def test_wrong_company_tax_code_header_is_unauthorised(sandbox):
    client = client_for(sandbox)
    token = client._access_token()
    answer = requests.post(f"{sandbox.url}/api/v3/code/itg/invoicepublished/invoice-status/refid",
                           json=[], headers={"Authorization": f"Bearer {token}",
                                             "CompanyTaxCode": "0300588569"}, timeout=5)
    assert answer.status_code == 401 and answer.json()["ErrorCode"] == "UnAuthorize"


@pytest.mark.parametrize("kind", ["http500", "http503", "soap_fault", "malformed", "reset",
                                  "timeout"])
def test_faults_become_transient(sandbox, kind):
    client = client_for(sandbox, timeout=1.0)
    client._access_token()
    sandbox.faults.add("publishhsm", Fault(kind, seconds=1.5))
    key = new_key()
    with pytest.raises(TransientError):
        client.issue(key, make_invoice())
    assert client_for(sandbox).lookup(key).state == STATE_UNKNOWN


def test_we_sign_create_sign_publish(sandbox):
    signer = xmldsig.load_pkcs12(*certificates.make_test_certificate("Bán Hàng", TAX_CODE))
    client = client_for(sandbox, signer=signer)
    key = new_key()
    assert client.issue(key, make_invoice()).state == STATE_ACCEPTED
    held = sandbox.sandbox.find("misa", key)
    roles = {c.role: c.ok for c in xmldsig.verify_signatures(held.xml)}
    assert roles == {"seller": True, "tax_authority": True}
    replace = RelatedInvoice(nature=REPLACEMENT, form="1", symbol=SYMBOL,
                             number=str(held.number), date=ON_DATE)
    replacement = new_key()
    assert client.issue(replacement, make_invoice(related=replace)).state == STATE_ACCEPTED
    assert sandbox.sandbox.find("misa", replacement).related_key == key


def test_tampered_signed_xml_is_refused(sandbox):
    """A publish whose invoice data differ from what createinvoice answered is refused."""
    client = client_for(sandbox)
    token = client._access_token()
    headers = {"Authorization": f"Bearer {token}", "CompanyTaxCode": TAX_CODE}
    url = f"{sandbox.url}/api/v3/code/itg/invoicepublishing"
    key = new_key()
    item = {"RefID": key, "OriginalInvoiceData": invoice_to_payload(key, make_invoice())}
    created = requests.post(f"{url}/createinvoice", data=payload_to_json([item]),
                            headers=headers, timeout=5)
    draft = json.loads(created.json()["Data"])[0]
    signer = xmldsig.load_pkcs12(*certificates.make_test_certificate("Bán Hàng", TAX_CODE))
    tampered = draft["InvoiceData"].replace("Cà phê rang xay", "Cà phê hảo hạng")
    signed = xmldsig.sign_invoice(tampered.encode(), signer).decode()
    published = requests.post(url, json=[{"RefID": key, "TransactionID": draft["TransactionID"],
                                           "InvoiceData": signed}], headers=headers, timeout=5)
    assert json.loads(published.json()["Data"])[0]["ErrorCode"] == "InvalidSignature"
    assert sandbox.sandbox.find("misa", key) is None


def test_cash_register_refused_symbols_listed_and_credentials_masked(sandbox):
    invoice = Invoice(**{**make_invoice().__dict__, "kind": KIND_CASH_REGISTER})
    with pytest.raises(NotSupportedError):
        client_for(sandbox).issue(new_key(), invoice)
    symbols = {(s.form, s.symbol) for s in client_for(sandbox).list_symbols()}
    assert ("1", "C26TAA") in symbols and ("1", "K26TAA") in symbols
    assert client_for(sandbox).check_connection().ok
    body = {"AppID": APP_ID, "TaxCode": TAX_CODE, "UserName": "u", "Password": "P4ss!word"}
    exchange = {"request": str(body).replace("'", '"'),
                "headers": "Authorization: Bearer eyJabc.def.ghi\nAppID: " + APP_ID}
    masked = diagnostics.export_exchanges_json([exchange], secrets=("P4ss!word",))
    assert APP_ID not in masked and "P4ss!word" not in masked and "eyJabc" not in masked
