"""VNPT's SOAP contract as served by the sandbox (SOAP 1.1 and 1.2, document/literal).

Answers follow VNPT's conventions: one string ``<Op>Result`` holding ``OK:…``, ``ERR:n``
or the data itself (base64 PDF/XML, XML lists).  Formats VNPT does not publish are chosen
here and written down where they are produced (``listPatternByCom``,
``listInvFromNoToNo``); the client in ``providers/vnpt.py`` reads exactly these.
"""

from __future__ import annotations

import base64
import dataclasses
import html

from lxml import etree
from werkzeug.wrappers import Request, Response

from ...standard.errors import StandardError
from ...standard.inbound import read_inbound
from ...standard.model import KIND_CASH_REGISTER, Seller
from ...standard.safe_xml import parse_xml
from ...standard.validate import validate_document
from ...standard.xml_build import element_to_bytes, invoice_to_bytes
from ...standard.xml_parse import kind_of_symbol
from ..base import STATE_ACCEPTED, STATE_CANCELLED, STATE_PENDING, STATE_REJECTED
from ..vnpt_payload import PayloadInvoice, read_payload
from .app import Contract
from .core import SandboxRejection, Submission
from .vnpt_fill import fill_dlhdon
from .vnpt_token import TokenOperations, other_buyer
from .vnpt_token import VnptError as _VnptError

NS = "http://tempuri.org/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
CONTRACT = "vnpt"
PROVIDER_TAX_CODE = "0100684378"  # VNPT's own MST, written as MSTTCGP
MAX_FKEYS = 100
MAX_MTT_MESSAGE = 1_000_000  # bytes of invoices per SendInvMTTFkey (ERR:12 beyond)

# The tenant's company: VNPT's older payload carries no seller, VNPT knows it.
TENANT_SELLER = Seller(name="Công ty TNHH Hộp Cát (sandbox)", tax_code="0100109106",
                       address="1 Tràng Tiền, Hoàn Kiếm, Hà Nội")

# Credential parameter pairs, as VNPT names them differently per operation: the
# web-service user and, on publishing operations, the account (Account/ACpass).
_CREDENTIALS = (("username", "password"), ("username", "pass"), ("userName", "userPass"),
                ("userName", "pass"), ("Account", "ACpass"), ("account", "accPass"))

# TThai of GetMCCQThueByFkeys: 0 not sent, 1 sent, 2 accepted, 3 rejected.
_TTHAI = {STATE_ACCEPTED: "2", STATE_PENDING: "0", STATE_REJECTED: "3", STATE_CANCELLED: "2"}
# listInvByCusFkey status: 1 issued, 5 cancelled (VNPT's portal statuses).
_STATUS = {STATE_ACCEPTED: "1", STATE_PENDING: "1", STATE_REJECTED: "0", STATE_CANCELLED: "5"}


def _elements(node) -> list:
    return [child for child in node if isinstance(child.tag, str)]


def _pattern(form: str) -> str:
    return f"{form}/001"


def _form_of(pattern: str) -> str:
    return pattern.split("/")[0].strip()


