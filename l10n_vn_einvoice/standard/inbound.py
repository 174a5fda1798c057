"""Inbound mode: read an invoice from outside as the tax authority accepts it.

Two modes share one core.  *Strict* mode (``validate.validate_document``) is for what the
addon emits: the project's XSD in the published order, then arithmetic and codes.
*Inbound* mode (this module) is for what the addon reads — a supplier's invoice, a
provider's answer, an archive of 2021: the structure is first put in the published order
(:mod:`.inbound_structure`, from the same XSD), then the same XSD and the same content
rules (``validate.invoice_content_problems``) run.  Structure is lenient as the tax
authority is; content (arithmetic, codes, MST check digits, dates) is as strict as ever.
Signatures are :func:`.xmldsig.verify_signatures`' job; this module only says what they
are (:class:`.signature_layout.SignatureInfo`).

Every published format version is read: 2.0.0 (QĐ 1450/QĐ-TCT, 2021–2022: invoices are
kept ten years) with the 2.0.1 rules, which QĐ 1510 only added to; 2.0.1; 2.1.0; a newer
version with the 2.1.0 rules and a warning (elements it added are reported as unknown).

Public API (the purchase-invoice import builds on it)::

    result = read_inbound(data)          # bytes or an lxml element: HDon, or TDiep holding one
    result.invoice                       # model.Invoice, or None when it cannot be read
    result.findings                      # tuple[Finding]: severity, xpath, rule, message(_vi)
    result.errors / result.warnings      # the findings of that severity
    result.envelope                      # envelope.Envelope when it came in a TDiep
    result.signatures                    # tuple[SignatureInfo], as written (not verified)

Hostile or unparseable bytes raise, as everywhere (:mod:`.safe_xml`):
:class:`~.errors.HostileXmlError` or :class:`~.errors.StandardError`.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass

from lxml import etree

from . import envelope as envelope_module
from . import model, validate
from .errors import StandardError
from .inbound_structure import (
    SEVERITY_ERROR,
    SEVERITY_INFO,
    SEVERITY_WARNING,
    Finding,
    normalize,
    normalize_currency,
    strip_namespaces,
)
from .safe_xml import parse_xml
from .signature_layout import DSIG_NS, SignatureInfo, describe_signatures
from .xml_parse import parse_invoice
from .xsd_layout import layout

LATEST_VERSION = "2.1.0"
# Format version as written → the rules (schema and content checks) it is read with.
VERSION_RULES = {"2.0.0": "2.0.1", "2.0.1": "2.0.1", "2.1.0": "2.1.0"}
# Content rules whose failure leaves the invoice's amounts and identity intact.
WARNING_RULES = frozenset({"arithmetic.words", "arithmetic.line_amount"})
_VERSION_TEXT = re.compile(r"^\d+\.\d+\.\d+$")

__all__ = ["SEVERITY_ERROR", "SEVERITY_INFO", "SEVERITY_WARNING", "Finding", "InboundResult",
           "read_inbound", "validate_inbound"]


@dataclass(frozen=True)
class InboundResult:
    """One invoice read in inbound mode (see the module docstring)."""

    invoice: model.Invoice | None
    findings: tuple[Finding, ...]
    version: str = ""  # PBan as written
    rules_version: str = ""  # the format version whose rules were applied
    envelope: envelope_module.Envelope | None = None
    signatures: tuple[SignatureInfo, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == SEVERITY_ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == SEVERITY_WARNING)

    @property
    def accepted(self) -> tuple[Finding, ...]:
        """Structural deviations read leniently (strict mode refuses them)."""
        return tuple(f for f in self.findings if f.severity == SEVERITY_INFO)

    @property
    def ok(self) -> bool:
        return self.invoice is not None and not self.errors


def _finding(problem: validate.Problem, severity: str = SEVERITY_ERROR) -> Finding:
    return Finding(severity, problem.xpath, problem.rule, problem.message, problem.message_vi)


def _rules_version(root, path: str) -> tuple[str, str, list[Finding]]:
    written = (root.findtext("DLHDon/TTChung/PBan") or "").strip()
    if written in VERSION_RULES:
        return written, VERSION_RULES[written], []
    xpath = f"{path}/DLHDon/TTChung/PBan"
    if _VERSION_TEXT.match(written) and tuple(map(int, written.split("."))) > tuple(
            map(int, LATEST_VERSION.split("."))):
        return written, LATEST_VERSION, [Finding(
            SEVERITY_WARNING, xpath, "version.newer",
            f"format version {written} is newer than the versions known here; read with the "
            f"{LATEST_VERSION} rules",
            f"phiên bản định dạng {written} mới hơn các phiên bản đã biết; được đọc theo quy "
            f"định của phiên bản {LATEST_VERSION}")]
    return written, LATEST_VERSION, [Finding(
        SEVERITY_ERROR, xpath, "version.known",
        f"unknown format version PBan {written!r} (published: {', '.join(VERSION_RULES)}); "
        f"read with the {LATEST_VERSION} rules",
        f"phiên bản định dạng PBan {written!r} không có trong các phiên bản đã công bố; "
        f"được đọc theo quy định của phiên bản {LATEST_VERSION}")]


def _read_hdon(hdon, envelope=None) -> InboundResult:
    """Read one ``HDon`` element (left unchanged: the work is done on a copy)."""
    signatures = describe_signatures(hdon)
    work = copy.deepcopy(hdon)
    path = hdon.getroottree().getpath(hdon)
    written, rules, findings = _rules_version(work, path)
    schema_name = validate.invoice_schema(work, rules)
    findings += normalize(work, layout(f"{validate.XSD_DIR}/{schema_name}"), rules)
    currency = normalize_currency(work.find("DLHDon/TTChung"))
    if currency is not None:
        findings.append(currency)
    findings = [_relocate(f, work, path) for f in findings]
    schema_problems = validate.validate_element_schema(schema_name, work)
    content = validate.invoice_content_problems(work, rules, inbound=True)
    flagged = {p.xpath for p in schema_problems}
    findings += [_relocate(_finding(p), work, path) for p in schema_problems]
    findings += [_relocate(_finding(p, SEVERITY_WARNING if p.rule in WARNING_RULES
                                    else SEVERITY_ERROR), work, path)
                 for p in content if p.xpath not in flagged]
    invoice = None
    try:
        invoice = parse_invoice(work)
    except StandardError as exc:
        if not schema_problems:  # otherwise the schema has already said what is unreadable
            where = exc.field if exc.field.startswith("/") else "/HDon/DLHDon"
            findings.append(_relocate(Finding(SEVERITY_ERROR, where, exc.rule, exc.message,
                                              exc.message_vi), work, path))
    return InboundResult(invoice, tuple(findings), written, rules, envelope, signatures)


def _relocate(finding: Finding, work, path: str) -> Finding:
    """XPaths of the private copy (rooted at ``/HDon``) written as in the source document."""
    prefix = work.getroottree().getpath(work)
    if path == prefix or not finding.xpath.startswith(prefix):
        return finding
    return Finding(finding.severity, path + finding.xpath[len(prefix):], finding.rule,
                   finding.message, finding.message_vi)


def _envelope_findings(root) -> tuple[envelope_module.Envelope | None, list[Finding]]:
    work = copy.deepcopy(root)
    findings = normalize(work, layout(f"{validate.XSD_DIR}/{validate.ENVELOPE_SCHEMA}"),
                         "TDiep")
    findings += [_finding(p) for p in validate.validate_element_schema(
        validate.ENVELOPE_SCHEMA, work)]
    payloads = [child for child in work.iterfind("DLieu/*") if isinstance(child.tag, str)]
    count = (work.findtext("TTChung/SLuong") or "").strip()
    if count.isdigit() and count.isascii() and int(count) != len(payloads):
        findings.append(Finding(SEVERITY_ERROR, "/TDiep/TTChung/SLuong", "envelope.count",
                                f"SLuong says {count} documents, DLieu holds {len(payloads)}",
                                f"SLuong ghi {count} tài liệu, DLieu chứa {len(payloads)}"))
    try:
        parsed = envelope_module.parse_envelope(work)
    except StandardError as exc:
        findings.append(Finding(SEVERITY_ERROR, f"/TDiep/{exc.field}", exc.rule, exc.message,
                                exc.message_vi))
        parsed = None
    return parsed, findings


def _root(data) -> tuple[object, list[Finding]]:
    """The document's root, in no namespace (a copy is made only when one must go)."""
    if isinstance(data, etree._ElementTree):
        data = data.getroot()
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    if not any(isinstance(node.tag, str) and etree.QName(node).namespace not in (None, DSIG_NS)
               for node in root.iter()):
        return root, []
    root = copy.deepcopy(root)
    return root, [strip_namespaces(root)]


