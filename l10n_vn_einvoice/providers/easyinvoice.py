"""EasyInvoice (Softdreams) REST client.

Shapes from EasyInvoice's published integration document (a copy is public; see
NOTES_h6.md for what was verified there and what is inferred): every call is a ``POST``
of JSON to ``{host}/api/…`` on the customer's own host (``https://{mst}.easyinvoice.com.vn``
or the shared ``https://api.easyinvoice.vn``), with the header ``Authentication:
signature:nonce:timestamp:username:password:taxCode`` where the signature is
``base64(MD5(METHOD + timestamp + nonce))`` (the ``:taxCode`` tail is the scheme from
2026-01-01).  The answer is ``{Status, Message, ErrorCode, Data}``: Status 2 is success,
4 a client error, 5 a server error; ``Data.KeyInvoiceMsg`` says per ``Ikey`` what failed.

Idempotency: the ``Ikey`` is the submission key.  Before any re-send the caller looks it
up (``getInvoicesByIkeys``); when EasyInvoice refuses an ``Ikey`` it already holds, the
client returns what that lookup finds, never a second invoice.

"We sign" (option ``signer``): ``externalGetDigestFor{Importation|Adjustment|Replacement}``
with our certificate returns the digest EasyInvoice wants signed, the signing seam signs
it, ``externalWrapAndLaunch…`` issues the invoice with that signature.

Cash-register invoices: no EasyInvoice shape for them was found, so they are refused.
"""

from __future__ import annotations

import base64
import datetime
import email.utils
import hashlib
import secrets
import time

import requests
from cryptography.hazmat.primitives import serialization

from ..standard.model import KIND_CASH_REGISTER, KIND_CODED, REPLACEMENT, Invoice
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
    RegisteredSymbol,
    RejectedError,
    TransientError,
)
from .easyinvoice_xml import invoice_to_xml, parse_date
from .exact_json import json_to_payload, payload_to_json

STATUS_OK, STATUS_CLIENT, STATUS_SERVER = 2, 4, 5
# InvoiceStatus (appendix VII.2) and TCTCheckStatus (appendix VII.12).
INV_CANCELLED = 5
INV_SIGNED = (1, 2, 3, 4, 6)
TCT_INVALID = -2
# ErrorCode the sandbox answers for an Ikey it already holds (EasyInvoice's own code list
# is a spreadsheet that was not found: this name is ours).
DUPLICATE_IKEY = "IkeyExisted"
PDF_OPTION, XML_OPTION = 0, -1


