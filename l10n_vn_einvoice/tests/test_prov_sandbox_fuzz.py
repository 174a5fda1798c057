"""Fuzzing the sandbox's HTTP endpoints over real HTTP (hypothesis, bounded).

Malformed envelopes, wrong content types, missing or random parameters, invalid UTF-8,
nested CDATA, random JSON, 10 MB bodies: every answer must be the contract's own (a SOAP
envelope or fault, JSON, the admin API's JSON, a 404 text), never an HTML page or an
empty body, in bounded time; and the sandbox's last-resort handler must never have been
needed (it logs an error whenever a contract let an exception escape).
"""

import base64
import json
import logging
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..providers.sandbox import app as sandbox_app
from ..providers.sandbox import bkav_contract
from ..providers.sandbox.vnpt_contract import VnptContract
from .sandbox_server import sandbox_fixture, sandbox_server_fixture  # noqa: F401

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
SOAP_PATHS = ("/PublishService.asmx", "/BusinessService.asmx", "/PortalService.asmx",
              "/WSPublicEHoaDon.asmx")
REST_PATHS = ("/auth/login", "/services/einvoiceapplication/api/InvoiceAPI/InvoiceWS/"
              "createInvoice/0100109106", "/services/einvoiceapplication/api/InvoiceAPI/"
              "InvoiceWS/searchInvoiceByTransactionUuid", "/services/einvoiceapplication/api/"
              "InvoiceAPI/InvoiceUtilsWS/getInvoiceRepresentationFile", "/_sandbox/faults",
              "/_sandbox/invoices", "/_sandbox/health", "/nowhere")
CONTENT_TYPES = (None, "text/xml; charset=utf-8", "application/soap+xml; charset=utf-8",
                 "application/json", "text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data; boundary=xyz", "text/xml; charset=iso-8859-1")
OPERATIONS = [*sorted(VnptContract(None)._handlers), "ExecCommand", "ExecuteCommand",
              "NoSuchOperation", ""]
PARAMETERS = ("Account", "ACpass", "username", "password", "pass", "userName", "userPass",
              "xmlInvData", "pattern", "serial", "convert", "fkey", "fkeys", "lstFkey", "xml",
              "xmlData", "invFromNo", "invToNo", "key", "partnerGUID", "CommandData")
NASTY = ("<![CDATA[<![CDATA[<HDon/>]]>]]>", "\x00", "\x1f", "&lt;DSHDon&gt;", "]]>",
         "<DSHDon><HDon><key>k</key></HDon></DSHDon>", "<Invoices><Inv/></Invoices>",
         "<DieuChinhHD><key>x</key></DieuChinhHD>", "1/001", "C26TAA", "-1", "9" * 30,
         "<DSHDon><!--c--><HDon><?p x?><key>k</key><!--x--><DLHDon><TTChung/></DLHDon></HDon>"
         "</DSHDon>", "<DieuChinhHD><!--c--><key>y</key><Type>9</Type><NDHDon/></DieuChinhHD>")
ALLOWED_STATUS = {200, 400, 401, 403, 404, 405, 413, 500}
MAX_SECONDS = 5.0


@pytest.fixture(name="quiet_sandbox")
def quiet_sandbox_fixture(sandbox, caplog):
    """The module's sandbox, its error log captured (Odoo's test logging mutes it)."""
    with caplog.at_level(logging.ERROR, logger=sandbox_app._logger.name):
        yield sandbox, caplog


def _text_value():
    return st.one_of(st.sampled_from(NASTY), st.text(max_size=60),
                     st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=20)))


@st.composite
def soap_bodies(draw):
    """SOAP 1.1/1.2 envelopes with any operation, any subset of parameters, any values,
    comments and processing instructions, optionally truncated, optionally with raw
    invalid UTF-8 spliced in."""
    ns = draw(st.sampled_from((SOAP11, SOAP12)))
    operation = draw(st.sampled_from(OPERATIONS))
    names = draw(st.lists(st.sampled_from(PARAMETERS), max_size=8, unique=True))
    params = []
    for name in names:
        value = draw(_text_value())
        if draw(st.booleans()):
            params.append(f"<{name}><![CDATA[{value}]]></{name}>")
        else:
            params.append(f"<{name}>{value.replace('&', '&amp;').replace('<', '&lt;')}"
                          f"</{name}>")
    inner = f'<{operation} xmlns="http://tempuri.org/">{"".join(params)}</{operation}>' \
        if operation else ""
    noise = draw(st.sampled_from(("", "<!--c-->", "<?pi x?>", "<!--a--><?b?>")))
    text = (f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{ns}">{noise}'
            f'<soap:Body>{noise}{inner}</soap:Body></soap:Envelope>')
    data = text.encode("utf-8", "surrogatepass")
    cut = draw(st.integers(0, len(data)))
    if draw(st.booleans()):
        data = data[:cut]
    if draw(st.booleans()):
        data = data[:cut] + draw(st.sampled_from((b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80",
                                                  b"\x80"))) + data[cut:]
    return data


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(("username", "password", "kind", "operation", "code", "count",
                         "seconds", "generalInvoiceInfo", "itemInfo", "transactionUuid",
                         "supplierTaxCode", "fileType", "invoiceNo")) | st.text(max_size=8),
        children, max_size=5),
    max_leaves=12)


