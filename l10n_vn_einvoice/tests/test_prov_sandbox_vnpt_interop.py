"""The sandbox speaks VNPT as VNPT's guides describe it, to a client built from VNPT's
real WSDL (``tests/data/reference/wsdl/vnpt_PublishService.wsdl``, not the project's copy).

The payloads (``data/vnpt_payload/``) have the guide's shape: no ``PBan``/``NLap``/form or
symbol in ``TTChung`` (VNPT fills them), empty optional elements, VNPT's own ``TThue`` /
``TSThue`` in lines; a cash-register import with ``<NLap/>`` empty.
"""

import base64
import dataclasses
import datetime
import logging
import re
import uuid
from pathlib import Path

import pytest
import requests
import zeep
from lxml import etree

from ..providers import vnpt
from ..providers.base import TransientError
from ..providers.bkav import BkavClient
from ..providers.sandbox import app as sandbox_app
from ..providers.sandbox import bkav_contract, vnpt_contract
from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD, Sandbox
from ..providers.viettel import ViettelClient
from ..standard import inbound, validate, xmldsig
from ..standard.signature_layout import VN_TZ
from . import std_fixtures as fx
from .reference_files import reference_dir
from .sandbox_server import sandbox_fixture, sandbox_server_fixture  # noqa: F401

PAYLOADS = Path(__file__).parent / "data" / "vnpt_payload"
# The sandbox checks its account on every operation: requests carry its default one.
AUTH = {"Account": DEFAULT_ACCOUNT, "ACpass": DEFAULT_PASSWORD, "username": DEFAULT_ACCOUNT,
        "password": DEFAULT_PASSWORD}


def _today():
    return datetime.datetime.now(VN_TZ).date()


def _serial(letter="T"):
    """This year's symbol: the payload has no NLap, so VNPT dates it today (in Vietnam)."""
    return f"C{_today().year % 100:02d}{letter}AA"


@pytest.fixture(name="publish")
def publish_fixture(sandbox):
    """PublishService built by zeep from VNPT's published WSDL, pointed at the sandbox."""
    wsdl = reference_dir() / "wsdl" / "vnpt_PublishService.wsdl"
    client = zeep.Client(str(wsdl), transport=vnpt.LocalOnlyTransport(timeout=10))
    return client.create_service("{http://tempuri.org/}PublishServiceSoap",
                                 f"{sandbox.url}/PublishService.asmx")


def _payload(name: str, **keys) -> tuple[str, dict]:
    text = (PAYLOADS / name).read_text(encoding="utf-8")
    fresh = {placeholder: f"{placeholder.lower()}-{uuid.uuid4().hex[:12]}" for placeholder in keys}
    for placeholder, key in fresh.items():
        text = text.replace(f"<key>{placeholder}</key>", f"<key>{key}</key>")
    root = etree.fromstring(text.encode("utf-8"))
    for placeholder, change in keys.items():
        if change is not None:
            change(root.xpath(f"HDon[key='{fresh[placeholder]}']")[0])
    return etree.tostring(root, encoding="unicode"), fresh


def _codes(publish, *keys) -> dict:
    answer = publish.GetMCCQThueByFkeys(**AUTH, pattern="1/001", fkeys=",".join(keys))
    root = etree.fromstring(base64.b64decode(answer))
    return {item.findtext("Fkey"): item for item in root.iter("HDon")}


