"""The sandbox provider's core: it plays the provider and the tax authority.

Every provider contract (VNPT SOAP, Viettel REST, BKAV) translates its requests into the
few calls below, so numbering, codes, signatures and idempotency behave the same way
whichever client talks to it.  Invalid invoices are *stored* as rejected (a real tax
authority answers them with a rejection notice); only requests that cannot be stored at
all (unparseable or hostile XML) raise :class:`SandboxRejection`.
"""

from __future__ import annotations

import dataclasses
import datetime
import fcntl
import hashlib
import hmac
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from ...standard import codes, inbound, validate, xmldsig
from ...standard.certificates import make_test_certificate
from ...standard.errors import HostileXmlError, StandardError
from ...standard.model import KIND_CASH_REGISTER, KIND_CODED, KIND_UNCODED
from ...standard.safe_xml import parse_xml
from ...standard.signature_layout import VN_TZ
from ...standard.xml_build import element_to_bytes, invoice_to_bytes
from ..base import STATE_ACCEPTED, STATE_CANCELLED, STATE_PENDING, STATE_REJECTED
from .pdf import invoice_pdf
from .store import Store

# The account every operation is checked against when the sandbox is started without one:
# public (Odoo's sandbox configuration sends it when no credentials are set); start the
# sandbox with --account/--password to require private ones.
DEFAULT_ACCOUNT = "sandbox"
DEFAULT_PASSWORD = "sandbox"
TAX_AUTHORITY_NAME = "Tong cuc Thue (sandbox)"
TAX_AUTHORITY_MST = "0100231226"
CASH_REGISTER_AUTHORITY_STRING = "SBX01"  # the 5 characters the authority gives a seller



def default_symbols(today: datetime.date | None = None) -> tuple[tuple[str, str, str], ...]:
    """The symbols a sandbox started without a list has registered: the same six for the
    Vietnam year of ``today``, the next one (a seller registers January's in December)
    and the last one (invoices dated before New Year still sent, looked up, corrected in
    January) — this year's first.  A fixed year would refuse every invoice of the next."""
    year = (today or datetime.datetime.now(VN_TZ).date()).year % 100
    return tuple((form, f"{letter}{yy:02d}{tail}", kind)
                 for yy in (year, (year + 1) % 100, (year - 1) % 100)
                 for form, letter, tail, kind in (("1", "C", "TAA", KIND_CODED),
                                                  ("1", "K", "TAA", KIND_UNCODED),
                                                  ("1", "C", "MAA", KIND_CASH_REGISTER),
                                                  ("2", "C", "TAA", KIND_CODED),
                                                  # delivery notes (form 6): internal
                                                  # transport coded, agent uncoded
                                                  ("6", "C", "NAA", KIND_CODED),
                                                  ("6", "K", "BAA", KIND_UNCODED)))


@dataclass(frozen=True)
class Submission:
    contract: str
    key: str
    kind: str
    form: str
    symbol: str
    number: int | None
    issue_date: datetime.date
    state: str
    tax_authority_code: str
    lookup_code: str
    xml: bytes
    reason: str
    reason_vi: str
    duplicated: bool
    created_at: datetime.datetime
    related_key: str = ""



