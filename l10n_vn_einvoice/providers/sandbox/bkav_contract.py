"""The sandbox speaking BKAV eHoadon's SOAP contract (``ExecCommand`` only).

The command is decrypted with the sending point's key (``bkav_crypto``), turned into the
standard invoice, and the answer is encrypted back.  Like BKAV, creating (112, 123, 124)
only records a draft under the partner's id; signing with the HSM (205) is what submits
it to the sandbox tax authority.  BKAV computes the totals from the lines and takes the
seller from the account: here ``seller`` (one sandbox company) plays that account.
Drafts and the number → key index live in memory.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import threading
import uuid
from decimal import Decimal

from lxml import etree
from werkzeug.wrappers import Request, Response

from ...standard import money
from ...standard.errors import StandardError
from ...standard.model import (
    ADJUSTMENT,
    KIND_CASH_REGISTER,
    KIND_CODED,
    REPLACEMENT,
    Buyer,
    Invoice,
    Line,
    RelatedInvoice,
    Seller,
)
from ...standard.safe_xml import parse_xml
from ...standard.xml_build import invoice_to_bytes
from ...standard.xml_parse import kind_of_symbol
from .. import bkav_crypto
from ..base import STATE_ACCEPTED, STATE_CANCELLED, STATE_PENDING, STATE_REJECTED
from ..bkav import (
    CMD_ADJUST,
    CMD_CREATE,
    CMD_PDF,
    CMD_REPLACE,
    CMD_SIGN_HSM,
    CMD_STATUS,
    CMD_XML,
    DUPLICATE_KEY,
    PAY_METHODS,
    STATUS_CANCELLED,
    STATUS_ISSUED,
    STATUS_WAITING_SIGN,
    TAX_APPROVED,
    TAX_NONE,
    TAX_RATE_IDS,
    TAX_RATE_OTHER,
)
from ..exact_json import payload_to_json
from .app import Contract
from .core import SandboxRejection

NAME = "bkav"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://tempuri.org/"
PARTNER_GUID = "5b0c6c38-5a4e-4b7e-9d0e-000000000bkv"
PARTNER_TOKEN = bkav_crypto.make_partner_token(
    hashlib.sha256(b"l10n_vn_einvoice bkav sandbox key").digest(),
    hashlib.sha256(b"l10n_vn_einvoice bkav sandbox iv").digest()[:16])
# A valid tax code standing in for BKAV's as the service provider (MSTTCGP).
PROVIDER_TAX_CODE = "0106323762"
TAX_PENDING_CODE, TAX_REJECTED_CODE = 32, 38
_RATES = {value: code for code, value in TAX_RATE_IDS.items()}
_PAY_TEXT = {value: text for text, value in PAY_METHODS.items()}


def _envelope(result: str, status: int = 200) -> Response:
    envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"soap": SOAP_NS})
    body = etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
    answer = etree.SubElement(body, f"{{{TNS}}}ExecCommandResponse", nsmap={None: TNS})
    etree.SubElement(answer, f"{{{TNS}}}ExecCommandResult").text = result
    return Response(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                    status=status, content_type="text/xml; charset=utf-8")


def _plain(text: str, code: str) -> Response:
    return _envelope(payload_to_json({"Status": 1, "Object": text, "Code": code, "isOk": False,
                                      "isError": True}).decode("utf-8"))


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def invoice_from_command(command: int, item: dict, seller: Seller,
                         related_key_of) -> tuple[Invoice, str]:
    """The standard invoice of one ``InvoiceDataWS`` and the key of the invoice it corrects.

    ``related_key_of(form, symbol, number)`` finds the submission key of an original.
    """
    head = item["Invoice"]
    lines = []
    for detail in item.get("ListInvoiceDetailsWS") or ():
        rate_id = int(detail.get("TaxRateID") or 0)
        rate = ""
        if rate_id == TAX_RATE_OTHER:
            rate = f"KHAC:{Decimal(str(detail['TaxRate'])).normalize():f}%"
        elif rate_id:
            rate = _RATES[rate_id]
        lines.append(Line(name=str(detail.get("ItemName", "")),
                          nature=int(detail.get("ItemTypeID") or 1), seq=len(lines) + 1,
                          unit=str(detail.get("UnitName") or ""), quantity=_dec(detail.get("Qty")),
                          unit_price=_dec(detail.get("Price")), amount=_dec(detail.get("Amount")),
                          vat_rate=rate))
    currency = str(head.get("CurrencyID") or "VND")
    related, related_key = None, ""
    identity = str(head.get("OriginalInvoiceIdentify") or "")
    if identity:
        form, symbol, number = (part.strip("[]") for part in identity.split("_"))
        related_key = related_key_of(form, symbol, number)
        related = RelatedInvoice(
            nature=ADJUSTMENT if command == CMD_ADJUST else REPLACEMENT, form=form,
            symbol=symbol, number=number,
            date=datetime.date.fromisoformat(str(head["InvoiceDate"])[:10]),
            note=str(head.get("Note") or ""))
    symbol = str(head["InvoiceSerial"])
    rate = _dec(head.get("ExchangeRate"))
    invoice = Invoice(
        form=str(head["InvoiceForm"]), symbol=symbol, number=None,
        issue_date=datetime.date.fromisoformat(str(head["InvoiceDate"])[:10]), seller=seller,
        buyer=Buyer(name=str(head.get("BuyerUnitName") or ""),
                    contact_name=str(head.get("BuyerName") or ""),
                    tax_code=str(head.get("BuyerTaxCode") or ""),
                    address=str(head.get("BuyerAddress") or ""),
                    bank_account=str(head.get("BuyerBankAccount") or ""),
                    email=str(head.get("ReceiverEmail") or ""),
                    phone=str(head.get("ReceiverMobile") or ""),
                    personal_id=str(head.get("CCCD") or "")),
        lines=tuple(lines), totals=money.compute_totals(lines, currency), currency=currency,
        exchange_rate=None if currency == "VND" else rate,
        payment_method=_PAY_TEXT.get(int(head.get("PayMethodID") or 3), "TM/CK"),
        related=related, kind=kind_of_symbol(symbol), provider_tax_code=PROVIDER_TAX_CODE,
        tax_authority_code=str(head.get("MaCuaCQT") or ""))
    return invoice, related_key


class BkavContract(Contract):
    name = NAME
    prefixes = ("/WSPublicEHoaDon.asmx",)

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self.partners = {PARTNER_GUID: PARTNER_TOKEN}
        self.seller = Seller(name="Công ty TNHH Bán Hàng", tax_code="0102671977",
                             address="1 Lê Lợi, Quận 1, TP. Hồ Chí Minh")
        self._lock = threading.Lock()
        self._drafts: dict[str, tuple[str, Invoice, str]] = {}  # guid -> key, invoice, related
        self._guids: dict[str, str] = {}  # key -> guid
        self._keys_by_number: dict[str, str] = {}

    # --- Contract interface -------------------------------------------------------------

    def _read(self, request: Request):
        """``(partnerGUID, CommandData)`` from the SOAP body, or None when unreadable."""
        try:
            root = parse_xml(request.get_data())
        except StandardError:
            return None
        guid = root.findtext(f".//{{{TNS}}}partnerGUID") or ""
        return guid, root.findtext(f".//{{{TNS}}}CommandData") or ""

    def _command(self, request: Request):
        read = self._read(request)
        if read is None or read[0] not in self.partners:
            return None
        key, iv = bkav_crypto.parse_partner_token(self.partners[read[0]])
        try:
            return bkav_crypto.decode_command(read[1], key, iv), (key, iv)
        except bkav_crypto.BkavCryptoError:
            return None

    def operation_of(self, request: Request) -> str:
        decoded = self._command(request)
        if decoded is None or not isinstance(decoded[0], dict):
            return "ExecCommand"
        return f"ExecCommand:{decoded[0].get('CmdType')}"

    def handle(self, request: Request, operation: str) -> Response:
        read = self._read(request)
        if read is None:
            return self.fault_response(operation)
        if read[0] not in self.partners:
            return _plain("PartnerGUID không hợp lệ", "InvalidPartnerGUID")
        decoded = self._command(request)
        if decoded is None:
            return _plain("Padding is invalid and cannot be removed.", "InvalidPartnerToken")
        command, (key, iv) = decoded
        if not isinstance(command, dict):
            return _plain("Dữ liệu lệnh không phải đối tượng JSON", "InvalidCommand")
        try:
            status, result, code = self._run(int(command.get("CmdType") or 0),
                                             command.get("CommandObject"))
        except (AttributeError, KeyError, ValueError, TypeError, StandardError) as exc:
            # A CommandObject of the wrong JSON type (a number for a list, a string for an
            # object) is a malformed command, answered as BKAV answers one.
            status, result, code = 1, f"Dữ liệu lệnh không hợp lệ: {exc}", "InvalidCommand"
        envelope = {"Status": status, "Object": result, "Code": code,
                    "isOk": status == 0, "isError": status != 0}
        return _envelope(bkav_crypto.encrypt(payload_to_json(envelope), key, iv))

    def error_response(self, operation: str, code: str) -> Response:
        return _plain(f"lỗi giả lập {code}", code or "SandboxError")

    def internal_error(self, request: Request, operation: str) -> Response:
        """What an ASMX service answers to an unhandled exception: a soap:Server fault."""
        return self._server_fault(f"Server was unable to process request ({operation}).")

    def fault_response(self, operation: str) -> Response:
        return self._server_fault(f"sandbox fault in {operation}")

    @staticmethod
    def _server_fault(text: str) -> Response:
        envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"soap": SOAP_NS})
        fault = etree.SubElement(etree.SubElement(envelope, f"{{{SOAP_NS}}}Body"),
                                 f"{{{SOAP_NS}}}Fault")
        etree.SubElement(fault, "faultcode").text = "soap:Server"
        etree.SubElement(fault, "faultstring").text = text
        return Response(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                        status=500, content_type="text/xml; charset=utf-8")

    # --- commands -----------------------------------------------------------------------

    def _run(self, command: int, command_object):
        if command in (CMD_CREATE, CMD_REPLACE, CMD_ADJUST):
            created = [self._create(command, item) for item in command_object]
            return 0, payload_to_json(created).decode("utf-8"), ""
        if command == CMD_SIGN_HSM:
            return self._sign(str(command_object))
        if command == CMD_STATUS:
            return 0, self._status(str(command_object)), ""
        if command in (CMD_PDF, CMD_XML):
            submission = self._submitted(str(command_object))
            if submission is None:
                return 1, "Không tìm thấy hóa đơn", "InvoiceNotFound"
            content = self.sandbox.pdf(submission) if command == CMD_PDF else submission.xml
            return 0, base64.b64encode(content).decode("ascii"), ""
        return 1, f"CmdType {command} không được hỗ trợ", "UnknownCmdType"

    def _related_key(self, form: str, symbol: str, number: str) -> str:
        return self._keys_by_number.get(f"{form}{symbol}{number}", "")

    def _create(self, command: int, item: dict) -> dict:
        key = str(item.get("PartnerInvoiceStringID") or "")
        with self._lock:
            if key in self._guids or self.sandbox.find(NAME, key) is not None:
                return {"PartnerInvoiceStringID": key, "Status": 1, "Code": DUPLICATE_KEY,
                        "InvoiceGUID": self._guids.get(key, ""),
                        "MessLog": f"PartnerInvoiceStringID {key} đã tồn tại"}
            invoice, related_key = invoice_from_command(command, item, self.seller,
                                                         self._related_key)
            if invoice.related is not None and not related_key:
                return {"PartnerInvoiceStringID": key, "Status": 1, "Code": "OriginalNotFound",
                        "MessLog": "Không tìm thấy hóa đơn gốc",
                        "MessLogEn": "the original invoice is unknown"}
            guid = str(uuid.uuid4())
            self._guids[key] = guid
            self._drafts[guid] = (key, invoice, related_key)
        return {"PartnerInvoiceStringID": key, "Status": 0, "InvoiceGUID": guid,
                "InvoiceForm": invoice.form, "InvoiceSerial": invoice.symbol, "InvoiceNo": 0,
                "MessLog": ""}

    def _sign(self, guid: str):
        with self._lock:
            draft = self._drafts.get(guid)
        if draft is None:
            return 1, f"InvoiceGUID {guid} không tồn tại", "InvoiceNotFound"
        key, invoice, related_key = draft
        if invoice.kind == KIND_CASH_REGISTER and not invoice.tax_authority_code:
            return 1, "Hóa đơn máy tính tiền cần MaCuaCQT", "MissingCashRegisterCode"
        try:
            submission = self.sandbox.submit(NAME, key, invoice_to_bytes(invoice),
                                             kind=invoice.kind, sign_as_seller=True,
                                             assign_number=True, related_key=related_key)
        except (StandardError, SandboxRejection) as exc:
            return 1, exc.message_vi, "InvalidInvoice"
        if submission.number is not None:
            with self._lock:
                self._keys_by_number[
                    f"{submission.form}{submission.symbol}{submission.number}"] = key
        return 0, {"InvoiceGUID": guid, "InvoiceNo": submission.number or 0}, ""

    def _submitted(self, guid: str):
        with self._lock:
            draft = self._drafts.get(guid)
        return self.sandbox.find(NAME, draft[0]) if draft else None

    def _status(self, key: str):
        with self._lock:
            guid = self._guids.get(key)
            draft = self._drafts.get(guid) if guid else None
        if draft is None:
            return None
        submission = self.sandbox.find(NAME, key)
        invoice = draft[1]
        found = {"InvoiceGUID": guid, "PartnerInvoiceStringID": key,
                 "InvoiceForm": invoice.form, "InvoiceSerial": invoice.symbol, "InvoiceNo": 0,
                 "InvoiceDate": f"{invoice.issue_date.isoformat()}T00:00:00",
                 "InvoiceStatusID": STATUS_WAITING_SIGN, "TaxStatus": TAX_NONE, "MaCQT": "",
                 "MTC": "", "MessLog": ""}
        if submission is None:
            return found
        tax = {STATE_ACCEPTED: TAX_APPROVED if submission.kind == KIND_CODED else TAX_NONE,
               STATE_PENDING: TAX_PENDING_CODE, STATE_REJECTED: TAX_REJECTED_CODE,
               STATE_CANCELLED: TAX_APPROVED}[submission.state]
        found.update(InvoiceNo=submission.number or 0, TaxStatus=tax,
                     InvoiceStatusID=STATUS_CANCELLED if submission.state == STATE_CANCELLED
                     else STATUS_ISSUED, MaCQT=submission.tax_authority_code,
                     MTC=submission.lookup_code, MessLog=submission.reason_vi,
                     MessLogEn=submission.reason)
        return found
