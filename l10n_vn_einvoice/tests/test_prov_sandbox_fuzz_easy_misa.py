"""Fuzzing the sandbox's EasyInvoice and MISA meInvoice endpoints over real HTTP.

Unauthenticated requests, and authenticated ones (a valid ``Authentication`` header, a
valid MISA token) carrying arbitrary JSON, XmlData and OriginalInvoiceData, reach the
contracts' handlers themselves: every answer must be the contract's own JSON, in bounded
time, and no exception may escape to the sandbox's last-resort handler.
"""

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..providers.easyinvoice import authentication
from ..providers.sandbox import app as sandbox_app
from ..providers.sandbox.misa_contract import APP_ID
from .sandbox_server import SANDBOX_CREDENTIALS, sandbox_fixture, sandbox_server_fixture  # noqa: F401
from .test_prov_sandbox_fuzz import CONTENT_TYPES, _assert_answered, _post, json_values

EASY_PATHS = [f"/api/publish/{name}" for name in (
    "importAndIssueInvoice", "getInvoicesByIkeys", "getInvoicePdf",
    "externalGetDigestForImportation", "externalWrapAndLaunchImportation",
    "externalGetDigestForSomething", "nothing")] + [
    "/api/business/adjustInvoice", "/api/business/replaceInvoice",
    "/api/business/cancelInvoice"]
MISA_PATHS = [f"/api/v3/{prefix}/{name}" for prefix in ("code/itg", "itg") for name in (
    "invoicepublishing/publishhsm", "invoicepublishing/createinvoice", "invoicepublishing",
    "invoicepublished/invoice-status/refid",
    "invoicepublished/downloadinvoice?downloadDataType=XML", "invoicepublished/cancel",
    "InvoicePublishing/templates?invyear=2026", "nothing")] + ["/api/v3/auth/token"]
XML_DATA = st.sampled_from((
    "<Invoices><Inv><Invoice><Ikey>k</Ikey><ArisingDate>01/13/2026</ArisingDate><Products>"
    "<Product><Feature>9</Feature><Total>x</Total></Product></Products></Invoice></Inv>"
    "</Invoices>", "<AdjustInv/>", "<ReplaceInv><Ikey/></ReplaceInv>", "<!DOCTYPE x [<!ENTITY"
    " a 'b'>]><x>&a;</x>", "<Invoices/>", "not xml", ""))
EASY_BODIES = st.fixed_dictionaries({}, optional={
    "XmlData": XML_DATA, "Pattern": st.sampled_from(("1", "2", "", "x")),
    "Serial": st.sampled_from(("C26TAA", "K26TAA", "C26MAA", "")), "Ikey": st.text(max_size=8),
    "Ikeys": json_values, "Option": st.one_of(st.integers(-3, 3), st.text(max_size=3)),
    "CertString": st.text(max_size=20), "Signature": json_values,
    "RelatedInvoice": json_values})
MISA_DATA = st.fixed_dictionaries({}, optional={
    "RefID": st.text(max_size=8), "InvSeries": st.sampled_from(("1C26TAA", "1K26TAA", "1C26MAA",
                                                                "", "9X")),
    "InvDate": st.sampled_from(("2026-11-20", "", "x")), "OriginalInvoiceDetail": json_values,
    "ReferenceType": st.one_of(st.integers(-1, 3), st.text(max_size=2)),
    "OrgInvDate": st.text(max_size=10), "CurrencyCode": st.sampled_from(("VND", "USD", ""))})
MISA_BODIES = st.one_of(json_values, st.lists(st.fixed_dictionaries(
    {"RefID": st.text(max_size=8), "OriginalInvoiceData": MISA_DATA},
    optional={"TransactionID": st.text(max_size=6), "InvoiceData": XML_DATA}), max_size=2))


@pytest.fixture(name="quiet_sandbox")
def quiet_sandbox_fixture(sandbox, caplog):
    with caplog.at_level(logging.ERROR, logger=sandbox_app._logger.name):
        yield sandbox, caplog


def _misa_token(url):
    response, _elapsed = _post(f"{url}/api/v3/auth/token", json.dumps({
        "AppID": APP_ID, "TaxCode": "0102671977", "UserName": SANDBOX_CREDENTIALS["username"],
        "Password": SANDBOX_CREDENTIALS["password"]}).encode(), "application/json")
    return response.json()["Data"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path=st.sampled_from(EASY_PATHS), body=st.one_of(
    EASY_BODIES.map(lambda v: json.dumps(v).encode()), json_values.map(
        lambda v: json.dumps(v).encode()), st.binary(max_size=100)),
       content_type=st.sampled_from(CONTENT_TYPES), signed=st.booleans())
def test_easyinvoice_endpoints_survive_anything(quiet_sandbox, path, body, content_type, signed):
    sandbox, log = quiet_sandbox
    before = len(log.records)
    headers = {"Authentication": authentication("POST", SANDBOX_CREDENTIALS["username"],
                                                SANDBOX_CREDENTIALS["password"], "0102671977")
               } if signed else {"Authentication": "a:b:c:d:e"}
    response, elapsed = _post(sandbox.url + path, body, content_type, extra_headers=headers)
    _assert_answered(response, elapsed, log, before)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path=st.sampled_from(MISA_PATHS), body=st.one_of(
    MISA_BODIES.map(lambda v: json.dumps(v).encode()), st.binary(max_size=100)),
       method=st.sampled_from(("POST", "GET")), authorised=st.booleans())
def test_misa_endpoints_survive_anything(quiet_sandbox, path, body, method, authorised):
    sandbox, log = quiet_sandbox
    before = len(log.records)
    headers = {"Authorization": f"Bearer {_misa_token(sandbox.url)}",
               "CompanyTaxCode": "0102671977"} if authorised else {}
    response, elapsed = _post(sandbox.url + path, body, "application/json", method=method,
                              extra_headers=headers)
    _assert_answered(response, elapsed, log, before)
