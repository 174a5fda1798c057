"""The sandbox's Viettel contract spoken the way Odoo's own connector speaks it.

``l10n_vn_edi_viettel`` (Odoo 19.0 Community, ``models/account_move.py``) logs in with a
JSON body, sends ``createInvoice`` without ``summarizeInfo`` ("we leave the summarized
information computation to SInvoice"), with float amounts and the issue time in epoch
milliseconds, the token in an ``access_token`` cookie, and passes the form parameters of
``searchInvoiceByTransactionUuid`` in the query string with an empty form body.  Viettel
accepts all of that (the connector runs against it in production), so the sandbox must
too — and stay strict: without ``summarizeInfo`` the breakdowns are required and still
checked against the lines.  ``benchmarks/peer_viettel.py`` drives Odoo's connector itself.
"""

from __future__ import annotations

import base64
import datetime
import io
import json
import uuid
import zipfile

import pytest
import requests

from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.server import start_in_thread
from ..providers.viettel_errors import TAX_AUTHORITY_REJECTED
from ..standard import xmldsig
from ..standard.signature_layout import VN_TZ

API = "/services/einvoiceapplication/api/"
SELLER_MST = "0315558888"
NOW = datetime.datetime.now(VN_TZ)
SYMBOL = f"C{NOW:%y}TAA"


@pytest.fixture(scope="module")
def server():
    running = start_in_thread()
    yield running
    running.stop()


def login(server):
    answer = requests.post(f"{server.url}/auth/login", timeout=10,
                           json={"username": DEFAULT_ACCOUNT, "password": DEFAULT_PASSWORD})
    assert answer.status_code == 200
    return answer.json()["access_token"]


def odoo_json(key, *, lines=10, breakdowns=True):
    """What ``_l10n_vn_edi_generate_invoice_json`` builds for ``lines`` product lines of
    100,000 VND × 2 at 10 %."""
    items = [{"itemCode": f"SP{n:02d}", "itemName": f"Sản phẩm {n}", "unitName": "Units",
              "unitPrice": 100000.0, "quantity": 2.0, "itemTotalAmountWithoutTax": 200000.0,
              "taxPercentage": 10.0, "taxAmount": 20000.0, "discount": 0.0,
              "itemTotalAmountAfterDiscount": 200000.0, "itemTotalAmountWithTax": 220000.0,
              "selection": 1} for n in range(1, lines + 1)]
    payload = {
        "generalInvoiceInfo": {
            "transactionUuid": key, "invoiceType": "1", "templateCode": "1/001",
            "invoiceSeries": SYMBOL, "invoiceIssuedDate": int(NOW.timestamp()) * 1000,
            "currencyCode": "VND", "adjustmentType": "1", "paymentStatus": False,
            "cusGetInvoiceRight": True, "validation": 1},
        "buyerInfo": {"buyerName": "Công ty TNHH Khách Hàng",
                      "buyerLegalName": "Công ty TNHH Khách Hàng",
                      "buyerTaxCode": "0301234562", "buyerAddressLine": "12 Nguyễn Huệ",
                      "buyerPhoneNumber": "", "buyerEmail": "", "buyerCityName": "Hồ Chí Minh",
                      "buyerCountryCode": "VN", "buyerNotGetInvoice": 0},
        "sellerInfo": {"sellerLegalName": "Công ty TNHH Thử Nghiệm",
                       "sellerTaxCode": SELLER_MST, "sellerAddressLine": "123 Lê Lợi",
                       "sellerPhoneNumber": "842838220000", "sellerEmail": "hd@example.vn",
                       "sellerDistrictName": "Hồ Chí Minh", "sellerCountryCode": "VN",
                       "sellerWebsite": False},
        "payments": [{"paymentMethodName": "TM/CK"}],
        "itemInfo": items,
        "taxBreakdowns": [{"taxPercentage": 10.0, "taxableAmount": 200000.0 * lines,
                           "taxAmount": 20000.0 * lines, "taxableAmountPos": True,
                           "taxAmountPos": True}] if breakdowns else [],
    }
    return payload


