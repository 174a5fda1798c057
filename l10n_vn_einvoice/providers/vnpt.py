"""VNPT Invoice client: SOAP (ASMX, document/literal) through zeep.

The WSDLs are the project's own (``providers/wsdl/vnpt_*.wsdl``), loaded from disk by a
transport that refuses any network fetch; the endpoint comes from ``base_url``
(``https://<tenant>-tt78.vnpt-invoice.com.vn`` or the sandbox).  Every call goes through a
``requests.Session`` with a timeout and is recorded for the exchange log.

Operations used (names and parameters exactly as VNPT publishes them):
PublishService ``ImportAndPublishInv`` (VNPT signs with the seller's registered
certificate), ``GetMCCQThueByFkeys`` (status and tax-authority code), ``GetInvDataByFkey``
(the coded XML), ``SendInvNoticeErrors`` (04/SS notice); BusinessService
``AdjustInvoiceAction``, ``ReplaceInvoiceAction``, ``cancelInv``; PortalService
``listInvByCusFkey``, ``listInvFromNoToNo``, ``downloadInvPDFFkeyNoPay``,
``downloadInvFkeyNoPay``, ``getInvViewFkeyNoPay``, ``listPatternByCom``.

Cash-register invoices use a pair that no published WSDL contains; their signatures are
ASSUMED from the provider notes (client code calling them) and written into our WSDLs:
``ImportAndPublishInvMTT(Account, ACpass, xmlInvData, username, password, pattern, serial,
convert)`` on PublishService answering ``OK:pattern;serial-fkey_no_code`` (VNPT makes the
cash-register code), and ``SendInvMTTFkey(Account, ACpass, lstFkey, username, password,
pattern, serial, serialCert)`` on BusinessService answering ``OK:message-id`` (the
transmission to the tax authority, batchable).

With the option ``signer`` the seller's own key signs: :mod:`.vnpt_token` (hash flow).

Idempotency: the caller stores the fkey before calling and looks it up on retry; in
addition, VNPT's duplicate-fkey answer (ERR:13) is turned into a lookup here.
"""

from __future__ import annotations

import base64
import binascii
import collections
import dataclasses
import datetime
import email.utils
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import requests
import zeep
import zeep.exceptions
import zeep.wsdl
from lxml import etree

from ..standard.model import ADJUSTMENT, KIND_CASH_REGISTER, Invoice
from ..standard.safe_xml import parse_xml
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
    ProviderClient,
    ProviderError,
    RegisteredSymbol,
    RejectedError,
    TransientError,
)
from .vnpt_errors import parse_answer
from .vnpt_payload import correction_payload, dshdon_payload, invoices_payload, notice_payload
from .vnpt_token import TOKEN_OPERATIONS, VnptTokenFlow

NS = "http://tempuri.org/"
WSDL_DIR = Path(__file__).resolve().parent / "wsdl"
# Every operation the client calls, per service (the WSDL contract test checks them).
OPERATIONS = {
    "PublishService": ("ImportAndPublishInv", "ImportAndPublishAssignedNo",
                       "ImportAndPublishInvMTT", "GetMCCQThueByFkeys",
                       "GetInvDataByFkey", "SendInvNoticeErrors", "SendSummaryTable",
                       *TOKEN_OPERATIONS),
    "BusinessService": ("AdjustInvoiceAction", "ReplaceInvoiceAction", "cancelInv",
                        "SendInvMTTFkey"),
    "PortalService": ("listInvByCusFkey", "listInvFromNoToNo", "downloadInvPDFFkeyNoPay",
                      "downloadInvFkeyNoPay", "getInvViewFkeyNoPay", "listPatternByCom"),
}
SERVICES = tuple(OPERATIONS)
MAX_CLOCK_SKEW = 300  # seconds; signing times and CQT checks tolerate little more

_TTHAI_STATE = {"0": STATE_PENDING, "1": STATE_PENDING, "2": STATE_ACCEPTED,
                "3": STATE_REJECTED}