def authentication(method: str, username: str, password: str, tax_code: str = "", *,
                   timestamp: int | None = None, nonce: str = "") -> str:
    """The ``Authentication`` header value (documented scheme, with ``:taxCode`` when
    given)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or secrets.token_hex(16)
    digest = hashlib.md5(f"{method.upper()}{stamp}{nonce}".encode(), usedforsecurity=False)
    signature = base64.b64encode(digest.digest()).decode("ascii")
    parts = [signature, nonce, stamp, username, password] + ([tax_code] if tax_code else [])
    return ":".join(parts)


def _flow(invoice: Invoice) -> str:
    """The suffix of the digest-flow paths for this invoice."""
    if invoice.related is None:
        return "Importation"
    return "Replacement" if invoice.related.nature == REPLACEMENT else "Adjustment"


class EasyInvoiceClient(ProviderClient):
    """An EasyInvoice account: ``base_url`` its host, ``username``/``password`` the API
    user, ``seller_tax_code`` the ``:taxCode`` of the header.  EasyInvoice has no call
    listing symbols: option ``symbols`` (``(form, symbol)`` pairs) names them."""

    name = "easyinvoice"
    lists_symbols = False  # no listing call: the configured symbols
    title = "EasyInvoice (Softdreams)"
    title_vi = "EasyInvoice (Softdreams)"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(base_url, **kwargs)
        self.session = requests.Session()
        self.signer = self.options.get("signer")
        self._server_date = ""

    # --- transport ------------------------------------------------------------------

    def _post(self, operation: str, path: str, body: dict) -> requests.Response:
        headers = {"Content-Type": "application/json",
                   "Authentication": authentication("POST", self.username, self.password,
                                                    self.seller_tax_code)}
        try:
            response = self.session.post(f"{self.base_url}/{path}", data=payload_to_json(body),
                                         headers=headers, timeout=self.timeout)
        except requests.Timeout as exc:
            raise _transient(operation, "timeout", f"no answer within {self.timeout:g} s",
                             f"không phản hồi trong {self.timeout:g} giây") from exc
        except requests.RequestException as exc:
            raise _transient(operation, "connection", type(exc).__name__,
                             type(exc).__name__) from exc
        self._server_date = response.headers.get("Date", "")
        if response.status_code in (401, 403):
            raise AuthenticationError(
                f"EasyInvoice refused the user name, password or tax code (HTTP "
                f"{response.status_code})", "EasyInvoice từ chối tên đăng nhập, mật khẩu hoặc "
                f"mã số thuế (HTTP {response.status_code})", code=f"http{response.status_code}",
                operation=operation)
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise _transient(operation, f"http{response.status_code}",
                             f"HTTP {response.status_code}", f"HTTP {response.status_code}")
        return response

    def _call(self, operation: str, path: str, body: dict) -> dict:
        return self._decode(operation, self._post(operation, path, body))

    @staticmethod
    def _decode(operation: str, response: requests.Response) -> dict:
        """The ``Data`` of a Status-2 answer, or the typed error of any other."""
        try:
            answer = json_to_payload(response.content)
        except ValueError as exc:
            raise _transient(operation, "malformed", "not JSON", "không phải JSON") from exc
        if not isinstance(answer, dict) or "Status" not in answer:
            raise _transient(operation, "malformed", "not an EasyInvoice answer",
                             "không phải phản hồi của EasyInvoice")
        data = answer.get("Data")
        status = str(answer.get("Status"))
        if status == str(STATUS_OK):
            return data if isinstance(data, dict) else {}
        details = data.get("KeyInvoiceMsg") if isinstance(data, dict) else None
        detail = "; ".join(f"{key}: {text}" for key, text in (details or {}).items())
        text = " — ".join(filter(None, (str(answer.get("Message") or ""), detail)))
        code = str(answer.get("ErrorCode") or f"status{status}")
        if status == str(STATUS_SERVER):
            raise _transient(operation, code, text, text)
        raise RejectedError(f"EasyInvoice refused the request: {text}",
                            f"EasyInvoice từ chối yêu cầu: {text}", code=code,
                            operation=operation)

    # --- invoices -------------------------------------------------------------------

    def issue(self, key: str, invoice: Invoice, signed_xml: bytes | None = None, *,
              related_key: str = "") -> IssueResult:
        """``importAndIssueInvoice`` (``adjustInvoice``/``replaceInvoice`` for corrections),
        or the digest flow when the seller signs; ``signed_xml`` is not used."""
        self.refuse_delivery_note(invoice)
        if invoice.kind == KIND_CASH_REGISTER:
            raise NotSupportedError(
                "No EasyInvoice operation for cash-register invoices was found in its "
                "published contract; issue them through VNPT or Viettel.",
                "Không tìm thấy chức năng hóa đơn máy tính tiền trong tài liệu công bố của "
                "EasyInvoice; hãy phát hành qua VNPT hoặc Viettel.", code="easyinvoice.mtt",
                operation="issue")
        body = {"XmlData": invoice_to_xml(key, invoice), "Pattern": invoice.form,
                "Serial": invoice.symbol}
        if invoice.related is not None:
            body["Ikey"] = related_key
            if not related_key:
                related = invoice.related
                body["RelatedInvoice"] = {
                    "Pattern": related.form, "Serial": related.symbol, "No": related.number,
                    "ArisingDate": related.date.strftime("%d/%m/%Y") if related.date else ""}
        operation = "issue"
        try:
            if self.signer is not None:
                data = self._issue_signed(invoice, body)
            elif invoice.related is None:
                data = self._call(operation, "api/publish/importAndIssueInvoice", body)
            else:
                path = ("api/business/replaceInvoice" if invoice.related.nature == REPLACEMENT
                        else "api/business/adjustInvoice")
                data = self._call(operation, path, body)
        except RejectedError as exc:
            if exc.code != DUPLICATE_IKEY:
                raise
            known = self.lookup(key)
            if known.state == STATE_UNKNOWN:
                raise
            return known
        for item in data.get("Invoices") or ():
            if str(item.get("Ikey")) == key:
                return self._result(key, item, data)
        return self.lookup(key)

    def _issue_signed(self, invoice: Invoice, body: dict) -> dict:
        """Digest from EasyInvoice, signature by the signing seam, then launch."""
        flow = _flow(invoice)
        certificate = self.signer.certificate.public_bytes(serialization.Encoding.DER)
        digests = self._call("digest", f"api/publish/externalGetDigestFor{flow}",
                             {**body, "CertString": base64.b64encode(certificate).decode()})
        signatures = {}
        for digest_key, digest in (digests.get("DigestData") or {}).items():
            try:
                value = base64.b64decode(str(digest), validate=True)
            except ValueError as exc:
                raise _transient("digest", "malformed", "digest is not base64",
                                 "giá trị băm không phải base64") from exc
            signatures[digest_key] = base64.b64encode(self.signer.sign_digest(value)).decode()
        if not signatures:
            raise _transient("digest", "malformed", "no digest returned",
                             "không nhận được giá trị băm")
        launch = {"Pattern": body["Pattern"], "Serial": body["Serial"], "Signature": signatures}
        if "Ikey" in body:
            launch["Ikey"] = body["Ikey"]
        return self._call("launch", f"api/publish/externalWrapAndLaunch{flow}", launch)

    def _result(self, key: str, item: dict, raw) -> IssueResult:
        symbol = str(item.get("Serial") or "")
        number = str(item.get("No") or "").strip()
        issue_date = None
        if item.get("IssueDate") or item.get("ArisingDate"):
            try:
                issue_date = parse_date(str(item.get("IssueDate") or item.get("ArisingDate")))
            except ValueError:
                issue_date = None
        return IssueResult(
            key=key, state=_state_of(item, symbol), form=str(item.get("Pattern") or ""),
            symbol=symbol, number=int(number) if number.isdigit() else None,
            tax_authority_code=str(item.get("TaxAuthorityCode") or ""),
            lookup_code=str(item.get("LookupCode") or ""), issue_date=issue_date,
            message=str(item.get("TCTErrorMessage") or ""),
            raw=payload_to_json(raw).decode("utf-8"))

    def lookup(self, key: str) -> IssueResult:
        data = self._call("lookup", "api/publish/getInvoicesByIkeys", {"Ikeys": [key]})
        for item in data.get("Invoices") or ():
            if str(item.get("Ikey")) == key:
                return self._result(key, item, data)
        return IssueResult(key=key, state=STATE_UNKNOWN)

    def _file(self, key: str, option: int, operation: str) -> bytes:
        known = self.lookup(key)
        if known.state == STATE_UNKNOWN:
            raise RejectedError(f"EasyInvoice does not know invoice {key}",
                                f"EasyInvoice không tìm thấy hóa đơn {key}",
                                code="easyinvoice.not_found", operation=operation)
        response = self._post(operation, "api/publish/getInvoicePdf",
                              {"Ikey": key, "Pattern": known.form, "Option": option})
        if "json" in response.headers.get("Content-Type", ""):
            self._decode(operation, response)  # raises the error the answer carries
            raise _transient(operation, "malformed", "no file in the answer",
                             "phản hồi không có tệp")
        return response.content

    def download_pdf(self, key: str) -> bytes:
        data = self._file(key, PDF_OPTION, "pdf")
        if not data.startswith(b"%PDF"):
            raise _transient("pdf", "malformed", "not a PDF", "không phải tệp PDF")
        return data

    def download_xml(self, key: str) -> bytes:
        data = self._file(key, XML_OPTION, "xml")
        if not data.lstrip().startswith(b"<"):
            raise _transient("xml", "malformed", "not XML", "không phải XML")
        return data

    def cancel(self, key: str, reason: str) -> IssueResult:
        """``cancelInvoice``.  EasyInvoice's document says that under Decree 70 a signed
        invoice may no longer be cancelled and that it replaces it by a zero invoice; the
        caller decides whether cancellation is lawful for this invoice."""
        known = self.lookup(key)
        self._call("cancel", "api/business/cancelInvoice",
                   {"Ikey": key, "Pattern": known.form, "Serial": known.symbol})
        return self.lookup(key)

    def send_notice(self, key: str, notice_xml: bytes) -> NoticeResult:
        raise NotSupportedError(
            "EasyInvoice takes 04/SS-HĐĐT notices as its own JSON (sendErrorNotice), not the "
            "notice XML; send the notice from the EasyInvoice portal.",
            "EasyInvoice nhận thông báo 04/SS-HĐĐT theo JSON riêng (sendErrorNotice), không "
            "nhận XML thông báo; hãy gửi trên cổng EasyInvoice.", operation="send_notice")

    def list_symbols(self) -> list[RegisteredSymbol]:
        return self._configured_symbols()

    def check_connection(self) -> ConnectionReport:
        """A lookup of an unknown ``Ikey`` checks the host and the credentials."""
        checks = self._probe_checks(lambda: self.lookup("connection-check"))
        symbols = self.list_symbols()
        # EasyInvoice's API lists no symbols: nothing to check unless some are configured.
        checks.append(("symbols", True, ", ".join(f"{s.form}{s.symbol}" for s in symbols)
                       or "EasyInvoice's API does not list symbols"))
        skew = None
        if self._server_date:
            server = email.utils.parsedate_to_datetime(self._server_date)
            skew = (server - datetime.datetime.now(datetime.UTC)).total_seconds()
            checks.append(("clock", abs(skew) <= 120, f"{skew:+.0f} s"))
        return ConnectionReport(ok=all(passed for _, passed, _ in checks), checks=tuple(checks),
                                clock_skew_seconds=skew)


def _state_of(item: dict, symbol: str) -> str:
    status = int(item.get("InvoiceStatus") if item.get("InvoiceStatus") is not None else 0)
    check = item.get("TCTCheckStatus")
    if status == INV_CANCELLED:
        return STATE_CANCELLED
    if check is not None and int(check) == TCT_INVALID:
        return STATE_REJECTED
    if status not in INV_SIGNED:
        return STATE_PENDING
    if kind_of_symbol(symbol) != KIND_CODED:
        return STATE_ACCEPTED
    return STATE_ACCEPTED if item.get("TaxAuthorityCode") else STATE_PENDING


def _transient(operation: str, code: str, detail: str, detail_vi: str) -> TransientError:
    return TransientError(
        f"EasyInvoice is unavailable ({detail}); the request will be looked up and retried",
        f"EasyInvoice tạm thời không phản hồi ({detail_vi}); yêu cầu sẽ được tra cứu và gửi lại",
        code=code, operation=operation)
