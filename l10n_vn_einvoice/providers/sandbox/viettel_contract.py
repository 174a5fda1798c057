"""The sandbox speaking Viettel S-Invoice's REST contract.

Same paths and answer shapes as Viettel (``/auth/login``,
``/services/einvoiceapplication/api/InvoiceAPI/…``, ``{errorCode, description, result}``):
the JSON is turned back into the standard invoice by ``viettel_payload``, built into XML by
the standard core and submitted to the sandbox, which numbers it and signs it as the
seller (Viettel signs with its HSM) and then as the tax authority.

Tokens live ``token_lifetime`` seconds (tests shorten it); an unknown or expired token is
HTTP 401, as are wrong credentials when the sandbox enforces an account.  Rejections carry
the Vietnamese reason in ``description`` and, as a sandbox extension, the English one in
``descriptionEn``.  The index from Viettel's ``invoiceNo`` to the submission key lives in
memory: after a restart, corrections and cancellations need the originals re-submitted.
"""

from __future__ import annotations

import base64
import io
import secrets
import threading
import time
import zipfile
from dataclasses import replace

from werkzeug.wrappers import Request, Response

from ...standard.errors import StandardError
from ...standard.model import KIND_CASH_REGISTER, KIND_CODED
from ...standard.xml_build import invoice_to_bytes
from ...standard.xml_parse import kind_of_symbol
from ..base import STATE_ACCEPTED, STATE_CANCELLED, STATE_PENDING, STATE_REJECTED
from ..exact_json import json_to_payload, payload_to_json
from ..viettel_errors import DUPLICATE_TRANSACTION, INVOICE_NOT_FOUND, TAX_AUTHORITY_REJECTED
from ..viettel_payload import (
    date_to_ms,
    invoice_no,
    payload_to_invoice,
)
from .app import Contract
from .core import SandboxRejection

NAME = "viettel"
AUTH_PATH = "/auth/login"
API_PREFIX = "/services/einvoiceapplication/api/InvoiceAPI/"
DEFAULT_TOKEN_LIFETIME = 300  # seconds; Viettel's tokens last about five minutes
VIETTEL_TAX_CODE = "0100109106"  # Viettel, the e-invoice service provider (MSTTCGP)

_EXCHANGE = {STATE_ACCEPTED: "INVOICE_HAS_CODE_APPROVED", STATE_PENDING: "WAITING_APPROVAL",
             STATE_REJECTED: "INVOICE_HAS_CODE_DIS_APPROVED",
             STATE_CANCELLED: "INVOICE_HAS_CODE_APPROVED"}


def _param(request: Request, name: str, default: str = "") -> str:
    """A form parameter of a ``application/x-www-form-urlencoded`` operation.  Viettel's
    API (Spring ``@RequestParam``) reads it from the body or from the query string alike;
    Odoo's own connector (l10n_vn_edi_viettel) sends it in the query string with an empty
    body."""
    return request.form.get(name) or request.args.get(name, default)


def _json(body, status: int = 200) -> Response:
    return Response(payload_to_json(body), status=status, content_type="application/json")


def _answer(result=None, code=None, description=None, description_en=None) -> Response:
    body = {"errorCode": code, "description": description, "result": result}
    if description_en:
        body["descriptionEn"] = description_en
    return _json(body)


