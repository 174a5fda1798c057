"""The sandbox speaking MISA meInvoice's REST contract (``/api/v3/…``).

``auth/token`` checks the AppID (:data:`APP_ID`, public like BKAV's sandbox GUID), the
sandbox's account and the tax code, and issues a JWT-shaped token that lives
``token_lifetime`` seconds (tests shorten it); every other call needs that token and a
``CompanyTaxCode`` equal to its tax code, else ``{Success: false, ErrorCode:
"UnAuthorize"}`` with HTTP 401.  Invoices with a tax-authority code must come under
``/code/``.  ``publishhsm`` numbers and signs as the seller (MISA's HSM) and then as the tax
authority; ``createinvoice`` answers the numbered unsigned XML, kept until
``invoicepublishing`` brings it back signed by the seller (its ``DLHDon`` unchanged).
``Data`` is a JSON string, as MISA sends it.  Tokens, drafts and the TransactionID index
live in memory.
"""

from __future__ import annotations

import base64
import dataclasses
import hmac
import json
import secrets
import threading
import time

from lxml import etree
from werkzeug.wrappers import Request, Response

from ...standard import codes, xmldsig
from ...standard.errors import StandardError
from ...standard.model import KIND_CASH_REGISTER, KIND_CODED, Seller
from ...standard.safe_xml import parse_xml
from ...standard.xml_build import invoice_to_bytes
from ..base import STATE_ACCEPTED, STATE_CANCELLED, STATE_REJECTED
from ..exact_json import json_to_payload, payload_to_json
from ..misa import DUPLICATE_REFID, EINVOICE_CANCELLED, TAX_ACCEPTED, TAX_REJECTED
from ..misa_payload import MisaDataError, payload_to_invoice
from .app import Contract
from .core import SandboxRejection

NAME = "misa"
APP_ID = "0b3e2f1c-5a4d-4c3b-9e8f-5a6d7c8b9a00"
PROVIDER_TAX_CODE = "0101243150"  # a valid code standing in for MISA (MSTTCGP)
DEFAULT_TOKEN_LIFETIME = 15 * 24 * 3600
_ADDRESS = "1 Lê Lợi, Quận 1, TP. Hồ Chí Minh"


def _answer(data=None, *, success: bool = True, code: str | None = None, errors=(),
            http: int = 200) -> Response:
    body = {"Success": success, "ErrorCode": code, "Errors": list(errors),
            "Data": data if data is None or isinstance(data, str)
            else payload_to_json(data).decode("utf-8"), "CustomData": None}
    return Response(payload_to_json(body), status=http, content_type="application/json")


def _item(ref_id: str, code: str, detail: str = "") -> dict:
    return {"RefID": ref_id, "TransactionID": None, "InvNo": None, "InvoiceData": None,
            "ErrorCode": code, "ErrorData": detail}