def test_documented_payload_gets_ok_then_the_tax_authority_code(publish):
    xml, keys = _payload("dshdon_guide_shape.xml", FKEY1=None, FKEY2=None)
    serial = _serial()
    answer = publish.ImportAndPublishInv(**AUTH, xmlInvData=xml, pattern="1/001",
                                         serial=serial, convert=0)
    match = re.fullmatch(rf"OK:1/001;{serial}-(.+)", answer)
    assert match, answer
    issued = dict(item.rsplit("_", 1) for item in match.group(1).split(","))
    assert set(issued) == set(keys.values()) and all(int(n) > 0 for n in issued.values())
    codes = _codes(publish, *keys.values())
    for key in keys.values():
        assert codes[key].findtext("TThai") == "2", codes[key].findtext("MTLoi")
        assert re.fullmatch(r"00[0-9A-F]{32}", codes[key].findtext("MCCQThue"))
    coded = base64.b64decode(publish.GetInvDataByFkey(
        fkey=keys["FKEY1"], userName=DEFAULT_ACCOUNT, userPass=DEFAULT_PASSWORD,
        account=DEFAULT_ACCOUNT, accPass=DEFAULT_PASSWORD,
        pattern="1/001"))
    _assert_issued_like_the_real_ones(coded, serial)


def _assert_issued_like_the_real_ones(coded: bytes, serial: str) -> None:
    """What VNPT filled, the tax authority's shape, and the emitted XML strictly valid."""
    assert validate.validate_document(coded) == []
    result = inbound.read_inbound(coded)
    assert result.findings == ()
    invoice = result.invoice
    assert (invoice.version, invoice.symbol, invoice.issue_date) == ("2.1.0", serial, _today())
    assert invoice.provider_tax_code == vnpt_contract.PROVIDER_TAX_CODE
    root = etree.fromstring(coded)
    assert root.find("DLHDon").get("Id") == "DuLieuKy"
    assert re.fullmatch(r"Id-[0-9a-f]{32}", root.find("MCCQT").get("Id"))
    checks = xmldsig.verify_signatures(coded)
    assert [(c.role, c.ok) for c in checks] == [("seller", True), ("tax_authority", True)]
    assert checks[0].tax_code == invoice.seller.tax_code
    assert checks[1].references[2] == "#" + root.find("MCCQT").get("Id")
    assert [s.properties_namespace for s in result.signatures] == ["none", "none"]


def test_payload_with_version_and_issue_date_written_is_kept(publish):
    """PBan and NLap given by the seller stay as written."""
    def dated(item):
        general = item.find("DLHDon/TTChung")
        etree.SubElement(general, "PBan").text = "2.1.0"
        etree.SubElement(general, "NLap").text = _today().replace(day=1).isoformat()
    xml, keys = _payload("dshdon_guide_shape.xml", FKEY1=dated, FKEY2=None)
    answer = publish.ImportAndPublishInv(**AUTH, xmlInvData=xml, pattern="1/001",
                                         serial=_serial(), convert=0)
    assert answer.startswith("OK:"), answer
    coded = base64.b64decode(publish.GetInvDataByFkey(
        fkey=keys["FKEY1"], userName=DEFAULT_ACCOUNT, userPass=DEFAULT_PASSWORD,
        account=DEFAULT_ACCOUNT, accPass=DEFAULT_PASSWORD,
        pattern="1/001"))
    assert inbound.read_inbound(coded).invoice.issue_date == _today().replace(day=1)


def test_mixed_batch_answers_per_invoice(publish):
    first, keys = _payload("dshdon_guide_shape.xml", FKEY1=None, FKEY2=None)
    assert publish.ImportAndPublishInv(**AUTH, xmlInvData=first, pattern="1/001",
                                       serial=_serial(), convert=0).startswith("OK:")
    # One invoice already issued (ERR:13), one for another symbol (ERR:20), one new.
    again, _ = _payload("dshdon_guide_shape.xml", FKEY1=None, FKEY2=None)
    root = etree.fromstring(again.encode("utf-8"))
    duplicate, other_symbol = root.findall("HDon")
    duplicate.find("key").text = keys["FKEY1"]
    etree.SubElement(other_symbol.find("DLHDon/TTChung"), "KHHDon").text = _serial("M")
    fresh = etree.fromstring(first.encode("utf-8")).findall("HDon")[1]
    fresh_key = f"fresh-{uuid.uuid4().hex[:12]}"
    fresh.find("key").text = fresh_key
    root.append(fresh)
    batch = etree.tostring(root, encoding="unicode")
    answer = publish.ImportAndPublishInv(**AUTH, xmlInvData=batch, pattern="1/001",
                                         serial=_serial(), convert=0)
    parts = answer.split("||")
    assert parts[0] == f"ERR:13#{keys['FKEY1']}"
    assert parts[1] == f"ERR:20#{other_symbol.findtext('key')}"
    assert re.fullmatch(rf"OK:1/001;{_serial()}-{fresh_key}_\d+", parts[2]), answer
    assert _codes(publish, fresh_key)[fresh_key].findtext("TThai") == "2"