_documents: dict[str, object] = {}
_documents_lock = threading.Lock()


def _session(base_url: str) -> requests.Session:
    """A session that reads the environment's proxy, CA-bundle and netrc settings once,
    for ``base_url``, instead of at every request: ``requests`` walks the whole process
    environment for them at each call, about a quarter of this client's CPU per round
    trip (cProfile of the outbox worker, ``benchmarks/outbox_drain.py``).  The settings
    are those ``requests`` would apply to a call to ``base_url``."""
    session = requests.Session()
    session.proxies.update(requests.utils.get_environ_proxies(base_url))
    session.verify = (os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                      or True)
    session.auth = requests.utils.get_netrc_auth(base_url)
    session.trust_env = False
    return session


class LocalOnlyTransport(zeep.Transport):
    """Loads WSDL/XSD only from local files: a WSDL import must never reach the network."""

    def load(self, url):
        if urlparse(url).scheme in ("http", "https", "ftp"):
            raise ValueError(f"refusing to fetch {url}: VNPT WSDLs are loaded from the repository")
        return super().load(url)


def _document(path: Path):
    """The parsed WSDL, cached per file (parsing is the slow part of building a client)."""
    key = str(path)
    with _documents_lock:
        if key not in _documents:
            _documents[key] = zeep.wsdl.Document(key, LocalOnlyTransport())
        return _documents[key]


class _Recorder(zeep.Plugin):
    """Keeps the raw envelopes and the HTTP Date header of the current call."""

    def __init__(self):
        self.local = threading.local()

    def egress(self, envelope, http_headers, operation, binding_options):
        self.local.request = etree.tostring(envelope, encoding="unicode")
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):
        self.local.response = etree.tostring(envelope, encoding="unicode")
        self.local.date = http_headers.get("Date", "")
        return envelope, http_headers


