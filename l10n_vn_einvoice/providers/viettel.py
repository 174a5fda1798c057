"""Viettel S-Invoice (vInvoice) REST client.

Viettel numbers and signs invoices server-side (HSM) from a JSON body, so ``issue``
ignores any locally signed XML.  One ``requests.Session`` per client, a timeout on every
call, and the login token cached with its expiry: it is renewed when it expires, and once
more when Viettel answers 401 to a token the client still believed valid.

Idempotency: the ``transactionUuid`` is the submission key.  Viettel answers a second
``createInvoice`` with the same key by ``TRANSACTION_IS_BEING_PROCESSED``; the client then
returns what ``searchInvoiceByTransactionUuid`` finds, never a second invoice.
"""

from __future__ import annotations

import base64
import datetime
import email.utils
import io
import time
import zipfile

import requests

from ..standard.errors import StandardError
from ..standard.model import KIND_CODED
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
from .viettel_errors import (
    DUPLICATE_TRANSACTION,
    INVOICE_NOT_FOUND,
    connection_error,
    error_for_code,
    error_for_status,
    malformed_error,
    timeout_error,
)
from .viettel_payload import (
    date_to_ms,
    invoice_to_payload,
    ms_to_date,
    split_invoice_no,
)

AUTH_PATH = "/auth/login"
API_PATH = "/services/einvoiceapplication/api/InvoiceAPI"
TOKEN_MARGIN = 5.0  # seconds before the announced expiry at which the token is renewed
MAX_FILE_SIZE = 20 * 1024 * 1024  # bytes, for each file unpacked from Viettel's ZIP
MAX_CLOCK_SKEW = 120.0  # seconds; signing and issue dates depend on the clocks agreeing