def _write_private(path: Path, data: bytes) -> None:
    """Write a key file readable by its owner only (created 0600, never world-readable
    even for an instant)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _parse_or_reject(data: bytes):
    """The XML of a request, or the rejection a sandbox answers for hostile or broken XML."""
    try:
        return parse_xml(data)
    except HostileXmlError as exc:
        raise SandboxRejection("hostile_xml", exc.message, exc.message_vi) from exc
    except StandardError as exc:
        raise SandboxRejection("unparseable_xml", exc.message, exc.message_vi) from exc

class SandboxRejection(Exception):
    """A request the sandbox cannot even store; ``code`` is machine-readable."""

    def __init__(self, code: str, message: str, message_vi: str = ""):
        self.code = code
        self.message = message
        self.message_vi = message_vi or message
        super().__init__(f"{code}: {message}")


class Sandbox:
    def __init__(self, data_dir: str | Path, *, account: str = "", password: str = "",
                 symbols: tuple[tuple[str, str, str], ...] | None = None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.account = account or DEFAULT_ACCOUNT
        self.password = password or DEFAULT_PASSWORD
        self.configured_symbols = tuple(default_symbols() if symbols is None else symbols)
        self.store = Store(self.data_dir / "sandbox.sqlite3")
        self._keys: dict[str, xmldsig.SigningKey] = {}
        self._keys_lock = threading.Lock()

    # --- credentials and keys ----------------------------------------------------------

    def credentials_ok(self, user: str, password: str) -> bool:
        """The pair is the sandbox's account, for every operation (compared in constant
        time: the sandbox is a test server, not a place to learn timing attacks)."""
        return (hmac.compare_digest(str(user).encode(), self.account.encode())
                & hmac.compare_digest(str(password).encode(), self.password.encode()))

    def _key(self, name: str, common_name: str, tax_code: str) -> xmldsig.SigningKey:
        """A test certificate made once and kept in the data directory across restarts
        (made under a file lock: the worker processes of one directory share it)."""
        with self._keys_lock:
            if name not in self._keys:
                p12_path = self.data_dir / f"{name}.p12"
                secret_path = self.data_dir / f"{name}.secret"
                with open(self.data_dir / "keys.lock", "a") as lock_file:
                    fcntl.flock(lock_file, fcntl.LOCK_EX)
                    if not p12_path.exists():
                        p12, secret = make_test_certificate(common_name, tax_code)
                        _write_private(secret_path, secret)
                        _write_private(p12_path, p12)
                    for path in (p12_path, secret_path):
                        path.chmod(0o600)  # also key files written by earlier versions (0644)
                self._keys[name] = xmldsig.load_pkcs12(p12_path.read_bytes(),
                                                       secret_path.read_bytes())
            return self._keys[name]

    def tax_authority_key(self) -> xmldsig.SigningKey:
        return self._key("cqt", TAX_AUTHORITY_NAME, TAX_AUTHORITY_MST)

    def seller_key(self, tax_code: str) -> xmldsig.SigningKey:
        return self._key(f"seller-{tax_code}", f"Sandbox seller {tax_code}", tax_code)

    # --- reading -----------------------------------------------------------------------

    @staticmethod
    def _submission(record: dict, duplicated: bool = False) -> Submission:
        return Submission(
            contract=record["contract"], key=record["key"], kind=record["kind"],
            form=record["form"], symbol=record["symbol"], number=record["number"],
            issue_date=datetime.date.fromisoformat(record["issue_date"]),
            state=record["state"], tax_authority_code=record["tax_authority_code"],
            lookup_code=record["lookup_code"], xml=bytes(record["xml"]),
            reason=record["reason"], reason_vi=record["reason_vi"], duplicated=duplicated,
            created_at=datetime.datetime.fromisoformat(record["created_at"]),
            related_key=record["related_key"])

    def find(self, contract: str, key: str) -> Submission | None:
        record = self.store.get(contract, key)
        return self._submission(record) if record else None

    def count(self, contract: str | None = None) -> int:
        return self.store.count(contract)

    def symbols(self) -> list[tuple[str, str, str]]:
        found = list(self.configured_symbols)
        for entry in self.store.symbols():
            if entry not in found:
                found.append(entry)
        return found

    def corrections(self, contract: str, key: str) -> list[Submission]:
        """Adjustments and replacements (not rejected) of the invoice ``key``."""
        return [self._submission(r) for r in self.store.related(contract, key)]

    def by_number(self, contract: str, form: str, symbol: str, low: int,
                  high: int) -> list[Submission]:
        return [self._submission(r)
                for r in self.store.by_number(contract, form, symbol, low, high)]

    def notices(self, contract: str, key: str) -> list[bytes]:
        return self.store.notices(contract, key)

    def pdf(self, submission: Submission) -> bytes:
        return invoice_pdf(submission)

    # --- cash-register codes -----------------------------------------------------------

    def next_cash_register_code(self, form: str, on_date: datetime.date) -> str:
        """A fresh M-code, for contracts whose provider generates it (VNPT)."""
        sequence = self.store.next_value(f"mtt-{form}-{on_date.year}")
        return codes.make_cash_register_code(form, on_date.year, CASH_REGISTER_AUTHORITY_STRING,
                                              sequence)

    def next_message_id(self) -> str:
        return f"SBX{self.store.next_value('message'):012d}"

    # --- submitting --------------------------------------------------------------------

    def submit(self, contract: str, key: str, invoice_xml: bytes, *, kind: str,
               sign_as_seller: bool = False, assign_number: bool = False,
               related_key: str = "", transmitted: bool = True) -> Submission:
        """Store one invoice once per (contract, key); see the module docstring.

        ``transmitted=False`` keeps a cash-register invoice pending until
        :meth:`transmit` (VNPT sends those to the tax authority in a second step).
        """
        if not key:
            raise SandboxRejection("key", "a submission key is required",
                                   "thiếu khóa định danh hóa đơn")
        existing = self.store.get(contract, key)
        if existing:
            return self._submission(existing, duplicated=True)
        root = self._parse(invoice_xml)
        if assign_number:
            # The number given depends on what is stored: all under the store's lock.
            with self.store.lock:
                existing = self.store.get(contract, key)
                if existing:
                    return self._submission(existing, duplicated=True)
                record = self._process(contract, key, root, kind, sign_as_seller, True,
                                       related_key, transmitted)
                self.store.insert(record)
                return self.find(contract, key)
        # Checking and signing need nothing stored: done outside the lock, so requests
        # are worked on in parallel as by a provider's servers; the lock covers only what
        # must be atomic (the key, number and code checks and the insert).
        record = self._process(contract, key, root, kind, sign_as_seller, False, related_key,
                               transmitted)
        with self.store.lock:
            existing = self.store.get(contract, key)
            if existing:
                return self._submission(existing, duplicated=True)
            if record["state"] != STATE_REJECTED:
                problem = self._taken_problem(record["form"], record["symbol"],
                                              record["issue_date"].year, record["number"],
                                              record["tax_authority_code"], kind)
                if problem:
                    record = self._rejected(record, *problem)
            self.store.insert(record)
            return self.find(contract, key)

    @staticmethod
    def _parse(invoice_xml: bytes):
        root = _parse_or_reject(invoice_xml)
        if root.tag != "HDon":
            raise SandboxRejection("not_an_invoice", f"root element {root.tag} is not HDon",
                                   f"phần tử gốc {root.tag} không phải HDon")
        return root

    def _process(self, contract, key, root, kind, sign_as_seller, assign_number, related_key,
                 transmitted) -> dict:
        """Read the invoice as the tax authority does (inbound rules: order-free, empty
        elements absent, content strict), then issue the provider's own canonical XML."""
        now = datetime.datetime.now().replace(microsecond=0)
        general = root.find("DLHDon/TTChung")
        record = {
            "contract": contract, "key": key, "kind": kind,
            "form": (general.findtext("KHMSHDon") or "") if general is not None else "",
            "symbol": (general.findtext("KHHDon") or "") if general is not None else "",
            "number": None, "issue_date": now.date(), "state": STATE_REJECTED,
            "tax_authority_code": "", "lookup_code": self._lookup_code(contract, key),
            "xml": element_to_bytes(root), "reason": "", "reason_vi": "",
            "created_at": now, "related_key": related_key}
        result = inbound.read_inbound(root)
        invoice = result.invoice
        if invoice is None:
            return self._rejected(record, *self._first_error(result.errors or result.findings))
        record.update(form=invoice.form, symbol=invoice.symbol, number=invoice.number,
                      issue_date=invoice.issue_date)
        problem = self._related_problem(contract, related_key)
        if problem:
            return self._rejected(record, *problem)
        errors = [e for e in result.errors if not (assign_number and e.rule == "number.required")]
        if errors:
            return self._rejected(record, *self._first_error(errors))
        if assign_number:
            invoice = dataclasses.replace(invoice, number=self.store.last_number(
                invoice.form, invoice.symbol, invoice.issue_date.year) + 1)
            record["number"] = invoice.number
        problem = self._numbering_problem(invoice, kind)
        if problem:
            return self._rejected(record, *problem)
        try:
            xml = self._issued_xml(root, invoice, rebuild=assign_number or bool(result.findings))
        except StandardError as exc:
            return self._rejected(record, exc.message, exc.message_vi)
        if sign_as_seller:
            xml = xmldsig.sign_invoice(xml, self.seller_key(invoice.seller.tax_code))
        record.update(state=STATE_ACCEPTED, xml=xml, tax_authority_code=invoice.tax_authority_code)
        if kind == KIND_CODED:
            code = codes.make_tax_authority_code(f"{contract}/{key}/{now.isoformat()}")
            record.update(tax_authority_code=code, xml=self._code_and_sign(xml, code))
        elif kind == KIND_CASH_REGISTER and not transmitted:
            record["state"] = STATE_PENDING
        return record

    @staticmethod
    def _first_error(findings) -> tuple[str, str]:
        first = findings[0]
        return f"{first.xpath}: {first.message}", f"{first.xpath}: {first.message_vi}"

    @staticmethod
    def _issued_xml(root, invoice, rebuild: bool) -> bytes:
        """The XML the provider issues: the received one when it already is canonical,
        else rebuilt from what was read.  What it emits passes the strict schema; its
        content is the seller's, already checked by the inbound rules."""
        xml = invoice_to_bytes(invoice) if rebuild else element_to_bytes(root)
        issued = parse_xml(xml)
        schema = (validate.invoice_schema(issued, invoice.version)  # form 6: its own
                  if invoice.version in validate.INVOICE_SCHEMAS else "")
        problems = validate.validate_element_schema(schema, issued) if schema else [
            validate.Problem("/HDon/DLHDon/TTChung/PBan", f"format version {invoice.version} "
                             f"is not issued any more", f"định dạng {invoice.version} không "
                             f"còn được phát hành", "version.issued")]
        if problems:
            first = problems[0]
            raise StandardError(first.xpath, first.rule, f"{first.xpath}: {first.message}",
                                f"{first.xpath}: {first.message_vi}")
        return xml

    @staticmethod
    def _lookup_code(contract: str, key: str) -> str:
        return hashlib.sha256(f"{contract}:{key}".encode()).hexdigest()[:10].upper()

    @staticmethod
    def _rejected(record: dict, reason: str, reason_vi: str) -> dict:
        record.update(state=STATE_REJECTED, reason=reason, reason_vi=reason_vi)
        return record

    def _related_problem(self, contract: str, related_key: str):
        if not related_key:
            return None
        original = self.store.get(contract, related_key)
        if original is None:
            return (f"the corrected invoice {related_key} is unknown",
                    f"không tìm thấy hóa đơn bị điều chỉnh/thay thế {related_key}")
        if original["state"] in (STATE_CANCELLED, STATE_REJECTED):
            return (f"the corrected invoice {related_key} is {original['state']}",
                    f"hóa đơn bị điều chỉnh/thay thế {related_key} đã bị hủy hoặc bị từ chối")
        return None

    def _numbering_problem(self, invoice, kind: str):
        year = invoice.issue_date.year
        problem = self._taken_problem(invoice.form, invoice.symbol, year, invoice.number, "",
                                      KIND_CODED)
        if problem or kind != KIND_CASH_REGISTER:
            return problem
        try:
            codes.validate_cash_register_code(invoice.tax_authority_code, invoice.issue_date)
        except StandardError as exc:
            return exc.message, exc.message_vi
        return self._taken_problem(invoice.form, invoice.symbol, year, None,
                                   invoice.tax_authority_code, kind)

    def _taken_problem(self, form, symbol, year, number, code, kind: str):
        """The number, or the cash-register code, is already held by another invoice."""
        if number is not None and self.store.number_taken(form, symbol, year, number):
            return (f"invoice number {number} of {form}{symbol} is already used in {year}",
                    f"số hóa đơn {number} của {form}{symbol} đã được sử dụng trong năm {year}")
        if kind == KIND_CASH_REGISTER and self.store.code_taken(code):
            return (f"cash-register code {code} is already used",
                    f"mã hóa đơn máy tính tiền {code} đã được sử dụng")
        return None

    def _code_and_sign(self, xml: bytes, code: str) -> bytes:
        """Insert ``<MCCQT Id="Id-<hex>">`` (after DLHDon/DLQRCode, before DSCKS) and sign
        as the tax authority does: its signature covers DLHDon, its own SigningTime object
        and the MCCQT element."""
        root = parse_xml(xml)
        mccqt = etree.Element("MCCQT", Id=f"Id-{uuid.uuid4().hex}")
        mccqt.text = code
        signatures = root.find("DSCKS")
        if signatures is not None:
            signatures.addprevious(mccqt)
        else:
            root.append(mccqt)
        return xmldsig.sign_invoice(element_to_bytes(root), self.tax_authority_key(),
                                    role="tax_authority")

    # --- the seller's own signature (hash flow) -----------------------------------------

    def register_certificate(self, tax_code: str, certificate: x509.Certificate) -> None:
        self.store.set_certificate(tax_code, certificate.public_bytes(serialization.Encoding.DER))

    def registered_certificate(self, tax_code: str) -> x509.Certificate | None:
        der = self.store.certificate(tax_code)
        return x509.load_der_x509_certificate(der) if der else None

    def prepare_seller_signature(self, contract: str, key: str, invoice_xml: bytes,
                                 certificate: x509.Certificate, serial_cert: str,
                                 related_key: str = "") -> dict:
        """The draft of ``key``: the XML the provider will issue, with the seller's
        signature by ``certificate`` laid out and its digest (what the seller signs).
        The same request again (a retry after a crash) gets the same draft, so a value
        made for the first answer still fits; a changed invoice gets a new one."""
        payload_digest = hashlib.sha256(
            invoice_xml + f"|{serial_cert}|{related_key}".encode()).hexdigest()
        with self.store.lock:
            draft = self.store.draft(contract, key)
            if draft and draft["payload_digest"] == payload_digest:
                return draft
            root = self._parse(invoice_xml)
            result = inbound.read_inbound(root)
            invoice = result.invoice
            if invoice is None:
                reason, reason_vi = self._first_error(result.errors or result.findings)
                raise SandboxRejection("invalid", reason, reason_vi)
            rebuild = bool(result.findings)
            if invoice.number is None:
                invoice = dataclasses.replace(invoice, number=self.store.last_number(
                    invoice.form, invoice.symbol, invoice.issue_date.year) + 1)
                rebuild = True
            try:
                xml = self._issued_xml(root, invoice, rebuild=rebuild)
            except StandardError as exc:
                raise SandboxRejection("invalid", exc.message, exc.message_vi) from exc
            prepared = xmldsig.prepare_invoice_signature(xml, certificate)
            self.store.put_draft(contract, key, payload_digest=payload_digest, xml=prepared.xml,
                                 digest=prepared.digest, serial_cert=serial_cert,
                                 related_key=related_key)
            return self.store.draft(contract, key)

    def publish_seller_signed(self, contract: str, key: str, value: bytes, *,
                              kind: str) -> Submission:
        """Issue the draft of ``key`` with the seller's signature ``value``: refused
        (``bad_signature``) unless the signature verifies with the certificate the draft
        was laid out for; the stored invoice keeps it beside the tax authority's."""
        draft = self.store.draft(contract, key)
        if draft is None:
            raise SandboxRejection("not_found", f"no invoice prepared for signature under {key}",
                                   f"không có hóa đơn nào chờ ký với khóa {key}")
        try:
            signed = xmldsig.complete_invoice_signature(bytes(draft["xml"]), value)
        except StandardError as exc:
            raise SandboxRejection("bad_signature", exc.message, exc.message_vi) from exc
        seller = [check for check in xmldsig.verify_signatures(signed) if check.role == "seller"]
        if len(seller) != 1 or not seller[0].ok:
            reason = seller[0] if seller else None
            raise SandboxRejection(
                "bad_signature", f"the seller's signature does not verify: "
                f"{reason.reason if reason else 'absent'}",
                f"chữ ký của người bán không hợp lệ: {reason.reason_vi if reason else 'không có'}")
        submission = self.submit(contract, key, signed, kind=kind,
                                 related_key=draft["related_key"])
        self.store.drop_draft(contract, key)
        return submission

    # --- after issue -------------------------------------------------------------------

    def _require(self, contract: str, key: str) -> dict:
        record = self.store.get(contract, key)
        if record is None:
            raise SandboxRejection("not_found", f"no invoice with key {key}",
                                   f"không có hóa đơn với khóa {key}")
        return record

    def transmit(self, contract: str, key: str) -> Submission:
        """Send a pending cash-register invoice to the tax authority (it is received)."""
        with self.store.lock:
            record = self._require(contract, key)
            if record["state"] == STATE_PENDING:
                self.store.update(contract, key, state=STATE_ACCEPTED)
            return self.find(contract, key)

    def cancel(self, contract: str, key: str, reason: str) -> Submission:
        with self.store.lock:
            record = self._require(contract, key)
            if record["state"] == STATE_CANCELLED:
                raise SandboxRejection("already_cancelled", f"invoice {key} is already cancelled",
                                       f"hóa đơn {key} đã bị hủy")
            if record["state"] == STATE_REJECTED:
                raise SandboxRejection("rejected", f"invoice {key} was rejected, not issued",
                                       f"hóa đơn {key} đã bị từ chối, chưa được phát hành")
            if self.store.related(contract, key):
                raise SandboxRejection("corrected", f"invoice {key} was already corrected",
                                       f"hóa đơn {key} đã được điều chỉnh hoặc thay thế")
            self.store.update(contract, key, state=STATE_CANCELLED, reason=reason,
                              reason_vi=reason)
            return self.find(contract, key)

    def notice(self, contract: str, key: str, notice_xml: bytes) -> Submission:
        """Record a 04/SS notice about an issued invoice; a cancellation notice cancels it."""
        with self.store.lock:
            record = self._require(contract, key)
            root = self._parse_notice(notice_xml)
            natures = {(item.findtext("TCTBao") or "").strip()
                       for item in root.iter("HDon")}
            self.store.add_notice(contract, key, notice_xml)
            if "1" in natures and record["state"] != STATE_CANCELLED:
                self.store.update(contract, key, state=STATE_CANCELLED,
                                  reason="cancelled by 04/SS notice",
                                  reason_vi="hủy theo thông báo 04/SS-HĐĐT")
            return self.find(contract, key)

    @staticmethod
    def _parse_notice(notice_xml: bytes):
        root = _parse_or_reject(notice_xml)
        if root.tag not in ("TBao", "DLTBao") or next(root.iter("HDon"), None) is None:
            raise SandboxRejection("not_a_notice", "not a 04/SS notice listing invoices",
                                   "không phải thông báo 04/SS có danh sách hóa đơn")
        return root