def _post(url, body, content_type, method="POST", extra_headers=None):
    headers = {"Content-Type": content_type} if content_type else {}
    headers.update(extra_headers or {})
    started = time.monotonic()
    response = requests.request(method, url, data=body, headers=headers, timeout=30)
    return response, time.monotonic() - started


def _assert_answered(response, elapsed, log, before: int) -> None:
    assert response.status_code in ALLOWED_STATUS, response.status_code
    assert response.content, "empty body"
    assert "html" not in response.headers.get("Content-Type", ""), response.content[:200]
    assert not response.content.lstrip().lower().startswith((b"<!doctype", b"<html"))
    assert elapsed < MAX_SECONDS, elapsed
    escaped = [r.getMessage() for r in log.records[before:]]
    assert not escaped, escaped


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path=st.sampled_from(SOAP_PATHS), body=soap_bodies(),
       content_type=st.sampled_from(CONTENT_TYPES),
       action=st.one_of(st.none(), st.sampled_from(OPERATIONS)))
def test_soap_endpoints_survive_anything(quiet_sandbox, path, body, content_type, action):
    sandbox, log = quiet_sandbox
    before = len(log.records)
    headers = {"SOAPAction": f'"http://tempuri.org/{action}"'} if action is not None else {}
    response, elapsed = _post(sandbox.url + path, body, content_type, extra_headers=headers)
    _assert_answered(response, elapsed, log, before)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path=st.sampled_from(REST_PATHS), method=st.sampled_from(("POST", "GET", "DELETE", "PUT")),
       body=st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.binary(max_size=300),
                      st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       content_type=st.sampled_from(CONTENT_TYPES))
def test_rest_and_admin_endpoints_survive_anything(quiet_sandbox, path, method, body,
                                                    content_type):
    sandbox, log = quiet_sandbox
    before = len(log.records)
    response, elapsed = _post(sandbox.url + path, body, content_type, method=method)
    _assert_answered(response, elapsed, log, before)
    sandbox.faults.clear()  # a fuzzed POST /_sandbox/faults may have planted one


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=json_values, guid=st.sampled_from((bkav_contract.PARTNER_GUID, "other", "")))
def test_bkav_commands_survive_anything(quiet_sandbox, command, guid):
    """Well-encrypted but arbitrary BKAV commands reach the command dispatcher itself."""
    sandbox, log = quiet_sandbox
    before = len(log.records)
    key, iv = bkav_contract.bkav_crypto.parse_partner_token(bkav_contract.PARTNER_TOKEN)
    data = bkav_contract.bkav_crypto.encrypt(json.dumps(command).encode(), key, iv)
    body = (f'<soap:Envelope xmlns:soap="{SOAP11}"><soap:Body><ExecCommand '
            f'xmlns="http://tempuri.org/"><partnerGUID>{guid}</partnerGUID><CommandData>'
            f'{data}</CommandData></ExecCommand></soap:Body></soap:Envelope>')
    response, elapsed = _post(sandbox.url + "/WSPublicEHoaDon.asmx", body.encode(),
                              "text/xml; charset=utf-8")
    _assert_answered(response, elapsed, log, before)


@pytest.mark.parametrize("path", ["/PublishService.asmx", "/WSPublicEHoaDon.asmx",
                                  "/services/einvoiceapplication/api/InvoiceAPI/InvoiceWS/"
                                  "createInvoice/0100109106", "/_sandbox/faults"])
@pytest.mark.parametrize("kind", ["bytes", "xml"])
def test_ten_megabyte_bodies(quiet_sandbox, path, kind):
    sandbox, log = quiet_sandbox
    size = 10 * 1024 * 1024
    if kind == "bytes":
        body = base64.b64encode(bytes(range(256)) * (size // 341))[:size]
    else:
        filler = "<HHDVu><THHDVu>x</THHDVu></HHDVu>" * (size // 34)
        body = (f'<soap:Envelope xmlns:soap="{SOAP11}"><soap:Body><ImportAndPublishInv '
                f'xmlns="http://tempuri.org/"><Account>a</Account><ACpass>b</ACpass>'
                f'<xmlInvData><![CDATA[<DSHDon><HDon><key>big</key><DLHDon><NDHDon><DSHHDVu>'
                f'{filler}</DSHHDVu></NDHDon></DLHDon></HDon></DSHDon>]]></xmlInvData>'
                f'<username>u</username><password>p</password><pattern>1/001</pattern>'
                f'<serial>C26TAA</serial><convert>0</convert></ImportAndPublishInv>'
                f'</soap:Body></soap:Envelope>').encode()
    before = len(log.records)
    response, elapsed = _post(sandbox.url + path, body, "text/xml; charset=utf-8")
    assert response.status_code in ALLOWED_STATUS and response.content
    assert "html" not in response.headers.get("Content-Type", "")
    assert elapsed < 20, elapsed
    assert not log.records[before:]
