"""The sandbox speaking EasyInvoice's REST contract (``/api/publish/…``, ``/api/business/…``).

Every request must carry a valid ``Authentication`` header (signature, a timestamp within
five minutes, the sandbox's account; the ``:taxCode`` tail names the seller, whose
invoices the account issues).  The ``XmlData`` is read back into the standard invoice
(``easyinvoice_xml``), built into the tax authority's XML and submitted to the sandbox,
which signs it as the seller (EasyInvoice's server signature) and as the tax authority; in
the digest flow the seller's own signature is laid out by the sandbox and completed with
the value the client sends.  Answers are ``{Status, Message, ErrorCode, Data}`` as
published; what the published document leaves open (the error codes, the answer to
wrong credentials) is the sandbox's choice and named so in ``NOTES_h6.md``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
import time

from cryptography import x509
from werkzeug.wrappers import Request, Response

from ...standard.errors import StandardError
from ...standard.model import KIND_CASH_REGISTER, KIND_CODED, REPLACEMENT, Seller
from ...standard.xml_build import invoice_to_bytes
from ...standard.xml_parse import kind_of_symbol
from ..base import STATE_ACCEPTED, STATE_CANCELLED, STATE_REJECTED
from ..easyinvoice import DUPLICATE_IKEY, INV_CANCELLED, PDF_OPTION, TCT_INVALID, XML_OPTION
from ..easyinvoice_xml import EasyInvoiceDataError, invoice_from_xml
from ..exact_json import json_to_payload, payload_to_json
from .app import Contract
from .core import SandboxRejection

NAME = "easyinvoice"
# A valid tax code standing in for Softdreams as the service provider (MSTTCGP).
PROVIDER_TAX_CODE = "0105987432"
DEFAULT_SELLER_TAX_CODE = "0102671977"
MAX_CLOCK_SKEW = 300  # seconds between the header's timestamp and the sandbox clock
_ADDRESS = "1 Lê Lợi, Quận 1, TP. Hồ Chí Minh"
_ISSUED, _REPLACED, _ADJUSTED = 1, 3, 4


def _answer(data=None, status: int = 2, message: str = "Ok", code: str = "0",
            http: int = 200) -> Response:
    body = {"Status": status, "Message": message, "ErrorCode": code}
    if data is not None:
        body["Data"] = data
    return Response(payload_to_json(body), status=http, content_type="application/json")


def _refused(message: str, code: str, key: str = "", detail: str = "") -> Response:
    data = {"KeyInvoiceMsg": {key: detail or message}} if key else None
    return _answer(data, status=4, message=message, code=code, http=400)


class EasyInvoiceContract(Contract):
    name = NAME
    prefixes = ("/api/publish/", "/api/business/")

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self._lock = threading.Lock()
        self._kinds: dict[str, str] = {}  # Ikey -> kind of an invoice awaiting its signature

    # --- Contract interface -------------------------------------------------------------

    def operation_of(self, request: Request) -> str:
        return request.path.rstrip("/").rsplit("/", 1)[-1]

    def handle(self, request: Request, operation: str) -> Response:
        seller_tax_code = self._authenticated(request.headers.get("Authentication", ""))
        if seller_tax_code is None:
            return _answer(status=4, message="Xác thực không thành công (Authentication)",
                           code="AuthenticationFailed", http=401)
        try:
            body = json_to_payload(request.get_data() or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _refused("Dữ liệu yêu cầu không phải JSON", "InvalidRequest")
        seller = Seller(name=f"Người bán thử nghiệm {seller_tax_code}",
                        tax_code=seller_tax_code, address=_ADDRESS)
        try:
            if operation.startswith("externalGetDigestFor"):
                return self._digest(body, seller, operation.removeprefix("externalGetDigestFor"))
            if operation.startswith("externalWrapAndLaunch"):
                return self._launch(body)
            handler = {"importAndIssueInvoice": self._issue, "adjustInvoice": self._issue,
                       "replaceInvoice": self._issue, "getInvoicesByIkeys": self._lookup,
                       "getInvoicePdf": self._file, "cancelInvoice": self._cancel}.get(operation)
            if handler is None:
                return Response(payload_to_json({"Message": "No HTTP resource was found"}),
                                status=404, content_type="application/json")
            return handler(body, seller, operation)
        except (EasyInvoiceDataError, StandardError, KeyError, TypeError, ValueError,
                AttributeError) as exc:
            return _refused(f"Dữ liệu không hợp lệ: {getattr(exc, 'message', exc)}",
                            "InvalidData", str(body.get("Ikey") or ""))

    def error_response(self, operation: str, code: str) -> Response:
        return _answer(status=4, message=f"lỗi giả lập {code}", code=code or "SandboxError",
                       http=400)

    def fault_response(self, operation: str) -> Response:
        return _answer(status=5, message=f"sandbox fault in {operation}", code="ServerError",
                       http=500)

    def internal_error(self, request: Request, operation: str) -> Response:
        return _answer(status=5, message=f"Có lỗi xảy ra ({operation})", code="ServerError",
                       http=500)

    # --- authentication -----------------------------------------------------------------

    def _authenticated(self, header: str) -> str | None:
        """The seller's tax code when the header is valid, else None."""
        parts = header.split(":")
        if len(parts) not in (5, 6):
            return None
        signature, nonce, stamp, user, password = parts[:5]
        if not (nonce.isalnum() and stamp.isdigit()):
            return None
        if abs(int(stamp) - time.time()) > MAX_CLOCK_SKEW:
            return None
        expected = base64.b64encode(hashlib.md5(f"POST{stamp}{nonce}".encode(),
                                                usedforsecurity=False).digest()).decode()
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return None
        if not self.sandbox.credentials_ok(user, password):
            return None
        return parts[5] if len(parts) == 6 and parts[5] else DEFAULT_SELLER_TAX_CODE

    # --- invoices -----------------------------------------------------------------------

    def _original(self, body: dict):
        """The stored invoice a correction names, by its Ikey or by RelatedInvoice."""
        ikey = str(body.get("Ikey") or "")
        if ikey:
            return self.sandbox.find(NAME, ikey)
        related = body.get("RelatedInvoice") or {}
        number = int(related.get("No") or 0)
        found = self.sandbox.by_number(NAME, str(related.get("Pattern") or ""),
                                       str(related.get("Serial") or ""), number, number)
        return found[0] if found else None

    def _read(self, body: dict, seller: Seller, correction: bool):
        original = self._original(body) if correction else None
        if correction and original is None:
            raise EasyInvoiceDataError("không tìm thấy hóa đơn gốc (Ikey/RelatedInvoice)")
        form, symbol = str(body.get("Pattern") or ""), str(body.get("Serial") or "")
        if (form, symbol, kind_of_symbol(symbol)) not in set(self.sandbox.symbols()):
            raise EasyInvoiceDataError(f"mẫu số {form} ký hiệu {symbol} chưa được đăng ký")
        if kind_of_symbol(symbol) == KIND_CASH_REGISTER:
            raise EasyInvoiceDataError("hóa đơn máy tính tiền không được hỗ trợ qua API này")
        key, invoice = invoice_from_xml(str(body.get("XmlData") or ""), form=form,
                                        symbol=symbol, seller=seller,
                                        provider_tax_code=PROVIDER_TAX_CODE, original=original)
        if not key:
            raise EasyInvoiceDataError("thiếu Ikey")
        return key, invoice, original.key if original else ""

    def _issue(self, body: dict, seller: Seller, operation: str) -> Response:
        key, invoice, related_key = self._read(body, seller, operation != "importAndIssueInvoice")
        if self.sandbox.find(NAME, key) is not None:
            return _refused("Hóa đơn đã tồn tại", DUPLICATE_IKEY, key, "Ikey đã tồn tại")
        try:
            submission = self.sandbox.submit(
                NAME, key, invoice_to_bytes(invoice), kind=invoice.kind, sign_as_seller=True,
                assign_number=invoice.number is None, related_key=related_key)
        except SandboxRejection as exc:
            return _refused(exc.message_vi, "InvalidData", key)
        if submission.duplicated:
            return _refused("Hóa đơn đã tồn tại", DUPLICATE_IKEY, key, "Ikey đã tồn tại")
        return self._issued([submission])

    def _issued(self, submissions) -> Response:
        first = submissions[0]
        return _answer({"Pattern": first.form, "Serial": first.symbol,
                        "KeyInvoiceNo": {s.key: str(s.number or "") for s in submissions},
                        "Invoices": [self._item(s) for s in submissions]})

    def _item(self, submission) -> dict:
        status = _ISSUED
        if submission.state == STATE_CANCELLED:
            status = INV_CANCELLED
        else:
            corrections = self.sandbox.corrections(NAME, submission.key)
            if corrections:
                replaced = any(c.xml and b"<TCHDon>1</TCHDon>" in c.xml for c in corrections)
                status = _REPLACED if replaced else _ADJUSTED
        coded = submission.kind == KIND_CODED
        check = None
        if submission.state == STATE_REJECTED:
            check = TCT_INVALID
        elif coded and submission.state in (STATE_ACCEPTED, STATE_CANCELLED):
            check = 1
        day = submission.issue_date.strftime("%d/%m/%Y")
        return {"Ikey": submission.key, "Pattern": submission.form, "Serial": submission.symbol,
                "No": str(submission.number or ""), "InvoiceStatus": status,
                "LookupCode": submission.lookup_code, "ArisingDate": day, "IssueDate": day,
                "TaxAuthorityCode": submission.tax_authority_code if coded else "",
                "TCTCheckStatus": check, "TCTErrorMessage": submission.reason_vi or None}

    def _lookup(self, body: dict, seller: Seller, operation: str) -> Response:
        keys = body.get("Ikeys")
        if not isinstance(keys, list):
            return _refused("Ikeys phải là một mảng", "InvalidData")
        found = [self.sandbox.find(NAME, str(key)) for key in keys]
        return _answer({"Invoices": [self._item(s) for s in found if s is not None]})

    def _file(self, body: dict, seller: Seller, operation: str) -> Response:
        key = str(body.get("Ikey") or "")
        submission = self.sandbox.find(NAME, key)
        if submission is None or submission.state == STATE_REJECTED:
            return _refused("Không tìm thấy hóa đơn", "InvoiceNotFound", key)
        option = int(body.get("Option") or PDF_OPTION)
        if option == XML_OPTION:
            return Response(submission.xml, content_type="application/xml")
        return Response(self.sandbox.pdf(submission), content_type="application/pdf")

    def _cancel(self, body: dict, seller: Seller, operation: str) -> Response:
        key = str(body.get("Ikey") or "")
        try:
            submission = self.sandbox.cancel(NAME, key, "hủy qua API cancelInvoice")
        except SandboxRejection as exc:
            return _refused(exc.message_vi, "InvalidState" if exc.code != "not_found"
                            else "InvoiceNotFound", key)
        return self._issued([submission])

    # --- the seller's own signature ------------------------------------------------------

    def _digest(self, body: dict, seller: Seller, flow: str) -> Response:
        if flow not in ("Importation", "Adjustment", "Replacement"):
            return _refused(f"không có luồng {flow}", "InvalidRequest")
        key, invoice, related_key = self._read(body, seller, flow != "Importation")
        if invoice.related is not None and (invoice.related.nature == REPLACEMENT) != (
                flow == "Replacement"):
            return _refused("XmlData không khớp loại hóa đơn", "InvalidData", key)
        if self.sandbox.find(NAME, key) is not None:
            return _refused("Hóa đơn đã tồn tại", DUPLICATE_IKEY, key, "Ikey đã tồn tại")
        try:
            certificate = x509.load_der_x509_certificate(
                base64.b64decode(str(body.get("CertString") or ""), validate=True))
        except (ValueError, binascii.Error):
            return _refused("CertString không phải chứng thư số", "InvalidCertificate", key)
        try:
            draft = self.sandbox.prepare_seller_signature(
                NAME, key, invoice_to_bytes(invoice), certificate,
                format(certificate.serial_number, "x"), related_key=related_key)
        except SandboxRejection as exc:
            return _refused(exc.message_vi, "InvalidData", key)
        with self._lock:
            self._kinds[key] = invoice.kind
        return _answer({"Pattern": invoice.form, "Serial": invoice.symbol,
                        "DigestData": {key: base64.b64encode(bytes(draft["digest"])).decode()}})

    def _launch(self, body: dict) -> Response:
        signatures = body.get("Signature")
        if not isinstance(signatures, dict) or not signatures:
            return _refused("thiếu Signature", "InvalidRequest")
        submissions = []
        for key, value in signatures.items():
            existing = self.sandbox.find(NAME, str(key))
            if existing is not None:
                return _refused("Hóa đơn đã tồn tại", DUPLICATE_IKEY, key, "Ikey đã tồn tại")
            with self._lock:
                kind = self._kinds.get(str(key), KIND_CODED)
            try:
                signature = base64.b64decode(str(value), validate=True)
                submissions.append(self.sandbox.publish_seller_signed(NAME, str(key), signature,
                                                                      kind=kind))
            except (ValueError, binascii.Error):
                return _refused("chữ ký không phải base64", "InvalidSignature", key)
            except SandboxRejection as exc:
                code = "InvalidSignature" if exc.code == "bad_signature" else "InvalidData"
                return _refused(exc.message_vi, code, key)
        return self._issued(submissions)