def test_cash_register_import_with_empty_issue_date(sandbox, publish):
    """ImportAndPublishInvMTT is in no published WSDL: called over raw SOAP, as the
    client code VNPT's customers use does, with the payload in CDATA."""
    xml, keys = _payload("dshdon_cash_register_empty_nlap.xml", FKEY1=None)
    serial = _serial("M")
    url = publish._binding_options["address"]
    envelope = (
        '<?xml version="1.0" encoding="utf-8"?><soap12:Envelope '
        'xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>'
        '<ImportAndPublishInvMTT xmlns="http://tempuri.org/"><Account>sandbox</Account>'
        f'<ACpass>sandbox</ACpass><xmlInvData><![CDATA[{xml}]]></xmlInvData>'
        f'<username>sandbox</username><password>sandbox</password><pattern>1/001</pattern>'
        f'<serial>{serial}</serial>'
        '<convert>0</convert></ImportAndPublishInvMTT></soap12:Body></soap12:Envelope>')
    response = requests.post(url, data=envelope.encode("utf-8"), timeout=10,
                             headers={"Content-Type": "application/soap+xml; charset=utf-8"})
    result = etree.fromstring(response.content).findtext(".//{http://tempuri.org/}"
                                                          "ImportAndPublishInvMTTResult")
    key = keys["FKEY1"]
    match = re.fullmatch(rf"OK:1/001;{serial}-{key}_\d+_(M1-\d\d-[A-Z0-9]{{5}}-\d{{11}})", result)
    assert match, result
    assert match.group(1)[3:5] == f"{_today().year % 100:02d}"
    stored = sandbox.sandbox.find("vnpt", key)
    assert (stored.issue_date, stored.state) == (_today(), "pending")


def test_no_serial_anywhere_is_err_35(publish):
    xml, _ = _payload("dshdon_cash_register_empty_nlap.xml", FKEY1=None)
    assert publish.ImportAndPublishInv(**AUTH, xmlInvData=xml, pattern="1/001", serial="",
                                       convert=0) == "ERR:35"


def test_invalid_content_is_refused_by_the_tax_authority_not_the_provider(publish):
    """A wrong VAT is accepted by VNPT (OK:) and rejected by the tax authority (TThai 3),
    with the inbound reader's message."""
    def wrong_vat(item):
        item.find("DLHDon/NDHDon/TToan/THTTLTSuat/LTSuat/TThue").text = "1000"
    xml, keys = _payload("dshdon_cash_register_empty_nlap.xml", FKEY1=wrong_vat)
    answer = publish.ImportAndPublishInv(**AUTH, xmlInvData=xml, pattern="1/001",
                                         serial=_serial(), convert=0)
    assert answer.startswith("OK:"), answer
    item = _codes(publish, keys["FKEY1"])[keys["FKEY1"]]
    assert item.findtext("TThai") == "3" and "LTSuat/TThue" in item.findtext("MTLoi")