class ViettelContract(Contract):
    name = NAME
    prefixes = (AUTH_PATH, "/services/einvoiceapplication/")

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self.token_lifetime = DEFAULT_TOKEN_LIFETIME
        self.logins = 0
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {}
        self._keys_by_number: dict[str, str] = {}
        self._paid: set[str] = set()

    # --- Contract interface -------------------------------------------------------------

    def operation_of(self, request: Request) -> str:
        if request.path.rstrip("/").lower() == AUTH_PATH:
            return "login"
        parts = [part for part in request.path.split("/") if part]
        if "createInvoice" in parts:
            return "createInvoice"
        return parts[-1] if parts else ""

    def handle(self, request: Request, operation: str) -> Response:
        if operation == "login":
            return self._login(request)
        if not self._token_ok(request):
            return _json({"code": 401, "message": "Unauthorized"}, 401)
        handler = {
            "createInvoice": self._create,
            "searchInvoiceByTransactionUuid": self._search,
            "getInvoiceRepresentationFile": self._file,
            "cancelTransactionInvoice": self._cancel,
            "updatePaymentStatus": self._payment,
            "cancelPaymentStatus": self._payment,
            "getAllInvoiceTemplates": self._templates,
        }.get(operation)
        if handler is None:
            return _json({"code": 404, "message": f"unknown endpoint {operation}"}, 404)
        try:
            return handler(request, operation)
        except (ValueError, KeyError, TypeError) as exc:
            return _answer(code="BAD_REQUEST", description=f"yêu cầu không hợp lệ: {exc}",
                           description_en=f"malformed request: {exc}")

    def error_response(self, operation: str, code: str) -> Response:
        return _answer(code=code or "INTERNAL_ERROR", description=f"lỗi giả lập {code}",
                       description_en=f"sandbox error {code}")

    def fault_response(self, operation: str) -> Response:
        return _json({"status": 500, "error": "Internal Server Error",
                      "message": f"sandbox fault in {operation}"}, 500)

    def internal_error(self, request: Request, operation: str) -> Response:
        """Viettel's gateway answer to a server error: HTTP 500 with a JSON body."""
        return _json({"status": 500, "error": "Internal Server Error",
                      "message": f"unexpected error in {operation}"}, 500)

    # --- authentication -----------------------------------------------------------------

    def forget_tokens(self) -> None:
        """Invalidate every token, as a Viettel restart or key rotation does."""
        with self._lock:
            self._tokens.clear()

    def _login(self, request: Request) -> Response:
        try:
            data = json_to_payload(request.get_data() or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return _json({"error": "invalid_request",
                          "error_description": "the body must be a JSON object"}, 400)
        if not self.sandbox.credentials_ok(str(data.get("username", "")),
                                           str(data.get("password", ""))):
            return _json({"error": "invalid_grant", "error_description": "Bad credentials"}, 401)
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.logins += 1
            self._tokens[token] = time.monotonic() + self.token_lifetime
        return _json({"access_token": token, "token_type": "bearer",
                      "refresh_token": secrets.token_urlsafe(24),
                      "expires_in": self.token_lifetime, "scope": "openid",
                      "iat": int(time.time()), "invoice_cluster": "sandbox", "type": 1,
                      "jti": secrets.token_hex(8)})

    def _token_ok(self, request: Request) -> bool:
        token = request.cookies.get("access_token", "")
        header = request.headers.get("Authorization", "")
        if not token and header.lower().startswith("bearer "):
            token = header[7:].strip()
        with self._lock:
            expiry = self._tokens.get(token)
            return expiry is not None and time.monotonic() < expiry

    # --- invoices -----------------------------------------------------------------------

    def _create(self, request: Request, operation: str) -> Response:
        payload = json_to_payload(request.get_data())
        key = str((payload.get("generalInvoiceInfo") or {}).get("transactionUuid") or "")
        if not 10 <= len(key) <= 36:
            return _answer(code="INVALID_TRANSACTION_UUID",
                           description="transactionUuid phải dài từ 10 đến 36 ký tự",
                           description_en="transactionUuid must have 10 to 36 characters")
        known = self.sandbox.find(NAME, key)
        if known is not None:
            return self._duplicate()
        try:
            invoice = payload_to_invoice(payload)
        except StandardError as exc:
            return _answer(code="INVALID_INVOICE_DATA", description=exc.message_vi,
                           description_en=exc.message)
        general = payload["generalInvoiceInfo"]
        if (invoice.form, invoice.symbol, kind_of_symbol(invoice.symbol)) not in set(
                self.sandbox.symbols()) or str(general.get("templateCode")) != (
                f"{invoice.form}/001"):
            return _answer(code="TEMPLATE_NOT_FOUND",
                           description=f"không có mẫu {general.get('templateCode')} "
                                       f"ký hiệu {invoice.symbol}",
                           description_en=f"no template {general.get('templateCode')} "
                                          f"with symbol {invoice.symbol}")
        related_key = ""
        if invoice.related is not None:
            original = invoice_no(invoice.related.symbol, int(invoice.related.number or 0))
            related_key = self._keys_by_number.get(original, "")
            if not related_key:
                return _answer(code="ORIGINAL_INVOICE_NOT_FOUND",
                               description=f"không tìm thấy hóa đơn gốc {original}",
                               description_en=f"original invoice {original} not found")
        invoice = replace(invoice, provider_tax_code=VIETTEL_TAX_CODE)
        if invoice.kind == KIND_CASH_REGISTER:
            invoice = replace(invoice, tax_authority_code=self.sandbox.next_cash_register_code(
                invoice.form, invoice.issue_date))
        try:
            submission = self.sandbox.submit(NAME, key, invoice_to_bytes(invoice),
                                             kind=invoice.kind, sign_as_seller=True,
                                             assign_number=True, related_key=related_key)
        except StandardError as exc:
            return _answer(code="INVALID_INVOICE_DATA", description=exc.message_vi,
                           description_en=exc.message)
        except SandboxRejection as exc:
            return _answer(code=exc.code.upper(), description=exc.message_vi,
                           description_en=exc.message)
        if submission.duplicated:
            return self._duplicate()
        if submission.state == STATE_REJECTED:
            return _answer(code=TAX_AUTHORITY_REJECTED, description=submission.reason_vi,
                           description_en=submission.reason)
        number = invoice_no(submission.symbol, submission.number)
        self._keys_by_number[number] = key
        return _answer({"supplierTaxCode": invoice.seller.tax_code, "invoiceNo": number,
                        "transactionID": key, "reservationCode": submission.lookup_code,
                        "codeOfTax": submission.tax_authority_code or None})

    @staticmethod
    def _duplicate() -> Response:
        return _answer(code=DUPLICATE_TRANSACTION,
                       description="giao dịch đang được xử lý hoặc đã tồn tại",
                       description_en="the transaction is being processed or already exists")

    def _search(self, request: Request, operation: str) -> Response:
        key = _param(request, "transactionUuid", "")
        submission = self.sandbox.find(NAME, key)
        if submission is None:
            return _answer(code=INVOICE_NOT_FOUND,
                           description=f"không tìm thấy giao dịch {key}",
                           description_en=f"no transaction {key}")
        coded = submission.kind == KIND_CODED
        number = (invoice_no(submission.symbol, submission.number)
                  if submission.number is not None else "")
        return _answer([{
            "invoiceNo": number, "templateCode": f"{submission.form}/001",
            "reservationCode": submission.lookup_code,
            "issueDate": date_to_ms(submission.issue_date),
            "status": "CANCELLED" if submission.state == STATE_CANCELLED else "ISSUED",
            "exchangeStatus": _EXCHANGE[submission.state] if coded or (
                submission.state == STATE_REJECTED) else "INVOICE_NO_CODE",
            "exchangeDes": submission.reason_vi, "codeOfTax": submission.tax_authority_code,
            "paymentStatus": 1 if key in self._paid else 0}])

    def _by_number(self, invoice_number: str):
        key = self._keys_by_number.get(invoice_number, "")
        return self.sandbox.find(NAME, key) if key else None

    def _file(self, request: Request, operation: str) -> Response:
        data = json_to_payload(request.get_data())
        submission = self._by_number(str(data.get("invoiceNo", "")))
        if submission is None:
            return _answer(code=INVOICE_NOT_FOUND, description="không tìm thấy hóa đơn",
                           description_en="invoice not found")
        name = invoice_no(submission.symbol, submission.number)
        if str(data.get("fileType", "")).upper() == "ZIP":
            content, file_name = _nested_zip(name, submission.xml), f"{name}.zip"
        else:
            content, file_name = self.sandbox.pdf(submission), f"{name}.pdf"
        return _json({"errorCode": None, "description": None, "fileName": file_name,
                      "fileToBytes": base64.b64encode(content).decode("ascii")})

    def _cancel(self, request: Request, operation: str) -> Response:
        submission = self._by_number(_param(request, "invoiceNo", ""))
        if submission is None:
            return _answer(code=INVOICE_NOT_FOUND, description="không tìm thấy hóa đơn",
                           description_en="invoice not found")
        try:
            self.sandbox.cancel(NAME, submission.key, _param(request, "reasonDelete", ""))
        except SandboxRejection as exc:
            code = ("INVOICE_ALREADY_CANCELLED" if exc.code == "already_cancelled"
                    else exc.code.upper())
            return _answer(code=code, description=exc.message_vi, description_en=exc.message)
        return _answer(True)

    def _payment(self, request: Request, operation: str) -> Response:
        submission = self._by_number(_param(request, "invoiceNo", ""))
        if submission is None:
            return _answer(code=INVOICE_NOT_FOUND, description="không tìm thấy hóa đơn",
                           description_en="invoice not found")
        with self._lock:
            if operation == "updatePaymentStatus":
                self._paid.add(submission.key)
            else:
                self._paid.discard(submission.key)
        return _answer(True)

    def _templates(self, request: Request, operation: str) -> Response:
        return _json({"errorCode": None, "description": None, "template": [
            {"templateCode": f"{form}/001", "invoiceSeries": symbol, "invoiceType": form}
            for form, symbol, _kind in self.sandbox.symbols()]})

    def is_paid(self, key: str) -> bool:
        return key in self._paid


def _nested_zip(name: str, xml: bytes) -> bytes:
    """Viettel's ``ZIP`` file: a ZIP holding a ZIP that holds the invoice XML."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.xml", xml)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.zip", inner.getvalue())
    return outer.getvalue()