def create(server, token, payload):
    answer = requests.post(f"{server.url}{API}InvoiceAPI/InvoiceWS/createInvoice/{SELLER_MST}",
                           json=payload, cookies={"access_token": token}, timeout=30)
    assert answer.status_code == 200
    return answer.json()


def test_odoo_connector_issue_search_and_files(server):
    token = login(server)
    key = str(uuid.uuid4())
    answer = create(server, token, odoo_json(key))
    assert answer["errorCode"] is None, answer
    number = answer["result"]["invoiceNo"]
    assert number.startswith(SYMBOL) and answer["result"]["reservationCode"]
    held = server.sandbox.find("viettel", key)
    assert held.state == "accepted"
    assert all(check.ok for check in xmldsig.verify_signatures(held.xml))
    assert b"<TgTCThue>2000000</TgTCThue>" in held.xml
    assert b"<TgTThue>200000</TgTThue>" in held.xml
    assert "hai triệu hai trăm nghìn đồng".encode() in held.xml.lower()
    # The lookup as Odoo sends it: form parameters in the query string, empty body.
    found = requests.post(
        f"{server.url}{API}InvoiceAPI/InvoiceWS/searchInvoiceByTransactionUuid",
        params={"supplierTaxCode": SELLER_MST, "transactionUuid": key},
        headers={"Content-Type": "application/x-www-form-urlencoded;"},
        cookies={"access_token": token}, timeout=10).json()
    assert found["errorCode"] is None, found
    assert (found["result"][0]["invoiceNo"], found["result"][0]["reservationCode"]) == (
        number, answer["result"]["reservationCode"])
    for file_type in ("ZIP", "PDF"):
        files = requests.post(
            f"{server.url}{API}InvoiceAPI/InvoiceUtilsWS/getInvoiceRepresentationFile",
            json={"supplierTaxCode": SELLER_MST, "templateCode": "1/001", "invoiceNo": number,
                  "strIssueDate": int(NOW.timestamp()) * 1000, "transactionUuid": key,
                  "fileType": file_type},
            cookies={"access_token": token}, timeout=30).json()
        raw = base64.b64decode(files["fileToBytes"])
        if file_type == "PDF":
            assert raw.startswith(b"%PDF")
        else:
            with zipfile.ZipFile(io.BytesIO(raw)) as outer, zipfile.ZipFile(
                    io.BytesIO(outer.read(outer.infolist()[0]))) as inner:
                assert inner.read(inner.infolist()[0]) == held.xml


def test_without_summary_the_breakdowns_are_required(server):
    token = login(server)
    key = str(uuid.uuid4())
    answer = create(server, token, odoo_json(key, breakdowns=False))
    assert answer["errorCode"] == "INVALID_INVOICE_DATA"
    assert "taxBreakdowns" in answer["descriptionEn"]
    assert server.sandbox.find("viettel", key) is None


def test_without_summary_breakdowns_must_match_the_lines(server):
    token = login(server)
    key = str(uuid.uuid4())
    payload = odoo_json(key)
    payload["taxBreakdowns"][0]["taxAmount"] = 199000.0  # the lines say 200,000
    answer = create(server, token, payload)
    assert answer["errorCode"] == TAX_AUTHORITY_REJECTED, answer
    assert "TThue" in answer["description"]
    assert server.sandbox.find("viettel", key).state == "rejected"


def test_query_string_lookup_still_needs_the_token(server):
    answer = requests.post(
        f"{server.url}{API}InvoiceAPI/InvoiceWS/searchInvoiceByTransactionUuid",
        params={"supplierTaxCode": SELLER_MST, "transactionUuid": str(uuid.uuid4())},
        headers={"Content-Type": "application/x-www-form-urlencoded;"}, timeout=10)
    assert answer.status_code == 401
    assert json.loads(answer.content)["code"] == 401
