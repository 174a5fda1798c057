"""BKAV eHoadon client: one SOAP operation, ``ExecCommand(partnerGUID, CommandData)``.

Every request is a command ``{"CmdType": n, "CommandObject": …}`` encrypted with the
partner's key (``bkav_crypto``); the answer ``{"Status", "Object", "Code", "isOk",
"isError"}`` comes back encrypted the same way (plain JSON on some errors).  The WSDL is
the project's own (``wsdl/bkav_WSPublicEHoaDon.wsdl``), read by zeep.

Issue = create with the partner's form/serial and a BKAV number (112; 123 replacement,
124 adjustment) then sign with BKAV's HSM (205).  The partner's invoice id
(``PartnerInvoiceStringID``) is the submission key: a second create with the same key is
refused by BKAV, and the client then continues from what a lookup (850) finds, so a lost
answer never yields a second invoice.  BKAV takes the seller from the account, so the
invoice's seller block is not sent.
"""

from __future__ import annotations

import base64
import datetime
import email.utils
from decimal import Decimal
from pathlib import Path

import requests
import zeep
import zeep.exceptions
from lxml import etree
from zeep.transports import Transport

from ..standard.errors import StandardError
from ..standard.model import (
    ADJUSTMENT,
    GOODS,
    KIND_CODED,
    NOTE,
    PROMOTION,
    REPLACEMENT,
    TRADE_DISCOUNT,
    Invoice,
)
from ..standard.xml_parse import kind_of_symbol
from . import bkav_crypto
from .base import (
    STATE_ACCEPTED,
    STATE_CANCELLED,
    STATE_PENDING,
    STATE_REJECTED,
    STATE_UNKNOWN,
    AuthenticationError,
    ConnectionReport,
    IssueResult,
    NoticeResult,
    NotSupportedError,
    ProviderClient,
    RegisteredSymbol,
    RejectedError,
    TransientError,
)
from .exact_json import json_to_payload, payload_to_json

WSDL = Path(__file__).parent / "wsdl" / "bkav_WSPublicEHoaDon.wsdl"
BINDING = "{http://tempuri.org/}WSPublicEHoaDonSoap"

CMD_CREATE = 112  # partner's form and serial, number given by BKAV
CMD_REPLACE = 123
CMD_ADJUST = 124
CMD_SIGN_HSM = 205
CMD_PDF = 808
CMD_XML = 809
CMD_STATUS = 850  # BKAV status + tax-authority status and code, by PartnerInvoiceStringID

# InvoiceStatusID and TaxStatus values (reference notes §2.3).
STATUS_NEW, STATUS_ISSUED, STATUS_CANCELLED, STATUS_WAITING_SIGN = 1, 2, 3, 11
TAX_NONE, TAX_APPROVED = 0, 33
TAX_PENDING = (32, 34, 36)
TAX_REJECTED = (35, 37, 38, 39)
DUPLICATE_KEY = "DuplicatePartnerInvoiceStringID"

TAX_RATE_IDS = {"0%": 1, "5%": 2, "10%": 3, "KCT": 4, "KKKNT": 5, "8%": 9}
TAX_RATE_OTHER = 6  # KHAC:x% (rate in TaxRate)
PAY_METHODS = {"TM": 1, "CK": 2, "TM/CK": 3}
RECEIVE_BY_EMAIL, RECEIVE_BY_COURIER = 1, 4
# ItemTypeID carries the standard line nature (TChat) one to one.
ITEM_TYPES = (GOODS, PROMOTION, TRADE_DISCOUNT, NOTE)


def _json_or_text(text):
    """BKAV's ``Object`` holds JSON as text, or a plain message that may start with a
    bracket: a text that does not parse is the message itself."""
    try:
        return json_to_payload(text)
    except ValueError:
        return text


