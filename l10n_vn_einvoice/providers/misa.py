"""MISA meInvoice REST client (Open API v3).

Token: ``POST /api/v3/auth/token {AppID, TaxCode, UserName, Password}`` answers
``{Success, Data: <token>}``; every other call sends ``Authorization: Bearer <token>`` and
``CompanyTaxCode``.  The token is renewed shortly before the expiry it announces (the
JWT's ``exp``; MISA's tokens are said to last 15 days) and once more when MISA answers
``UnAuthorize`` to a token the client still believed valid.  Invoices with a tax-authority
code go under ``/api/v3/code/itg/…``, the others under ``/api/v3/itg/…``.

Answers are ``{Success, ErrorCode, Errors, Data}`` where ``Data`` is often JSON *as a
string*, a list with one object per invoice, each with its own ``ErrorCode``: success is
``Success`` true and no ``ErrorCode`` at either level.

Issue with MISA's signature: ``invoicepublishing/publishhsm`` (one call).  "We sign"
(option ``signer``): ``createinvoice`` returns MISA's unsigned XML and its
``TransactionID``, the signing seam signs it (XML-DSig), ``invoicepublishing`` publishes.
The ``RefID`` is the submission key: status is looked up by it before any re-send, and an
answer that MISA already holds it is followed by that lookup, never a second invoice.

Cash-register invoices: a MISA path for them appears in third-party notes only (not its
body), so the client refuses them.  Paths and fields marked inferred in NOTES_h6.md are
the sandbox's reading, to be checked against MISA's test host.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import time

import requests

from ..standard import xmldsig
from ..standard.errors import StandardError
from ..standard.model import KIND_CASH_REGISTER, KIND_CODED, Invoice
from ..standard.xml_parse import kind_of_symbol
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
    ProviderError,
    RegisteredSymbol,
    RejectedError,
    TransientError,
)
from .exact_json import json_to_payload, payload_to_json
from .misa_payload import invoice_to_payload

TOKEN_PATH = "/api/v3/auth/token"
DEFAULT_TOKEN_LIFETIME = 15 * 24 * 3600.0
TOKEN_MARGIN = 60.0  # seconds before the expiry at which the token is renewed
AUTH_CODES = ("UnAuthorize", "InvalidAppID", "InvalidLogin", "InvalidTaxCode")
TRANSIENT_CODES = ("InvoiceNumberNotContinuous",)
DUPLICATE_REFID = "DuplicateInvoiceRefID"  # the sandbox's name; MISA's is not published
# SendTaxStatus / EInvoiceStatus as the sandbox answers them (inferred, see NOTES_h6.md).
TAX_ACCEPTED, TAX_REJECTED = 2, 3
EINVOICE_CANCELLED = 5


def _token_expiry(token: str, now: float) -> float:
    """When ``token`` expires (monotonic seconds), from its JWT ``exp`` if readable."""
    parts = token.split(".")
    if len(parts) != 3:
        return now + DEFAULT_TOKEN_LIFETIME
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        return now + float(claims["exp"]) - time.time()
    except (ValueError, KeyError, TypeError, binascii.Error):
        return now + DEFAULT_TOKEN_LIFETIME  # not a JWT MISA documents: its stated lifetime


def _items(data, operation: str) -> list:
    """``Data`` as a list of per-invoice objects (it may be a JSON string)."""
    if isinstance(data, str):
        try:
            data = json_to_payload(data) if data else []
        except ValueError as exc:
            raise _transient(operation, "malformed", "Data is not JSON",
                             "Data không phải JSON") from exc
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise _transient(operation, "malformed", "Data is not a list of objects",
                         "Data không phải danh sách đối tượng")
    return data


class MisaClient(ProviderClient):
    """A MISA meInvoice account: ``base_url`` the host (``https://api.meinvoice.vn``),
    ``username``/``password`` the user, ``account`` (or option ``app_id``) the AppID MISA
    gives the integrating software, ``seller_tax_code`` the company's tax code."""

    name = "misa"
    title = title_vi = "MISA meInvoice"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(base_url, **kwargs)
        self.app_id = self.options.get("app_id") or self.account
        self.signer = self.options.get("signer")
        self.session = requests.Session()
        self._token = ""
        self._token_expiry = 0.0
        self.logins = 0
        self._server_date = ""

    # --- transport ------------------------------------------------------------------

    def _send(self, operation: str, method: str, path: str, body=None,
              headers=None) -> requests.Response:
        try:
            response = self.session.request(
                method, self.base_url + path, timeout=self.timeout, headers={
                    "Content-Type": "application/json", **(headers or {})},
                data=payload_to_json(body) if body is not None else None)
        except requests.Timeout as exc:
            raise _transient(operation, "timeout", f"no answer within {self.timeout:g} s",
                             f"không phản hồi trong {self.timeout:g} giây") from exc
        except requests.RequestException as exc:
            raise _transient(operation, "connection", type(exc).__name__,
                             type(exc).__name__) from exc
        self._server_date = response.headers.get("Date", "")
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise _transient(operation, f"http{response.status_code}",
                             f"HTTP {response.status_code}", f"HTTP {response.status_code}")
        return response

    @staticmethod
    def _envelope(operation: str, response: requests.Response) -> dict:
        try:
            answer = json_to_payload(response.content)
        except ValueError as exc:
            raise _transient(operation, "malformed", "not JSON", "không phải JSON") from exc
        if not isinstance(answer, dict) or "Success" not in answer:
            raise _transient(operation, "malformed", "not a meInvoice answer",
                             "không phải phản hồi của meInvoice")
        return answer

    def _login(self) -> str:
        response = self._send("token", "POST", TOKEN_PATH, {
            "AppID": self.app_id, "TaxCode": self.seller_tax_code,
            "UserName": self.username, "Password": self.password})
        answer = self._envelope("token", response)
        if not answer.get("Success") or not answer.get("Data"):
            raise _error("token", str(answer.get("ErrorCode") or "InvalidLogin"),
                         _errors_text(answer), auth=True)
        self.logins += 1
        self._token = str(answer["Data"])
        self._token_expiry = _token_expiry(self._token, time.monotonic()) - TOKEN_MARGIN
        return self._token

    def _access_token(self) -> str:
        if not self._token or time.monotonic() >= self._token_expiry:
            return self._login()
        return self._token

    def _call(self, operation: str, method: str, path: str, body=None) -> list:
        """Per-invoice objects of a successful call; one re-login on ``UnAuthorize``."""
        for attempt in (1, 2):
            response = self._send(operation, method, path, body, headers={
                "Authorization": f"Bearer {self._access_token()}",
                "CompanyTaxCode": self.seller_tax_code})
            answer = self._envelope(operation, response)
            code = str(answer.get("ErrorCode") or "")
            unauthorised = response.status_code == 401 or code == "UnAuthorize"
            if unauthorised and attempt == 1:
                self._token = ""
                continue
            if not answer.get("Success") or code:
                raise _error(operation, code or f"http{response.status_code}",
                             _errors_text(answer), auth=unauthorised)
            return _items(answer.get("Data"), operation)
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _prefix(self, symbol: str) -> str:
        return "/api/v3/code/itg" if kind_of_symbol(symbol) == KIND_CODED else "/api/v3/itg"

    # --- invoices -------------------------------------------------------------------

    def issue(self, key: str, invoice: Invoice, signed_xml: bytes | None = None, *,
              related_key: str = "") -> IssueResult:
        """``publishhsm``, or ``createinvoice`` → sign → publish when the seller signs;
        originals are named by form, symbol and number (``related_key`` is unused)."""
        self.refuse_delivery_note(invoice)
        if invoice.kind == KIND_CASH_REGISTER:
            raise NotSupportedError(
                "No published MISA meInvoice request for cash-register invoices was found; "
                "issue them through VNPT or Viettel.",
                "Không tìm thấy yêu cầu hóa đơn máy tính tiền đã công bố của MISA meInvoice; "
                "hãy phát hành qua VNPT hoặc Viettel.", code="misa.mtt", operation="issue")
        data = invoice_to_payload(key, invoice)
        prefix = self._prefix(invoice.symbol)
        item = {"RefID": key, "OriginalInvoiceData": data, "IsSendEmail": False}
        try:
            if self.signer is None:
                found = self._call("publishhsm", "POST",
                                   f"{prefix}/invoicepublishing/publishhsm", [item])
            else:
                found = self._issue_signed(prefix, item)
            self._check_items(found, "issue")
        except RejectedError as exc:
            if exc.code != DUPLICATE_REFID:
                raise
        return self.lookup(key, invoice.symbol)

    def _issue_signed(self, prefix: str, item: dict) -> list:
        created = self._call("createinvoice", "POST",
                             f"{prefix}/invoicepublishing/createinvoice", [item])
        self._check_items(created, "createinvoice")
        if not created or not created[0].get("InvoiceData"):
            raise _transient("createinvoice", "malformed", "no InvoiceData",
                             "không có InvoiceData")
        draft = created[0]
        try:
            signed = xmldsig.sign_invoice(str(draft["InvoiceData"]).encode("utf-8"), self.signer)
        except StandardError as exc:
            raise RejectedError(f"The invoice could not be signed: {exc.message}",
                                f"Không ký được hóa đơn: {exc.message_vi}", code=exc.rule,
                                operation="sign") from exc
        return self._call("publish", "POST", f"{prefix}/invoicepublishing", [{
            "RefID": draft.get("RefID"), "TransactionID": draft.get("TransactionID"),
            "InvoiceData": signed.decode("utf-8")}])

    @staticmethod
    def _check_items(items: list, operation: str) -> None:
        for item in items:
            code = str(item.get("ErrorCode") or "")
            if code:
                raise _error(operation, code, str(item.get("ErrorData") or ""))

    def lookup(self, key: str, symbol: str = "") -> IssueResult:
        """Status by ``RefID`` (under both prefixes when the symbol is not known)."""
        prefixes = [self._prefix(symbol)] if symbol else ["/api/v3/code/itg", "/api/v3/itg"]
        for prefix in prefixes:
            items = self._call("status", "POST",
                               f"{prefix}/invoicepublished/invoice-status/refid", [key])
            for item in items:
                if str(item.get("RefID")) == key:
                    return self._result(key, item)
        return IssueResult(key=key, state=STATE_UNKNOWN)

    @staticmethod
    def _result(key: str, item: dict) -> IssueResult:
        series = str(item.get("InvSeries") or "")
        number = str(item.get("InvNo") or "").strip()
        state = STATE_PENDING
        tax = int(item.get("SendTaxStatus") or 0)
        if int(item.get("EInvoiceStatus") or 0) == EINVOICE_CANCELLED:
            state = STATE_CANCELLED
        elif tax == TAX_REJECTED:
            state = STATE_REJECTED
        elif tax == TAX_ACCEPTED or kind_of_symbol(series[1:]) != KIND_CODED:
            state = STATE_ACCEPTED
        issue_date = None
        if item.get("InvDate"):
            issue_date = datetime.date.fromisoformat(str(item["InvDate"])[:10])
        return IssueResult(
            key=key, state=state, form=series[:1], symbol=series[1:],
            number=int(number) if number.isdigit() else None,
            tax_authority_code=str(item.get("InvoiceCode") or ""),
            lookup_code=str(item.get("TransactionID") or ""), issue_date=issue_date,
            message=str(item.get("ErrorMessage") or ""),
            raw=payload_to_json(item).decode("utf-8"))

    def _known(self, key: str, operation: str) -> IssueResult:
        known = self.lookup(key)
        if known.state == STATE_UNKNOWN or not known.lookup_code:
            raise RejectedError(f"MISA meInvoice does not know invoice {key}",
                                f"MISA meInvoice không tìm thấy hóa đơn {key}",
                                code="misa.not_found", operation=operation)
        return known

    def _file(self, key: str, data_type: str) -> bytes:
        known = self._known(key, data_type.lower())
        items = self._call(data_type.lower(), "POST",
                           f"{self._prefix(known.symbol)}/invoicepublished/downloadinvoice"
                           f"?downloadDataType={data_type}", [known.lookup_code])
        for item in items:
            if str(item.get("TransactionID")) == known.lookup_code:
                try:
                    return base64.b64decode(str(item.get("Data") or ""), validate=True)
                except (ValueError, binascii.Error) as exc:
                    raise _transient(data_type.lower(), "malformed", "file is not base64",
                                     "tệp không phải base64") from exc
        raise _transient(data_type.lower(), "malformed", "no file in the answer",
                         "phản hồi không có tệp")

    def download_pdf(self, key: str) -> bytes:
        data = self._file(key, "PDF")
        if not data.startswith(b"%PDF"):
            raise _transient("pdf", "malformed", "not a PDF", "không phải tệp PDF")
        return data

    def download_xml(self, key: str) -> bytes:
        return self._file(key, "XML")

    def cancel(self, key: str, reason: str) -> IssueResult:
        """``invoicepublished/cancel`` (legacy: hủy is abolished for new errors since
        Decree 70/2025; the caller decides whether it is lawful for this invoice)."""
        known = self._known(key, "cancel")
        self._call("cancel", "POST", f"{self._prefix(known.symbol)}/invoicepublished/cancel", {
            "TransactionID": known.lookup_code, "InvNo": str(known.number or ""),
            "RefDate": (known.issue_date or datetime.date.today()).isoformat(),
            "CancelReason": reason})
        return self.lookup(key, known.symbol)

    def send_notice(self, key: str, notice_xml: bytes) -> NoticeResult:
        raise NotSupportedError(
            "No MISA meInvoice request taking a 04/SS-HĐĐT notice was found; send the notice "
            "from the meInvoice portal.",
            "Không tìm thấy yêu cầu gửi thông báo 04/SS-HĐĐT của MISA meInvoice; hãy gửi trên "
            "cổng meInvoice.", operation="send_notice")

    def list_symbols(self) -> list[RegisteredSymbol]:
        year = datetime.date.today().year
        symbols = []
        for prefix in ("/api/v3/code/itg", "/api/v3/itg"):
            for item in self._call("templates", "GET",
                                   f"{prefix}/InvoicePublishing/templates?invyear={year}"):
                series = str(item.get("InvSeries") or "")
                if len(series) == 7:
                    found = RegisteredSymbol(form=series[0], symbol=series[1:],
                                             kind=kind_of_symbol(series[1:]),
                                             template=str(item.get("TemplateName")
                                                          or item.get("IPTemplateID") or ""))
                    if found not in symbols:
                        symbols.append(found)
        return symbols

    def check_connection(self) -> ConnectionReport:
        checks: list[tuple[str, bool, str]] = []
        try:
            self._login()
            checks += [("endpoint", True, self.base_url), ("credentials", True, "token issued")]
            symbols = self.list_symbols()
            checks.append(("symbols", bool(symbols), ", ".join(
                f"{s.form}{s.symbol}" for s in symbols) or "no symbol registered"))
        except AuthenticationError as exc:
            checks += [("endpoint", True, self.base_url), ("credentials", False, exc.message)]
        except ProviderError as exc:
            checks.append(("endpoint", False, exc.message))
        return ConnectionReport(ok=all(passed for _, passed, _ in checks), checks=tuple(checks))


def _errors_text(answer: dict) -> str:
    errors = answer.get("Errors") or []
    return "; ".join(str(error) for error in errors) if isinstance(errors, list) else str(errors)


def _error(operation: str, code: str, detail: str, *, auth: bool = False) -> ProviderError:
    text = f"{code}{': ' + detail if detail else ''}"
    if auth or code in AUTH_CODES:
        return AuthenticationError(
            f"MISA meInvoice refused the AppID, tax code, user name or password ({text})",
            f"MISA meInvoice từ chối AppID, mã số thuế, tên đăng nhập hoặc mật khẩu ({text})",
            code=code, operation=operation)
    if code in TRANSIENT_CODES:
        return _transient(operation, code, text, text)
    return RejectedError(f"MISA meInvoice refused the request ({text})",
                         f"MISA meInvoice từ chối yêu cầu ({text})", code=code,
                         operation=operation)


def _transient(operation: str, code: str, detail: str, detail_vi: str) -> TransientError:
    return TransientError(
        f"MISA meInvoice is unavailable ({detail}); the request will be looked up and retried",
        f"MISA meInvoice tạm thời không phản hồi ({detail_vi}); yêu cầu sẽ được tra cứu và "
        f"gửi lại", code=code, operation=operation)