_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class ViettelClient(ProviderClient):
    """A Viettel S-Invoice account.

    ``base_url`` is the host root (``https://api-vinvoice.viettel.vn``); ``username`` and
    ``password`` the API account; ``seller_tax_code`` the supplier tax code in the paths.
    Option ``template_codes`` maps form + symbol to its Viettel template
    (``{"1C26TAA": "1/001"}``); others are resolved through ``getAllInvoiceTemplates``.
    """

    name = "viettel"
    title = title_vi = "Viettel"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(base_url, **kwargs)
        self.session = requests.Session()
        self._token = ""
        self._token_expiry = 0.0
        self._templates: dict[str, str] = dict(self.options.get("template_codes") or {})
        self._server_date: str = ""

    # --- transport ------------------------------------------------------------------

    def _post(self, operation: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.session.post(self.base_url + path, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise timeout_error(operation, self.timeout) from exc
        except requests.RequestException as exc:
            raise connection_error(operation, type(exc).__name__) from exc
        self._server_date = response.headers.get("Date", "")
        return response

    @staticmethod
    def _decode(operation: str, response: requests.Response) -> dict:
        try:
            body = json_to_payload(response.content)
        except ValueError as exc:
            raise malformed_error(operation, "not JSON") from exc
        if not isinstance(body, dict):
            raise malformed_error(operation, "not a JSON object")
        code = body.get("errorCode")
        if code not in (None, "", 0, "0", 200, "200"):
            raise error_for_code(operation, str(code), str(body.get("description") or ""),
                                 str(body.get("descriptionEn") or ""))
        if body.get("error"):
            raise error_for_code(operation, str(body["error"]),
                                 str(body.get("error_description") or body.get("message") or ""))
        return body

    def _login(self) -> str:
        response = self._post("login", AUTH_PATH, data=payload_to_json(
            {"username": self.username, "password": self.password}),
            headers={"Content-Type": "application/json"})
        if response.status_code != 200:
            raise error_for_status("login", response.status_code, response.text)
        body = self._decode("login", response)
        token = body.get("access_token")
        if not token:
            raise malformed_error("login", "no access_token")
        lifetime = float(body.get("expires_in") or 0)
        self._token = str(token)
        self._token_expiry = time.monotonic() + lifetime - min(TOKEN_MARGIN, lifetime / 10)
        return self._token

    def _access_token(self) -> str:
        if not self._token or time.monotonic() >= self._token_expiry:
            return self._login()
        return self._token

    def _call(self, operation: str, endpoint: str, *, json_body: dict | None = None,
              form: dict | None = None) -> dict:
        """POST to ``InvoiceAPI/<endpoint>``; a 401 renews the token and retries once."""
        if json_body is not None:
            kwargs = {"data": payload_to_json(json_body),
                      "headers": {"Content-Type": "application/json"}}
        else:
            kwargs = {"data": form or {}, "headers": _FORM}
        for attempt in (1, 2):
            response = self._post(operation, f"{API_PATH}/{endpoint}",
                                  cookies={"access_token": self._access_token()}, **kwargs)
            if response.status_code == 401 and attempt == 1:
                self._token = ""
                continue
            if response.status_code != 200:
                raise error_for_status(operation, response.status_code, response.text)
            return self._decode(operation, response)
        raise AssertionError("unreachable: the second attempt returns or raises")

    # --- templates ------------------------------------------------------------------

    def _template_code(self, form: str, symbol: str) -> str:
        if form + symbol not in self._templates:
            self.list_symbols()
        if form + symbol not in self._templates:
            raise error_for_code("templateCode", "TEMPLATE_NOT_FOUND", form + symbol)
        return self._templates[form + symbol]

    def list_symbols(self) -> list[RegisteredSymbol]:
        body = self._call("getAllInvoiceTemplates", "InvoiceUtilsWS/getAllInvoiceTemplates",
                          json_body={"taxCode": self.seller_tax_code, "invoiceType": "all"})
        symbols = []
        for template in body.get("template") or ():
            code = str(template.get("templateCode", ""))
            series = str(template.get("invoiceSeries", ""))
            if not (code and series):
                continue
            form = code.split("/")[0]
            self._templates[form + series] = code
            symbols.append(RegisteredSymbol(form=form, symbol=series,
                                            kind=kind_of_symbol(series)))
        return symbols

    # --- invoices -------------------------------------------------------------------

    def issue(self, key: str, invoice, signed_xml: bytes | None = None, *,
              related_key: str = "") -> IssueResult:
        """Create, number and sign at Viettel (``signed_xml`` is not used: Viettel signs;
        originals are named by template, symbol and number, so ``related_key`` is unused)."""
        template = self._template_code(invoice.form, invoice.symbol)
        original_template = ""
        if invoice.related is not None:
            original_template = self._template_code(invoice.related.form,
                                                    invoice.related.symbol)
        try:
            payload = invoice_to_payload(invoice, key, template,
                                         original_template_code=original_template)
        except StandardError as exc:
            raise RejectedError(f"{exc.field}: {exc.message}", f"{exc.field}: {exc.message_vi}",
                                code=exc.rule, operation="createInvoice") from exc
        tax_code = self.seller_tax_code or invoice.seller.tax_code
        try:
            body = self._call("createInvoice", f"InvoiceWS/createInvoice/{tax_code}",
                              json_body=payload)
        except TransientError as exc:
            if exc.code != DUPLICATE_TRANSACTION:
                raise
            known = self.lookup(key)
            if known.state == STATE_UNKNOWN:
                raise
            return known
        result = body.get("result") or {}
        symbol, number = split_invoice_no(str(result.get("invoiceNo") or ""))
        code_of_tax = str(result.get("codeOfTax") or "")
        coded = invoice.kind == KIND_CODED
        return IssueResult(
            key=key, state=STATE_PENDING if coded and not code_of_tax else STATE_ACCEPTED,
            form=invoice.form, symbol=symbol or invoice.symbol, number=number,
            tax_authority_code=code_of_tax,
            lookup_code=str(result.get("reservationCode") or ""),
            issue_date=invoice.issue_date, raw=payload_to_json(body).decode("utf-8"))

    def lookup(self, key: str) -> IssueResult:
        return self._search(key)[0]

    def _search(self, key: str) -> tuple[IssueResult, str]:
        """The invoice of ``key`` and its template code ("" when Viettel does not know it)."""
        try:
            body = self._call("searchInvoiceByTransactionUuid",
                              "InvoiceWS/searchInvoiceByTransactionUuid",
                              form={"supplierTaxCode": self.seller_tax_code,
                                    "transactionUuid": key})
        except RejectedError as exc:
            if exc.code == INVOICE_NOT_FOUND:
                return IssueResult(key=key, state=STATE_UNKNOWN, message=exc.message), ""
            raise
        found = body.get("result") or []
        if not found:
            return IssueResult(key=key, state=STATE_UNKNOWN), ""
        item = found[0]
        symbol, number = split_invoice_no(str(item.get("invoiceNo") or ""))
        template = str(item.get("templateCode") or "")
        issue_date = ms_to_date(item["issueDate"]) if item.get("issueDate") else None
        result = IssueResult(
            key=key, state=self._state_of(item, symbol), form=template.split("/")[0],
            symbol=symbol, number=number, tax_authority_code=str(item.get("codeOfTax") or ""),
            lookup_code=str(item.get("reservationCode") or ""), issue_date=issue_date,
            message=str(item.get("exchangeDes") or ""),
            raw=payload_to_json(body).decode("utf-8"))
        return result, template

    @staticmethod
    def _state_of(item: dict, symbol: str) -> str:
        """Viettel's ``status``/``exchangeStatus`` words as one of the STATE_* values."""
        status = str(item.get("status") or "").upper()
        exchange = str(item.get("exchangeStatus") or "").upper()
        if "CANCEL" in status or "DELETE" in status:
            return STATE_CANCELLED
        if "DIS_APPROVED" in exchange or "DISAPPROVED" in exchange or "REJECT" in exchange:
            return STATE_REJECTED
        if "APPROVED" in exchange or item.get("codeOfTax"):
            return STATE_ACCEPTED
        return STATE_PENDING if kind_of_symbol(symbol) == KIND_CODED else STATE_ACCEPTED

    def _issued(self, key: str, operation: str) -> dict:
        """Form fields naming the issued invoice of ``key`` in Viettel's other endpoints."""
        known, template = self._search(key)
        if known.state == STATE_UNKNOWN or known.number is None:
            raise error_for_code(operation, INVOICE_NOT_FOUND, key)
        fields = {"supplierTaxCode": self.seller_tax_code,
                  "templateCode": template or self._template_code(known.form, known.symbol),
                  "invoiceNo": f"{known.symbol}{known.number}"}
        if known.issue_date:
            fields["strIssueDate"] = str(date_to_ms(known.issue_date))
        return fields

    def _file(self, key: str, file_type: str) -> bytes:
        operation = "getInvoiceRepresentationFile"
        fields = self._issued(key, operation)
        body = self._call(operation, "InvoiceUtilsWS/getInvoiceRepresentationFile", json_body={
            "supplierTaxCode": fields["supplierTaxCode"], "templateCode": fields["templateCode"],
            "invoiceNo": fields["invoiceNo"], "transactionUuid": key, "fileType": file_type})
        try:
            data = base64.b64decode(str(body.get("fileToBytes") or ""), validate=True)
        except ValueError as exc:
            raise malformed_error(operation, "fileToBytes is not base64") from exc
        if not data:
            raise malformed_error(operation, "empty file")
        return data

    def download_pdf(self, key: str) -> bytes:
        data = self._file(key, "PDF")
        if not data.startswith(b"%PDF"):
            raise malformed_error("getInvoiceRepresentationFile", "not a PDF")
        return data

    def download_xml(self, key: str) -> bytes:
        """Viettel's ``ZIP`` holds another ZIP that holds the XML (and its XSL)."""
        return _xml_from_zip(self._file(key, "ZIP"))

    def send_notice(self, key: str, notice_xml: bytes) -> NoticeResult:
        raise NotSupportedError(
            "Viettel's published API has no 04/SS-HĐĐT endpoint; send the notice from the "
            "S-Invoice portal.",
            "API của Viettel không có chức năng gửi thông báo 04/SS-HĐĐT; hãy gửi trên "
            "cổng S-Invoice.", operation="send_notice")

    def cancel(self, key: str, reason: str) -> IssueResult:
        """Provider legacy: cancellation (hủy) was abolished by Decree 70/2025 (2025-06-01).

        Viettel still offers ``cancelTransactionInvoice``, for invoices that the old rules
        still govern; new errors are corrected by adjustment or replacement plus a
        04/SS-HĐĐT notice.  The caller decides whether cancellation is lawful.
        """
        operation = "cancelTransactionInvoice"
        form = self._issued(key, operation)
        form.update(additionalReferenceDesc=reason,
                    additionalReferenceDate=str(int(time.time()) * 1000), reasonDelete=reason)
        self._call(operation, "InvoiceWS/cancelTransactionInvoice", form=form)
        return self.lookup(key)

    def update_payment_status(self, key: str, paid: bool) -> None:
        """Mark the invoice paid (``updatePaymentStatus``) or unpaid (``cancelPaymentStatus``)."""
        operation = "updatePaymentStatus" if paid else "cancelPaymentStatus"
        self._call(operation, f"InvoiceWS/{operation}", form=self._issued(key, operation))

    # --- diagnostics ----------------------------------------------------------------

    def check_connection(self) -> ConnectionReport:
        checks: list[tuple[str, bool, str]] = []
        try:
            self._login()
            checks.append(("credentials", True, "login accepted"))
        except AuthenticationError as exc:
            checks.append(("credentials", False, exc.message))
        except ProviderError as exc:
            checks.append(("endpoint", False, exc.message))
        skew = self._clock_skew()
        if checks[-1][1]:
            checks.insert(0, ("endpoint", True, self.base_url))
            try:
                symbols = self.list_symbols()
                checks.append(("symbols", bool(symbols),
                               ", ".join(f"{s.form}/{s.symbol}" for s in symbols)
                               or "no symbol registered"))
            except ProviderError as exc:
                checks.append(("symbols", False, exc.message))
        if skew is not None:
            checks.append(("clock", abs(skew) <= MAX_CLOCK_SKEW, f"{skew:+.0f} s"))
        return ConnectionReport(ok=all(passed for _, passed, _ in checks), checks=tuple(checks),
                                clock_skew_seconds=skew)

    def _clock_skew(self) -> float | None:
        """Server clock minus local clock, from the last response's ``Date`` header."""
        if not self._server_date:
            return None
        try:
            server = email.utils.parsedate_to_datetime(self._server_date)
        except (TypeError, ValueError):
            return None
        now = datetime.datetime.now(datetime.UTC)
        return (server - now).total_seconds()


def _xml_from_zip(data: bytes, depth: int = 0) -> bytes:
    operation = "getInvoiceRepresentationFile"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
        for info in members:
            if info.file_size > MAX_FILE_SIZE:
                raise malformed_error(operation, f"{info.filename} is too large")
        for info in members:
            if info.filename.lower().endswith(".xml"):
                return archive.read(info)
        for info in members:
            if info.filename.lower().endswith(".zip") and depth < 2:
                return _xml_from_zip(archive.read(info), depth + 1)
    except zipfile.BadZipFile as exc:
        raise malformed_error(operation, "not a ZIP file") from exc
    raise malformed_error(operation, "no XML in the ZIP file")