class MisaContract(Contract):
    name = NAME
    prefixes = ("/api/v3/",)

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self.token_lifetime = DEFAULT_TOKEN_LIFETIME
        self.logins = 0
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[float, str]] = {}  # token -> (expiry, tax code)
        self._drafts: dict[str, tuple[str, bytes, str, str]] = {}  # RefID -> tx, xml, kind, rel
        self._keys: dict[str, str] = {}  # TransactionID -> RefID

    # --- Contract interface -------------------------------------------------------------

    def operation_of(self, request: Request) -> str:
        parts = [p for p in request.path.lower().split("/") if p]
        if parts[-2:] == ["auth", "token"]:
            return "token"
        if parts[-1:] == ["refid"]:
            return "invoice-status"
        return parts[-1] if parts else ""

    def handle(self, request: Request, operation: str) -> Response:
        if operation == "token":
            return self._token(request)
        tax_code = self._token_tax_code(request)
        if tax_code is None:
            return _answer(success=False, code="UnAuthorize", http=401)
        try:
            body = json_to_payload(request.get_data() or b"null")
        except ValueError:
            return _answer(success=False, code="InvalidData", errors=["body is not JSON"])
        coded_path = "/code/" in request.path.lower()
        seller = Seller(name=f"Người bán thử nghiệm {tax_code}", tax_code=tax_code,
                        address=_ADDRESS)
        handler = {"publishhsm": self._publish_hsm, "createinvoice": self._create,
                   "invoicepublishing": self._publish, "invoice-status": self._status,
                   "downloadinvoice": self._download, "cancel": self._cancel,
                   "templates": self._templates}.get(operation)
        if handler is None:
            return Response(payload_to_json({"Message": "No HTTP resource was found"}),
                            status=404, content_type="application/json")
        try:
            return handler(body, request, seller, coded_path)
        except (MisaDataError, StandardError, KeyError, TypeError, ValueError,
                AttributeError) as exc:
            return _answer(success=False, code="InvalidData",
                           errors=[str(getattr(exc, "message", exc))])

    def error_response(self, operation: str, code: str) -> Response:
        return _answer(success=False, code=code or "Exception", errors=[f"lỗi giả lập {code}"])

    def fault_response(self, operation: str) -> Response:
        return _answer(success=False, code="Exception", errors=[f"sandbox fault in {operation}"],
                       http=500)

    def internal_error(self, request: Request, operation: str) -> Response:
        return _answer(success=False, code="Exception", errors=[f"error in {operation}"],
                       http=500)

    # --- authentication -----------------------------------------------------------------

    def forget_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    def _token(self, request: Request) -> Response:
        try:
            data = json_to_payload(request.get_data() or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return _answer(success=False, code="InvalidData", errors=["body is not JSON"])
        tax_code = str(data.get("TaxCode") or "")
        if not hmac.compare_digest(str(data.get("AppID") or "").encode(), APP_ID.encode()):
            return _answer(success=False, code="InvalidAppID")
        if not self.sandbox.credentials_ok(str(data.get("UserName") or ""),
                                           str(data.get("Password") or "")):
            return _answer(success=False, code="InvalidLogin")
        try:
            codes.validate_tax_id(tax_code)
        except StandardError:
            return _answer(success=False, code="InvalidTaxCode")
        expiry = time.time() + self.token_lifetime
        head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=")
        claims = base64.urlsafe_b64encode(json.dumps(
            {"taxcode": tax_code, "exp": int(expiry), "jti": secrets.token_hex(8)}).encode()
        ).rstrip(b"=")
        signature = base64.urlsafe_b64encode(hmac.digest(
            self._secret, head + b"." + claims, "sha256")).rstrip(b"=")
        token = b".".join((head, claims, signature)).decode()
        with self._lock:
            self.logins += 1
            self._tokens[token] = (time.monotonic() + self.token_lifetime, tax_code)
        return _answer(token)

    def _token_tax_code(self, request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        with self._lock:
            expiry, tax_code = self._tokens.get(token, (0.0, ""))
        if time.monotonic() >= expiry:
            return None
        if request.headers.get("CompanyTaxCode", "") != tax_code:
            return None
        return tax_code

    # --- invoices -----------------------------------------------------------------------

    def _read(self, element: dict, seller: Seller, coded_path: bool):
        """``(RefID, invoice, related key)`` of one request element, or an error item."""
        data = element.get("OriginalInvoiceData") or {}
        ref_id = str(element.get("RefID") or data.get("RefID") or "")
        if not ref_id:
            return None, _item("", "InvalidRefID", "thiếu RefID")
        invoice = payload_to_invoice(data, seller=seller, provider_tax_code=PROVIDER_TAX_CODE)
        if (invoice.form, invoice.symbol, invoice.kind) not in set(self.sandbox.symbols()):
            return None, _item(ref_id, "InvalidInvSeries",
                               f"ký hiệu {invoice.form}{invoice.symbol} chưa được đăng ký")
        if invoice.kind == KIND_CASH_REGISTER:
            return None, _item(ref_id, "NotSupported", "hóa đơn máy tính tiền")
        if (invoice.kind == KIND_CODED) != coded_path:
            return None, _item(ref_id, "InvalidInvoiceWithCode",
                               "hóa đơn có mã phải gửi qua /code/ và ngược lại")
        if self.sandbox.find(NAME, ref_id) is not None:
            return None, _item(ref_id, DUPLICATE_REFID, f"RefID {ref_id} đã tồn tại")
        related_key = ""
        if invoice.related is not None:
            number = int(invoice.related.number or 0)
            found = self.sandbox.by_number(NAME, invoice.related.form, invoice.related.symbol,
                                           number, number)
            if not found:
                return None, _item(ref_id, "OriginalInvoiceNotFound", "không tìm thấy HĐ gốc")
            related_key = found[0].key
        return (ref_id, invoice, related_key), None

    def _published_item(self, submission) -> dict:
        if submission.state == STATE_REJECTED:
            return _item(submission.key, "TaxAuthorityRejected", submission.reason_vi)
        with self._lock:
            self._keys[submission.lookup_code] = submission.key
        return {"RefID": submission.key, "TransactionID": submission.lookup_code,
                "InvNo": str(submission.number or ""),
                "InvDate": submission.issue_date.isoformat(), "InvoiceData": None,
                "ErrorCode": None, "ErrorData": ""}

    def _publish_hsm(self, body, request, seller, coded_path) -> Response:
        results = []
        for element in body if isinstance(body, list) else [body]:
            read, error = self._read(element, seller, coded_path)
            if error:
                results.append(error)
                continue
            ref_id, invoice, related_key = read
            try:
                submission = self.sandbox.submit(NAME, ref_id, invoice_to_bytes(invoice),
                                                 kind=invoice.kind, sign_as_seller=True,
                                                 assign_number=True, related_key=related_key)
            except SandboxRejection as exc:
                results.append(_item(ref_id, "InvalidData", exc.message_vi))
                continue
            results.append(_item(ref_id, DUPLICATE_REFID) if submission.duplicated
                           else self._published_item(submission))
        return _answer(results)

    def _create(self, body, request, seller, coded_path) -> Response:
        results = []
        for element in body if isinstance(body, list) else [body]:
            read, error = self._read(element, seller, coded_path)
            if error:
                results.append(error)
                continue
            ref_id, invoice, related_key = read
            number = self.sandbox.store.last_number(invoice.form, invoice.symbol,
                                                    invoice.issue_date.year) + 1
            xml = invoice_to_bytes(dataclasses.replace(invoice, number=number))
            transaction = secrets.token_hex(6).upper()
            with self._lock:
                self._drafts[ref_id] = (transaction, xml, invoice.kind, related_key)
            results.append({"RefID": ref_id, "TransactionID": transaction, "InvNo": None,
                            "InvoiceData": xml.decode("utf-8"), "ErrorCode": None,
                            "ErrorData": ""})
        return _answer(results)

    def _publish(self, body, request, seller, coded_path) -> Response:
        results = []
        for element in body if isinstance(body, list) else [body]:
            ref_id = str(element.get("RefID") or "")
            with self._lock:
                draft = self._drafts.get(ref_id)
            if draft is None or draft[0] != str(element.get("TransactionID") or ""):
                results.append(_item(ref_id, "InvoiceNotFound", "không có hóa đơn chờ ký"))
                continue
            _transaction, xml, kind, related_key = draft
            signed = str(element.get("InvoiceData") or "").encode("utf-8")
            problem = _signature_problem(xml, signed)
            if problem:
                results.append(_item(ref_id, "InvalidSignature", problem))
                continue
            try:
                submission = self.sandbox.submit(NAME, ref_id, signed, kind=kind,
                                                 related_key=related_key)
            except SandboxRejection as exc:
                results.append(_item(ref_id, "InvalidData", exc.message_vi))
                continue
            with self._lock:
                self._drafts.pop(ref_id, None)
            results.append(self._published_item(submission))
        return _answer(results)

    def _status(self, body, request, seller, coded_path) -> Response:
        items = []
        for ref_id in body if isinstance(body, list) else []:
            submission = self.sandbox.find(NAME, str(ref_id))
            if submission is None or (submission.kind == KIND_CODED) != coded_path:
                continue
            with self._lock:
                self._keys[submission.lookup_code] = submission.key
            tax = {STATE_ACCEPTED: TAX_ACCEPTED, STATE_CANCELLED: TAX_ACCEPTED,
                   STATE_REJECTED: TAX_REJECTED}.get(submission.state, 1)
            items.append({
                "RefID": submission.key, "TransactionID": submission.lookup_code,
                "InvSeries": f"{submission.form}{submission.symbol}",
                "InvNo": str(submission.number or ""),
                "InvDate": submission.issue_date.isoformat(), "PublishStatus": 1,
                "EInvoiceStatus": EINVOICE_CANCELLED if submission.state == STATE_CANCELLED
                else 1, "SendTaxStatus": tax if coded_path else 0,
                "InvoiceCode": submission.tax_authority_code if coded_path else "",
                "ErrorMessage": submission.reason_vi})
        return _answer(items)

    def _submission(self, transaction: str):
        with self._lock:
            key = self._keys.get(transaction, "")
        return self.sandbox.find(NAME, key) if key else None

    def _download(self, body, request, seller, coded_path) -> Response:
        data_type = request.args.get("downloadDataType", "PDF").upper()
        items = []
        for transaction in body if isinstance(body, list) else []:
            submission = self._submission(str(transaction))
            if submission is None or submission.state == STATE_REJECTED:
                continue
            content = submission.xml if data_type == "XML" else self.sandbox.pdf(submission)
            items.append({"TransactionID": str(transaction),
                          "Data": base64.b64encode(content).decode("ascii")})
        return _answer(items)

    def _cancel(self, body, request, seller, coded_path) -> Response:
        submission = self._submission(str(body.get("TransactionID") or ""))
        if submission is None:
            return _answer(success=False, code="InvoiceNotFound")
        try:
            self.sandbox.cancel(NAME, submission.key, str(body.get("CancelReason") or ""))
        except SandboxRejection as exc:
            return _answer(success=False, code="InvalidInvoiceStatus", errors=[exc.message_vi])
        return _answer([{"TransactionID": submission.lookup_code, "ErrorCode": None}])

    def _templates(self, body, request, seller, coded_path) -> Response:
        return _answer([{"IPTemplateID": f"{form}{symbol}", "InvSeries": f"{form}{symbol}",
                         "InvoiceType": int(form), "TemplateName": f"Mẫu {form}{symbol}"}
                        for form, symbol, kind in self.sandbox.symbols()
                        if (kind == KIND_CODED) == coded_path and kind != KIND_CASH_REGISTER])


def _signature_problem(draft_xml: bytes, signed: bytes) -> str:
    """Why ``signed`` is not the draft signed by the seller ("" when it is)."""
    try:
        draft_data = etree.tostring(parse_xml(draft_xml).find("DLHDon"), method="c14n")
        root = parse_xml(signed)
    except StandardError as exc:
        return exc.message_vi
    data = root.find("DLHDon")
    if data is None or etree.tostring(data, method="c14n") != draft_data:
        return "dữ liệu hóa đơn đã bị thay đổi sau createinvoice"
    seller = [check for check in xmldsig.verify_signatures(signed) if check.role == "seller"]
    if len(seller) != 1 or not seller[0].ok:
        return "chữ ký của người bán không hợp lệ"
    return ""