class VnptContract(TokenOperations, Contract):
    name = "vnpt"
    prefixes = ("/PublishService.asmx", "/BusinessService.asmx", "/PortalService.asmx")

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self._summary_tables: dict[str, str] = {}  # fkey -> message id
        self._handlers = {
            "ImportAndPublishInv": self._import_and_publish,
            "ImportAndPublishAssignedNo": self._import_and_publish_assigned_no,
            "ImportAndPublishInvMTT": self._import_and_publish_mtt,
            "GetMCCQThueByFkeys": self._codes_by_fkeys,
            "GetInvDataByFkey": self._coded_xml,
            "SendInvNoticeErrors": self._notice,
            "SendSummaryTable": self._summary_table,
            "AdjustInvoiceAction": self._adjust,
            "ReplaceInvoiceAction": self._replace,
            "cancelInv": self._cancel,
            "SendInvMTTFkey": self._send_mtt,
            "listInvByCusFkey": self._list_by_fkey,
            "listInvFromNoToNo": self._list_by_number,
            "downloadInvPDFFkeyNoPay": self._pdf,
            "downloadInvFkeyNoPay": self._xml,
            "getInvViewFkeyNoPay": self._view,
            "listPatternByCom": self._patterns,
            **self.token_handlers(),
        }

    # --- envelope ----------------------------------------------------------------------

    def _envelope(self, request: Request):
        cached = request.environ.get("vnpt.envelope")
        if cached is None:
            try:
                root = parse_xml(request.get_data())
            except StandardError:
                root = None
            cached = request.environ["vnpt.envelope"] = (root,)
        return cached[0]

    def _soap_ns(self, request: Request) -> str:
        root = self._envelope(request)
        if root is not None and etree.QName(root).namespace == SOAP12:
            return SOAP12
        return SOAP11

    def _operation_element(self, request: Request):
        """The element inside ``Body`` (comments and processing instructions skipped)."""
        root = self._envelope(request)
        body = next((c for c in _elements(root) if etree.QName(c).localname == "Body"),
                    None) if root is not None else None
        return next(iter(_elements(body)), None) if body is not None else None

    def operation_of(self, request: Request) -> str:
        element = self._operation_element(request)
        if element is not None:
            return etree.QName(element).localname
        action = request.headers.get("SOAPAction", "").strip('"')
        return action.rsplit("/", 1)[-1] or "unknown"

    def _params(self, request: Request) -> dict[str, str]:
        """Parameters of the operation element; none when the Body holds none (an
        operation named only by SOAPAction), which no credential check lets through."""
        element = self._operation_element(request)
        if element is None:
            return {}
        return {etree.QName(child).localname: child.text or "" for child in _elements(element)}

    def _answer(self, request_or_ns, operation: str, result: str) -> Response:
        ns = request_or_ns if isinstance(request_or_ns, str) else self._soap_ns(request_or_ns)
        envelope = etree.Element(f"{{{ns}}}Envelope", nsmap={"soap": ns})
        body = etree.SubElement(envelope, f"{{{ns}}}Body")
        answer = etree.SubElement(body, f"{{{NS}}}{operation}Response", nsmap={None: NS})
        etree.SubElement(answer, f"{{{NS}}}{operation}Result").text = result
        content_type = "application/soap+xml" if ns == SOAP12 else "text/xml"
        return Response(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                        content_type=f"{content_type}; charset=utf-8")

    def handle(self, request: Request, operation: str) -> Response:
        handler = self._handlers.get(operation)
        if handler is None or self._envelope(request) is None:
            return self._fault(self._soap_ns(request), "Client",
                               f"Server did not recognize the request ({operation}).", 500)
        params = self._params(request)
        if not self._authorised(params):
            return self._answer(request, operation, "ERR:1")
        try:
            result = handler(params)
        except _VnptError as err:
            result = f"ERR:{err.code}"
        return self._answer(request, operation, result)

    def error_response(self, operation: str, code: str) -> Response:
        return self._answer(SOAP11, operation, f"ERR:{code or '5'}")

    def fault_response(self, operation: str) -> Response:
        return self._fault(SOAP11, "Server", f"Sandbox fault in {operation}.", 500)

    def internal_error(self, request: Request, operation: str) -> Response:
        """VNPT's "unknown error, rolled back" (ERR:5) for a readable call, else a fault."""
        if operation in self._handlers and self._envelope(request) is not None:
            return self._answer(request, operation, "ERR:5")
        return self._fault(self._soap_ns(request), "Server",
                           f"Server was unable to process request ({operation}).", 500)

    @staticmethod
    def _fault(ns: str, who: str, text: str, status: int) -> Response:
        envelope = etree.Element(f"{{{ns}}}Envelope", nsmap={"soap": ns})
        fault = etree.SubElement(etree.SubElement(envelope, f"{{{ns}}}Body"), f"{{{ns}}}Fault")
        if ns == SOAP12:
            code = etree.SubElement(fault, f"{{{ns}}}Code")
            value = "Sender" if who == "Client" else "Receiver"
            etree.SubElement(code, f"{{{ns}}}Value").text = f"soap:{value}"
            reason = etree.SubElement(fault, f"{{{ns}}}Reason")
            etree.SubElement(reason, f"{{{ns}}}Text").text = text
            content_type = "application/soap+xml; charset=utf-8"
        else:
            etree.SubElement(fault, "faultcode").text = f"soap:{who}"
            etree.SubElement(fault, "faultstring").text = text
            content_type = "text/xml; charset=utf-8"
        return Response(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                        status=status, content_type=content_type)

    def _authorised(self, params: dict[str, str]) -> bool:
        """Every credential pair the request carries must be the sandbox's account, and
        a request without any pair is refused (every operation, lookups included)."""
        pairs = [(params[user], params[password]) for user, password in _CREDENTIALS
                 if user in params and password in params]
        return bool(pairs) and all(self.sandbox.credentials_ok(user, password)
                                   for user, password in pairs)

    # --- issuing -----------------------------------------------------------------------

    def _read(self, params, field="xmlInvData"):
        pattern, serial = params.get("pattern", ""), params.get("serial", "")
        try:
            entries = read_payload(params.get(field, ""), seller=TENANT_SELLER,
                                   form=_form_of(pattern), symbol=serial,
                                   provider_tax_code=PROVIDER_TAX_CODE)
        except (ValueError, StandardError) as exc:
            raise _VnptError("3") from exc
        if not entries:
            raise _VnptError("3")
        if len(entries) > 5000:
            raise _VnptError("10")
        return entries, pattern, serial

    @staticmethod
    def _filled(entry: PayloadInvoice, pattern: str, serial: str) -> PayloadInvoice:
        """The entry completed as VNPT completes it (:mod:`.vnpt_fill`)."""
        root = parse_xml(entry.hdon)
        try:
            fill_dlhdon(root.find("DLHDon"), form=_form_of(pattern), symbol=serial,
                        seller=TENANT_SELLER, provider_tax_code=PROVIDER_TAX_CODE)
        except StandardError as exc:
            raise _VnptError("3") from exc
        if not (root.findtext("DLHDon/TTChung/KHHDon") or "").strip():
            raise _VnptError("35")  # no serial: the tenant has coded and uncoded ranges
        return dataclasses.replace(entry, hdon=element_to_bytes(root))

    def _checked_invoice(self, entry, pattern: str, serial: str):
        invoice = read_inbound(entry.hdon).invoice
        if invoice is None:
            return None
        if pattern and invoice.form and _form_of(pattern) != invoice.form:
            raise _VnptError("20")
        if serial and invoice.symbol and serial != invoice.symbol:
            raise _VnptError("20")
        return invoice

    def _submit(self, entry, kind: str, *, related_key: str = "", transmitted: bool = True,
                hdon: bytes | None = None, assign_number: bool = True) -> Submission:
        try:
            submission = self.sandbox.submit(
                CONTRACT, entry.key, hdon or entry.hdon, kind=kind, sign_as_seller=True,
                assign_number=assign_number, related_key=related_key, transmitted=transmitted)
        except SandboxRejection as exc:
            raise _VnptError("3") from exc
        if submission.duplicated:
            raise _VnptError("13")
        return submission

    def _each(self, entries, pattern: str, serial: str, issue) -> list:
        """``(key, Submission or _VnptError)`` per entry: one bad invoice of a batch does
        not stop the others, as in VNPT's batch answers."""
        outcomes = []
        for entry in entries:
            try:
                filled = self._filled(entry, pattern, serial)
                outcomes.append((entry.key, issue(filled, self._checked_invoice(
                    filled, pattern, serial))))
            except _VnptError as err:
                outcomes.append((entry.key, err))
        return outcomes

    def _import_and_publish(self, params) -> str:
        entries, pattern, serial = self._read(params)

        def issue(entry, invoice):
            return self._submit(entry, kind_of_symbol(invoice.symbol if invoice else serial))
        return self._batch_answer(self._each(entries, pattern, serial, issue), pattern, serial)

    def _import_and_publish_assigned_no(self, params) -> str:
        """As ImportAndPublishInv, but every invoice keeps the number it carries."""
        entries, pattern, serial = self._read(params)

        def issue(entry, invoice):
            if invoice is None or invoice.number is None:
                raise _VnptError("31")
            if self.sandbox.find(CONTRACT, entry.key) is None and \
                    self.sandbox.store.number_taken(invoice.form, invoice.symbol,
                                                    invoice.issue_date.year, invoice.number):
                raise _VnptError("22")
            return self._submit(entry, kind_of_symbol(invoice.symbol), assign_number=False)
        return self._batch_answer(self._each(entries, pattern, serial, issue), pattern, serial)

    @staticmethod
    def _published(done, pattern, serial, with_code=False) -> str:
        first = done[0]
        items = []
        for sub in done:
            item = f"{sub.key}_{sub.number or 0}"
            items.append(f"{item}_{sub.tax_authority_code}" if with_code else item)
        return f"OK:{pattern or _pattern(first.form)};{serial or first.symbol}-{','.join(items)}"

    def _batch_answer(self, outcomes, pattern, serial, with_code=False) -> str:
        """``OK:…`` when all went through; one invoice refused: its ``ERR:n``; otherwise
        VNPT's mixed form ``ERR:n#key1_key2||ERR:m#key3||OK:pattern;serial-key4_no``."""
        done = [item for _, item in outcomes if isinstance(item, Submission)]
        failed: dict[str, list[str]] = {}
        for key, item in outcomes:
            if isinstance(item, _VnptError):
                failed.setdefault(item.code, []).append(key)
        if not failed:
            return self._published(done, pattern, serial, with_code)
        if len(outcomes) == 1:
            raise _VnptError(next(iter(failed)))
        parts = [f"ERR:{code}#{'_'.join(keys)}" for code, keys in failed.items()]
        if done:
            parts.append(self._published(done, pattern, serial, with_code))
        return "||".join(parts)

    def _import_and_publish_mtt(self, params) -> str:
        entries, pattern, serial = self._read(params)

        def issue(entry, invoice):
            if self.sandbox.find(CONTRACT, entry.key) is not None:
                raise _VnptError("13")
            hdon = entry.hdon
            if invoice is not None and not invoice.tax_authority_code:
                code = self.sandbox.next_cash_register_code(invoice.form, invoice.issue_date)
                hdon = invoice_to_bytes(dataclasses.replace(
                    invoice, tax_authority_code=code, kind=KIND_CASH_REGISTER))
            return self._submit(entry, KIND_CASH_REGISTER, transmitted=False, hdon=hdon)
        return self._batch_answer(self._each(entries, pattern, serial, issue), pattern, serial,
                                  with_code=True)

    def _send_mtt(self, params) -> str:
        keys = [k for k in params.get("lstFkey", "").split("_") if k]
        if not keys:
            raise _VnptError("3")
        if len(keys) > 200:
            raise _VnptError("10")
        found = [self.sandbox.find(CONTRACT, key) for key in keys]
        if any(sub is None for sub in found):
            raise _VnptError("2")
        if sum(len(sub.xml) for sub in found) > MAX_MTT_MESSAGE:
            raise _VnptError("12")  # the message to the tax authority would exceed 1 MB
        for key in keys:
            self.sandbox.transmit(CONTRACT, key)
        return f"OK:{self.sandbox.next_message_id()}"

    def _correct(self, params) -> str:
        original_key = params.get("fkey", "")
        original = self.sandbox.find(CONTRACT, original_key)
        if original is None:
            raise _VnptError("2")
        if original.state in (STATE_CANCELLED, STATE_REJECTED):
            raise _VnptError("8")
        entries, pattern, serial = self._read(params)
        entry = self._filled(entries[0], pattern, serial)
        invoice = self._checked_invoice(entry, pattern, serial)
        if invoice is not None and invoice.form != original.form:
            raise _VnptError("19")
        kind = original.kind
        if invoice is not None and kind_of_symbol(invoice.symbol) != kind:
            raise _VnptError("60")
        sub = self._submit(entry, kind, related_key=original_key)
        return f"OK:{pattern or _pattern(sub.form)};{serial or sub.symbol};{sub.number or 0}"

    def _adjust(self, params) -> str:
        return self._correct(params)

    def _replace(self, params) -> str:
        if self.sandbox.corrections(CONTRACT, params.get("fkey", "")):
            raise _VnptError("8")
        return self._correct(params)

    def _cancel(self, params) -> str:
        try:
            self.sandbox.cancel(CONTRACT, params.get("fkey", ""), "cancelInv")
        except SandboxRejection as exc:
            raise _VnptError("2" if exc.code == "not_found" else "8") from exc
        return "OK:"

    def _notice(self, params) -> str:
        try:
            root = parse_xml(params.get("xml", "").encode("utf-8"))
        except StandardError as exc:
            raise _VnptError("3") from exc
        keys = [(item.findtext("Fkey") or "").strip() for item in root.iter("HDon")]
        if not keys or not all(keys):
            raise _VnptError("3")
        if any(self.sandbox.find(CONTRACT, key) is None for key in keys):
            raise _VnptError("2")
        xml = etree.tostring(root, encoding="utf-8")
        for key in dict.fromkeys(keys):
            try:
                self.sandbox.notice(CONTRACT, key, xml)
            except SandboxRejection as exc:
                raise _VnptError("3") from exc
        return f"OK:{self.sandbox.next_message_id()}"

    def _summary_table(self, params) -> str:
        """SANDBOX-ONLY operation (VNPT publishes none): a 01/TH-HĐĐT table, validated as
        the tax authority would (schema and sums), kept once per ``fkey``; a repeat of the
        same key answers the first message id."""
        key = params.get("fkey", "").strip()
        if not key:
            raise _VnptError("3")
        with self.sandbox.store.lock:
            if key in self._summary_tables:
                return f"OK:{self._summary_tables[key]}"
            data = params.get("xmlData", "").encode("utf-8")
            if not data or validate_document(data):
                raise _VnptError("3")
            if parse_xml(data).tag != "BTHDLieu":
                raise _VnptError("3")
            self._summary_tables[key] = self.sandbox.next_message_id()
            return f"OK:{self._summary_tables[key]}"

    # --- reading -----------------------------------------------------------------------

    def _codes_by_fkeys(self, params) -> str:
        keys = [k.strip() for k in params.get("fkeys", "").replace(";", ",").split(",")
                if k.strip()]
        if len(keys) > MAX_FKEYS:
            raise _VnptError("10")
        root = etree.Element("DSHDon")
        for key in keys:
            sub = self.sandbox.find(CONTRACT, key)
            if sub is None:
                continue
            item = etree.SubElement(root, "HDon")
            for tag, value in (("KHMSHDon", sub.form), ("KHHDon", sub.symbol),
                               ("SHDon", sub.number or ""), ("MCCQThue", sub.tax_authority_code),
                               ("TThai", _TTHAI[sub.state]), ("MTLoi", sub.reason),
                               ("Fkey", sub.key)):
                etree.SubElement(item, tag).text = str(value)
        return base64.b64encode(etree.tostring(root, encoding="utf-8")).decode("ascii")

    def _found(self, key: str, missing: str = "6") -> Submission:
        sub = self.sandbox.find(CONTRACT, key)
        if sub is None:
            raise _VnptError(missing)
        return sub

    def _coded_xml(self, params) -> str:
        sub = self._found(params.get("fkey", ""), missing="2")
        if sub.kind != "coded":
            raise _VnptError("78")
        if not sub.tax_authority_code:
            raise _VnptError("24")
        xml = other_buyer(sub.xml) if self._misbehaves("tampered_xml") else sub.xml
        return base64.b64encode(xml).decode("ascii")

    def _list_item(self, root, sub: Submission) -> None:
        item = etree.SubElement(root, "Item")
        for tag, value in (("index", 1), ("invToken", f"{_pattern(sub.form)};{sub.symbol};"
                                                      f"{sub.number or 0}"),
                           ("fkey", sub.key), ("pattern", _pattern(sub.form)),
                           ("serial", sub.symbol), ("invNum", sub.number or 0),
                           ("publishDate", sub.issue_date.strftime("%d/%m/%Y")),
                           ("status", _STATUS[sub.state])):
            etree.SubElement(item, tag).text = str(value)

    def _list_by_fkey(self, params) -> str:
        root = etree.Element("Data")
        sub = self.sandbox.find(CONTRACT, params.get("key", ""))
        if sub is not None:
            self._list_item(root, sub)
        return etree.tostring(root, encoding="unicode")

    def _list_by_number(self, params) -> str:
        """``<Data><Item>…`` (same items as listInvByCusFkey) of the issued numbers."""
        try:
            low, high = int(params.get("invFromNo", "")), int(params.get("invToNo", ""))
        except ValueError as exc:
            raise _VnptError("3") from exc
        form, symbol = _form_of(params.get("invPattern", "")), params.get("invSerial", "")
        root = etree.Element("Data")
        for sub in self.sandbox.by_number(CONTRACT, form, symbol, low, high):
            self._list_item(root, sub)
        return etree.tostring(root, encoding="unicode")

    def _pdf(self, params) -> str:
        sub = self._found(params.get("fkey", ""))
        return base64.b64encode(self.sandbox.pdf(sub)).decode("ascii")

    def _xml(self, params) -> str:
        return self._found(params.get("fkey", "")).xml.decode("utf-8")

    def _view(self, params) -> str:
        sub = self._found(params.get("fkey", ""))
        return (f"<html><body><h1>{html.escape(sub.form)}{html.escape(sub.symbol)} "
                f"{sub.number or ''}</h1><p>{html.escape(sub.tax_authority_code)}</p>"
                f"<p>{html.escape(sub.state)}</p></body></html>")

    def _patterns(self, params) -> str:
        """``<Data><Item><Pattern/><Serial/></Item>…`` of the registered ranges."""
        root = etree.Element("Data")
        for form, symbol, _kind in self.sandbox.symbols():
            item = etree.SubElement(root, "Item")
            etree.SubElement(item, "Pattern").text = _pattern(form)
            etree.SubElement(item, "Serial").text = symbol
        return etree.tostring(root, encoding="unicode")