def test_send_cash_register_batch_over_one_megabyte(sandbox, publish, monkeypatch):
    monkeypatch.setattr(vnpt_contract, "MAX_MTT_MESSAGE", 100)
    xml, keys = _payload("dshdon_cash_register_empty_nlap.xml", FKEY1=None)
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<ImportAndPublishInvMTT xmlns="http://tempuri.org/"><Account>sandbox</Account>'
        f'<ACpass>sandbox</ACpass><xmlInvData><![CDATA[{xml}]]></xmlInvData>'
        f'<username>sandbox</username><password>sandbox</password><pattern>1/001</pattern>'
        f'<serial>{_serial("M")}</serial><convert>0</convert>'
        '</ImportAndPublishInvMTT></soap:Body></soap:Envelope>')
    headers = {"Content-Type": "text/xml; charset=utf-8"}
    assert b"OK:" in requests.post(f"{sandbox.url}/PublishService.asmx", data=envelope.encode(),
                                   headers=headers, timeout=10).content
    send = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<SendInvMTTFkey xmlns="http://tempuri.org/"><Account>sandbox</Account>'
        f'<ACpass>sandbox</ACpass><lstFkey>{keys["FKEY1"]}</lstFkey>'
        f'<username>sandbox</username><password>sandbox</password>'
        f'<pattern>1/001</pattern><serial>{_serial("M")}</serial><serialCert/>'
        '</SendInvMTTFkey></soap:Body></soap:Envelope>')
    answer = requests.post(f"{sandbox.url}/BusinessService.asmx", data=send.encode(),
                           headers=headers, timeout=10)
    assert b"<SendInvMTTFkeyResult>ERR:12</SendInvMTTFkeyResult>" in answer.content


@pytest.fixture(name="sandbox_log")
def sandbox_log_fixture(caplog):
    """The sandbox's own log at ERROR (Odoo's test logging keeps it at CRITICAL)."""
    with caplog.at_level(logging.ERROR, logger=sandbox_app._logger.name):
        yield caplog


def test_an_unexpected_error_is_each_contracts_own_answer(sandbox, monkeypatch, sandbox_log):
    """Whatever breaks inside a contract: VNPT answers ERR:5, Viettel a JSON 500, BKAV a
    SOAP fault — never an HTML page — and the traceback is in the sandbox log."""
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(Sandbox, "submit", broken)
    xml, _ = _payload("dshdon_guide_shape.xml", FKEY1=None, FKEY2=None)
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<ImportAndPublishInv xmlns="http://tempuri.org/"><Account>sandbox</Account>'
        f'<ACpass>sandbox</ACpass><xmlInvData><![CDATA[{xml}]]></xmlInvData>'
        f'<username>sandbox</username><password>sandbox</password><pattern>1/001</pattern>'
        f'<serial>{_serial()}</serial><convert>0</convert>'
        '</ImportAndPublishInv></soap:Body></soap:Envelope>')
    response = requests.post(f"{sandbox.url}/PublishService.asmx", data=body.encode(),
                             headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=10)
    assert response.status_code == 200
    assert b"<ImportAndPublishInvResult>ERR:5</ImportAndPublishInvResult>" in response.content
    invoice = dataclasses.replace(fx.vat_invoice(), issue_date=_today(), symbol=_serial(),
                                  number=None)
    viettel = ViettelClient(sandbox.url, username=DEFAULT_ACCOUNT, password=DEFAULT_PASSWORD,
                            timeout=5.0,
                            seller_tax_code=fx.SELLER.tax_code)
    with pytest.raises(TransientError) as caught:
        viettel.issue(uuid.uuid4().hex, invoice)
    assert "500" in caught.value.code
    bkav = BkavClient(f"{sandbox.url}/WSPublicEHoaDon.asmx",
                      username=bkav_contract.PARTNER_GUID,
                      password=bkav_contract.PARTNER_TOKEN, timeout=5.0,
                      symbols=[("1", _serial())])
    with pytest.raises(TransientError) as caught:
        bkav.issue(uuid.uuid4().hex, invoice)
    assert "Server was unable to process request" in caught.value.message
    logged = {re.search(r"in the (\w+) contract", r.getMessage()).group(1): r
              for r in sandbox_log.records if "unexpected error in the" in r.getMessage()}
    assert set(logged) == {"vnpt", "viettel", "bkav"}
    assert all(r.exc_info and "disk full" in str(r.exc_info[1]) for r in logged.values())