def _bkav_date(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00"


def tax_rate_fields(rate_code: str, field: str) -> dict:
    if rate_code in TAX_RATE_IDS:
        percent = rate_code.removesuffix("%") if rate_code.endswith("%") else "0"
        return {"TaxRateID": TAX_RATE_IDS[rate_code], "TaxRate": Decimal(percent)}
    if rate_code.startswith("KHAC:") and rate_code.endswith("%"):
        return {"TaxRateID": TAX_RATE_OTHER, "TaxRate": Decimal(rate_code[5:-1])}
    raise RejectedError(f"{field}: VAT rate {rate_code!r} has no BKAV TaxRateID",
                        f"{field}: thuế suất {rate_code!r} không có TaxRateID của BKAV",
                        code="bkav.tax_rate", operation="issue")


def invoice_command(key: str, invoice: Invoice) -> tuple[int, list]:
    """``(CmdType, CommandObject)`` creating ``invoice`` under partner id ``key``."""
    if invoice.totals.other_deduction:
        raise RejectedError(
            "TGTKhac: BKAV's documented command object has no place for a deduction from the "
            "total (the direct-method VAT reduction); issue this invoice through VNPT",
            "TGTKhac: đối tượng lệnh của BKAV (theo tài liệu công bố) không có chỗ cho khoản "
            "giảm trừ (giảm thuế GTGT theo phương pháp trực tiếp); hãy phát hành qua VNPT",
            code="bkav.other_deduction", operation="issue")
    buyer = invoice.buyer
    head = {
        "InvoiceTypeID": int(invoice.form), "InvoiceDate": _bkav_date(invoice.issue_date),
        "BuyerName": buyer.contact_name, "BuyerUnitName": buyer.name,
        "BuyerTaxCode": buyer.tax_code, "BuyerAddress": buyer.address,
        "BuyerBankAccount": buyer.bank_account,
        "PayMethodID": PAY_METHODS.get(invoice.payment_method, PAY_METHODS["TM/CK"]),
        "ReceiveTypeID": RECEIVE_BY_EMAIL if buyer.email else RECEIVE_BY_COURIER,
        "ReceiverEmail": buyer.email, "ReceiverMobile": buyer.phone,
        "ReceiverAddress": buyer.address, "ReceiverName": buyer.contact_name or buyer.name,
        "Note": "", "BillCode": "", "CurrencyID": invoice.currency,
        "ExchangeRate": invoice.exchange_rate if invoice.exchange_rate is not None
        else Decimal(1),
        "InvoiceForm": invoice.form, "InvoiceSerial": invoice.symbol, "InvoiceNo": 0,
        "CCCD": buyer.personal_id, "MaCuaCQT": invoice.tax_authority_code, "UserDefine": "",
    }
    command = CMD_CREATE
    related = invoice.related
    if related is not None:
        command = CMD_REPLACE if related.nature == REPLACEMENT else CMD_ADJUST
        head["OriginalInvoiceIdentify"] = f"[{related.form}]_[{related.symbol}]_[{related.number}]"
        head["Note"] = related.note
    details = []
    for index, line in enumerate(invoice.lines, start=1):
        if line.nature not in ITEM_TYPES:
            raise RejectedError(f"HHDVu[{index}]/TChat: nature {line.nature} has no BKAV type",
                                f"HHDVu[{index}]/TChat: tính chất {line.nature} không có "
                                f"loại tương ứng của BKAV", code="bkav.item_type",
                                operation="issue")
        amount = line.amount if line.amount is not None else Decimal(0)
        detail = {"ItemTypeID": line.nature, "ItemName": line.name, "UnitName": line.unit,
                  "Qty": line.quantity, "Price": line.unit_price, "Amount": amount,
                  "TaxRateID": 0, "TaxRate": Decimal(0), "TaxAmount": Decimal(0),
                  "IsDiscount": line.nature == TRADE_DISCOUNT,
                  "IsIncrease": None if related is None or related.nature != ADJUSTMENT
                  else amount >= 0, "UserDefineDetails": ""}
        if line.vat_rate:
            detail.update(tax_rate_fields(line.vat_rate, f"HHDVu[{index}]/TSuat"))
        details.append(detail)
    return command, [{"Invoice": head, "ListInvoiceDetailsWS": details,
                      "ListInvoiceAttachFileWS": [], "PartnerInvoiceID": 0,
                      "PartnerInvoiceStringID": key}]


class BkavClient(ProviderClient):
    """A BKAV sending point.

    ``base_url`` is the service (``https://ws.ehoadon.vn/WSPublicEHoaDon.asmx``); the
    ``PartnerGUID`` is ``username`` (or option ``partner_guid``) and the ``PartnerToken``
    ``password`` (or option ``partner_token``).  BKAV has no command listing symbols: they
    come from option ``symbols``, a list of ``(form, symbol)``.
    """

    name = "bkav"
    lists_symbols = False  # no listing call: the configured symbols
    title = title_vi = "BKAV"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(base_url, **kwargs)
        self.partner_guid = self.options.get("partner_guid") or self.username
        self._token = self.options.get("partner_token") or self.password
        self.session = requests.Session()
        self.session.hooks["response"].append(self._remember_date)
        self._server_date = ""
        self._service = None

    def _remember_date(self, response, *args, **kwargs):
        self._server_date = response.headers.get("Date", "")

    def _soap(self):
        if self._service is None:
            transport = Transport(session=self.session, timeout=self.timeout,
                                  operation_timeout=self.timeout)
            client = zeep.Client(str(WSDL), transport=transport)
            self._service = client.create_service(BINDING, self.base_url)
        return self._service

    # --- transport ------------------------------------------------------------------

    def _exec(self, command: int, command_object, operation: str):
        """Send one command; return its decoded ``Object`` or raise a typed error."""
        try:
            key, iv = bkav_crypto.parse_partner_token(self._token)
        except StandardError as exc:
            raise AuthenticationError(exc.message, exc.message_vi, code=exc.rule,
                                      operation=operation) from exc
        data = bkav_crypto.encrypt(payload_to_json(
            {"CmdType": command, "CommandObject": command_object}), key, iv)
        try:
            answer = self._soap().ExecCommand(partnerGUID=self.partner_guid, CommandData=data)
        except requests.Timeout as exc:
            raise _transient(operation, "timeout", f"no answer within {self.timeout:g} s",
                             f"không phản hồi trong {self.timeout:g} giây") from exc
        except requests.RequestException as exc:
            raise _transient(operation, "connection", type(exc).__name__,
                             type(exc).__name__) from exc
        except zeep.exceptions.Fault as exc:
            raise _transient(operation, "soap_fault", str(exc.message),
                             str(exc.message)) from exc
        except zeep.exceptions.TransportError as exc:
            if exc.status_code == 200:  # zeep's word for a body that is not SOAP
                raise _transient(operation, "malformed", "not a SOAP answer",
                                 "không phải phản hồi SOAP") from exc
            raise _transient(operation, f"http{exc.status_code}", f"HTTP {exc.status_code}",
                             f"HTTP {exc.status_code}") from exc
        except (zeep.exceptions.Error, etree.XMLSyntaxError, ValueError) as exc:
            raise _transient(operation, "malformed", type(exc).__name__,
                             type(exc).__name__) from exc
        return self._decode(str(answer or ""), key, iv, operation)

    @staticmethod
    def _decode(answer: str, key: bytes, iv: bytes, operation: str):
        try:
            if answer.lstrip().startswith("{"):
                envelope = json_to_payload(answer)
            else:
                envelope = json_to_payload(bkav_crypto.decrypt(answer, key, iv,
                                                               "ExecCommandResult"))
        except (StandardError, ValueError) as exc:
            raise _transient(operation, "malformed", "unreadable answer",
                             "dữ liệu trả về không đọc được") from exc
        if not isinstance(envelope, dict):
            raise _transient(operation, "malformed", "not a JSON object",
                             "không phải đối tượng JSON")
        result = envelope.get("Object")
        if isinstance(result, str) and result[:1] in "[{":
            result = _json_or_text(result)
        if envelope.get("Status") not in (0, "0") or envelope.get("isError"):
            text = result if isinstance(result, str) else str(envelope.get("Code") or "")
            code = str(envelope.get("Code") or "bkav.error")
            cls = AuthenticationError if "partner" in code.lower() else RejectedError
            raise cls(f"BKAV refused the command: {text}", f"BKAV từ chối lệnh: {text}",
                      code=code, operation=operation)
        return result

    # --- invoices -------------------------------------------------------------------

    def issue(self, key: str, invoice: Invoice, signed_xml: bytes | None = None, *,
              related_key: str = "") -> IssueResult:
        """Create (112/123/124) then sign with BKAV's HSM (205); ``signed_xml`` is unused and
        originals are named by form, symbol and number (``related_key`` is unused)."""
        self.refuse_delivery_note(invoice)
        command, command_object = invoice_command(key, invoice)
        created = self._exec(command, command_object, "create")
        item = (created or [{}])[0] if isinstance(created, list) else {}
        if str(item.get("Status", 0)) != "0":
            if item.get("Code") != DUPLICATE_KEY:
                raise _rejected("create", item)
            known, guid = self._status(key)
            if known.state != STATE_PENDING:
                return self._raise_if_rejected(known)
        else:
            guid = str(item.get("InvoiceGUID") or "")
        self._exec(CMD_SIGN_HSM, guid, "sign")
        return self._raise_if_rejected(self.lookup(key))

    @staticmethod
    def _raise_if_rejected(result: IssueResult) -> IssueResult:
        if result.state == STATE_REJECTED:
            english, _, vietnamese = result.message.partition("\n")
            raise RejectedError(f"The tax authority rejected the invoice: {english}",
                                f"Cơ quan thuế từ chối hóa đơn: {vietnamese or english}",
                                code="bkav.tax_rejected", operation="issue")
        return result

    def _status(self, key: str) -> tuple[IssueResult, str]:
        found = self._exec(CMD_STATUS, key, "status")
        if not isinstance(found, dict) or not found.get("InvoiceGUID"):
            return IssueResult(key=key, state=STATE_UNKNOWN), ""
        symbol = str(found.get("InvoiceSerial") or "")
        number = int(found.get("InvoiceNo") or 0) or None
        issue_date = None
        if found.get("InvoiceDate"):
            issue_date = datetime.date.fromisoformat(str(found["InvoiceDate"])[:10])
        message = "\n".join(filter(None, (str(found.get("MessLogEn") or ""),
                                          str(found.get("MessLog") or ""))))
        return IssueResult(
            key=key, state=_state_of(found, symbol), form=str(found.get("InvoiceForm") or ""),
            symbol=symbol, number=number, tax_authority_code=str(found.get("MaCQT") or ""),
            lookup_code=str(found.get("MTC") or ""), issue_date=issue_date, message=message,
            raw=payload_to_json(found).decode("utf-8")), str(found["InvoiceGUID"])

    def lookup(self, key: str) -> IssueResult:
        return self._status(key)[0]

    def _file(self, key: str, command: int, operation: str) -> bytes:
        known, guid = self._status(key)
        if known.state == STATE_UNKNOWN:
            raise RejectedError(f"BKAV does not know invoice {key}",
                                f"BKAV không tìm thấy hóa đơn {key}", code="bkav.not_found",
                                operation=operation)
        content = self._exec(command, guid, operation)
        try:
            return base64.b64decode(str(content or ""), validate=True)
        except ValueError as exc:
            raise _transient(operation, "malformed", "file is not base64",
                             "tệp không phải base64") from exc

    def download_pdf(self, key: str) -> bytes:
        return self._file(key, CMD_PDF, "pdf")

    def download_xml(self, key: str) -> bytes:
        return self._file(key, CMD_XML, "xml")

    def send_notice(self, key: str, notice_xml: bytes) -> NoticeResult:
        raise NotSupportedError(
            "BKAV's commands only show 04/SS-HĐĐT notices; send the notice from the BKAV "
            "portal.", "Lệnh của BKAV chỉ xem được thông báo 04/SS-HĐĐT; hãy gửi trên cổng "
            "BKAV.", operation="send_notice")

    def list_symbols(self) -> list[RegisteredSymbol]:
        return self._configured_symbols()

    def check_connection(self) -> ConnectionReport:
        """A status query decrypts only with the right GUID/token pair: it tests both."""
        checks = self._probe_checks(lambda: self._status("connection-check"))
        symbols = self.list_symbols()
        checks.append(("symbols", bool(symbols), ", ".join(f"{s.form}{s.symbol}"
                                                           for s in symbols) or "none"))
        skew = None
        if self._server_date:
            server = email.utils.parsedate_to_datetime(self._server_date)
            skew = (server - datetime.datetime.now(datetime.UTC)).total_seconds()
            checks.append(("clock", abs(skew) <= 120, f"{skew:+.0f} s"))
        return ConnectionReport(ok=all(passed for _, passed, _ in checks), checks=tuple(checks),
                                clock_skew_seconds=skew)


def _state_of(found: dict, symbol: str) -> str:
    status = int(found.get("InvoiceStatusID") or 0)
    tax = int(found.get("TaxStatus") or 0)
    if status == STATUS_CANCELLED:
        return STATE_CANCELLED
    if tax in TAX_REJECTED:
        return STATE_REJECTED
    if tax == TAX_APPROVED:
        return STATE_ACCEPTED
    if status in (STATUS_NEW, STATUS_WAITING_SIGN) or tax in TAX_PENDING:
        return STATE_PENDING
    return STATE_PENDING if kind_of_symbol(symbol) == KIND_CODED else STATE_ACCEPTED


def _transient(operation: str, code: str, detail: str, detail_vi: str) -> TransientError:
    return TransientError(f"BKAV is unavailable ({detail}); the request will be retried",
                          f"BKAV tạm thời không phản hồi ({detail_vi}); yêu cầu sẽ được gửi lại",
                          code=code, operation=operation)


def _rejected(operation: str, item: dict) -> RejectedError:
    text = str(item.get("MessLog") or item.get("Code") or "")
    return RejectedError(f"BKAV refused the invoice: {item.get('MessLogEn') or text}",
                         f"BKAV từ chối hóa đơn: {text}", code=str(item.get("Code") or
                                                                   "bkav.invoice"),
                         operation=operation)