class VnptClient(VnptTokenFlow, ProviderClient):
    """Options: ``payload_format`` ("dshdon" current form, or "invoices" VNPT's older
    form), ``template`` (pattern suffix, default "001": pattern ``1/001``), ``soap12``,
    ``wsdl_dir`` (another folder holding ``vnpt_<Service>.wsdl``), ``attach_file`` (VNPT's
    AttachFile for corrections, default "" = no minutes), ``serial_cert``, ``comid``,
    ``keep_exchanges`` (default 50), ``session`` (a ``requests.Session`` to reuse),
    ``caller_numbers`` (default False: VNPT numbers with ImportAndPublishInv; True: the
    caller numbered the invoice and VNPT must keep that number, ImportAndPublishAssignedNo),
    ``signer`` (a :class:`..standard.signer.Signer`: the seller signs, :mod:`.vnpt_token`).
    """

    name = "vnpt"
    title = title_vi = "VNPT"

    def __init__(self, base_url: str, **kwargs):
        super().__init__(base_url, **kwargs)
        options = self.options
        self.session = options.get("session") or _session(base_url)
        self.transport = LocalOnlyTransport(session=self.session, timeout=self.timeout,
                                            operation_timeout=self.timeout)
        self.recorder = _Recorder()
        self.exchanges: collections.deque = collections.deque(
            maxlen=int(options.get("keep_exchanges", 50)))
        self.last_server_date: datetime.datetime | None = None
        self._services: dict[str, object] = {}
        self._wsdl_dir = Path(options.get("wsdl_dir") or WSDL_DIR)

    # --- plumbing ----------------------------------------------------------------------

    def _service(self, name: str):
        if name not in self._services:
            client = zeep.Client(_document(self._wsdl_dir / f"vnpt_{name}.wsdl"),
                                 transport=self.transport, plugins=[self.recorder])
            binding = f"{{{NS}}}{name}{'Soap12' if self.options.get('soap12') else 'Soap'}"
            self._services[name] = client.create_service(binding,
                                                         f"{self.base_url}/{name}.asmx")
        return self._services[name]

    def _call(self, service: str, operation: str, **params) -> str:
        """One SOAP call; transport problems become TransientError, faults are mapped."""
        if operation not in OPERATIONS[service]:
            raise ValueError(f"{operation} is not a declared {service} operation")
        local = self.recorder.local
        local.request = local.response = local.date = ""
        started = time.monotonic()
        error = None
        try:
            return getattr(self._service(service), operation)(**params) or ""
        except ProviderError as exc:
            error = exc
            raise
        except requests.exceptions.Timeout as exc:
            error = TransientError(f"{self.title} did not answer within {self.timeout:g} s.",
                                   f"{self.title_vi} không phản hồi trong {self.timeout:g} giây.",
                                   code="timeout", operation=operation)
            raise error from exc
        except requests.exceptions.RequestException as exc:
            kind = type(exc).__name__
            error = TransientError(f"Cannot reach {self.title} ({kind}).",
                                   f"Không kết nối được tới {self.title_vi} ({kind}).",
                                   code="connection", operation=operation)
            raise error from exc
        except zeep.exceptions.Fault as exc:
            error = self._fault_error(operation, exc)
            raise error from exc
        except zeep.exceptions.TransportError as exc:
            error = self._http_error(operation, exc.status_code)
            raise error from exc
        except (zeep.exceptions.Error, etree.XMLSyntaxError) as exc:
            error = TransientError(f"{self.title} answered with an unreadable message.",
                                   f"{self.title_vi} trả về thông điệp không đọc được.",
                                   code="unreadable", operation=operation)
            raise error from exc
        finally:
            self._record(service, operation, started, error)

    def _record(self, service, operation, started, error) -> None:
        local = self.recorder.local
        if local.date:
            try:
                self.last_server_date = email.utils.parsedate_to_datetime(local.date)
            except (TypeError, ValueError):
                self.last_server_date = None
        self.exchanges.append({
            "time": datetime.datetime.now().isoformat(timespec="seconds"),
            "provider": self.name, "operation": operation,
            "url": f"{self.base_url}/{service}.asmx",
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "request": local.request, "response": local.response,
            "error": f"{error.code} {error.message}".strip() if error else ""})

    def _fault_error(self, operation: str, fault) -> ProviderError:
        code = str(fault.code or "")
        if "Client" in code or "Sender" in code:
            return RejectedError(f"{self.title} refused the request: {fault.message}",
                                 f"{self.title_vi} từ chối yêu cầu: {fault.message}",
                                 code="soap:Client", operation=operation)
        return TransientError(f"{self.title} server error: {fault.message}",
                              f"Lỗi máy chủ {self.title_vi}: {fault.message}",
                              code="soap:Server", operation=operation)

    def _http_error(self, operation: str, status) -> ProviderError:
        if status in (401, 403):
            return AuthenticationError(f"{self.title} refused access (HTTP {status}).",
                                       f"{self.title_vi} từ chối truy cập (HTTP {status}).",
                                       code=f"http{status}", operation=operation)
        if status is not None and status < 400:
            return TransientError(f"{self.title} answered with an unreadable message.",
                                  f"{self.title_vi} trả về thông điệp không đọc được.",
                                  code="unreadable", operation=operation)
        if status == 404:
            return RejectedError(f"No {self.title} service at this address; check the URL.",
                                 f"Không có dịch vụ {self.title_vi} tại địa chỉ này; "
                                 "hãy kiểm tra URL.",
                                 code="http404", operation=operation)
        return TransientError(f"{self.title} is unavailable (HTTP {status}).",
                              f"{self.title_vi} tạm thời không phục vụ (HTTP {status}).",
                              code=f"http{status}", operation=operation)

    def _publish_auth(self) -> dict:
        return {"Account": self.account, "ACpass": self.account_password,
                "username": self.username, "password": self.password}

    def _pattern(self, form: str) -> str:
        return f"{form}/{self.options.get('template', '001')}" if form else ""

    def _payload(self, key: str, invoice: Invoice) -> str:
        if self.options.get("payload_format") == "invoices":
            return invoices_payload([(key, invoice)])
        return dshdon_payload([(key, invoice)])

    # --- issuing -----------------------------------------------------------------------

    def issue(self, key: str, invoice: Invoice, signed_xml: bytes | None = None, *,
              related_key: str = "") -> IssueResult:
        """Issue ``invoice`` under fkey ``key``: signed by the seller's own key when the
        client has a ``signer`` (VNPT's hash flow, :mod:`.vnpt_token`), else by VNPT with
        the seller's certificate it holds.  ``signed_xml`` is unused: VNPT lays out its
        own XML (and, in the hash flow, the signature whose hash the seller signs).

        ``related_key`` is the corrected invoice's fkey for adjustments and replacements;
        when absent it is found by the corrected invoice's form, symbol and number.
        Cash-register invoices carry no seller signature (Decree 123 art. 11.2.b).
        """
        if invoice.kind == KIND_CASH_REGISTER:
            # Also a replacement: a cash-register invoice is published as one, its
            # TTHDLQuan naming the invoice it replaces.  ReplaceInvoiceAction's payload has
            # no place for the seller's M-code, and VNPT refuses corrections across invoice
            # types (ERR:60-62); no MTT replacement operation is published.
            return self._issue_cash_register(key, invoice)
        if self.signer is not None:
            return self._issue_signed(key, invoice, related_key)
        if invoice.related is not None:
            return self._correct(key, invoice, related_key)
        # An invoice numbered by the caller (gap-free in Odoo, and already in its stored,
        # possibly signed XML) must keep that number at VNPT: ImportAndPublishAssignedNo.
        operation = "ImportAndPublishAssignedNo" if (
            self.options.get("caller_numbers") and invoice.number is not None) \
            else "ImportAndPublishInv"
        try:
            parse_answer(operation, self._call(
                "PublishService", operation, **self._publish_auth(),
                xmlInvData=self._payload(key, invoice), pattern=self._pattern(invoice.form),
                serial=invoice.symbol, convert=0))
        except RejectedError as exc:
            if exc.code != "ERR:13":
                raise
            return self._existing(key, exc)
        return self.lookup(key)

    def _existing(self, key: str, duplicate: RejectedError) -> IssueResult:
        """VNPT already holds this fkey: the earlier attempt went through."""
        result = self.lookup(key)
        if result.state == STATE_UNKNOWN:
            raise duplicate
        return result

    def _issue_cash_register(self, key: str, invoice: Invoice) -> IssueResult:
        pattern = self._pattern(invoice.form)
        try:
            answer = parse_answer("ImportAndPublishInvMTT", self._call(
                "PublishService", "ImportAndPublishInvMTT", **self._publish_auth(),
                xmlInvData=dshdon_payload([(key, invoice)]), pattern=pattern,
                serial=invoice.symbol, convert=0))
        except RejectedError as exc:
            if exc.code != "ERR:13":
                raise
            result = self._existing(key, exc)
        else:
            result = self._published_cash_register(key, invoice, answer)
        if result.state != STATE_PENDING:
            return result
        try:
            self.transmit_cash_register([key], pattern, invoice.symbol)
        except TransientError:
            return result  # issued with its code; transmission is retried separately
        return dataclasses.replace(result, state=STATE_ACCEPTED)

    def _published_cash_register(self, key: str, invoice: Invoice, answer: str) -> IssueResult:
        items = answer.partition("-")[2]
        for item in items.split(","):
            parts = item.rsplit("_", 2)
            if len(parts) != 3 or parts[0] != key or not parts[2]:
                continue
            _, number, code = parts
            message = ""
            if invoice.tax_authority_code and code != invoice.tax_authority_code:
                # The seller's software codes MTT invoices; a VNPT account that codes them
                # itself answers with its own code: say so, the printed receipt differs.
                message = (f"VNPT kept its own cash-register code {code} instead of "
                           f"{invoice.tax_authority_code}.\nVNPT dùng mã {code} thay cho "
                           f"{invoice.tax_authority_code}.")
            return IssueResult(key=key, state=STATE_PENDING, form=invoice.form,
                               symbol=invoice.symbol, number=int(number) if number else None,
                               tax_authority_code=code, lookup_code=key,
                               issue_date=invoice.issue_date, message=message, raw=answer)
        raise TransientError(f"VNPT's answer does not carry the cash-register code: {answer!r}",
                             f"Phản hồi của VNPT không có mã hóa đơn máy tính tiền: {answer!r}",
                             code="unreadable", operation="ImportAndPublishInvMTT")

    def transmit_cash_register(self, keys: list[str], pattern: str, serial: str) -> str:
        """Send issued cash-register invoices to the tax authority; returns the message id."""
        return parse_answer("SendInvMTTFkey", self._call(
            "BusinessService", "SendInvMTTFkey", **self._publish_auth(),
            lstFkey="_".join(keys), pattern=pattern, serial=serial,
            serialCert=self.options.get("serial_cert", "")))

    def _correct(self, key: str, invoice: Invoice, related_key: str) -> IssueResult:
        related = invoice.related
        original = related_key or self._key_of(related.form, related.symbol, related.number)
        adjusting = related.nature == ADJUSTMENT
        operation = "AdjustInvoiceAction" if adjusting else "ReplaceInvoiceAction"
        attach = {"AttachFile" if adjusting else "Attachfile": self.options.get("attach_file",
                                                                                "")}
        try:
            parse_answer(operation, self._call(
                "BusinessService", operation, Account=self.account, ACpass=self.account_password,
                xmlInvData=correction_payload(key, invoice), username=self.username,
                **{"pass": self.password}, fkey=original, **attach, convert=0,
                pattern=self._pattern(invoice.form), serial=invoice.symbol))
        except RejectedError as exc:
            if exc.code != "ERR:13":
                raise
            return self._existing(key, exc)
        return self.lookup(key)

    def _key_of(self, form: str, symbol: str, number: str) -> str:
        """The fkey of an issued invoice, by its form, symbol and number."""
        text = self._call("PortalService", "listInvFromNoToNo", invFromNo=str(number),
                          invToNo=str(number), invPattern=self._pattern(form), invSerial=symbol,
                          userName=self.username, userPass=self.password)
        items = self._items(text, "listInvFromNoToNo")
        if not items or not items[0].get("fkey"):
            raise RejectedError(
                f"The corrected invoice {form}{symbol} no. {number} is unknown to VNPT.",
                f"VNPT không có hóa đơn bị điều chỉnh/thay thế {form}{symbol} số {number}.",
                code="related.unknown", operation="listInvFromNoToNo")
        return items[0]["fkey"]

    # --- reading -----------------------------------------------------------------------

    @staticmethod
    def _items(text: str, operation: str) -> list[dict[str, str]]:
        if (text or "").lstrip().startswith("ERR:"):
            parse_answer(operation, text)
        try:
            root = parse_xml((text or "").encode("utf-8"))
        except ValueError as exc:
            raise TransientError("VNPT answered with an unreadable list.",
                                 "VNPT trả về danh sách không đọc được.",
                                 code="unreadable", operation=operation) from exc
        return [{child.tag: (child.text or "").strip() for child in item
                 if isinstance(child.tag, str)} for item in root.findall("Item")]

    def _decode(self, text: str, operation: str) -> bytes:
        if (text or "").lstrip().startswith("ERR:"):
            parse_answer(operation, text)
        try:
            return base64.b64decode(text or "", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise TransientError("VNPT answered with unreadable base64 data.",
                                 "VNPT trả về dữ liệu base64 không đọc được.",
                                 code="unreadable", operation=operation) from exc

    def lookup(self, key: str) -> IssueResult:
        """State and codes by fkey: ``GetMCCQThueByFkeys`` then ``listInvByCusFkey``."""
        operation = "GetMCCQThueByFkeys"
        raw = self._call("PublishService", operation, **self._publish_auth(),
                         pattern=self.options.get("lookup_pattern", ""), fkeys=key)
        try:
            root = parse_xml(self._decode(raw, operation))
        except ValueError as exc:
            raise TransientError("VNPT answered with an unreadable status list.",
                                 "VNPT trả về danh sách trạng thái không đọc được.",
                                 code="unreadable", operation=operation) from exc
        item = next((hd for hd in root.findall("HDon") if hd.findtext("Fkey") == key), None)
        if item is None:
            return IssueResult(key=key, state=STATE_UNKNOWN, raw=raw)
        state = _TTHAI_STATE.get((item.findtext("TThai") or "").strip(), STATE_PENDING)
        number = (item.findtext("SHDon") or "").strip()
        listed = self._items(self._call("PortalService", "listInvByCusFkey", key=key,
                                        fromDate="", toDate="", userName=self.username,
                                        userPass=self.password), "listInvByCusFkey")
        issue_date = None
        if listed:
            if listed[0].get("status") == "5":
                state = STATE_CANCELLED
            try:
                issue_date = datetime.datetime.strptime(listed[0].get("publishDate", ""),
                                                        "%d/%m/%Y").date()
            except ValueError:
                issue_date = None
        return IssueResult(
            key=key, state=state, form=(item.findtext("KHMSHDon") or "").split("/")[0].strip(),
            symbol=(item.findtext("KHHDon") or "").strip(),
            number=int(number) if number.isdigit() and number.isascii() and int(number) else None,
            tax_authority_code=(item.findtext("MCCQThue") or "").strip(), lookup_code=key,
            issue_date=issue_date, message=(item.findtext("MTLoi") or "").strip(), raw=raw)

    def download_pdf(self, key: str) -> bytes:
        operation = "downloadInvPDFFkeyNoPay"
        data = self._decode(self._call("PortalService", operation, fkey=key,
                                       userName=self.username, userPass=self.password),
                            operation)
        if not data.startswith(b"%PDF"):
            raise TransientError("VNPT's PDF is not a PDF document.",
                                 "Tệp PDF của VNPT không phải tài liệu PDF.",
                                 code="unreadable", operation=operation)
        return data

    def download_xml(self, key: str) -> bytes:
        """The coded XML (with MCCQT and the authority's signature), else VNPT's XML."""
        operation = "GetInvDataByFkey"
        try:
            return self._decode(self._call(
                "PublishService", operation, fkey=key, userName=self.username,
                userPass=self.password, account=self.account, accPass=self.account_password,
                pattern=self.options.get("lookup_pattern", "")), operation)
        except RejectedError as exc:
            if exc.code not in ("ERR:24", "ERR:78"):
                raise
        text = self._call("PortalService", "downloadInvFkeyNoPay", fkey=key,
                          userName=self.username, userPass=self.password)
        if text.lstrip().startswith("ERR:"):
            parse_answer("downloadInvFkeyNoPay", text)
        return text.encode("utf-8")

    def view_html(self, key: str) -> str:
        text = self._call("PortalService", "getInvViewFkeyNoPay", fkey=key,
                          userName=self.username, userPass=self.password)
        if text.lstrip().startswith("ERR:"):
            parse_answer("getInvViewFkeyNoPay", text)
        return text

    def send_notice(self, key: str, notice_xml: bytes) -> NoticeResult:
        answer = parse_answer("SendInvNoticeErrors", self._call(
            "PublishService", "SendInvNoticeErrors", **self._publish_auth(),
            xml=notice_payload(key, notice_xml), pattern=self.options.get("lookup_pattern", ""),
            convert=0))
        return NoticeResult(key=key, state=STATE_ACCEPTED, message=answer, raw=answer)

    def send_summary_table(self, key: str, xml: bytes) -> NoticeResult:
        """SANDBOX-ONLY: VNPT publishes no operation for 01/TH-HĐĐT tables; the sandbox
        answers ``SendSummaryTable`` (``OK:<message id>``, idempotent by ``fkey``).  Against
        a real VNPT endpoint (option ``sandbox_summary_table`` unset) this is refused."""
        if not self.options.get("sandbox_summary_table"):
            return super().send_summary_table(key, xml)
        answer = parse_answer("SendSummaryTable", self._call(
            "PublishService", "SendSummaryTable", **self._publish_auth(),
            xmlData=xml.decode("utf-8"), fkey=key))
        return NoticeResult(key=key, state=STATE_ACCEPTED, message=answer, raw=answer)

    def cancel(self, key: str, reason: str) -> IssueResult:
        parse_answer("cancelInv", self._call(
            "BusinessService", "cancelInv", Account=self.account, ACpass=self.account_password,
            fkey=key, userName=self.username, userPass=self.password))
        return self.lookup(key)

    def list_symbols(self) -> list[RegisteredSymbol]:
        text = self._call("PortalService", "listPatternByCom", userName=self.username,
                          **{"pass": self.password}, comid=self.options.get("comid", ""))
        return [RegisteredSymbol(form=item.get("Pattern", "").split("/")[0],
                                 symbol=item.get("Serial", ""),
                                 kind=kind_of_symbol(item.get("Serial", "")),
                                 template=item.get("Pattern", ""))
                for item in self._items(text, "listPatternByCom")]

    # --- diagnostics -------------------------------------------------------------------

    def check_connection(self) -> ConnectionReport:
        checks: list[tuple[str, bool, str]] = []
        symbols: list[RegisteredSymbol] = []
        answers = (f"{self.title} answers at {self.base_url}. / "
                   f"{self.title_vi} phản hồi tại {self.base_url}.")
        try:
            symbols = self.list_symbols()
        except AuthenticationError as exc:
            checks.append(("endpoint", True, answers))
            checks.append(("credentials", False, f"{exc.message} / {exc.message_vi}"))
        except ProviderError as exc:
            checks.append(("endpoint", False,
                           f"Cannot use {self.title} at {self.base_url}: {exc.message} / "
                           f"Không dùng được {self.title_vi} tại {self.base_url}: "
                           f"{exc.message_vi}"))
        else:
            checks.append(("endpoint", True, answers))
            checks.append(("credentials", True, "The web-service account is accepted. / "
                                                "Tài khoản dịch vụ được chấp nhận."))
            listed = ", ".join(f"{s.form}{s.symbol}" for s in symbols)
            checks.append(("symbols", bool(symbols),
                           f"Registered symbols: {listed}. / Ký hiệu đã đăng ký: {listed}."
                           if symbols else f"No invoice symbol is registered at {self.title}. "
                                           f"/ Chưa đăng ký ký hiệu hóa đơn nào tại "
                                           f"{self.title_vi}."))
        skew = self._clock_skew()
        if skew is not None:
            ok = abs(skew) <= MAX_CLOCK_SKEW
            checks.append(("clock", ok,
                           f"Clock difference with {self.title}: {skew:+.0f} s. / "
                           f"Chênh lệch đồng hồ với {self.title_vi}: {skew:+.0f} giây."
                           + ("" if ok else " Fix this computer's clock. / "
                                            "Hãy chỉnh đồng hồ máy chủ.")))
        return ConnectionReport(ok=all(passed for _, passed, _ in checks), checks=tuple(checks),
                                clock_skew_seconds=skew)

    def _clock_skew(self) -> float | None:
        if self.last_server_date is None:
            return None
        now = datetime.datetime.now(datetime.UTC)
        return (self.last_server_date - now).total_seconds()