def read_inbound(data) -> InboundResult:
    """Read the invoice of ``data``: an ``HDon``, or a ``TDiep`` carrying exactly one.

    A ``TDiep`` of any message type is accepted (200/202/203/206… carry invoices); its
    header is checked too.  An envelope with no invoice or several gives no ``invoice``
    and an error finding (:func:`validate_inbound` reads each of several).
    """
    root, stripped = _root(data)
    if root.tag == "HDon":
        result = _read_hdon(root)
        return dataclasses.replace(result, findings=(*stripped, *result.findings))
    if root.tag != "TDiep":
        return InboundResult(None, (*stripped, Finding(
            SEVERITY_ERROR, "/" + str(root.tag), "xml.root",
            f"root element is {root.tag}, expected HDon or TDiep",
            f"phần tử gốc là {root.tag}, cần HDon hoặc TDiep"),))
    parsed, findings = _envelope_findings(root)
    findings[:0] = stripped
    invoices = root.findall("DLieu/HDon")
    if len(invoices) != 1:
        findings.append(Finding(
            SEVERITY_ERROR, "/TDiep/DLieu", "inbound.invoice_count",
            f"the envelope carries {len(invoices)} invoices (HDon), one is read at a time",
            f"thông điệp chứa {len(invoices)} hóa đơn (HDon), mỗi lần chỉ đọc một hóa đơn"))
        return InboundResult(None, tuple(findings), envelope=parsed)
    result = _read_hdon(invoices[0], parsed)
    return InboundResult(result.invoice, (*findings, *result.findings), result.version,
                         result.rules_version, parsed, result.signatures)


def validate_inbound(data) -> list[Finding]:
    """Every finding of a document in inbound mode (the command line's ``--inbound``).

    Invoices are read leniently, each invoice of an envelope on its own; other documents
    (04/SS notices, 01/TH tables…) have no inbound rules and are validated strictly.
    """
    root, findings = _root(data)
    if root.tag == "HDon":
        return [*findings, *_read_hdon(root).findings]
    if root.tag != "TDiep":
        return [*findings, *(_finding(p) for p in validate.validate_document(root))]
    findings += _envelope_findings(root)[1]
    for payload in root.iterfind("DLieu/*"):
        if payload.tag == "HDon":
            findings.extend(_read_hdon(payload).findings)
        elif isinstance(payload.tag, str):
            findings.extend(_finding(p) for p in validate.validate_document(payload))
    return findings
